// The tagger's model: a linear scorer over hashed features (one weight row per feature, one column per BILOU tag)
// and the greedy left-to-right decoder that keeps BILOU sequences well formed. Training weights (averaged
// perceptron, lazily averaged) and the packed int8 weights shipped in the model file share the decoder.
import { allowed, prefixOf, TAG_COUNT } from './bilou.js';
import {
  CAPS_WINDOWS, capsWindowId, capsWindowOf, END_AFTER_O_ID, END_NEIGHBOUR_IDS, END_SHAPE, evidenceFeatures, HASH_BITS, HASH_MASK,
  HISTORY_FEATURES, historyFeatures, LOOKED_UP_FROM, MAX_EVIDENCE_FEATURES, MAX_SHAPES, OUTSIDE_SENTENCE, ownPass1Id,
  pass1AfterId, pass1BeforeId, shapeAfterId, shapeBeforeId, START_NEIGHBOUR_IDS, START_SHAPE, tagHistoryFeatures,
  tokenHistoryFeatures, currentWordInfo, wordCacheGeneration, type Pass1Evidence, type TokenFeatures, type WordInfo,
} from './features.js';

// A module-local constant, not the imported binding: V8 checks an imported `const` on every use in a hot loop.
const T = 17;
if (T !== TAG_COUNT) throw new Error('perceptron: tag count changed');

/** Float scores of features (what training and its evaluation use). */
export interface Scorer {
  /** Adds the weights of features ids[from..to) to out (T scores). */
  addScores(ids: Int32Array, from: number, to: number, out: Float64Array): void;
}

/** Averaged perceptron weights being trained. */
export class TrainingWeights implements Scorer {
  readonly weights: Float32Array;
  /** Sum of step * delta per weight, for the lazy average: avg = w - u / step. */
  private readonly stepWeighted: Float64Array;
  step = 1;

  constructor(readonly hashBits = HASH_BITS) {
    this.weights = new Float32Array((1 << hashBits) * T);
    this.stepWeighted = new Float64Array((1 << hashBits) * T);
  }

  addScores(ids: Int32Array, from: number, to: number, out: Float64Array): void {
    const w = this.weights;
    for (let k = from; k < to; k++) {
      const base = ids[k]! * T;
      for (let t = 0; t < T; t++) out[t]! += w[base + t]!;
    }
  }

  update(ids: Int32Array, from: number, to: number, tag: number, delta: number): void {
    const c = this.step * delta;
    for (let k = from; k < to; k++) {
      const i = ids[k]! * T + tag;
      this.weights[i]! += delta;
      this.stepWeighted[i]! += c;
    }
  }

  /** The averaged weights (what is evaluated and shipped). */
  averaged(): Float32Array {
    const out = new Float32Array(this.weights.length);
    const s = this.step;
    for (let i = 0; i < out.length; i++) out[i] = this.weights[i]! - this.stepWeighted[i]! / s;
    return out;
  }
}

/** Read-only float weights (an averaged copy), for evaluation during training. */
export class DenseWeights implements Scorer {
  constructor(readonly weights: Float32Array) {}
  addScores(ids: Int32Array, from: number, to: number, out: Float64Array): void {
    const w = this.weights;
    for (let k = from; k < to; k++) {
      const base = ids[k]! * T;
      for (let t = 0; t < T; t++) out[t]! += w[base + t]!;
    }
  }
}

/**
 * Per word, the scorer caches T sums for each of: its own features, what it gives as a neighbour at -1, -2, +1, +2,
 * and its history features after an O (WordInfo.afterOIds): its own, as the token before, as the token after.
 */
