// Scores the tagger on a labelled CoNLL-2003 file: entity-level P/R/F1 per type (exact spans) and the tagging
// speed, timed over tagging alone (model loading and file parsing excluded).
import { spansFromBilou, spansFromIob } from './bilou.js';
import { conllTaggerDocument, parseConll } from './conll.js';
import { EntityScorer, type EntityScores } from './evaluate.js';
import { loadModel } from './load-model.js';
import { DecodeScratch } from './perceptron.js';
import { tagDocument } from './sequence-tagger.js';

export interface ConllEvaluation {
  model: string;
  tokens: number;
  documents: number;
  /** Seconds spent tagging (both passes, features included). */
  seconds: number;
  tokensPerSecond: number;
  /** CPU seconds of the process over the same span (steadier than wall time on a shared machine). */
  cpuSeconds: number;
  tokensPerCpuSecond: number;
  scores: EntityScores;
}

export function evaluateConll(text: string, modelPath?: string): ConllEvaluation {
  const model = loadModel(modelPath);
  const { documents } = parseConll(text);
  const docs = documents.map((d) => ({ doc: conllTaggerDocument(d), gold: d.sentences.map((s) => s.lastColumn) }));
  const scratch = new DecodeScratch();
  // one untimed document first, so the figure is the steady state rather than the JIT warming up
  if (docs[0]) tagDocument(docs[0].doc, model.gazetteer, model.pass1, model.pass2, scratch);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const predicted = docs.map(({ doc }) => tagDocument(doc, model.gazetteer, model.pass1, model.pass2, scratch));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const scorer = new EntityScorer();
  let tokens = 0;
  docs.forEach(({ gold }, d) =>
    gold.forEach((tags, s) => {
      tokens += tags.length;
      scorer.add(spansFromIob(tags), spansFromBilou(predicted[d]![s]!));
    }),
  );
  return { model: model.header.version, tokens, documents: docs.length, seconds, tokensPerSecond: Math.round(tokens / seconds), cpuSeconds, tokensPerCpuSecond: Math.round(tokens / cpuSeconds), scores: scorer.scores() };
}
