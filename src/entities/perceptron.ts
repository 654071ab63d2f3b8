// The tagger's model: a linear scorer over hashed features (one weight row per feature, one column per BILOU tag)
// and the greedy left-to-right decoder that keeps BILOU sequences well formed. Training weights (averaged
// perceptron, lazily averaged) and the packed int8 weights shipped in the model file share the decoder.
import { allowed, prefixOf, TAG_COUNT } from './bilou.js';
import { HASH_BITS, HISTORY_FEATURES, historyFeatures, tagHistoryFeatures, tokenHistoryFeatures, type TokenFeatures, type WordInfo } from './features.js';

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

/** Cache slots of PackedWeights instances in WordInfo.scores. */
let nextCacheSlot = 0;

/**
 * Pruned weights as shipped, sparse: a row has 3 non-zero tag weights on average out of 17, so each row keeps only
 * those, as (int16 weight << 8 | tag) entries. One scale per pass (the argmax does not care), so scores stay
 * integers (Int32 sums, no float conversions), and a whole pass fits in a few megabytes.
 */
export class PackedWeights implements Scorer {
  private readonly mask: number;
  /** Where this scorer caches word sums in WordInfo.scores. */
  private readonly cacheSlot = nextCacheSlot++;
  /** Scores of the two history features that depend on the previous two tags only, per (prev, prev2). */
  private tagHistory: Int32Array | undefined;

  constructor(
    /**
     * Open-addressing table over the feature ids that have weights, two ints per slot: the feature id (-1: empty)
     * and its row (first entry | entry count << 26). Sized to the rows, not to the hash space, so it stays small.
     */
    readonly table: Int32Array,
    /** entries: weight << 8 | tag */
    readonly entries: Int32Array,
  ) {
    this.mask = table.length / 2 - 1;
  }

  /** Builds the table from the rows' feature ids, their entry counts and the entries (weight << 8 | tag). */
  static fromSparse(rows: ArrayLike<number>, counts: ArrayLike<number>, entries: Int32Array): PackedWeights {
    let slots = 1024;
    while (slots < rows.length * 1.6) slots *= 2;
    const table = new Int32Array(slots * 2).fill(-1);
    const mask = slots - 1;
    let e = 0;
    for (let r = 0; r < rows.length; r++) {
      const id = rows[r]!;
      let slot = slotOf(id, mask);
      while (table[slot * 2] !== -1) slot = (slot + 1) & mask;
      table[slot * 2] = id;
      table[slot * 2 + 1] = e | (counts[r]! << 26);
      e += counts[r]!;
    }
    return new PackedWeights(table, entries);
  }

  /** Adds the (integer) weights of features ids[from..to) to out[at..at + T). */
  addRows(ids: Int32Array, from: number, to: number, out: Int32Array, at: number): void {
    const entries = this.entries;
    const table = this.table;
    const mask = this.mask;
    for (let k = from; k < to; k++) {
      const id = ids[k]!;
      let slot = slotOf(id, mask);
      let key = table[slot * 2]!;
      while (key !== id && key !== -1) {
        slot = (slot + 1) & mask;
        key = table[slot * 2]!;
      }
      if (key === -1) continue;
      const row = table[slot * 2 + 1]!;
      const first = row & 0x3ffffff;
      const end = first + (row >>> 26);
      for (let e = first; e < end; e++) {
        const x = entries[e]!;
        out[at + (x & 0xff)]! += x >> 8;
      }
    }
  }

  addScores(ids: Int32Array, from: number, to: number, out: Float64Array): void {
    const sum = new Int32Array(T);
    this.addRows(ids, from, to, sum, 0);
    for (let t = 0; t < T; t++) out[t]! += sum[t]!;
  }

  /** Adds the scores of a word's own features (summed once per word and scorer, cached on the word). */
  addWordScores(info: WordInfo, out: Int32Array, at: number): void {
    let sum = info.scores[this.cacheSlot];
    if (!sum) {
      sum = new Int32Array(T);
      this.addRows(info.ids, 0, info.ids.length, sum, 0);
      info.scores[this.cacheSlot] = sum;
    }
    for (let t = 0; t < T; t++) out[at + t]! += sum[t]!;
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

/** Scratch buffers reused across sentences. */
export class DecodeScratch {
  readonly scores = new Float64Array(T);
  readonly history = new Int32Array(HISTORY_FEATURES);
  readonly intScores = new Int32Array(T);
  private tokenScores = new Int32Array(256 * T);

  /** Room for the static scores of n tokens (zeroed). */
  staticScores(n: number): Int32Array {
    if (this.tokenScores.length < n * T) this.tokenScores = new Int32Array(n * T * 2);
    this.tokenScores.fill(0, 0, n * T);
    return this.tokenScores;
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
  if (scorer instanceof PackedWeights && !gold) {
    decodePacked(scorer, feats, out, scratch);
    return 0;
  }
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

/**
 * decodeSentence with the shipped weights: the same decisions, in integers. The tag-independent part of every
 * token's scores is summed first (independent lookups the CPU can overlap), then the greedy pass adds the history
 * features: two from a per-(prev, prev2) table, four looked up.
 */
export function decodePacked(weights: PackedWeights, feats: TokenFeatures, out: Uint8Array, scratch: DecodeScratch): void {
  const n = feats.start.length - 1;
  const stat = scratch.staticScores(n);
  const ids = feats.ids;
  const start = feats.start;
  const infos = feats.infos;
  for (let i = 0; i < n; i++) {
    weights.addWordScores(infos[i]!, stat, i * T);
    weights.addRows(ids, start[i]!, start[i + 1]!, stat, i * T);
  }
  const tagHistory = weights.tagHistoryScores();
  const hist = scratch.history;
  const scores = scratch.intScores;
  let prev = -1;
  let prev2 = -1;
  for (let i = 0; i < n; i++) {
    const at = i * T;
    const h = ((prev + 1) * (T + 1) + prev2 + 1) * T;
    for (let t = 0; t < T; t++) scores[t] = stat[at + t]! + tagHistory[h + t]!;
    tokenHistoryFeatures(hist, 0, feats, i, prev);
    weights.addRows(hist, 0, 4, scores, 0);
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
