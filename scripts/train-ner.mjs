#!/usr/bin/env node
// npm run train:ner — trains the entity tagger on CoNLL-2003 eng.train, reports F1 on eng.testa after every epoch,
// and writes models/ner/model.bin.gz. Reproducible: fixed seed, fixed epoch count, sorted gazetteers.
// Usage: node scripts/train-ner.mjs [--train FILE] [--dev FILE] [--epochs N] [--seed N] [--folds N] [--bags N] [--out FILE]
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { parseConll, conllTaggerDocument } from '../dist/src/entities/conll.js';
import { Gazetteer } from '../dist/src/entities/gazetteer.js';
import { trainTagger, evaluate } from '../dist/src/entities/train-tagger.js';
import { packWeights } from '../dist/src/entities/perceptron.js';
import { encodeModel, decodeModel } from '../dist/src/entities/model-file.js';
import { tagDocument } from '../dist/src/entities/sequence-tagger.js';
import { bilouFromSpans, spansFromIob } from '../dist/src/entities/bilou.js';
import { buildGazetteers } from './ner-gazetteers.mjs';

const { values } = parseArgs({
  options: {
    train: { type: 'string', default: '../shared/corpus/ner/conll2003/eng.train' },
    dev: { type: 'string', default: '../shared/corpus/ner/conll2003/eng.testa' },
    epochs: { type: 'string', default: '6' },
    seed: { type: 'string', default: '20261124' },
    folds: { type: 'string', default: '4' },
    bags: { type: 'string', default: '1' },
    'min-weight': { type: 'string', default: '0.15' },
    out: { type: 'string', default: 'models/ner/model.bin.gz' },
  },
});
const started = Date.now();
const log = (line) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${line}`);

function readLabelled(file) {
  if (!fs.existsSync(file)) {
    console.error(`train-ner: ${file} not found (the CoNLL-2003 corpus lives in ../shared/corpus/ner/conll2003)`);
    process.exit(2);
  }
  return parseConll(fs.readFileSync(file, 'utf8')).documents.map((d) => ({
    doc: conllTaggerDocument(d),
    gold: d.sentences.map((s) => s.lastColumn),
  }));
}

const { gazetteers, aliases, sources } = buildGazetteers();
const gazetteer = new Gazetteer(gazetteers);
log(`gazetteers: ${Object.entries(gazetteers).map(([k, v]) => `${k} ${v.length}`).join(', ')} (${gazetteer.size} phrases)`);
const train = readLabelled(values.train);
const dev = readLabelled(values.dev);
const count = (docs) => docs.reduce((n, d) => n + d.gold.reduce((m, s) => m + s.length, 0), 0);
log(`train ${train.length} documents, ${count(train)} tokens; dev ${dev.length} documents, ${count(dev)} tokens`);

const epochs = Number(values.epochs);
const seed = Number(values.seed);
const folds = Number(values.folds);
const bags = Number(values.bags);
const trained = trainTagger({ train, dev, gazetteer, epochs, seed, folds, bags, log });

const minWeight = Number(values['min-weight']);
const passes = [packWeights(trained.pass1, minWeight), packWeights(trained.pass2, minWeight)];
const digest = createHash('sha256');
for (const p of passes) digest.update(p.weights).update(Buffer.from(p.rows.buffer));
const version = `ner-ap2-${digest.digest('hex').slice(0, 10)}`;
const pct = (x) => Math.round(x * 1000) / 10;
const summary = (s) => Object.fromEntries(Object.entries(s).map(([k, v]) => [k, { p: pct(v.precision), r: pct(v.recall), f1: pct(v.f1) }]));
const seconds = Math.round((Date.now() - started) / 1000);
const gazetteerPhrases = Object.fromEntries(Object.entries(gazetteers).map(([k, v]) => [k, v.length]));
let bytes = encodeModel(
  { version, aliases, training: { corpus: 'CoNLL-2003 eng.train', epochs, seed, folds, bags, minWeight, seconds, gazetteerSources: sources, gazetteerPhrases, devFloat: summary(trained.dev) } },
  passes,
  gazetteer,
);

// evaluate the model exactly as shipped (pruned, quantised) and record its figures
const model = decodeModel(bytes);
const devPrepared = dev.map(({ doc, gold }) => ({ doc, gold: gold.map((t) => bilouFromSpans(spansFromIob(t), t.length)) }));
const devShipped = evaluate(devPrepared, (p) => tagDocument(p.doc, model.gazetteer, model.passes[0], model.passes[1]));
bytes = encodeModel(
  { version, aliases, training: { ...model.header.training, dev: summary(devShipped) } },
  passes,
  gazetteer,
);
fs.mkdirSync(path.dirname(values.out), { recursive: true });
fs.writeFileSync(values.out, bytes);
log(`rows kept: pass 1 ${passes[0].rows.length}, pass 2 ${passes[1].rows.length}`);
for (const t of ['PER', 'ORG', 'LOC', 'MISC', 'PER+ORG+LOC', 'all']) {
  const s = devShipped[t];
  log(`dev (shipped model) ${t.padEnd(11)} P=${pct(s.precision)} R=${pct(s.recall)} F1=${pct(s.f1)}`);
}
log(`wrote ${values.out}: ${version}, ${(bytes.length / 1048576).toFixed(2)} MB, training ${seconds} s`);
