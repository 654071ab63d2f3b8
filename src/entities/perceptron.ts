// The tagger's model: a linear scorer over hashed features (one weight row per feature, one column per BILOU tag)
// and the greedy left-to-right decoder that keeps BILOU sequences well formed. Training weights (averaged
// perceptron, lazily averaged) and the packed int8 weights shipped in the model file share the decoder.
import { allowed, prefixOf, TAG_COUNT } from './bilou.js';
import { HASH_BITS, HISTORY_FEATURES, historyFeatures, type TokenFeatures } from './features.js';

export interface Scorer {
  /** Adds the weights of features ids[0..n) to out (TAG_COUNT scores). */
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
    this.weights = new Float32Array((1 << hashBits) * TAG_COUNT);
    this.stepWeighted = new Float64Array((1 << hashBits) * TAG_COUNT);
  }

  addScores(ids: Int32Array, n: number, out: Float64Array): void {
    const w = this.weights;
    for (let k = 0; k < n; k++) {
      const base = ids[k]! * TAG_COUNT;
      for (let t = 0; t < TAG_COUNT; t++) out[t]! += w[base + t]!;
    }
  }

  addWordScores(_word: string, ids: Int32Array, out: Float64Array): void {
    this.addScores(ids, ids.length, out);
  }

  update(ids: Int32Array, n: number, tag: number, delta: number): void {
    const c = this.step * delta;
    for (let k = 0; k < n; k++) {
      const i = ids[k]! * TAG_COUNT + tag;
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
      const base = ids[k]! * TAG_COUNT;
      for (let t = 0; t < TAG_COUNT; t++) out[t]! += w[base + t]!;
    }
  }
}

/**
 * Pruned weights as shipped, kept as the int16 steps of the file (one scale per pass: the argmax does not care),
 * so a row is 34 bytes and the whole pass stays small enough for the CPU caches to help.
 */
export class PackedWeights implements Scorer {
  constructor(
    /** hash row → offset of its weights in `weights` (row index × TAG_COUNT), or -1 */
    readonly offsetOf: Int32Array,
    readonly weights: Int16Array,
  ) {}

  /** Sums of each word's own features, cached (bounded): most tokens of a text are words seen before. */
  private readonly wordScores = new Map<string, Float64Array>();

  addWordScores(word: string, ids: Int32Array, out: Float64Array): void {
    let sum = this.wordScores.get(word);
    if (!sum) {
      sum = new Float64Array(TAG_COUNT);
      this.addScores(ids, ids.length, sum);
      if (this.wordScores.size >= 100_000) this.wordScores.clear();
      this.wordScores.set(word, sum);
    }
    for (let t = 0; t < TAG_COUNT; t++) out[t]! += sum[t]!;
  }

  addScores(ids: Int32Array, n: number, out: Float64Array): void {
    const w = this.weights;
    const offsetOf = this.offsetOf;
    for (let k = 0; k < n; k++) {
      const base = offsetOf[ids[k]!]!;
      if (base < 0) continue;
      for (let t = 0; t < TAG_COUNT; t++) out[t]! += w[base + t]!;
    }
  }
}

/** ALLOWED[(prev + 1) * TAG_COUNT + next]: 1 when `next` may follow `prev` (-1: sentence start). */
const ALLOWED = new Uint8Array((TAG_COUNT + 1) * TAG_COUNT);
/** May the tag end a sentence (O, L, U)? */
const CLOSES = new Uint8Array(TAG_COUNT);
for (let prev = -1; prev < TAG_COUNT; prev++) for (let t = 0; t < TAG_COUNT; t++) ALLOWED[(prev + 1) * TAG_COUNT + t] = allowed(prev, t) ? 1 : 0;
for (let t = 0; t < TAG_COUNT; t++) CLOSES[t] = prefixOf(t) === 'B' || prefixOf(t) === 'I' ? 0 : 1;

/** Scratch buffers reused across sentences. */
export class DecodeScratch {
  readonly scores = new Float64Array(TAG_COUNT);
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
    const row = (prev + 1) * TAG_COUNT;
    let best = -1;
    let bestScore = -Infinity;
    for (let t = 0; t < TAG_COUNT; t++) {
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
  const T = TAG_COUNT;
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