const OWN = 0, AS_M1 = T, AS_M2 = 2 * T, AS_P1 = 3 * T, AS_P2 = 4 * T;
const AFTER_O = 5 * T, AFTER_O_AS_M1 = 6 * T, AFTER_O_AS_P1 = 7 * T, WORD_BLOCK = 8 * T;
/** Words the per-word sums have room for before they grow (PackedWeights.wordSums). */
const WORD_ROOM = 32_768;
/** The block of the word sums that stands for the words beyond the sentence's ends. */
const EDGE_BLOCK = 0;
/** A shape pair's sums: ShapeM1S0 of the second word, then ShapeS0P1 of the first. */
const PAIR_BLOCK = 2 * T;
/** Side of the shape-pair index: shape indexes 0..MAX_SHAPES-1, plus the sentence start (row 0) or end (last column). */
const PAIR_SIDE = MAX_SHAPES + 1;
/** Where the rows of pass1TagScores() start. */
const PASS1_OWN = 0, PASS1_AROUND = T * T, PASS1_ZERO_ROW = PASS1_AROUND + (T + 1) * (T + 1) * T;
/** Marks an overflowing row in a slot's last entry (a real entry's low byte is its tag, < T). */
const OVERFLOW = 0xff;

/**
 * Pruned weights as shipped, sparse: a row has 3 non-zero tag weights on average out of 17, so each row keeps only
 * those, as (int16 weight << 8 | tag) entries. One scale per pass (the argmax does not care), so scores stay
 * integers (Int32 sums, no float conversions).
 *
 * In memory, an open-addressing table of 16-byte slots [feature id (-1: empty), entry, entry, entry]: one cache line
 * per lookup, as most rows (three in four) have at most three entries; a longer row's third int points into
 * `overflow` ([count, entries...]). A missing entry is 0, which adds 0 to tag 0: no branch for short rows.
 */
export class PackedWeights implements Scorer {
  private readonly mask: number;
  /** Scores of the two history features that depend on the previous two tags only, per (prev, prev2). */
  private tagHistory: Int32Array | undefined;
  /**
   * Per word (WordInfo.index) from offset WORD_BLOCK on: WORD_BLOCK sums, filled on first use. The first block
   * (EDGE_BLOCK) holds what stands in for neighbours beyond the sentence, with OWN and the after-O parts other than
   * AFTER_O_AS_P1 zero, so the decoder reads every block from one array. Room for WORD_ROOM words from the start
   * (17 MB of address space, taken from the system only as words fill it): 121 pages have 18,000 distinct words,
   * and growing from 1,024 copied the sums five times (121 pages: 25 ms less of a cold run's tagging).
   */
  private wordSums = new Int32Array((WORD_ROOM + 1) * WORD_BLOCK);
  private wordFilled = new Uint8Array(WORD_ROOM);
  private wordGeneration = -1;
  /**
   * One bit per feature id (2^HASH_BITS bits, 128 KB): is its row in the table? A fifth of the ids looked up have no
   * row, and linear probing finds that out only at an empty slot, several slots on; the bit answers from cache.
   */
  private readonly present: Int32Array;
  /** Scores of the CapsWindow feature per window code (CAPS_WINDOWS × T). */
  private readonly windowSums: Int32Array;
  /** Per shape pair ((first + 1) * PAIR_SIDE + second; see pairBlock): where its sums are in pairSums, or -1. */
  private pairIndex: Int32Array | undefined;
  private pairSums = new Int32Array(256 * PAIR_BLOCK);
  private pairCount = 0;
  /** pass1TagScores(), made on first use. */
  private pass1TagTable: Int32Array | undefined;

  constructor(
    readonly slots: Int32Array,
    readonly overflow: Int32Array,
  ) {
    this.mask = slots.length / 4 - 1;
    const present = new Int32Array((HASH_MASK + 1) >>> 5);
    for (let p = 0; p < slots.length; p += 4) {
      const id = slots[p]!;
      if (id >= 0) present[id >>> 5]! |= 1 << (id & 31);
    }
    this.present = present;
    const edge = this.wordSums;
    this.addRows(START_NEIGHBOUR_IDS, 0, 2, edge, EDGE_BLOCK + AS_M1);
    this.addRows(START_NEIGHBOUR_IDS, 2, 3, edge, EDGE_BLOCK + AS_M2);
    this.addRows(END_NEIGHBOUR_IDS, 0, 2, edge, EDGE_BLOCK + AS_P1);
    this.addRows(END_NEIGHBOUR_IDS, 2, 3, edge, EDGE_BLOCK + AS_P2);
    this.addRows(Int32Array.of(END_AFTER_O_ID), 0, 1, edge, EDGE_BLOCK + AFTER_O_AS_P1);
    const windows = new Int32Array(CAPS_WINDOWS * T);
    for (let code = 0; code < CAPS_WINDOWS; code++) this.addRows(Int32Array.of(capsWindowId(code)), 0, 1, windows, code * T);
    this.windowSums = windows;
  }

