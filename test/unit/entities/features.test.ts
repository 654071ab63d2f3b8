import { allocInts, CAPS_WINDOW, capsWindowId, capsWindowOf, END_AFTER_O_ID, END_SHAPE, SHAPE_AFTER, SHAPE_BEFORE, shapeAfterId, shapeBeforeId, shapeIndexOf, START_SHAPE, tokenHistoryFeatures, documentInfo, featureId, HASH_MASK, hashRange, hashString, hashString2, sentenceFeatures, sentenceIsCaps, tokenFeatureIds, wordInfo, wordShape, wordTraits } from '../../../src/entities/features.js';
import { Gazetteer } from '../../../src/entities/gazetteer.js';

describe('tagger features', () => {
  test.each([
    ['Clinton', 'Xx'],
    ['NATO', 'XX'],
    ['I', 'X'],
    ['U.S.', 'X.X.'],
    ['1996-08-30', 'd-d-d'],
    ['al-Sistani', 'x-Xx'],
    ['McDonald', 'XxXx'],
    ['Ürümqi', 'Xx'],
    ['42', 'd'],
  ])('the shape of %s is %s', (word, shape) => {
    expect(wordShape(word)).toBe(shape);
  });

  test('feature ids are stable, fall in the hash space and differ by template', () => {
    const h = hashString('clinton');
    expect(h).toBe(hashString('clinton'));
    expect(featureId(1, h)).toBe(featureId(1, h));
    expect(featureId(1, h)).not.toBe(featureId(2, h));
    expect(featureId(1, h)).toBeLessThanOrEqual(HASH_MASK);
  });

  test('a sentence in capitals is recognised', () => {
    expect(sentenceIsCaps(['SOCCER', '-', 'ARSENAL', 'WIN'])).toBe(true);
    expect(sentenceIsCaps(['Arsenal', 'won'])).toBe(false);
  });

  test('features depend on the word, its neighbours and the gazetteer', () => {
    const doc = [{ tokens: ['Talks', 'began', 'in', 'New', 'York'] }, { tokens: ['They', 'said', 'talks', 'ended'] }];
    const info = documentInfo(doc);
    expect(info.lowerSeen.has('talks')).toBe(true);
    const gazetteer = new Gazetteer({ city: ['New York'] });
    const withGaz = sentenceFeatures(doc[0]!, info, gazetteer);
    const without = sentenceFeatures(doc[0]!, info, undefined);
    expect(withGaz.start).toHaveLength(6);
    const ids = (f: typeof withGaz, i: number) => [...tokenFeatureIds(f, i)];
    // "New" and "York" gain gazetteer features, and so do their neighbours within two tokens; "Talks" does not
    for (const i of [1, 2, 3, 4]) expect(ids(withGaz, i).length).toBeGreaterThan(ids(without, i).length);
    expect(ids(withGaz, 0)).toEqual(ids(without, 0));
    // the word's own features are the same wherever it occurs; its context features are not
    const other = sentenceFeatures({ tokens: ['In', 'New', 'Delhi'] }, info, undefined);
    expect([...other.infos[1]!.ids]).toEqual([...without.infos[3]!.ids]);
    const context = new Set(ids(without, 3));
    expect(ids(other, 1).filter((x) => context.has(x)).length).toBeLessThan(ids(other, 1).length);
  });
});

describe('features a scorer sums per shape pair and capitalisation window', () => {
  const sentence = { tokens: ['Talks', 'in', 'NEW', 'York', 'ended', '.'] };
  const feats = sentenceFeatures(sentence, documentInfo([sentence]), undefined);

  test('the capitalisation window code reads the tokens -2..+2 in base 3 (2 outside the sentence)', () => {
    // 'Talks': outside, outside, capitalised, lower, capitalised
    expect(capsWindowOf(feats.infos, 0)).toBe(2 * 81 + 2 * 27 + 1 * 9 + 0 * 3 + 1);
    // '.': capitalised ('York'), lower, lower, outside, outside
    expect(capsWindowOf(feats.infos, 5)).toBe(1 * 81 + 0 * 27 + 0 * 9 + 2 * 3 + 2);
  });

  test('sit at fixed places among every token\'s context features', () => {
    const n = feats.infos.length;
    for (let i = 0; i < n; i++) {
      const ids = tokenFeatureIds(feats, i);
      const shape = feats.infos[i]!.shape;
      expect(ids[SHAPE_BEFORE]).toBe(shapeBeforeId(i > 0 ? feats.infos[i - 1]!.shape : START_SHAPE, shape));
      expect(ids[SHAPE_AFTER]).toBe(shapeAfterId(shape, i + 1 < n ? feats.infos[i + 1]!.shape : END_SHAPE));
      expect(ids[CAPS_WINDOW]).toBe(capsWindowId(capsWindowOf(feats.infos, i)));
    }
    // a shape pair's two features differ, and depend on the order of the shapes
    const [xx, x] = [wordInfo('Talks').shape, wordInfo('in').shape];
    expect(shapeBeforeId(xx, x)).not.toBe(shapeAfterId(xx, x));
    expect(shapeBeforeId(xx, x)).not.toBe(shapeBeforeId(x, xx));
  });

  test('words of one shape share its dense index, other shapes get others', () => {
    expect(wordInfo('Paris').shapeIndex).toBe(wordInfo('Talks').shapeIndex);
    expect(wordInfo('Paris').shapeIndex).toBe(shapeIndexOf('Xx'));
    expect(wordInfo('NATO').shapeIndex).not.toBe(wordInfo('Paris').shapeIndex);
    expect(shapeIndexOf('Xx')).toBeGreaterThanOrEqual(0);
  });
});

