// Features of the entity tagger: word, shape, affixes, neighbours, sentence position, gazetteer membership and
// document-level evidence, each hashed with its template into a fixed number of weight rows (feature hashing:
// no feature dictionary to ship or look up).
import type { Gazetteer } from './gazetteer.js';

/** Bump whenever features change: a model trained for another layout is refused instead of tagging garbage. */
export const FEATURE_VERSION = 4;

/** log2 of the number of weight rows. */
export const HASH_BITS = 20;
export const HASH_MASK = (1 << HASH_BITS) - 1;

/** A document as the tagger sees it: sentences of tokens; `headline` marks sentences of the headline. */
export interface TaggerSentence {
  tokens: string[];
  headline?: boolean;
}
export type TaggerDocument = TaggerSentence[];

/** 32-bit FNV-1a of a string. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hash of (template, value) folded into a weight row. */
export function featureId(template: number, value: number): number {
  let h = Math.imul(template + 1, 0x9e3779b1) ^ value;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & HASH_MASK;
}

const pair = (a: number, b: number): number => (Math.imul(a, 0x01000193) ^ b) >>> 0;

/** Word shape with runs collapsed: "Clinton" → "Xx", "U.S." → "X.X.", "1996-08-30" → "d-d-d", "NATO" → "X". */
export function wordShape(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    let c: string;
    if (ch >= 'a' && ch <= 'z') c = 'x';
    else if (ch >= 'A' && ch <= 'Z') c = 'X';
    else if (ch >= '0' && ch <= '9') c = 'd';
    else if (/\p{Lu}/u.test(ch)) c = 'X';
    else if (/\p{Ll}/u.test(ch)) c = 'x';
    else if (/\p{N}/u.test(ch)) c = 'd';
    else c = ch;
    if (c !== last || !(c === 'x' || c === 'X' || c === 'd')) out += c;
    last = c;
  }
  // keep the difference between a one-letter capital and an all-capitals word
  if (out === 'X' && word.length > 1) return 'XX';
  return out;
}

export function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  return (c >= 65 && c <= 90) || (c > 127 && /^\p{Lu}/u.test(word));
}

// Templates: numbers only matter in that they differ.
const enum T {
  Bias, Lower, Word, LowerM1, LowerM2, LowerP1, LowerP2, Shape, ShapeM1, ShapeP1, ShapeM1S0, ShapeS0P1,
  Prefix1, Prefix2, Prefix3, Prefix4, Suffix1, Suffix2, Suffix3, Suffix4, FirstShape, CapsSentence, Bigram,
  BigramNext, Gaz, GazM1, GazP1, GazM2, GazP2, Context, Headline, LowerSeen, CapSeen, Length,
  PrevTag, PrevTags, PrevTagLower, PrevTagShape, PrevTagLowerM1, PrevTagLowerP1, CapsWindow,
  DocType, DocPosType, OwnPass1, DocHeadType, Pass1M1, Pass1P1,
}

/** Per-token values that the tag-dependent features combine with. */
export interface TokenFeatures {
  /** The tokens. */
  words: readonly string[];
  /** Features of the word alone (word, lowercase, shape, affixes, length): the same wherever it occurs. */
  wordIds: Int32Array[];
  /** Features of the token in its context (neighbours, position, gazetteer, document): weight rows. */
  ids: Int32Array[];
  lower: Uint32Array;
  shape: Uint32Array;
}

interface WordInfo {
  lowerText: string;
  lower: number;
  shape: number;
  ids: Int32Array;
}

/** Features of a word alone, cached: a few thousand distinct words make most of any text. */
const wordCache = new Map<string, WordInfo>();
const WORD_CACHE_LIMIT = 100_000;

function wordInfo(w: string): WordInfo {
  let info = wordCache.get(w);
  if (info) return info;
  const lowerText = w.toLowerCase();
  const lower = hashString(lowerText);
  const shape = hashString(wordShape(w));
  const f = [featureId(T.Bias, 0), featureId(T.Lower, lower), featureId(T.Word, hashString(w)), featureId(T.Shape, shape), featureId(T.Length, lengthBucket(w.length))];
  const len = w.length;
  for (let k = 1; k <= 4 && k < len; k++) {
    f.push(featureId(T.Prefix1 + k - 1, hashString(w.slice(0, k))), featureId(T.Suffix1 + k - 1, hashString(w.slice(len - k))));
  }
  info = { lowerText, lower, shape, ids: Int32Array.from(f) };
  if (wordCache.size >= WORD_CACHE_LIMIT) wordCache.clear();
  wordCache.set(w, info);
  return info;
}