  /** Builds the table from the rows' feature ids, their entry counts and the entries (weight << 8 | tag). */
  static fromSparse(rows: ArrayLike<number>, counts: ArrayLike<number>, entries: Int32Array): PackedWeights {
    let size = 1024;
    while (size < rows.length * 1.2) size *= 2;
    const slots = new Int32Array(size * 4);
    for (let i = 0; i < slots.length; i += 4) slots[i] = -1;
    const mask = size - 1;
    let overflowSize = 0;
    for (let r = 0; r < rows.length; r++) if (counts[r]! > 3) overflowSize += counts[r]! - 1;
    const overflow = new Int32Array(overflowSize);
    let o = 0;
    let e = 0;
    for (let r = 0; r < rows.length; r++) {
      const id = rows[r]!;
      const count = counts[r]!;
      let slot = slotOf(id, mask);
      while (slots[slot * 4] !== -1) slot = (slot + 1) & mask;
      const p = slot * 4;
      slots[p] = id;
      if (count > 0) slots[p + 1] = entries[e]!;
      if (count > 1) slots[p + 2] = entries[e + 1]!;
      if (count === 3) slots[p + 3] = entries[e + 2]!;
      else if (count > 3) {
        slots[p + 3] = (o << 8) | OVERFLOW;
        overflow[o++] = count - 2;
        for (let k = 2; k < count; k++) overflow[o++] = entries[e + k]!;
      }
      e += count;
    }
    return new PackedWeights(slots, overflow);
  }

  /** Adds the (integer) weights of features ids[from..to) to out[at..at + T). */
  addRows(ids: Int32Array, from: number, to: number, out: Int32Array, at: number): void {
    const slots = this.slots;
    const mask = this.mask;
    const present = this.present;
    for (let k = from; k < to; k++) {
      const id = ids[k]!;
      if ((present[id >>> 5]! & (1 << (id & 31))) === 0) continue;
      let p = slotOf(id, mask) * 4;
      let key = slots[p]!;
      while (key !== id) {
        if (key === -1) break;
        p = (p + 4) & (mask * 4 + 3);
        key = slots[p]!;
      }
      if (key === -1) continue;
      let x = slots[p + 1]!;
      out[at + (x & 0xff)]! += x >> 8;
      x = slots[p + 2]!;
      out[at + (x & 0xff)]! += x >> 8;
      x = slots[p + 3]!;
      if ((x & 0xff) !== OVERFLOW) out[at + (x & 0xff)]! += x >> 8;
      else {
        const o = x >>> 8;
        const end = o + 1 + this.overflow[o]!;
        for (let e = o + 1; e < end; e++) {
          x = this.overflow[e]!;
          out[at + (x & 0xff)]! += x >> 8;
        }
      }
    }
  }

  addScores(ids: Int32Array, from: number, to: number, out: Float64Array): void {
    const sum = new Int32Array(T);
    this.addRows(ids, from, to, sum, 0);
    for (let t = 0; t < T; t++) out[t]! += sum[t]!;
  }