describe('gazetteer', () => {
  const g = new Gazetteer({ country: ['United States', 'France'], city: ['New York', 'Paris'], 'given-name': ['Paris'] });

  test('marks the tokens a phrase covers with kind and position', () => {
    const m = g.match(['The', 'United', 'States', 'and', 'France']);
    expect(m).toEqual([[], [0 * 4 + 0], [0 * 4 + 2], [], [0 * 4 + 3]]);
  });

  test('a phrase in two lists carries both kinds', () => {
    expect(g.match(['Paris'])[0]!.sort((a, b) => a - b)).toEqual([1 * 4 + 3, 3 * 4 + 3]);
    expect(g.lookup('paris')).toBe(0b1010);
  });

  test('lowercase words start no match', () => {
    expect(g.match(['paris', 'france'])).toEqual([[], []]);
  });

  test('matches from the words\' hashes as from the tokens, and prefers no shorter reading', () => {
    const cities = new Gazetteer({ city: ['New York', 'New York City', 'York'] });
    const tokens = ['In', 'New', 'York', 'City', 'today'];
    const fromTokens = cities.match(tokens);
    expect(cities.match(tokens, tokens.map(wordInfo))).toEqual(fromTokens);
    // "New York City" (B I L), "New York" (B L) and "York" (U) all cover their tokens
    expect(fromTokens.map((codes) => [...codes].sort((a, b) => a - b))).toEqual([[], [4, 4], [5, 6, 7], [6], []]);
  });

  test('the compiled form is the same gazetteer, and keeps how the lists write each phrase', () => {
    // copies of the compiled arrays, as the model file hands them back: nothing shared with `g`
    const { table, text } = g.compiled();
    const again = new Gazetteer({ table: Int32Array.from(table), text: Uint8Array.from(text) }, true);
    expect(again.match(['The', 'United', 'States']).map((codes) => [...codes])).toEqual([[], [0], [2]]);
    expect(again.match(['Paris']).map((codes) => [...codes])).toEqual([[7, 15]]);
    expect(again.size).toBe(4);
    expect(again.writtenAs('NEW  YORK')).toBe('New York');
    expect(again.writtenAs('new')).toBeUndefined();
    expect(again.lookup('New')).toBe(0);
  });
});

describe('wordTraits', () => {
  test.each([
    ['Clinton', 'Xx', true, true],
    ['NATO', 'XX', false, true],
    ['1996-08-30', 'd-d-d', false, false],
    ['Élysée', 'Xx', true, true],
    ['ΑΘΗΝΑ', 'XX', false, true],
    ['١٢٣', 'd', false, false],
    ['日本', '日本', false, false],
  ])('%s', (word, shape, hasLower, hasUpper) => {
    expect(wordTraits(word)).toEqual({ shape, hasLower, hasUpper });
  });
});

describe('afterOIds', () => {
  test('are the history features tokenHistoryFeatures gives after an O, word by word', () => {
    const feats = sentenceFeatures({ tokens: ['Talks', 'in', 'Geneva'] }, documentInfo([{ tokens: ['Talks', 'in', 'Geneva'] }]), undefined);
    const hist = new Int32Array(4);
    tokenHistoryFeatures(hist, 0, feats, 1, 0);
    const [talks, inWord, geneva] = feats.infos;
    expect([...hist]).toEqual([inWord!.afterOIds[0], inWord!.afterOIds[1], talks!.afterOIds[2], geneva!.afterOIds[3]]);
    tokenHistoryFeatures(hist, 0, feats, 2, 0);
    expect(hist[3]).toBe(END_AFTER_O_ID);
  });
});

describe('allocInts', () => {
  test('hands out zeroed arrays that do not overlap, small ones from a shared chunk', () => {
    const a = allocInts(10);
    const b = allocInts(10);
    expect([...a]).toEqual(new Array(10).fill(0));
    a.fill(7);
    expect([...b]).toEqual(new Array(10).fill(0));
    // two of three consecutive small arrays share a chunk (the first two, unless the chunk turned over between them)
    const c = allocInts(10);
    expect(a.buffer === b.buffer || b.buffer === c.buffer).toBe(true);
    const big = allocInts(100_000);
    expect(big).toHaveLength(100_000);
    expect(big.buffer).not.toBe(a.buffer);
  });
});

describe('hashString2', () => {
  test('is a different hash from hashString, and stable', () => {
    // pinned: the shipped model's feature ids are these hashes, so a change here must come with a retrained model
    expect(hashString2('paris')).toBe(3143646854);
    expect(hashString2('paris')).not.toBe(hashString('paris'));
    expect(hashString2('paris')).not.toBe(hashString2('pariS'));
    expect(hashString2('ab')).not.toBe(hashString2('ba'));
  });
});

describe('hashRange', () => {
  test.each([['Clinton', 0, 3], ['Clinton', 4, 7], ['Ürümqi', 0, 1], ['al-Sistani', 2, 10], ['x', 0, 0]])('hashes %s[%i..%i) as the slice would be hashed', (word, from, to) => {
    expect(hashRange(word, from, to)).toBe(hashString(word.slice(from, to)));
  });
});
