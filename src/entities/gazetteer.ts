// Gazetteer membership for the tagger: phrase lists (countries, cities, organisations, given names, demonyms)
// compiled at training time into a hash table of phrase keys that the model file keeps as it is in memory (no
// parsing at load), matched over a sentence's tokens by their words' hashes (no strings built per token).
import { hashString, hashString2 } from './features.js';

export const GAZETTEER_KINDS = ['country', 'city', 'organisation', 'given-name', 'demonym'] as const;
export type GazetteerKind = (typeof GAZETTEER_KINDS)[number];
export type GazetteerLists = Partial<Record<GazetteerKind, readonly string[]>>;

/** A phrase as tokens the way the tagger splits text (whitespace; the tokenizer keeps "U.S." and "al-Sistani" whole). */
export function phraseKey(tokens: readonly string[]): string {
  return tokens.join(' ').toLowerCase();
}

/** Longest phrase matched in text (in words); longer ones are only there for lookup() and writtenAs(). */
const MAX_WORDS = 6;
const KEY1_START = 0x2f6b1d3a | 0;
const KEY2_START = 0x6c8e9cf5 | 0;

/** Two independent 32-bit keys of a phrase, extended a word at a time from its lowercase words' two hashes. */
function extendKey1(key: number, wordHash: number): number {
  const k = Math.imul(key ^ wordHash, 0x9e3779b1);
  return k ^ (k >>> 15);
}
function extendKey2(key: number, wordHash: number): number {
  const k = Math.imul((key + wordHash) | 0, 0x85ebca6b);
  return k ^ (k >>> 13);
}

/**
 * Slot layout of the compiled table, 4 int32 per slot: key1, key2, info, start of the phrase as written in `text`
 * (UTF-8 bytes). info: bits 0-4 kinds (bitmask over GAZETTEER_KINDS), bits 5-7 the most words of a phrase starting
 * with this one-word key (0 for longer keys), bits 8-31 the written form's byte length. info 0: empty slot.
 */
const SLOT = 4;

export interface CompiledGazetteer {
  table: Int32Array;
  /** The phrases as the lists write them ("Geneva"), UTF-8, one after another. */
  text: Uint8Array;
}

export class Gazetteer {
  private readonly table: Int32Array;
  private readonly text: Uint8Array;
  private readonly mask: number;

  /** From phrase lists (what training does; the model file keeps the compiled form, see Gazetteer.compiled). */
  constructor(lists: GazetteerLists);
  constructor(compiled: CompiledGazetteer, isCompiled: true);
  constructor(source: GazetteerLists | CompiledGazetteer, isCompiled?: true) {
    const compiled = isCompiled ? (source as CompiledGazetteer) : compile(source as GazetteerLists);
    this.table = compiled.table;
    this.text = compiled.text;
    this.mask = this.table.length / SLOT - 1;
  }

  /** The compiled form (what the model file stores). */
  compiled(): CompiledGazetteer {
    return { table: this.table, text: this.text };
  }

  /** Number of phrases. */
  get size(): number {
    let n = 0;
    for (let p = 0; p < this.table.length; p += SLOT) if (this.table[p + 2]! & 31) n++;
    return n;
  }

  /** The slot of a key, or -1. */
  private find(key1: number, key2: number): number {
    const table = this.table;
    let p = ((key1 >>> 7) & this.mask) * SLOT;
    for (;;) {
      if (table[p + 2] === 0) return -1;
      if (table[p] === key1 && table[p + 1] === key2) return p;
      p = (p + SLOT) & (this.mask * SLOT + SLOT - 1);
    }
  }

  private findPhrase(phrase: string): number {
    const words = phrase.trim().split(/\s+/).filter(Boolean);
    if (!words.length) return -1;
    const [k1, k2] = keysOf(phraseKey(words));
    return this.find(k1, k2);
  }

  /** The phrase as a gazetteer writes it, if it is in one ("GENEVA" → "Geneva"). */
  writtenAs(phrase: string): string | undefined {
    const p = this.findPhrase(phrase);
    if (p < 0 || !(this.table[p + 2]! & 31)) return undefined;
    const start = this.table[p + 3]!;
    return Buffer.from(this.text.buffer, this.text.byteOffset + start, this.table[p + 2]! >>> 8).toString('utf8');
  }

  /** Kinds (bitmask) of an exact phrase, 0 if unknown. */
  lookup(phrase: string): number {
    const p = this.findPhrase(phrase);
    return p < 0 ? 0 : this.table[p + 2]! & 31;
  }