  /** Where the word's sums start in wordSumsArray() (computed on first use: call before taking the array). */
  wordBlock(word: WordInfo): number {
    const info = currentWordInfo(word);
    const generation = wordCacheGeneration();
    if (generation !== this.wordGeneration) {
      this.wordFilled.fill(0);
      this.wordGeneration = generation;
    }
    const index = info.index;
    if (index >= this.wordFilled.length) {
      const size = Math.max(index + 1, this.wordFilled.length * 2);
      const filled = new Uint8Array(size);
      filled.set(this.wordFilled);
      this.wordFilled = filled;
      const sums = new Int32Array((size + 1) * WORD_BLOCK);
      sums.set(this.wordSums);
      this.wordSums = sums;
    }
    const at = (index + 1) * WORD_BLOCK;
    if (!this.wordFilled[index]) {
      const sums = this.wordSums;
      sums.fill(0, at, at + WORD_BLOCK);
      this.addRows(info.ids, 0, info.ids.length, sums, at + OWN);
      const nb = info.neighbourIds;
      this.addRows(nb, 0, 2, sums, at + AS_M1);
      this.addRows(nb, 2, 3, sums, at + AS_M2);
      this.addRows(nb, 3, 5, sums, at + AS_P1);
      this.addRows(nb, 5, 6, sums, at + AS_P2);
      const afterO = info.afterOIds;
      this.addRows(afterO, 0, 2, sums, at + AFTER_O);
      this.addRows(afterO, 2, 3, sums, at + AFTER_O_AS_M1);
      this.addRows(afterO, 3, 4, sums, at + AFTER_O_AS_P1);
      this.wordFilled[index] = 1;
    }
    return at;
  }

  /**
   * Where the sums of the shape pair (first word, second word) start in pairSumsArray(), computed on first use.
   * Shape indexes are WordInfo.shapeIndex (-1 before the sentence start for `first`, MAX_SHAPES after its end for
   * `second`), with the shapes' hashes. Shape indexes never change, so the pairs stay cached for the process.
   */
  pairBlock(firstIndex: number, firstShape: number, secondIndex: number, secondShape: number): number {
    let index = this.pairIndex;
    if (!index) {
      index = this.pairIndex = new Int32Array(PAIR_SIDE * PAIR_SIDE);
      index.fill(-1);
    }
    const key = (firstIndex + 1) * PAIR_SIDE + secondIndex;
    let at = index[key]!;
    if (at < 0) {
      at = this.pairCount * PAIR_BLOCK;
      if (at + PAIR_BLOCK > this.pairSums.length) {
        const grown = new Int32Array(this.pairSums.length * 2);
        grown.set(this.pairSums);
        this.pairSums = grown;
      }
      this.addRows(Int32Array.of(shapeBeforeId(firstShape, secondShape)), 0, 1, this.pairSums, at);
      this.addRows(Int32Array.of(shapeAfterId(firstShape, secondShape)), 0, 1, this.pairSums, at + T);
      this.pairCount++;
      index[key] = at;
    }
    return at;
  }

  pairSumsArray(): Int32Array {
    return this.pairSums;
  }

  windowSumsArray(): Int32Array {
    return this.windowSums;
  }

  /**
   * Scores of the pass-2 features of pass-1 tags, T ints per row: from PASS1_OWN the token's own tag (ownPass1Id),
   * from PASS1_AROUND the tags before and after it together ((before * (T + 1) + after) rows, T: no token there;
   * pass1BeforeId + pass1AfterId), and a row of zeros at PASS1_ZERO_ROW.
   */
  pass1TagScores(): Int32Array {
    if (!this.pass1TagTable) {
      const table = new Int32Array(PASS1_ZERO_ROW + T);
      const code = (tag: number) => (tag < T ? tag : OUTSIDE_SENTENCE);
      for (let tag = 0; tag < T; tag++) this.addRows(Int32Array.of(ownPass1Id(tag)), 0, 1, table, PASS1_OWN + tag * T);
      for (let before = 0; before <= T; before++) {
        for (let after = 0; after <= T; after++) {
          const ids = Int32Array.of(pass1BeforeId(code(before)), pass1AfterId(code(after)));
          this.addRows(ids, 0, 2, table, PASS1_AROUND + (before * (T + 1) + after) * T);
        }
      }
      this.pass1TagTable = table;
    }
    return this.pass1TagTable;
  }

  wordSumsArray(): Int32Array {
    return this.wordSums;
  }