/** Static (tag-independent) features of one sentence. docInfo is shared over the document. */
export interface DocumentInfo {
  /** Lowercase forms seen lowercase somewhere in the document. */
  lowerSeen: Set<string>;
  /** Words seen capitalised in a non-initial position. */
  capSeen: Set<string>;
  /** Context aggregation: lowercase capitalised word → features of the words around all its occurrences. */
  contexts: Map<string, Set<number>>;
}

/** How many aggregated context words one token gets, at most (a team name in a results table recurs a lot). */
const MAX_CONTEXTS = 24;

export function documentInfo(doc: TaggerDocument): DocumentInfo {
  const lowerSeen = new Set<string>();
  const capSeen = new Set<string>();
  const contexts = new Map<string, Set<number>>();
  for (const s of doc) {
    const caps = sentenceIsCaps(s.tokens);
    const t = s.tokens;
    t.forEach((w, i) => {
      if (isCapitalised(w)) {
        const key = wordInfo(w).lowerText;
        let c = contexts.get(key);
        if (!c) contexts.set(key, (c = new Set()));
        if (c.size < MAX_CONTEXTS) {
          if (i > 0) c.add(featureId(T.Context, pair(1, wordInfo(t[i - 1]!).lower)));
          if (i + 1 < t.length) c.add(featureId(T.Context, pair(2, wordInfo(t[i + 1]!).lower)));
        }
      }
      if (caps) return;
      if (isCapitalised(w)) {
        if (i > 0) capSeen.add(w);
      } else lowerSeen.add(w);
    });
  }
  return { lowerSeen, capSeen, contexts };
}

/** A sentence in capitals (a CoNLL headline, a wire slug): capitalisation carries no signal there. */
export function sentenceIsCaps(tokens: readonly string[]): boolean {
  let letters = 0;
  for (const w of tokens) {
    if (/\p{Ll}/u.test(w)) return false;
    if (/\p{Lu}/u.test(w)) letters++;
  }
  return letters >= 2;
}

const lengthBucket = (n: number): number => (n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : 6);

/** Static features for the tokens of one sentence. */
export function sentenceFeatures(sentence: TaggerSentence, info: DocumentInfo, gazetteer: Gazetteer | undefined): TokenFeatures {
  const tokens = sentence.tokens;
  const n = tokens.length;
  const lower = new Uint32Array(n);
  const shape = new Uint32Array(n);
  const lowerStr: string[] = new Array(n);
  const wordIds: Int32Array[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const info = wordInfo(tokens[i]!);
    lowerStr[i] = info.lowerText;
    lower[i] = info.lower;
    shape[i] = info.shape;
    wordIds[i] = info.ids;
  }
  const gaz = gazetteer ? gazetteer.match(tokens) : undefined;
  const caps = sentenceIsCaps(tokens);
  const START = 0x5741, END = 0x454e;
  const ids: Int32Array[] = new Array(n);
  const f: number[] = [];
  for (let i = 0; i < n; i++) {
    const w = tokens[i]!;
    const l = lowerStr[i]!;
    const lm1 = i > 0 ? lower[i - 1]! : START;
    const lm2 = i > 1 ? lower[i - 2]! : START;
    const lp1 = i + 1 < n ? lower[i + 1]! : END;
    const lp2 = i + 2 < n ? lower[i + 2]! : END;
    const sm1 = i > 0 ? shape[i - 1]! : START;
    const sp1 = i + 1 < n ? shape[i + 1]! : END;
    const s0 = shape[i]!;
    f.length = 0;
    f.push(
      featureId(T.LowerM1, lm1),
      featureId(T.LowerM2, lm2),
      featureId(T.LowerP1, lp1),
      featureId(T.LowerP2, lp2),
      featureId(T.ShapeM1, sm1),
      featureId(T.ShapeP1, sp1),
      featureId(T.ShapeM1S0, pair(sm1, s0)),
      featureId(T.ShapeS0P1, pair(s0, sp1)),
      featureId(T.Bigram, pair(lm1, lower[i]!)),
      featureId(T.BigramNext, pair(lower[i]!, lp1)),
    );
    // capitalisation pattern of the window -2..+2 (0 lower/other, 1 capitalised, 2 outside the sentence)
    let window = 0;
    for (let k = i - 2; k <= i + 2; k++) window = window * 3 + (k < 0 || k >= n ? 2 : isCapitalised(tokens[k]!) ? 1 : 0);
    f.push(featureId(T.CapsWindow, window));
    if (i === 0) f.push(featureId(T.FirstShape, s0));
    if (caps) f.push(featureId(T.CapsSentence, s0));
    if (sentence.headline) f.push(featureId(T.Headline, s0));
    if (isCapitalised(w)) {
      if (info.lowerSeen.has(l)) f.push(featureId(T.LowerSeen, i === 0 ? 1 : caps ? 2 : 0));
      if (i === 0 && info.capSeen.has(w)) f.push(featureId(T.CapSeen, 0));
      // a headline in capitals: is the word written as a name (capitalised mid-sentence) in the body?
      if (caps && w.length > 1 && info.capSeen.has(w[0] + l.slice(1))) f.push(featureId(T.CapSeen, 1));
      const ctx = info.contexts.get(l);
      if (ctx) for (const c of ctx) f.push(c);
    }
    if (gaz) {
      for (const g of gaz[i]!) f.push(featureId(T.Gaz, g));
      if (i > 0) for (const g of gaz[i - 1]!) f.push(featureId(T.GazM1, g));
      if (i + 1 < n) for (const g of gaz[i + 1]!) f.push(featureId(T.GazP1, g));
      if (i > 1) for (const g of gaz[i - 2]!) f.push(featureId(T.GazM2, g));
      if (i + 2 < n) for (const g of gaz[i + 2]!) f.push(featureId(T.GazP2, g));
    }
    ids[i] = Int32Array.from(f);
  }
  return { words: tokens, wordIds, ids, lower, shape };
}

