// Gazetteer membership for the tagger: phrase lists (countries, cities, organisations, given names, demonyms)
// compiled into the model file at training time, matched over a sentence's tokens.

export const GAZETTEER_KINDS = ['country', 'city', 'organisation', 'given-name', 'demonym'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];
export type GazetteerLists = Partial<Record<GazetteerKind, readonly string[]>>;

/** A phrase as tokens the way the tagger splits text (whitespace; the tokenizer keeps "U.S." and "al-Sistani" whole). */
export function phraseKey(tokens: readonly string[]): string {
  return tokens.join(' ').toLowerCase();
}

export class Gazetteer {
  /** lowercase phrase → bitmask over GAZETTEER_KINDS */
  private readonly phrases = new Map<string, number>();
  private readonly firstWords = new Set<string>();
  /** lowercase phrase → the phrase as the list writes it ("geneva" → "Geneva") */
  private readonly written = new Map<string, string>();
  private readonly maxLength: number;

  constructor(lists: GazetteerLists) {
    let max = 1;
    GAZETTEER_KINDS.forEach((kind, k) => {
      for (const phrase of lists[kind] ?? []) {
        const words = phrase.trim().split(/\s+/).filter(Boolean);
        if (!words.length) continue;
        const key = phraseKey(words);
        this.phrases.set(key, (this.phrases.get(key) ?? 0) | (1 << k));
        if (!this.written.has(key)) this.written.set(key, words.join(' '));
        this.firstWords.add(words[0]!.toLowerCase());
        if (words.length > max) max = words.length;
      }
    });
    this.maxLength = Math.min(max, 6);
  }

  get size(): number {
    return this.phrases.size;
  }

  /** The phrase as a gazetteer writes it, if it is in one ("GENEVA" → "Geneva"). */
  writtenAs(phrase: string): string | undefined {
    return this.written.get(phrase.trim().split(/\s+/).join(' ').toLowerCase());
  }

  /** Kinds (bitmask) of an exact phrase, 0 if unknown. */
  lookup(phrase: string): number {
    return this.phrases.get(phrase.trim().split(/\s+/).join(' ').toLowerCase()) ?? 0;
  }

  /**
   * For every token, codes kind*4 + position (0 B, 1 I, 2 L, 3 U) of each gazetteer phrase covering it.
   * Only phrases that start with a capitalised word or a digit are looked for: lowercase "may" is no month.
   */
  match(tokens: readonly string[]): number[][] {
    const n = tokens.length;
    const out: number[][] = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      const w = tokens[i]!;
      const c = w.charCodeAt(0);
      if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && /^\p{Lu}/u.test(w)))) continue;
      const first = w.toLowerCase();
      if (!this.firstWords.has(first)) continue;
      let key = first;
      const found: [number, number][] = [];
      const mask0 = this.phrases.get(key);
      if (mask0) found.push([1, mask0]);
      for (let len = 2; len <= this.maxLength && i + len <= n; len++) {
        key += ' ' + tokens[i + len - 1]!.toLowerCase();
        const m = this.phrases.get(key);
        if (m) found.push([len, m]);
      }
      for (const [len, mask] of found) {
        for (let k = 0; k < GAZETTEER_KINDS.length; k++) {
          if (!(mask & (1 << k))) continue;
          if (len === 1) out[i]!.push(k * 4 + 3);
          else {
            out[i]!.push(k * 4);
            for (let j = i + 1; j < i + len - 1; j++) out[j]!.push(k * 4 + 1);
            out[i + len - 1]!.push(k * 4 + 2);
          }
        }
      }
    }
    return out;
  }
}
