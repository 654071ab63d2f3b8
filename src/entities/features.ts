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

/** A second 32-bit string hash, independent of hashString (gazetteer keys use both). */
export function hashString2(s: string): number {
  let h = 0x1b873593;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h >>> 0;
}

/** hashString of s.slice(from, to), without making the string. */
export function hashRange(s: string, from: number, to: number): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
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
  return wordTraits(word).shape;
}

/** What wordInfo needs from a word's characters, in one pass: its shape and whether it has lower/upper case letters. */
export interface WordTraits {
  shape: string;
  hasLower: boolean;
  hasUpper: boolean;
}

/** wordShape plus letter case, one pass over the characters (ASCII by char code; other scripts by Unicode class). */
export function wordTraits(word: string): WordTraits {
  let out = '';
  let last = '';
  let hasLower = false;
  let hasUpper = false;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    let c: string;
    if (code >= 97 && code <= 122) (c = 'x'), (hasLower = true);
    else if (code >= 65 && code <= 90) (c = 'X'), (hasUpper = true);
    else if (code >= 48 && code <= 57) c = 'd';
    else if (code < 128) c = word[i]!;
    else {
      // a character outside ASCII (a surrogate pair read whole)
      const ch = String.fromCodePoint(word.codePointAt(i)!);
      if (ch.length === 2) i++;
      if (/\p{Lu}/u.test(ch)) (c = 'X'), (hasUpper = true);
      else if (/\p{Ll}/u.test(ch)) (c = 'x'), (hasLower = true);
      else if (/\p{N}/u.test(ch)) c = 'd';
      else c = ch;
    }
    if (c !== last || !(c === 'x' || c === 'X' || c === 'd')) out += c;
    last = c;
  }
  // keep the difference between a one-letter capital and an all-capitals word
  if (out === 'X' && word.length > 1) out = 'XX';
  return { shape: out, hasLower, hasUpper };
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
  /** Each token's word: its own features (word, lowercase, shape, affixes, length), the same wherever it occurs. */
  infos: readonly WordInfo[];
  /** Features of the tokens in their context (neighbours, position, gazetteer, document), all tokens in one array. */
  ids: Int32Array;
  /** Token i's context features are ids[start[i]..start[i + 1]). */
  start: Int32Array;
  lower: Int32Array;
  shape: Int32Array;
}

/** The context features of token i (a view, not a copy). */
export function tokenFeatureIds(feats: TokenFeatures, i: number): Int32Array {
  return feats.ids.subarray(feats.start[i]!, feats.start[i + 1]!);
}

/** What the tagger knows about a word alone, computed once per distinct word and cached. */
export interface WordInfo {
  lowerText: string;
  lower: number;
  /** hashString2 of lowerText (with `lower`, the word's key in the gazetteer). */
  lower2: number;
  shape: number;
  /** The word's own features. */
  ids: Int32Array;
  /** Starts with a capital letter. */
  cap: boolean;
  /** Has a lowercase letter / an uppercase letter (for telling sentences in capitals). */
  hasLower: boolean;
  hasUpper: boolean;
  /**
   * The features this word gives its neighbours, [LowerM1, ShapeM1, LowerM2, LowerP1, ShapeP1, LowerP2]: the same
   * as the first NEIGHBOUR_FEATURES context features of the tokens around it, so a scorer can sum them once per word.
   */
  neighbourIds: Int32Array;
  /**
   * The history features this word takes part in when the tag before the token is O (most tokens), the same as
   * tokenHistoryFeatures gives with prev = O: [PrevTagLower, PrevTagShape] of the word itself, PrevTagLowerM1 of
   * the token after it, PrevTagLowerP1 of the token before it. A scorer can sum them once per word.
   */
  afterOIds: Int32Array;
  text: string;
  /**
   * Dense number of the word's shape (shapeIndexOf), or -1 past MAX_SHAPES: lets a scorer cache the shape-pair
   * features of two neighbouring words by their shapes.
   */
  shapeIndex: number;
  /** Dense number of the word in the cache (0, 1, ...), valid while wordCacheGeneration() is `generation`. */
  index: number;
  generation: number;
}

