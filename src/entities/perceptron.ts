// The tagger's model: a linear scorer over hashed features (one weight row per feature, one column per BILOU tag)
// and the greedy left-to-right decoder that keeps BILOU sequences well formed. Training weights (averaged
// perceptron, lazily averaged) and the packed int8 weights shipped in the model file share the decoder.
import { allowed, prefixOf, TAG_COUNT } from './bilou.js';
import { HASH_BITS, HISTORY_FEATURES, historyFeatures, type TokenFeatures } from './features.js';

// A module-local constant, not the imported binding: V8 checks an imported `const` on every use in a hot loop.
const T = 17;
if (T !== TAG_COUNT) throw new Error('perceptron: tag count changed');

export interface Scorer {
  /** Adds the weights of features ids[0..n) to out (T scores). */
  addScores(ids: Int32Array, n: number, out: Float64Array): void;
  /** Adds the weights of a word's own features (the same for every occurrence: a scorer may cache the sum). */
  addWordScores(word: string, ids: Int32Array, out: Float64Array): void;
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

  addScores(ids: Int32Array, n: number, out: Float64Array): void {
    const w = this.weights;
    for (let k = 0; k < n; k++) {
      const base = ids[k]! * T;
      for (let t = 0; t < T; t++) out[t]! += w[base + t]!;
    }
  }

  addWordScores(_word: string, ids: Int32Array, out: Float64Array): void {
    this.addScores(ids, ids.length, out);
  }

  update(ids: Int32Array, n: number, tag: number, delta: number): void {
    const c = this.step * delta;
    for (let k = 0; k < n; k++) {
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
  addWordScores(_word: string, ids: Int32Array, out: Float64Array): void {
    this.addScores(ids, ids.length, out);
  }
  addScores(ids: Int32Array, n: number, out: Float64Array): void {
    const w = this.weights;
    for (let k = 0; k < n; k++) {
      const base = ids[k]! * T;
      for (let t = 0; t < T; t++) out[t]! += w[base + t]!;
    }
  }
}

/**
 * Pruned weights as shipped, sparse: a row has 3 non-zero tag weights on average out of 17, so each row keeps only
 * those, as (int16 weight << 8 | tag) entries. One scale per pass (the argmax does not care), so scores stay
 * integers, and a whole pass fits in about a megabyte that the CPU caches can hold.
 */
export class PackedWeights implements Scorer {
  private readonly mask: number;

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

  addScores(ids: Int32Array, n: number, out: Float64Array): void {
    const entries = this.entries;
    const table = this.table;
    const mask = this.mask;
    for (let k = 0; k < n; k++) {
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
        out[x & 0xff]! += x >> 8;
      }
    }
  }

  /** Sums of each word's own features, cached (bounded): most tokens of a text are words seen before. */
  private readonly wordScores = new Map<string, Float64Array>();

  addWordScores(word: string, ids: Int32Array, out: Float64Array): void {
    let sum = this.wordScores.get(word);
    if (!sum) {
      sum = new Float64Array(T);
      this.addScores(ids, ids.length, sum);
      if (this.wordScores.size >= 100_000) this.wordScores.clear();
      this.wordScores.set(word, sum);
    }
    for (let t = 0; t < T; t++) out[t]! += sum[t]!;
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
  const n = feats.ids.length;
  const scores = scratch.scores;
  const hist = scratch.history;
  let prev = -1;
  let prev2 = -1;
  let errors = 0;
  for (let i = 0; i < n; i++) {
    const ids = feats.ids[i]!;
    const wordIds = feats.wordIds[i]!;
    scores.fill(0);
    scorer.addWordScores(feats.words[i]!, wordIds, scores);
    scorer.addScores(ids, ids.length, scores);
    historyFeatures(hist, feats, i, prev, prev2);
    scorer.addScores(hist, HISTORY_FEATURES, scores);
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
          learner.update(wordIds, wordIds.length, g, 1);
          learner.update(ids, ids.length, g, 1);
          learner.update(hist, HISTORY_FEATURES, g, 1);
          learner.update(wordIds, wordIds.length, best, -1);
          learner.update(ids, ids.length, best, -1);
          learner.update(hist, HISTORY_FEATURES, best, -1);
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