  /** Scores of the tag-only history features for (prev, prev2), both -1..T-1: T ints at the returned offset. */
  tagHistoryScores(): Int32Array {
    if (!this.tagHistory) {
      const table = new Int32Array((T + 1) * (T + 1) * T);
      for (let prev = -1; prev < T; prev++) {
        for (let prev2 = -1; prev2 < T; prev2++) {
          this.addRows(Int32Array.from(tagHistoryFeatures(prev, prev2)), 0, 2, table, ((prev + 1) * (T + 1) + prev2 + 1) * T);
        }
      }
      this.tagHistory = table;
    }
    return this.tagHistory;
  }
}

/** Feature ids are hashes already: their low bits spread well; mixing once more keeps runs apart. */
function slotOf(id: number, mask: number): number {
  return Math.imul(id, 0x9e3779b1) >>> 12 & mask;
}

/** ALLOWED[(prev + 1) * T + next]: 1 when `next` may follow `prev` (-1: sentence start). */
const ALLOWED = new Uint8Array((T + 1) * T);
/** May the tag end a sentence (O, L, U)? */
const CLOSES = new Uint8Array(T);
for (let prev = -1; prev < T; prev++) for (let t = 0; t < T; t++) ALLOWED[(prev + 1) * T + t] = allowed(prev, t) ? 1 : 0;
for (let t = 0; t < T; t++) CLOSES[t] = prefixOf(t) === 'B' || prefixOf(t) === 'I' ? 0 : 1;

/**
 * The tags that may follow each previous tag (-1..T-1), ascending: NEXT_TAGS[NEXT_FROM[prev + 1]..NEXT_FROM[prev + 2]),
 * and from NEXT_FROM[T + 1 + prev + 1] those that may also end the sentence. 9 tags after O, L and U, 2 after B and
 * I: the decoder sums the tags' scores for these only.
 */
const NEXT_FROM = new Int32Array(2 * (T + 1) + 1);
const NEXT_TAGS = (() => {
  const list: number[] = [];
  for (let last = 0; last < 2; last++) {
    for (let prev = -1; prev < T; prev++) {
      NEXT_FROM[last * (T + 1) + prev + 1] = list.length;
      for (let t = 0; t < T; t++) if (ALLOWED[(prev + 1) * T + t] && (!last || CLOSES[t])) list.push(t);
    }
  }
  NEXT_FROM[2 * (T + 1)] = list.length;
  return Int32Array.from(list);
})();

/** Scratch buffers reused across sentences. */
export class DecodeScratch {
  readonly scores = new Float64Array(T);
  readonly history = new Int32Array(HISTORY_FEATURES);
  private tokenScores = new Int32Array(256 * T);

  private blocks = new Int32Array(256);
  private pairs = new Int32Array(256);
  /** A token's pass-2 evidence features (evidenceFeatures). */
  readonly evidence = new Int32Array(MAX_EVIDENCE_FEATURES);

  /** Room for n shape pair offsets. */
  pairBlocks(n: number): Int32Array {
    if (this.pairs.length < n) this.pairs = new Int32Array(n * 2);
    return this.pairs;
  }

  /** Room for the static scores of n tokens (not zeroed). */
  staticScores(n: number): Int32Array {
    if (this.tokenScores.length < n * T) this.tokenScores = new Int32Array(n * T * 2);
    return this.tokenScores;
  }

  /** Room for n word block offsets. */
  wordBlocks(n: number): Int32Array {
    if (this.blocks.length < n) this.blocks = new Int32Array(n * 2);
    return this.blocks;
  }
}

/**
 * Greedy decoding of one sentence: at each token the best-scoring tag that may follow the previous one (and that
 * closes any open entity at the sentence end). With `gold` and `learner`, updates the weights on each mistake
 * (the perceptron step) and advances the averaging clock. Returns the number of wrong tags.
 */