/** Features of a word alone, cached: a few thousand distinct words make most of any text. */
const wordCache = new Map<string, WordInfo>();
let wordCacheLimit = 100_000;
let generation = 0;

/** For tests: a smaller cache, to see it emptied. */
export function setWordCacheLimit(limit: number): void {
  wordCacheLimit = limit;
}

/** Changes whenever the word cache is emptied (and word indexes start again from 0). */
export function wordCacheGeneration(): number {
  return generation;
}

const START = 0x5741, END = 0x454e;
/** The history features' code for "the previous tag is O" (tag 0; codes are tag + 2). */
const AFTER_O = 2;
const lengthBucket = (n: number): number => (n <= 3 ? n : n <= 5 ? 4 : n <= 8 ? 5 : 6);
const BIAS_ID = featureId(T.Bias, 0);
const LENGTH_IDS = Int32Array.from({ length: 7 }, (_, b) => featureId(T.Length, b));
/**
 * The first context features of every token are the ones its neighbours' words give it, in this order: LowerM1,
 * LowerM2, LowerP1, LowerP2, ShapeM1, ShapeP1 (WordInfo.neighbourIds holds a word's own, for scorers that cache).
 */
export const NEIGHBOUR_FEATURES = 6;
/** What stands in for the words before the sentence start: [LowerM1, ShapeM1, LowerM2]. */
export const START_NEIGHBOUR_IDS = Int32Array.of(featureId(T.LowerM1, START), featureId(T.ShapeM1, START), featureId(T.LowerM2, START));
/** What stands in for the words after the sentence end: [LowerP1, ShapeP1, LowerP2]. */
export const END_NEIGHBOUR_IDS = Int32Array.of(featureId(T.LowerP1, END), featureId(T.ShapeP1, END), featureId(T.LowerP2, END));

export function wordInfo(w: string): WordInfo {
  let info = wordCache.get(w);
  if (info) return info;
  const lowerText = w.toLowerCase();
  // hashes kept as int32 (the features only use their 32 bits): small integers for V8, whatever their value
  const lower = hashString(lowerText) | 0;
  const traits = wordTraits(w);
  const shape = hashString(traits.shape) | 0;
  const len = w.length;
  const affixes = len > 4 ? 4 : len - 1;
  const ids = new Int32Array(5 + 2 * (affixes > 0 ? affixes : 0));
  ids[0] = BIAS_ID;
  ids[1] = featureId(T.Lower, lower);
  ids[2] = featureId(T.Word, hashString(w));
  ids[3] = featureId(T.Shape, shape);
  ids[4] = LENGTH_IDS[lengthBucket(len)]!;
  // prefixes and suffixes hashed in place (hashRange(w, a, b) === hashString(w.slice(a, b))), no strings made
  let k = 5;
  for (let a = 1; a <= affixes; a++) {
    ids[k++] = featureId(T.Prefix1 + a - 1, hashRange(w, 0, a));
    ids[k++] = featureId(T.Suffix1 + a - 1, hashRange(w, len - a, len));
  }
  if (wordCache.size >= wordCacheLimit) clearWordCache();
  const neighbourIds = new Int32Array(6);
  neighbourIds[0] = featureId(T.LowerM1, lower);
  neighbourIds[1] = featureId(T.ShapeM1, shape);
  neighbourIds[2] = featureId(T.LowerM2, lower);
  neighbourIds[3] = featureId(T.LowerP1, lower);
  neighbourIds[4] = featureId(T.ShapeP1, shape);
  neighbourIds[5] = featureId(T.LowerP2, lower);
  const afterOIds = new Int32Array(4);
  afterOIds[0] = featureId(T.PrevTagLower, pair(AFTER_O, lower));
  afterOIds[1] = featureId(T.PrevTagShape, pair(AFTER_O, shape));
  afterOIds[2] = featureId(T.PrevTagLowerM1, pair(AFTER_O, lower));
  afterOIds[3] = featureId(T.PrevTagLowerP1, pair(AFTER_O, lower));
  info = {
    lowerText, lower, lower2: hashString2(lowerText) | 0, shape, ids, cap: isCapitalised(w), hasLower: traits.hasLower, hasUpper: traits.hasUpper,
    neighbourIds, afterOIds, text: w, shapeIndex: shapeIndexOf(traits.shape), index: wordCache.size, generation,
  };
  wordCache.set(w, info);
  return info;
}

