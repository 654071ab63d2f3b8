import { TAG_COUNT } from '../../../src/entities/bilou.js';
import {
  END_NEIGHBOUR_IDS, historyFeatures, pass1Evidence, pass2Features, setWordCacheLimit, START_NEIGHBOUR_IDS, tagHistoryFeatures, type TaggerDocument, type TokenFeatures,
} from '../../../src/entities/features.js';
import { Gazetteer } from '../../../src/entities/gazetteer.js';
import { DecodeScratch, decodePacked, decodeSentence, PackedWeights } from '../../../src/entities/perceptron.js';
import { staticFeatures, tagDocument } from '../../../src/entities/sequence-tagger.js';
import { seededRandom } from '../../../src/entities/train-tagger.js';

const doc: TaggerDocument = [
  { tokens: ['TALKS', 'IN', 'GENEVA', 'END'], headline: true },
  { tokens: ['Ali', 'al-Sistani', 'met', 'U.N.', 'envoys', 'in', 'Geneva', 'on', 'Monday', '.'] },
  { tokens: ['The', 'United', 'States', 'and', 'Iraq', 'said', 'talks', 'in', 'Geneva', 'would', 'go', 'on', '.'] },
];
const gazetteer = new Gazetteer({ country: ['United States', 'Iraq'], city: ['Geneva'] });