export function decodeSentence(
  scorer: Scorer,
  feats: TokenFeatures,
  out: Uint8Array,
  scratch: DecodeScratch,
  gold?: ArrayLike<number>,
  learner?: TrainingWeights,
): number {
  if (scorer instanceof PackedWeights && !gold && decodePacked(scorer, feats, out, scratch)) return 0;
  const n = feats.start.length - 1;
  const scores = scratch.scores;
  const hist = scratch.history;
  const ids = feats.ids;
  let prev = -1;
  let prev2 = -1;
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const from = feats.start[i]!;
    const to = feats.start[i + 1]!;
    const wordIds = feats.infos[i]!.ids;
    scores.fill(0);
    scorer.addScores(wordIds, 0, wordIds.length, scores);
    scorer.addScores(ids, from, to, scores);
    historyFeatures(hist, feats, i, prev, prev2);
    scorer.addScores(hist, 0, HISTORY_FEATURES, scores);
    const last = i === n - 1;
    const row = (prev + 1) * T;
    let best = -1;
    let bestScore = -Infinity;
    for (let t = 0; t < T; t++) {
      if (!ALLOWED[row + t] || (last && !CLOSES[t])) continue;
      if (scores[t]! > bestScore) {
        bestScore = scores[t]!;
        best = t;
      }
    }
    if (gold) {
      const g = gold[i]!;
      if (g !== best) {
        errors++;
        if (learner) {
          learner.update(wordIds, 0, wordIds.length, g, 1);
          learner.update(ids, from, to, g, 1);
          learner.update(hist, 0, HISTORY_FEATURES, g, 1);
          learner.update(wordIds, 0, wordIds.length, best, -1);
          learner.update(ids, from, to, best, -1);
          learner.update(hist, 0, HISTORY_FEATURES, best, -1);
        }
      }
      if (learner) learner.step++;
    }
    out[i] = best;
    prev2 = prev;
    prev = best;
  }
  return errors;
}

/** What pass 2 adds to a sentence's static features (pass2Features writes the same as feature ids). */
export interface SecondPassInput {
  /** The sentence's pass-1 tags. */
  own: ArrayLike<number>;
  evidence: Pass1Evidence;
  /** Is the sentence part of the headline? */
  headline: boolean;
}

/**
 * decodeSentence with the shipped weights: the same decisions, in integers, with less work.
 * - Features that are looked up (bigrams, position, document, gazetteer; pass 2's evidence) are summed for the whole
 *   sentence first: independent look-ups the CPU can overlap.
 * - The rest comes from sums cached per word (its own features, what it gives its neighbours, its history features
 *   after an O), per shape pair (ShapeM1S0, ShapeS0P1) and per capitalisation window: these rows are long (they held
 *   two thirds of the entries added), their sums are read T at a time.
 * - Those per-tag sums are added only for the tags that may follow the previous one (9 after O, L or U; 2 after B
 *   or I): half the work of scoring all 17.
 * - History: two features from a per-(prev, prev2) table; after an O (most tokens) the other four are in the word
 *   sums, after other tags they are looked up.
 *
 * With `second`, feats are the sentence's pass-1 features and the pass-2 features are added here (the pass-1 tags'
 * from tables per tag), which is the same as decoding pass2Features without building them.
 * Returns false when it cannot (a shape past MAX_SHAPES, a word cache emptied over and over): decodeSentence then
 * takes the general way.
 */
export function decodePacked(weights: PackedWeights, feats: TokenFeatures, out: Uint8Array, scratch: DecodeScratch, second?: SecondPassInput): boolean {
  // in three functions rather than one: V8 compiles each sooner and in less time, which matters on a short run
  if (!sentenceBlocks(weights, feats, scratch)) return false;
  lookedUpScores(weights, feats, scratch, second);
  greedyTags(weights, feats, out, scratch, second?.own);
  return true;
}

