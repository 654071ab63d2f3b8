import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { conllTaggerDocument, parseConll } from '../../../src/entities/conll.js';
import { Gazetteer } from '../../../src/entities/gazetteer.js';
import { sourceStamp, UNPACKED_FROM, unpackedCopyOr } from '../../../src/entities/load-model.js';
import { decodeModel, encodeModel } from '../../../src/entities/model-file.js';
import { DenseWeights, packWeights } from '../../../src/entities/perceptron.js';
import { tagDocument } from '../../../src/entities/sequence-tagger.js';
import { seededRandom, trainTagger } from '../../../src/entities/train-tagger.js';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';

const docs = parseConll(fs.readFileSync(path.join(fixturesDir, 'ner', 'tiny.conll'), 'utf8')).documents.map((d) => ({
  doc: conllTaggerDocument(d),
  gold: d.sentences.map((s) => s.lastColumn),
}));
const gazetteer = new Gazetteer({ country: ['Switzerland'], city: ['Miami'] });

describe('training the tagger', () => {
  // the same documents for training and dev: a perceptron that cannot fit 60 tokens is broken
  const trained = trainTagger({ train: docs, dev: docs, gazetteer, epochs: 8, seed: 7, folds: 2 });

  test('fits its training data', () => {
    expect(trained.devPass1['all'].f1).toBeGreaterThan(0.95);
    // pass 2 learns from pass-1 predictions of models that did not see the document: on two documents, rougher
    expect(trained.dev['all'].f1).toBeGreaterThan(0.85);
  });

  test('is reproducible with a fixed seed', () => {
    const again = trainTagger({ train: docs, dev: docs, gazetteer, epochs: 8, seed: 7, folds: 2 });
    expect(Buffer.from(again.pass2.buffer).equals(Buffer.from(trained.pass2.buffer))).toBe(true);
    const r = seededRandom(1);
    expect([r(), r()]).toEqual((() => { const s = seededRandom(1); return [s(), s()]; })());
  });

  test('the packed model file tags as the float weights do', () => {
    const passes = [packWeights(trained.pass1, 0), packWeights(trained.pass2, 0)];
    const bytes = encodeModel({ version: 'test-1', aliases: { 'u.s.': 'United States' }, training: {} }, passes, gazetteer);
    const model = decodeModel(bytes);
    expect(model.header.version).toBe('test-1');
    expect(model.header.aliases['u.s.']).toBe('United States');
    expect(model.gazetteer.writtenAs('MIAMI')).toBe('Miami');
    for (const { doc } of docs) {
      const packed = tagDocument(doc, model.gazetteer, model.passes[0]!, model.passes[1]!);
      const dense = tagDocument(doc, gazetteer, new DenseWeights(trained.pass1), new DenseWeights(trained.pass2));
      expect(packed.map((t) => [...t])).toEqual(dense.map((t) => [...t]));
    }
  });

  test('the unpacked copy the build writes reads as the same model as the gzipped file', () => {
    const passes = [packWeights(trained.pass1, 0), packWeights(trained.pass2, 0)];
    const bytes = encodeModel({ version: 'test-2', aliases: {}, training: {} }, passes, gazetteer);
    const raw = zlib.gunzipSync(bytes);
    // also at an offset that is not a multiple of 4, as a Buffer from a pool may be
    const unaligned = Buffer.alloc(raw.length + 1).subarray(1);
    raw.copy(unaligned);
    for (const copy of [raw, unaligned]) {
      const a = decodeModel(bytes);
      const b = decodeModel(copy, { gzipped: false });
      expect(b.header).toEqual(a.header);
      for (const { doc } of docs) {
        expect(tagDocument(doc, b.gazetteer, b.passes[0]!, b.passes[1]!).map((t) => [...t])).toEqual(tagDocument(doc, a.gazetteer, a.passes[0]!, a.passes[1]!).map((t) => [...t]));
      }
    }
  });

  test('the unpacked copy is read only while the shipped model is the file it was unpacked from', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-model-'));
    try {
      const shipped = path.join(dir, 'model.bin.gz');
      const copy = path.join(dir, 'model.bin');
      fs.writeFileSync(shipped, 'x');
      expect(unpackedCopyOr(copy, shipped)).toBe(shipped); // no copy
      fs.writeFileSync(copy, 'x');
      expect(unpackedCopyOr(copy, shipped)).toBe(shipped); // a copy without its stamp
      fs.writeFileSync(copy + UNPACKED_FROM, JSON.stringify(sourceStamp(shipped)));
      expect(unpackedCopyOr(copy, shipped)).toBe(copy);
      fs.utimesSync(shipped, new Date(1_000_000), new Date(1_000_000)); // replaced by an older file (cp -p, tar x)
      expect(unpackedCopyOr(copy, shipped)).toBe(shipped);
      fs.writeFileSync(copy + UNPACKED_FROM, JSON.stringify(sourceStamp(shipped)));
      fs.writeFileSync(shipped, 'xy'); // retrained
      expect(unpackedCopyOr(copy, shipped)).toBe(shipped);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file that is not a model is refused', () => {
    const json = Buffer.from('{"format":"something-else"}');
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    expect(() => decodeModel(zlib.gzipSync(Buffer.concat([length, json])))).toThrow(/not a copydesk entity model/);
  });
});
