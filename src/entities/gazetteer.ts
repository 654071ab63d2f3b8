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
  /** first word of a phrase → the most words of a phrase starting with it (matching stops there) */
  private readonly firstWords = new Map<string, number>();
  /** lowercase phrase → the phrase as the list writes it ("geneva" → "Geneva"), built on first use */
  private written: Map<string, string> | undefined;
  private readonly maxLength: number;

  /**
   * From the phrase lists, or (faster: what the model file keeps) from their compiled index, one
   * "phrase<TAB>mask" line per lowercase phrase, with the lists kept only for writtenAs().
   */
  constructor(
    private readonly lists: GazetteerLists,
    index?: string,
  ) {
    let max = 1;
    const add = (key: string, mask: number) => {
      this.phrases.set(key, (this.phrases.get(key) ?? 0) | mask);
      const space = key.indexOf(' ');
      const first = space < 0 ? key : key.slice(0, space);
      let words = 1;
      for (let i = space; i >= 0; i = key.indexOf(' ', i + 1)) words++;
      if (words > max) max = words;
      if (words > (this.firstWords.get(first) ?? 0)) this.firstWords.set(first, words);
    };
    if (index !== undefined) {
      for (const line of index.split('\n')) {
        const tab = line.indexOf('\t');
        if (tab > 0) add(line.slice(0, tab), Number(line.slice(tab + 1)));
      }
    } else {
      GAZETTEER_KINDS.forEach((kind, k) => {
        for (const phrase of lists[kind] ?? []) {
          const words = phrase.trim().split(/\s+/).filter(Boolean);
          if (words.length) add(phraseKey(words), 1 << k);
        }
      });
    }
    this.maxLength = Math.min(max, 6);
  }

  /** The compiled index (see the constructor). */
  toIndex(): string {
    return [...this.phrases].map(([key, mask]) => `${key}\t${mask}`).join('\n');
  }

  get size(): number {
    return this.phrases.size;
  }

  /** The phrase as a gazetteer writes it, if it is in one ("GENEVA" → "Geneva"). */
  writtenAs(phrase: string): string | undefined {
    if (!this.written) {
      this.written = new Map();
      for (const kind of GAZETTEER_KINDS) {
        for (const p of this.lists[kind] ?? []) {
          const words = p.trim().split(/\s+/).filter(Boolean);
          const key = phraseKey(words);
          if (!this.written.has(key)) this.written.set(key, words.join(' '));
        }
      }
    }
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
  match(tokens: readonly string[], lowercase?: readonly string[]): number[][] {
    const n = tokens.length;
    // most tokens match nothing: they share one empty list (never written to) instead of allocating their own
    const out: number[][] = new Array(n).fill(NONE);
    const push = (j: number, code: number) => {
      if (out[j] === NONE) out[j] = [code];
      else out[j]!.push(code);
    };
    for (let i = 0; i < n; i++) {
      const w = tokens[i]!;
      const c = w.charCodeAt(0);
      if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && /^\p{Lu}/u.test(w)))) continue;
      const first = lowercase ? lowercase[i]! : w.toLowerCase();
      const longest = this.firstWords.get(first);
      if (longest === undefined) continue;
      let key = first;
      const mask0 = this.phrases.get(key);
      if (mask0) this.mark(push, i, 1, mask0);
      for (let len = 2; len <= longest && len <= this.maxLength && i + len <= n; len++) {
        key += ' ' + (lowercase ? lowercase[i + len - 1]! : tokens[i + len - 1]!.toLowerCase());
        const m = this.phrases.get(key);
        if (m) this.mark(push, i, len, m);
      }
    }
    return out;
  }

  private mark(push: (j: number, code: number) => void, i: number, len: number, mask: number): void {
    for (let k = 0; k < GAZETTEER_KINDS.length; k++) {
      if (!(mask & (1 << k))) continue;
      if (len === 1) push(i, k * 4 + 3);
      else {
        push(i, k * 4);
        for (let j = i + 1; j < i + len - 1; j++) push(j, k * 4 + 1);
        push(i + len - 1, k * 4 + 2);
      }
    }
  }
}

const NONE = Object.freeze([]) as unknown as number[];