/** Fills scratch.pairBlocks and scratch.wordBlocks for the sentence; false when decodePacked cannot take it. */
function sentenceBlocks(weights: PackedWeights, feats: TokenFeatures, scratch: DecodeScratch): boolean {
  const n = feats.start.length - 1;
  const blocks = scratch.wordBlocks(n);
  const pairs = scratch.pairBlocks(n + 1);
  const infos = feats.infos;
  // pairs[i]: the shape pair of tokens i - 1 and i (the sentence start before token 0, its end after token n - 1)
  let firstIndex = -1;
  let firstShape = START_SHAPE;
  for (let i = 0; i <= n; i++) {
    let index = MAX_SHAPES;
    let shape = END_SHAPE;
    if (i < n) {
      const info = infos[i]!;
      index = info.shapeIndex;
      shape = info.shape;
      if (index < 0) return false;
    }
    pairs[i] = weights.pairBlock(firstIndex, firstShape, index, shape);
    firstIndex = index;
    firstShape = shape;
  }
  let generation: number;
  let attempts = 0;
  do {
    // the word cache emptied while filling in makes earlier offsets stale: fill in again, or (a sentence with more
    // distinct words than the cache holds) leave the sentence to the general decoder
    if (++attempts > 2) return false;
    generation = wordCacheGeneration();
    for (let i = 0; i < n; i++) blocks[i] = weights.wordBlock(infos[i]!);
  } while (generation !== wordCacheGeneration());
  return true;
}

/** scratch.staticScores: per token, the sums of the features looked up (all tags). */
function lookedUpScores(weights: PackedWeights, feats: TokenFeatures, scratch: DecodeScratch, second: SecondPassInput | undefined): void {
  const n = feats.start.length - 1;
  const stat = scratch.staticScores(n);
  const ids = feats.ids;
  const start = feats.start;
  const infos = feats.infos;
  // the tag-independent features looked up (the rest is summed per tag below, for the tags that may come next)
  stat.fill(0, 0, n * T);
  const evidence = scratch.evidence;
  for (let i = 0; i < n; i++) {
    const at = i * T;
    weights.addRows(ids, start[i]! + LOOKED_UP_FROM, start[i + 1]!, stat, at);
    if (second) {
      const k = evidenceFeatures(evidence, 0, infos[i]!, second.evidence, second.headline);
      if (k > 0) weights.addRows(evidence, 0, k, stat, at);
    }
  }
}