/** The tag-dependent features of token i of `feats` given the two previous tags (-1 before the sentence start). */
export function historyFeatures(out: Int32Array, feats: TokenFeatures, i: number, prev: number, prev2: number): void {
  const p = prev + 2;
  const n = feats.lower.length;
  out[0] = featureId(T.PrevTag, p);
  out[1] = featureId(T.PrevTags, p * 32 + prev2 + 2);
  out[2] = featureId(T.PrevTagLower, pair(p, feats.lower[i]!));
  out[3] = featureId(T.PrevTagShape, pair(p, feats.shape[i]!));
  out[4] = featureId(T.PrevTagLowerM1, pair(p, i > 0 ? feats.lower[i - 1]! : 0x5741));
  out[5] = featureId(T.PrevTagLowerP1, pair(p, i + 1 < n ? feats.lower[i + 1]! : 0x454e));
}
export const HISTORY_FEATURES = 6;

/** What pass 1 found in a document: for every word, the (BILOU tag) positions it took in entities, counted. */
export interface Pass1Evidence {
  /** lowercase word (written capitalised) → counts per tag index (17), over the whole document. */
  byWord: Map<string, Uint16Array>;
  /** word → types (bitmask over ENTITY_TYPES) it was tagged with in the headline. */
  headline: Map<string, number>;
}

export function pass1Evidence(doc: TaggerDocument, tags: readonly (ArrayLike<number>)[], tagCount: number): Pass1Evidence {
  const byWord = new Map<string, Uint16Array>();
  const headline = new Map<string, number>();
  doc.forEach((s, si) => {
    const t = tags[si]!;
    s.tokens.forEach((w, i) => {
      const tag = t[i]!;
      if (tag === 0 || !isCapitalised(w)) return;
      const key = w.toLowerCase();
      let c = byWord.get(key);
      if (!c) byWord.set(key, (c = new Uint16Array(tagCount)));
      c[tag]!++;
      if (s.headline) headline.set(key, (headline.get(key) ?? 0) | (1 << ((tag - 1) >> 2)));
    });
  });
  return { byWord, headline };
}

/** Pass-2 features: the token's own pass-1 tag, its neighbours', and what the same word was tagged elsewhere. */
export function pass2Features(sentence: TaggerSentence, own: ArrayLike<number>, evidence: Pass1Evidence, base: TokenFeatures): TokenFeatures {
  const ids = base.ids.map((b, i) => {
    const w = sentence.tokens[i]!;
    const key = isCapitalised(w) ? w.toLowerCase() : '';
    const extra: number[] = [featureId(T.OwnPass1, own[i]!)];
    extra.push(featureId(T.Pass1M1, i > 0 ? own[i - 1]! : 99), featureId(T.Pass1P1, i + 1 < own.length ? own[i + 1]! : 99));
    const c = key ? evidence.byWord.get(key) : undefined;
    if (c) {
      const perType = [0, 0, 0, 0];
      let total = 0;
      for (let t = 1; t < c.length; t++) {
        if (!c[t]) continue;
        extra.push(featureId(T.DocPosType, t));
        perType[(t - 1) >> 2]! += c[t]!;
        total += c[t]!;
      }
      let best = 0;
      for (let k = 1; k < 4; k++) if (perType[k]! > perType[best]!) best = k;
      extra.push(featureId(T.DocType, best * 2 + (perType[best] === total ? 1 : 0)));
    }
    const h = key ? evidence.headline.get(key) : undefined;
    if (h !== undefined && !sentence.headline) extra.push(featureId(T.DocHeadType, h));
    const out = new Int32Array(b.length + extra.length);
    out.set(b);
    out.set(extra, b.length);
    return out;
  });
  return { ...base, ids };
}