/**
 * Shapes numbered densely in order of first sight (never renumbered, so caches keyed by them stay valid). Text has a
 * hundred or so shapes (eng.testa: 109); past MAX_SHAPES a shape gets -1 and scorers look its features up instead.
 */
export const MAX_SHAPES = 256;
const shapeIndexes = new Map<string, number>();
export function shapeIndexOf(shape: string): number {
  let index = shapeIndexes.get(shape);
  if (index === undefined) {
    if (shapeIndexes.size >= MAX_SHAPES) return -1;
    shapeIndexes.set(shape, (index = shapeIndexes.size));
  }
  return index;
}

function clearWordCache(): void {
  wordCache.clear();
  generation++;
}

/** The word's info as the cache holds it now (the same object unless the cache was emptied since). */
export function currentWordInfo(info: WordInfo): WordInfo {
  return info.generation === generation ? info : wordInfo(info.text);
}

/** Static (tag-independent) features of one sentence. docInfo is shared over the document. */
export interface DocumentInfo {
  /** Lowercase forms seen lowercase somewhere in the document. */
  lowerSeen: Set<string>;
  /** Words seen capitalised in a non-initial position. */
  capSeen: Set<string>;
  /**
   * Context aggregation: lowercase capitalised word → features of the words around all its occurrences, distinct,
   * in order of first occurrence (plain arrays: small typed arrays cost more).
   */
  contextIds: Map<string, number[]>;
}

/** How many aggregated context words one token gets, at most (a team name in a results table recurs a lot). */
const MAX_CONTEXTS = 24;

/** The words of each sentence of a document, looked up once. */
export function documentWords(doc: TaggerDocument): WordInfo[][] {
  // empty a full cache between documents rather than within one
  let tokens = 0;
  for (const s of doc) tokens += s.tokens.length;
  if (wordCache.size + tokens > wordCacheLimit && tokens <= wordCacheLimit) clearWordCache();
  return doc.map((s) => s.tokens.map(wordInfo));
}

export function documentInfo(doc: TaggerDocument, words: readonly (readonly WordInfo[])[] = documentWords(doc)): DocumentInfo {
  const lowerSeen = new Set<string>();
  const capSeen = new Set<string>();
  const contextIds = new Map<string, number[]>();
  for (let si = 0; si < doc.length; si++) {
    const t = doc[si]!.tokens;
    const infos = words[si]!;
    const caps = infosAreCaps(infos);
    for (let i = 0; i < t.length; i++) {
      const w = t[i]!;
      const info = infos[i]!;
      if (info.cap) {
        const key = info.lowerText;
        let c = contextIds.get(key);
        if (!c) contextIds.set(key, (c = []));
        if (c.length < MAX_CONTEXTS) {
          if (i > 0) addDistinct(c, featureId(T.Context, pair(1, infos[i - 1]!.lower)));
          if (i + 1 < t.length) addDistinct(c, featureId(T.Context, pair(2, infos[i + 1]!.lower)));
        }
      }
      if (caps) continue;
      if (info.cap) {
        if (i > 0) capSeen.add(w);
      } else lowerSeen.add(w);
    }
  }
  return { lowerSeen, capSeen, contextIds };
}

