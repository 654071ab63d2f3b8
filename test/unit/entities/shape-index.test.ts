// In a file of its own: it uses up the shape indexes of the module, which stays that way for the process.
import { TAG_COUNT } from '../../../src/entities/bilou.js';
import { MAX_SHAPES, shapeIndexOf, wordInfo, type TaggerDocument } from '../../../src/entities/features.js';
import { DecodeScratch, decodePacked, PackedWeights, type Scorer } from '../../../src/entities/perceptron.js';
import { staticFeatures, tagDocument } from '../../../src/entities/sequence-tagger.js';
import { seededRandom } from '../../../src/entities/train-tagger.js';

test('past MAX_SHAPES shapes a word has no shape index, and its sentence is decoded the general way, to the same tags', () => {
  const known = shapeIndexOf('Xx');
  for (let i = 0; shapeIndexOf(`shape-${i}`) >= 0; i++) expect(i).toBeLessThan(MAX_SHAPES);
  expect(shapeIndexOf('Xx')).toBe(known);
  expect(shapeIndexOf('brand-new shape')).toBe(-1);
  const doc: TaggerDocument = [{ tokens: ['Talks', 'in', 'Geneva', 'on', '12:30/45+7', 'ended', '.'] }];
  const [feats] = staticFeatures(doc, undefined);
  expect(wordInfo('12:30/45+7').shapeIndex).toBe(-1);
  // random rows for every id of the sentence
  const random = seededRandom(3);
  const ids = [...new Set(feats!.ids)].sort((a, b) => a - b);
  const entries = ids.map(() => ((Math.floor(random() * 4000) - 2000) << 8) | Math.floor(random() * TAG_COUNT));
  const weights = PackedWeights.fromSparse(ids, ids.map(() => 1), Int32Array.from(entries));
  const n = feats!.infos.length;
  const scratch = new DecodeScratch();
  expect(decodePacked(weights, feats!, new Uint8Array(n), scratch)).toBe(false);
  // both passes through the packed weights (each falls back for this sentence) against the same weights as a plain
  // scorer, which only the general decoder takes
  const plain: Scorer = { addScores: weights.addScores.bind(weights) };
  const viaFallback = tagDocument(doc, undefined, weights, weights, scratch);
  const general = tagDocument(doc, undefined, plain, plain, new DecodeScratch());
  expect(viaFallback.map((t) => [...t])).toEqual(general.map((t) => [...t]));
});