  /**
   * For every token, codes kind*4 + position (0 B, 1 I, 2 L, 3 U) of each gazetteer phrase covering it.
   * Only phrases that start with a capitalised word or a digit are looked for: lowercase "may" is no month.
   * `words` gives the tokens' lowercase hashes (hashString, hashString2) when the caller has them.
   */
  match(tokens: readonly string[], words?: readonly { lower: number; lower2: number }[]): number[][] {
    const n = tokens.length;
    // most tokens match nothing: they share one empty list (never written to) instead of allocating their own
    const out: number[][] = new Array(n).fill(NONE);
    const table = this.table;
    for (let i = 0; i < n; i++) {
      const w = tokens[i]!;
      const c = w.charCodeAt(0);
      if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || (c > 127 && /^\p{Lu}/u.test(w)))) continue;
      let k1 = extendKey1(KEY1_START, words ? words[i]!.lower : hashString(w.toLowerCase()));
      let k2 = extendKey2(KEY2_START, words ? words[i]!.lower2 : hashString2(w.toLowerCase()));
      const p = this.find(k1, k2);
      if (p < 0) continue;
      const info = table[p + 2]!;
      const longest = (info >> 5) & 7;
      if (info & 31) mark(out, i, 1, info & 31);
      for (let len = 2; len <= longest && i + len <= n; len++) {
        const j = i + len - 1;
        k1 = extendKey1(k1, words ? words[j]!.lower : hashString(tokens[j]!.toLowerCase()));
        k2 = extendKey2(k2, words ? words[j]!.lower2 : hashString2(tokens[j]!.toLowerCase()));
        const q = this.find(k1, k2);
        if (q >= 0 && table[q + 2]! & 31) mark(out, i, len, table[q + 2]! & 31);
      }
    }
    return out;
  }
}

function push(out: number[][], j: number, code: number): void {
  if (out[j] === NONE) out[j] = [code];
  else out[j]!.push(code);
}

function mark(out: number[][], i: number, len: number, mask: number): void {
  for (let k = 0; k < GAZETTEER_KINDS.length; k++) {
    if (!(mask & (1 << k))) continue;
    if (len === 1) push(out, i, k * 4 + 3);
    else {
      push(out, i, k * 4);
      for (let j = i + 1; j < i + len - 1; j++) push(out, j, k * 4 + 1);
      push(out, i + len - 1, k * 4 + 2);
    }
  }
}

/** The two keys of a lowercase phrase key ("new york"), as match() builds them word by word. */
function keysOf(lowerKey: string): [number, number] {
  let k1 = KEY1_START;
  let k2 = KEY2_START;
  for (const w of lowerKey.split(' ')) {
    k1 = extendKey1(k1, hashString(w));
    k2 = extendKey2(k2, hashString2(w));
  }
  return [k1, k2];
}

/** The compiled table of phrase lists, the first spelling of each phrase kept. */
function compile(lists: GazetteerLists): CompiledGazetteer {
  const phrases = new Map<string, { mask: number; written: string }>();
  const longest = new Map<string, number>();
  GAZETTEER_KINDS.forEach((kind, k) => {
    for (const phrase of lists[kind] ?? []) {
      const words = phrase.trim().split(/\s+/).filter(Boolean);
      if (!words.length) continue;
      const key = phraseKey(words);
      const entry = phrases.get(key);
      if (entry) entry.mask |= 1 << k;
      else phrases.set(key, { mask: 1 << k, written: words.join(' ') });
      const first = key.split(' ')[0]!;
      const matched = Math.min(words.length, MAX_WORDS);
      if (matched > (longest.get(first) ?? 0)) longest.set(first, matched);
    }
  });
  const keys = new Set([...phrases.keys(), ...longest.keys()]);
  let size = 1024;
  while (size < keys.size * 1.5) size *= 2;
  const table = new Int32Array(size * SLOT);
  const mask = size - 1;
  const chunks: Buffer[] = [];
  let offset = 0;
  // sorted: the same lists give the same bytes
  for (const key of [...keys].sort()) {
    const [k1, k2] = keysOf(key);
    let p = ((k1 >>> 7) & mask) * SLOT;
    while (table[p + 2] !== 0) {
      if (table[p] === k1 && table[p + 1] === k2) throw new Error(`gazetteer: two phrases share a key ("${key}")`);
      p = (p + SLOT) & (mask * SLOT + SLOT - 1);
    }
    const entry = phrases.get(key);
    const written = entry ? Buffer.from(entry.written, 'utf8') : Buffer.alloc(0);
    table[p] = k1;
    table[p + 1] = k2;
    table[p + 2] = (entry?.mask ?? 0) | ((longest.get(key) ?? 0) << 5) | (written.length << 8);
    table[p + 3] = offset;
    chunks.push(written);
    offset += written.length;
  }
  return { table, text: new Uint8Array(Buffer.concat(chunks)) };
}

const NONE = Object.freeze([]) as unknown as number[];