/** Appends x to a short list unless it is there already (a Set costs more for lists of at most MAX_CONTEXTS + 1). */
function addDistinct(list: number[], x: number): void {
  for (let i = 0; i < list.length; i++) if (list[i] === x) return;
  list.push(x);
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

function infosAreCaps(infos: readonly WordInfo[]): boolean {
  let letters = 0;
  for (const info of infos) {
    if (info.hasLower) return false;
    if (info.hasUpper) letters++;
  }
  return letters >= 2;
}


// Feature ids of small closed value sets, computed once.
const CAPS_WINDOW_IDS = Int32Array.from({ length: 243 }, (_, w) => featureId(T.CapsWindow, w));
const GAZ_TEMPLATES = [T.Gaz, T.GazM1, T.GazP1, T.GazM2, T.GazP2];
const GAZ_OFFSETS = [0, -1, 1, -2, 2];
/** GAZ_IDS[k * 32 + code]: the feature of gazetteer code `code` at offset template k. */
const GAZ_IDS = Int32Array.from({ length: GAZ_TEMPLATES.length * 32 }, (_, x) => featureId(GAZ_TEMPLATES[x >> 5]!, x & 31));
const LOWER_SEEN_IDS = [0, 1, 2].map((v) => featureId(T.LowerSeen, v));
const CAP_SEEN_IDS = [0, 1].map((v) => featureId(T.CapSeen, v));

/**
 * Int32 arrays of the features built, carved out of shared 256 KB chunks: a sentence's arrays would each be an
 * ArrayBuffer of their own (a malloc and a GC record apiece). A chunk is freed once no array cut from it is in use.
 */
const CHUNK_INTS = 65536;
let chunk = new Int32Array(CHUNK_INTS);
let chunkUsed = 0;
export function allocInts(n: number): Int32Array {
  if (n > CHUNK_INTS >>> 2) return new Int32Array(n);
  if (chunkUsed + n > CHUNK_INTS) {
    chunk = new Int32Array(CHUNK_INTS);
    chunkUsed = 0;
  }
  const out = chunk.subarray(chunkUsed, chunkUsed + n);
  chunkUsed += n;
  return out;
}

/** A growable scratch buffer of feature ids, shared by the builders (one sentence at a time). */
let buffer: Int32Array = new Int32Array(4096);
function ensure(size: number): Int32Array {
  if (size > buffer.length) {
    const grown = new Int32Array(Math.max(size, buffer.length * 2));
    grown.set(buffer);
    buffer = grown;
  }
  return buffer;
}

/**
 * Where sentenceFeatures puts the features that depend on no more than the shapes and capitalisation of the words
 * around a token (a scorer can sum them per shape pair or window code, as decodePacked does): every token's context
 * features start with NEIGHBOUR_FEATURES, then ShapeM1S0 (SHAPE_BEFORE), ShapeS0P1 (SHAPE_AFTER), CapsWindow
 * (CAPS_WINDOW); the rest (bigrams, position, document, gazetteer) follow from LOOKED_UP_FROM.
 */
export const SHAPE_BEFORE = NEIGHBOUR_FEATURES, SHAPE_AFTER = NEIGHBOUR_FEATURES + 1, CAPS_WINDOW = NEIGHBOUR_FEATURES + 2;
export const LOOKED_UP_FROM = CAPS_WINDOW + 1;

/** ShapeM1S0 of a token of shape `shape` after one of shape `before` (START at the sentence start). */
export function shapeBeforeId(before: number, shape: number): number {
  return featureId(T.ShapeM1S0, pair(before, shape));
}

/** ShapeS0P1 of a token of shape `shape` before one of shape `after` (END at the sentence end). */
export function shapeAfterId(shape: number, after: number): number {
  return featureId(T.ShapeS0P1, pair(shape, after));
}

/** The shape hashes that stand in for the words before the sentence start and after its end. */
export const START_SHAPE = START, END_SHAPE = END;

/** Number of capitalisation window codes (3^5). */
export const CAPS_WINDOWS = 243;

/** The CapsWindow feature of window code `code` (capsWindowOf). */
export function capsWindowId(code: number): number {
  return CAPS_WINDOW_IDS[code]!;
}

/** Capitalisation pattern of the window -2..+2 around token i, base 3: 0 lower/other, 1 capitalised, 2 outside. */
export function capsWindowOf(infos: readonly WordInfo[], i: number): number {
  const n = infos.length;
  let window = 0;
  for (let j = i - 2; j <= i + 2; j++) window = window * 3 + (j < 0 || j >= n ? 2 : infos[j]!.cap ? 1 : 0);
  return window;
}

/** Static features for the tokens of one sentence. */
export function sentenceFeatures(sentence: TaggerSentence, info: DocumentInfo, gazetteer: Gazetteer | undefined, words?: readonly WordInfo[]): TokenFeatures {
  const tokens = sentence.tokens;
  const n = tokens.length;
  const infos = words ?? tokens.map(wordInfo);
  // the per-token arrays share one stretch of a chunk (small typed arrays each cost an allocation and a GC record)
  const perToken = allocInts(3 * n + 1);
  const lower = perToken.subarray(0, n);
  const shape = perToken.subarray(n, 2 * n);
  const start = perToken.subarray(2 * n, 3 * n + 1);
  for (let i = 0; i < n; i++) {
    const wi = infos[i]!;
    lower[i] = wi.lower;
    shape[i] = wi.shape;
  }
  const gaz = gazetteer ? gazetteer.match(tokens, infos) : undefined;
  const caps = infosAreCaps(infos);
  let f: Int32Array = buffer;
  let k = 0;
  // the window before the first token, rolled on at each token
  let window = capsWindowOf(infos, -1);
  for (let i = 0; i < n; i++) {
    f = ensure(k + 16);
    start[i] = k;
    const w = tokens[i]!;
    const l = infos[i]!.lowerText;
    const l0 = lower[i]!;
    const lm1 = i > 0 ? lower[i - 1]! : START;
    const lp1 = i + 1 < n ? lower[i + 1]! : END;
    const sm1 = i > 0 ? shape[i - 1]! : START;
    const sp1 = i + 1 < n ? shape[i + 1]! : END;
    const s0 = shape[i]!;
    // the NEIGHBOUR_FEATURES first, in the order documented there; then at fixed places (SHAPE_BEFORE, SHAPE_AFTER, CAPS_WINDOW) the
    // features a scorer may take from caches: the shape pairs and the capitalisation window
    // (the neighbours' words have these ids already: WordInfo.neighbourIds, no hashing again)
    const before = i > 0 ? infos[i - 1]!.neighbourIds : undefined;
    const after = i + 1 < n ? infos[i + 1]!.neighbourIds : undefined;
    f[k++] = before ? before[0]! : START_NEIGHBOUR_IDS[0]!;
    f[k++] = i > 1 ? infos[i - 2]!.neighbourIds[2]! : START_NEIGHBOUR_IDS[2]!;
    f[k++] = after ? after[3]! : END_NEIGHBOUR_IDS[0]!;
    f[k++] = i + 2 < n ? infos[i + 2]!.neighbourIds[5]! : END_NEIGHBOUR_IDS[2]!;
    f[k++] = before ? before[1]! : START_NEIGHBOUR_IDS[1]!;
    f[k++] = after ? after[4]! : END_NEIGHBOUR_IDS[1]!;
    f[k++] = shapeBeforeId(sm1, s0);
    f[k++] = shapeAfterId(s0, sp1);
    // the capitalisation window, rolled on by one token (capsWindowOf)
    window = (window % 81) * 3 + (i + 2 < n ? (infos[i + 2]!.cap ? 1 : 0) : 2);
    f[k++] = CAPS_WINDOW_IDS[window]!;
    f[k++] = featureId(T.Bigram, pair(lm1, l0));
    f[k++] = featureId(T.BigramNext, pair(l0, lp1));
    if (i === 0) f[k++] = featureId(T.FirstShape, s0);
    if (caps) f[k++] = featureId(T.CapsSentence, s0);
    if (sentence.headline) f[k++] = featureId(T.Headline, s0);
    if (infos[i]!.cap) {
      if (info.lowerSeen.has(l)) f[k++] = LOWER_SEEN_IDS[i === 0 ? 1 : caps ? 2 : 0]!;
      if (i === 0 && info.capSeen.has(w)) f[k++] = CAP_SEEN_IDS[0]!;
      // a headline in capitals: is the word written as a name (capitalised mid-sentence) in the body?
      if (caps && w.length > 1 && info.capSeen.has(w[0] + l.slice(1))) f[k++] = CAP_SEEN_IDS[1]!;
      const ctx = info.contextIds.get(l);
      if (ctx) {
        f = ensure(k + ctx.length);
        f.set(ctx, k);
        k += ctx.length;
      }
    }
    if (gaz) {
      // codes of token i + d go in with template GAZ_TEMPLATES[slot], d = 0, -1, +1, -2, +2
      for (let slot = 0; slot < 5; slot++) {
        const j = i + GAZ_OFFSETS[slot]!;
        if (j < 0 || j >= n) continue;
        const codes = gaz[j]!;
        if (codes.length === 0) continue;
        f = ensure(k + codes.length);
        for (let c = 0; c < codes.length; c++) f[k++] = GAZ_IDS[slot * 32 + codes[c]!]!;
      }
    }
  }
  start[n] = k;
  const ids = allocInts(k);
  ids.set(f.subarray(0, k));
  return { words: tokens, infos, ids, start, lower, shape };
}

/** The tag-dependent features of token i of `feats` given the two previous tags (-1 before the sentence start). */
export function historyFeatures(out: Int32Array, feats: TokenFeatures, i: number, prev: number, prev2: number): void {
  out[0] = featureId(T.PrevTag, prev + 2);
  out[1] = featureId(T.PrevTags, (prev + 2) * 32 + prev2 + 2);
  tokenHistoryFeatures(out, 2, feats, i, prev);
}

/** The history features that depend on the previous tag and the token (out[at..at + 4)). */
export function tokenHistoryFeatures(out: Int32Array, at: number, feats: TokenFeatures, i: number, prev: number): void {
  const p = prev + 2;
  const n = feats.lower.length;
  out[at] = featureId(T.PrevTagLower, pair(p, feats.lower[i]!));
  out[at + 1] = featureId(T.PrevTagShape, pair(p, feats.shape[i]!));
  out[at + 2] = featureId(T.PrevTagLowerM1, pair(p, i > 0 ? feats.lower[i - 1]! : 0x5741));
  out[at + 3] = featureId(T.PrevTagLowerP1, pair(p, i + 1 < n ? feats.lower[i + 1]! : 0x454e));
}

/** PrevTagLowerP1 after an O for the last token of a sentence (what WordInfo.afterOIds[3] is for the others). */
export const END_AFTER_O_ID = featureId(T.PrevTagLowerP1, pair(AFTER_O, END));

/** The history features that depend on the previous two tags only (the same for every token). */
export function tagHistoryFeatures(prev: number, prev2: number): [number, number] {
  return [featureId(T.PrevTag, prev + 2), featureId(T.PrevTags, (prev + 2) * 32 + prev2 + 2)];
}
export const HISTORY_FEATURES = 6;

/** What pass 1 found in a document: for every word, the (BILOU tag) positions it took in entities, counted. */
export interface Pass1Evidence {
  /** lowercase word (written capitalised) → counts per tag index (17), over the whole document. */
  byWord: Map<string, Uint16Array>;
  /** word → types (bitmask over ENTITY_TYPES) it was tagged with in the headline. */
  headline: Map<string, number>;
}

export function pass1Evidence(doc: TaggerDocument, tags: readonly (ArrayLike<number>)[], tagCount: number, words?: readonly (readonly WordInfo[])[]): Pass1Evidence {
  const byWord = new Map<string, Uint16Array>();
  const headline = new Map<string, number>();
  for (let si = 0; si < doc.length; si++) {
    const s = doc[si]!;
    const t = tags[si]!;
    const infos = words?.[si];
    for (let i = 0; i < s.tokens.length; i++) {
      const tag = t[i]!;
      if (tag === 0) continue;
      const info = infos ? infos[i]! : wordInfo(s.tokens[i]!);
      if (!info.cap) continue;
      const key = info.lowerText;
      let c = byWord.get(key);
      if (!c) byWord.set(key, (c = new Uint16Array(tagCount)));
      c[tag]!++;
      if (s.headline) headline.set(key, (headline.get(key) ?? 0) | (1 << ((tag - 1) >> 2)));
    }
  }
  return { byWord, headline };
}

const OWN_PASS1_IDS = Int32Array.from({ length: 32 }, (_, t) => featureId(T.OwnPass1, t));
/** Pass1M1 and Pass1P1 of tags 0..31 and of 99 (outside the sentence) at index 32. */
const PASS1_M1_IDS = Int32Array.from({ length: 33 }, (_, t) => featureId(T.Pass1M1, t === 32 ? 99 : t));
const PASS1_P1_IDS = Int32Array.from({ length: 33 }, (_, t) => featureId(T.Pass1P1, t === 32 ? 99 : t));
const DOC_POS_TYPE_IDS = Int32Array.from({ length: 32 }, (_, t) => featureId(T.DocPosType, t));
const DOC_TYPE_IDS = Int32Array.from({ length: 8 }, (_, v) => featureId(T.DocType, v));
const DOC_HEAD_TYPE_IDS = Int32Array.from({ length: 16 }, (_, v) => featureId(T.DocHeadType, v));

/** The most evidenceFeatures writes for one token. */
export const MAX_EVIDENCE_FEATURES = 18;

/**
 * The pass-2 features of a word from what pass 1 found elsewhere in the document: each position in an entity it
 * took (DocPosType), its majority type (DocType), the types it had in the headline (DocHeadType, outside the
 * headline). Written to out[k..]; returns the new k.
 */
export function evidenceFeatures(out: Int32Array, k: number, info: WordInfo, evidence: Pass1Evidence, inHeadline: boolean): number {
  if (!info.cap) return k;
  const key = info.lowerText;
  const c = evidence.byWord.get(key);
  if (c) {
    let p0 = 0, p1 = 0, p2 = 0, p3 = 0;
    for (let t = 1; t < c.length; t++) {
      const x = c[t]!;
      if (!x) continue;
      out[k++] = DOC_POS_TYPE_IDS[t]!;
      const type = (t - 1) >> 2;
      if (type === 0) p0 += x;
      else if (type === 1) p1 += x;
      else if (type === 2) p2 += x;
      else p3 += x;
    }
    const total = p0 + p1 + p2 + p3;
    let best = 0;
    let bestCount = p0;
    if (p1 > bestCount) (best = 1), (bestCount = p1);
    if (p2 > bestCount) (best = 2), (bestCount = p2);
    if (p3 > bestCount) (best = 3), (bestCount = p3);
    out[k++] = DOC_TYPE_IDS[best * 2 + (bestCount === total ? 1 : 0)]!;
  }
  const h = evidence.headline.get(key);
  if (h !== undefined && !inHeadline) out[k++] = DOC_HEAD_TYPE_IDS[h]!;
  return k;
}

/** Pass-2 features of a token's own pass-1 tag (0..31), and of its neighbours' (index 32: outside the sentence). */
export function ownPass1Id(tag: number): number {
  return OWN_PASS1_IDS[tag]!;
}
export function pass1BeforeId(tag: number): number {
  return PASS1_M1_IDS[tag]!;
}
export function pass1AfterId(tag: number): number {
  return PASS1_P1_IDS[tag]!;
}
/** The index of pass1BeforeId / pass1AfterId for "no token there". */
export const OUTSIDE_SENTENCE = 32;

/** Pass-2 features: the token's own pass-1 tag, its neighbours', and what the same word was tagged elsewhere. */
export function pass2Features(sentence: TaggerSentence, own: ArrayLike<number>, evidence: Pass1Evidence, base: TokenFeatures): TokenFeatures {
  const n = base.start.length - 1;
  const baseIds = base.ids;
  const start = allocInts(n + 1);
  let f: Int32Array = ensure(baseIds.length + n * 24);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const from = base.start[i]!;
    const to = base.start[i + 1]!;
    f = ensure(k + (to - from) + 24);
    start[i] = k;
    for (let j = from; j < to; j++) f[k++] = baseIds[j]!;
    f[k++] = OWN_PASS1_IDS[own[i]!]!;
    f[k++] = PASS1_M1_IDS[i > 0 ? own[i - 1]! : 32]!;
    f[k++] = PASS1_P1_IDS[i + 1 < n ? own[i + 1]! : 32]!;
    k = evidenceFeatures(f, k, base.infos[i]!, evidence, sentence.headline === true);
  }
  start[n] = k;
  // the same object shape as sentenceFeatures returns (the decoder then sees one map)
  const ids = allocInts(k);
  ids.set(f.subarray(0, k));
  return { words: base.words, infos: base.infos, ids, start, lower: base.lower, shape: base.shape };
}