/** Every feature id decoding can look up in `feats`, whatever the previous tags. */
function allIds(feats: readonly TokenFeatures[]): number[] {
  const ids = new Set<number>([...START_NEIGHBOUR_IDS, ...END_NEIGHBOUR_IDS]);
  const hist = new Int32Array(6);
  for (const f of feats) {
    f.ids.forEach((id) => ids.add(id));
    f.infos.forEach((info) => [...info.ids, ...info.neighbourIds].forEach((id) => ids.add(id)));
    for (let i = 0; i < f.infos.length; i++) {
      for (let prev = -1; prev < TAG_COUNT; prev++) {
        historyFeatures(hist, f, i, prev, -1);
        hist.forEach((id) => ids.add(id));
        for (let prev2 = -1; prev2 < TAG_COUNT; prev2++) tagHistoryFeatures(prev, prev2).forEach((id) => ids.add(id));
      }
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** Random sparse rows: 1 to 7 tags each, so short rows and rows that overflow their slot both occur. */
function randomWeights(ids: readonly number[], seed: number): PackedWeights {
  const random = seededRandom(seed);
  const counts: number[] = [];
  const entries: number[] = [];
  for (const _ of ids) {
    const tags = [...Array(TAG_COUNT).keys()].sort(() => random() - 0.5).slice(0, 1 + Math.floor(random() * 7));
    counts.push(tags.length);
    for (const t of tags) entries.push((((Math.floor(random() * 4000) + 1) * (random() < 0.5 ? -1 : 1)) << 8) | t);
  }
  return PackedWeights.fromSparse(ids, counts, Int32Array.from(entries));
}

function decodeBoth(weights: PackedWeights, feats: readonly TokenFeatures[]): [number[][], number[][]] {
  const scratch = new DecodeScratch();
  const fast = feats.map((f) => {
    const out = new Uint8Array(f.infos.length);
    decodeSentence(weights, f, out, scratch);
    return [...out];
  });
  // with gold tags (and no learner) the decoder takes its general path: float sums of every feature looked up
  const general = feats.map((f) => {
    const out = new Uint8Array(f.infos.length);
    decodeSentence(weights, f, out, scratch, new Uint8Array(f.infos.length));
    return [...out];
  });
  return [fast, general];
}

describe('decoding with packed weights', () => {
  afterEach(() => setWordCacheLimit(100_000));

  test.each([1, 2, 3, 4, 5])('takes the same decisions as summing every feature (weights seed %i)', (seed) => {
    const feats = staticFeatures(doc, gazetteer);
    const weights = randomWeights(allIds(feats), seed);
    const [fast, general] = decodeBoth(weights, feats);
    expect(fast).toEqual(general);
    // the tags vary (the comparison is not between two runs of all-O)
    expect(new Set(fast.flat()).size).toBeGreaterThan(3);
  });

  test('ids without a row add nothing, however many rows share their slots', () => {
    const feats = staticFeatures(doc, gazetteer);
    const ids = allIds(feats);
    // every other id has a row: the rest are looked up and must be found absent
    const weights = randomWeights(ids.filter((_, i) => i % 2 === 0), 11);
    const [fast, general] = decodeBoth(weights, feats);
    expect(fast).toEqual(general);
    const absent = Int32Array.from(ids.filter((_, i) => i % 2 === 1));
    const sums = new Int32Array(TAG_COUNT);
    weights.addRows(absent, 0, absent.length, sums, 0);
    expect([...sums].every((x) => x === 0)).toBe(true);
  });

  test('keeps the sums of words it has seen when more words come than its sums have room for at first (32,768)', () => {
    const feats = staticFeatures(doc, gazetteer);
    const weights = randomWeights(allIds(feats), 7);
    const [expected] = decodeBoth(weights, feats);
    // 33,000 words never seen: the per-word sums grow, and must carry the blocks of doc's words with them
    const many: TaggerDocument = Array.from({ length: 330 }, (_, s) => ({ tokens: Array.from({ length: 100 }, (_, w) => `Word${s * 100 + w}x`) }));
    const scratch = new DecodeScratch();
    for (const f of staticFeatures(many, gazetteer)) decodeSentence(weights, f, new Uint8Array(f.infos.length), scratch);
    const [again] = decodeBoth(weights, feats);
    expect(again).toEqual(expected);
    expect(new Set(again.flat()).size).toBeGreaterThan(3);
  });

  test('stays right when the word cache is emptied between and within sentences', () => {
    const feats = staticFeatures(doc, gazetteer);
    const weights = randomWeights(allIds(feats), 9);
    const [expected] = decodeBoth(weights, feats);
    // a cache smaller than a sentence: words are looked up again mid-sentence, or the sentence decoded the long way
    setWordCacheLimit(3);
    const [fast, general] = decodeBoth(weights, feats);
    expect(fast).toEqual(expected);
    expect(general).toEqual(expected);
  });
});

describe('pass 2 with packed weights', () => {
  /** Pass-1 tags that vary: a mix of entity tags, including tags of every kind next to each other. */
  const pass1Tags = (feats: readonly TokenFeatures[]): Uint8Array[] =>
    feats.map((f, s) => Uint8Array.from(f.infos, (info, i) => (info.cap ? 1 + ((s * 7 + i * 3) % (TAG_COUNT - 1)) : 0)));

  test.each([1, 2, 3])('adds the pass-2 features as decoding pass2Features does (weights seed %i)', (seed) => {
    const base = staticFeatures(doc, gazetteer);
    const own = pass1Tags(base);
    const evidence = pass1Evidence(doc, own, TAG_COUNT, base.map((f) => f.infos));
    const second = doc.map((s, i) => pass2Features(s, own[i]!, evidence, base[i]!));
    const weights = randomWeights(allIds(second), seed);
    const scratch = new DecodeScratch();
    const direct = base.map((f, i) => {
      const out = new Uint8Array(f.infos.length);
      expect(decodePacked(weights, f, out, scratch, { own: own[i]!, evidence, headline: doc[i]!.headline === true })).toBe(true);
      return [...out];
    });
    const [, general] = decodeBoth(weights, second);
    expect(direct).toEqual(general);
    expect(new Set(direct.flat()).size).toBeGreaterThan(3);
  });

  test('tagDocument gives the tags of the general decoder on both passes', () => {
    const base = staticFeatures(doc, gazetteer);
    const own = pass1Tags(base);
    const evidence = pass1Evidence(doc, own, TAG_COUNT, base.map((f) => f.infos));
    const ids = allIds([...base, ...doc.map((s, i) => pass2Features(s, own[i]!, evidence, base[i]!))]);
    const pass1 = randomWeights(ids, 21);
    const pass2 = randomWeights(ids, 22);
    const expected = tagDocument(doc, gazetteer, pass1, pass2).map((t) => [...t]);
    // the same weights as a float scorer: tagDocument then builds pass2Features and decodes them the general way
    const asFloat = (w: PackedWeights) => ({ addScores: w.addScores.bind(w) });
    expect(tagDocument(doc, gazetteer, asFloat(pass1), asFloat(pass2)).map((t) => [...t])).toEqual(expected);
  });
});
