// Training of the two-pass tagger (used by scripts/train-ner.mjs): averaged perceptron, shuffled epochs with a fixed
// seed; pass 2 learns from pass-1 predictions made by models that did not see the document (k-fold jackknife), so
// it learns how far pass 1 can be trusted rather than copying it.
import { bilouFromSpans, spansFromBilou, spansFromIob } from './bilou.js';
import { EntityScorer, type EntityScores } from './evaluate.js';
import type { TaggerDocument, TokenFeatures } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import { DecodeScratch, decodeSentence, DenseWeights, TrainingWeights, type Scorer } from './perceptron.js';
import { decodeAll, secondPassFeatures, staticFeatures } from './sequence-tagger.js';

export interface LabelledDocument {
  doc: TaggerDocument;
  /** Gold tags (IOB1 or IOB2) per sentence. */
  gold: string[][];
}

interface Prepared {
  doc: TaggerDocument;
  gold: number[][];
  base: TokenFeatures[];
}

export interface TrainOptions {
  train: LabelledDocument[];
  dev: LabelledDocument[];
  gazetteer: Gazetteer;
  epochs: number;
  seed: number;
  folds: number;
  /** Final passes are the sum of this many perceptrons trained on differently shuffled epochs (default 1). */
  bags?: number;
  log?: (line: string) => void;
}

export interface TrainedTagger {
  pass1: Float32Array;
  pass2: Float32Array;
  dev: EntityScores;
  devPass1: EntityScores;
}

/** mulberry32: a small seeded generator, so a training run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function prepare(docs: readonly LabelledDocument[], gazetteer: Gazetteer): Prepared[] {
  return docs.map(({ doc, gold }) => ({
    doc,
    gold: gold.map((tags) => bilouFromSpans(spansFromIob(tags), tags.length)),
    base: staticFeatures(doc, gazetteer),
  }));
}

/** Trains one pass over the given sentences' features; returns the averaged weights. */
function trainPass(
  sentences: { feats: TokenFeatures; gold: number[] }[],
  epochs: number,
  random: () => number,
  onEpoch: false | ((epoch: number, weights: DenseWeights, errors: number, tokens: number) => void),
): Float32Array {
  const learner = new TrainingWeights();
  const scratch = new DecodeScratch();
  const order = sentences.map((_, i) => i);
  const out = new Uint8Array(256);
  for (let e = 1; e <= epochs; e++) {
    shuffle(order, random);
    let errors = 0;
    let tokens = 0;
    for (const i of order) {
      const s = sentences[i]!;
      const buf = s.gold.length <= out.length ? out : new Uint8Array(s.gold.length);
      errors += decodeSentence(learner, s.feats, buf, scratch, s.gold, learner);
      tokens += s.gold.length;
    }
    if (onEpoch) onEpoch(e, new DenseWeights(learner.averaged()), errors, tokens);
  }
  return learner.averaged();
}

export function evaluate(prepared: readonly Prepared[], predict: (p: Prepared) => Uint8Array[]): EntityScores {
  const scorer = new EntityScorer();
  for (const p of prepared) {
    const tags = predict(p);
    p.gold.forEach((g, i) => scorer.add(spansFromBilou(g), spansFromBilou(tags[i]!)));
  }
  return scorer.scores();
}

const f1 = (s: EntityScores) => `PER+ORG+LOC F1 ${(100 * s['PER+ORG+LOC'].f1).toFixed(2)} (PER ${(100 * s.PER.f1).toFixed(1)}, ORG ${(100 * s.ORG.f1).toFixed(1)}, LOC ${(100 * s.LOC.f1).toFixed(1)}, MISC ${(100 * s.MISC.f1).toFixed(1)})`;

/** Several perceptrons over different shuffles, summed: a cheap ensemble with the size of one model. */
function trainBagged(
  sentences: { feats: TokenFeatures; gold: number[] }[],
  epochs: number,
  random: () => number,
  bags: number,
  onEpoch: Parameters<typeof trainPass>[3],
): Float32Array {
  const sum = trainPass(sentences, epochs, random, onEpoch);
  for (let b = 1; b < bags; b++) {
    const w = trainPass(sentences, epochs, random, false);
    for (let i = 0; i < sum.length; i++) sum[i]! += w[i]!;
  }
  return sum;
}

export function trainTagger(options: TrainOptions): TrainedTagger {
  const bags = options.bags ?? 1;
  const { epochs, seed, folds, gazetteer } = options;
  const log = options.log ?? (() => {});
  // per-epoch dev figures cost an averaged copy of the weights each: only when someone reads them
  const watch = options.log !== undefined;
  const random = seededRandom(seed);
  const train = prepare(options.train, gazetteer);
  const dev = prepare(options.dev, gazetteer);
  const sentencesOf = (docs: readonly Prepared[], feats: (p: Prepared) => TokenFeatures[]) =>
    docs.flatMap((p) => {
      const f = feats(p);
      return p.gold.map((gold, i) => ({ feats: f[i]!, gold })).filter((s) => s.gold.length > 0);
    });

  // pass 1 on everything
  log(`pass 1: ${train.length} documents, ${epochs} epochs`);
  const pass1 = trainBagged(sentencesOf(train, (p) => p.base), epochs, random, bags, watch && ((e, w, errors, tokens) => {
    log(`  pass 1 epoch ${e}: train errors ${((100 * errors) / tokens).toFixed(2)}%, dev ${f1(evaluate(dev, (p) => decodeAll(w, p.base)))}`);
  }));
  const pass1Scorer = new DenseWeights(pass1);
  const devPass1Tags = dev.map((p) => decodeAll(pass1Scorer, p.base));
  const devPass1 = evaluate(dev, (p) => devPass1Tags[dev.indexOf(p)]!);

  // pass-1 predictions on the training documents from models that did not see them
  const foldOf = train.map((_, i) => i % folds);
  const trainPass1Tags: Uint8Array[][] = new Array(train.length);
  for (let k = 0; k < folds; k++) {
    const w = new DenseWeights(trainPass(sentencesOf(train.filter((_, i) => foldOf[i] !== k), (p) => p.base), epochs, random, false));
    train.forEach((p, i) => {
      if (foldOf[i] === k) trainPass1Tags[i] = decodeAll(w, p.base);
    });
    log(`  jackknife fold ${k + 1}/${folds} done`);
  }

  // pass 2
  const train2 = new Map(train.map((p, i) => [p, secondPassFeatures(p.doc, p.base, trainPass1Tags[i]!)]));
  const dev2 = new Map(dev.map((p, i) => [p, secondPassFeatures(p.doc, p.base, devPass1Tags[i]!)]));
  log(`pass 2: ${epochs} epochs`);
  const pass2 = trainBagged(sentencesOf(train, (p) => train2.get(p)!), epochs, random, bags, watch && ((e, w, errors, tokens) => {
    log(`  pass 2 epoch ${e}: train errors ${((100 * errors) / tokens).toFixed(2)}%, dev ${f1(evaluate(dev, (p) => decodeAll(w, dev2.get(p)!)))}`);
  }));
  const pass2Scorer: Scorer = new DenseWeights(pass2);
  const devScores = evaluate(dev, (p) => decodeAll(pass2Scorer, dev2.get(p)!));
  log(`dev (float weights): ${f1(devScores)}`);
  return { pass1, pass2, dev: devScores, devPass1 };
}