/** The greedy pass over the sentence, with the sums of lookedUpScores and the cached per-tag sums. */
function greedyTags(weights: PackedWeights, feats: TokenFeatures, out: Uint8Array, scratch: DecodeScratch, pass1Tags: ArrayLike<number> | undefined): void {
  const n = feats.start.length - 1;
  const stat = scratch.staticScores(n);
  const blocks = scratch.wordBlocks(n);
  const pairs = scratch.pairBlocks(n + 1);
  const infos = feats.infos;
  const words = weights.wordSumsArray();
  const pairSums = weights.pairSumsArray();
  const windows = weights.windowSumsArray();
  // pass 2: the sums of the pass-1 tags of the token and of its neighbours (pass 1: a row of zeros)
  const tagTables = weights.pass1TagScores();
  const tagHistory = weights.tagHistoryScores();
  const hist = scratch.history;
  let prev = -1;
  let prev2 = -1;
  let windowCode = n > 0 ? capsWindowOf(infos, -1) : 0;
  for (let i = 0; i < n; i++) {
    const at = i * T;
    // the word sums of the token, of its neighbours (the edge block beyond the sentence), its shape pairs and window
    const own = blocks[i]! + OWN;
    const m1 = (i > 0 ? blocks[i - 1]! : EDGE_BLOCK) + AS_M1;
    const m2 = (i > 1 ? blocks[i - 2]! : EDGE_BLOCK) + AS_M2;
    const p1 = (i + 1 < n ? blocks[i + 1]! : EDGE_BLOCK) + AS_P1;
    const p2 = (i + 2 < n ? blocks[i + 2]! : EDGE_BLOCK) + AS_P2;
    // ShapeM1S0 is the first half of the pair (i - 1, i), ShapeS0P1 the second half of (i, i + 1)
    const shapeBefore = pairs[i]!;
    const shapeAfter = pairs[i + 1]! + T;
    // capsWindowOf(infos, i), rolled on by one token
    windowCode = (windowCode % 81) * 3 + (i + 2 < n ? (infos[i + 2]!.cap ? 1 : 0) : 2);
    const window = windowCode * T;
    const h = ((prev + 1) * (T + 1) + prev2 + 1) * T;
    // the history features of the token: after an O (so i > 0) in the words' sums; otherwise the edge block's
    // AFTER_O and AFTER_O_AS_M1, which are zero, stand in and the four features are looked up
    let afterO = EDGE_BLOCK + AFTER_O;
    let afterOBefore = EDGE_BLOCK + AFTER_O;
    let afterONext = EDGE_BLOCK + AFTER_O;
    if (prev === 0) {
      afterO = blocks[i]! + AFTER_O;
      afterOBefore = blocks[i - 1]! + AFTER_O_AS_M1;
      afterONext = (i + 1 < n ? blocks[i + 1]! : EDGE_BLOCK) + AFTER_O_AS_P1;
    } else {
      tokenHistoryFeatures(hist, 0, feats, i, prev);
      weights.addRows(hist, 0, 4, stat, at);
    }
    let ownTag = PASS1_ZERO_ROW;
    let aroundTags = PASS1_ZERO_ROW;
    if (pass1Tags) {
      ownTag = PASS1_OWN + pass1Tags[i]! * T;
      aroundTags = PASS1_AROUND + ((i > 0 ? pass1Tags[i - 1]! : T) * (T + 1) + (i + 1 < n ? pass1Tags[i + 1]! : T)) * T;
    }
    const list = (i === n - 1 ? T + 1 : 0) + prev + 1;
    const end = NEXT_FROM[list + 1]!;
    let best = -1;
    let bestScore = 0;
    for (let k = NEXT_FROM[list]!; k < end; k++) {
      const t = NEXT_TAGS[k]!;
      const score = stat[at + t]! + tagHistory[h + t]! + words[own + t]! + words[m1 + t]! + words[m2 + t]! + words[p1 + t]! + words[p2 + t]! +
        pairSums[shapeBefore + t]! + pairSums[shapeAfter + t]! + windows[window + t]! +
        words[afterO + t]! + words[afterOBefore + t]! + words[afterONext + t]! + tagTables[ownTag + t]! + tagTables[aroundTags + t]!;
      if (best < 0 || score > bestScore) {
        bestScore = score;
        best = t;
      }
    }
    out[i] = best;
    prev2 = prev;
    prev = best;
  }
}


/**
 * Prunes and quantises averaged weights to int16 over one scale (the largest weight): greedy decoding is sensitive
 * to small score changes, and int8 (linear per row, or logarithmic) cost 0.3-1.5 F1 on eng.testa where int16 costs
 * nothing measurable. Rows whose largest weight is below `minWeight` are dropped.
 */
export function packWeights(avg: Float32Array, minWeight: number): { rows: Uint32Array; weights: Int16Array; scale: number } {
  const nRows = avg.length / T;
  const rowMax = new Float32Array(nRows);
  for (let i = 0; i < avg.length; i++) {
    const v = avg[i]!;
    const a = v < 0 ? -v : v;
    const r = (i / T) | 0;
    if (a > rowMax[r]!) rowMax[r] = a;
  }
  let kept = 0;
  let maxAbs = 0;
  for (let r = 0; r < nRows; r++) {
    const m = rowMax[r]!;
    if (m > 0 && m >= minWeight) {
      kept++;
      if (m > maxAbs) maxAbs = m;
    }
  }
  const rows = new Uint32Array(kept);
  const scale = maxAbs / 32767 || 1;
  const weights = new Int16Array(kept * T);
  let k = 0;
  for (let r = 0; r < nRows; r++) {
    const m = rowMax[r]!;
    if (!(m > 0 && m >= minWeight)) continue;
    rows[k] = r;
    for (let t = 0; t < T; t++) weights[k * T + t] = Math.round(avg[r * T + t]! / scale);
    k++;
  }
  return { rows, weights, scale };
}
