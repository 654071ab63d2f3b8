import { allowed, bilouFromSpans, iob2FromBilou, spansFromBilou, spansFromIob, tagIndex, TAGS } from '../../../src/entities/bilou.js';

describe('BILOU tags', () => {
  test('IOB1 and IOB2 tags read as the same spans', () => {
    const iob1 = ['I-PER', 'I-PER', 'O', 'I-LOC', 'B-LOC', 'I-ORG'];
    const iob2 = ['B-PER', 'I-PER', 'O', 'B-LOC', 'B-LOC', 'B-ORG'];
    const expected = [
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 3, end: 4 },
      { type: 'LOC', start: 4, end: 5 },
      { type: 'ORG', start: 5, end: 6 },
    ];
    expect(spansFromIob(iob1)).toEqual(expected);
    expect(spansFromIob(iob2)).toEqual(expected);
  });

  test('spans become B-I-L and U tags and decode back to the same spans', () => {
    const spans = [
      { type: 'ORG' as const, start: 0, end: 3 },
      { type: 'LOC' as const, start: 4, end: 5 },
    ];
    const tags = bilouFromSpans(spans, 6);
    expect(tags.map((t) => TAGS[t])).toEqual(['B-ORG', 'I-ORG', 'L-ORG', 'O', 'U-LOC', 'O']);
    expect(spansFromBilou(tags)).toEqual(spans);
    expect(iob2FromBilou(tags)).toEqual(['B-ORG', 'I-ORG', 'I-ORG', 'O', 'B-LOC', 'O']);
  });

  test('an ill-formed sequence still decodes to spans', () => {
    const tags = ['B-PER', 'I-PER', 'O', 'I-LOC', 'L-LOC', 'L-ORG'].map(tagIndex);
    expect(spansFromBilou(tags)).toEqual([
      { type: 'PER', start: 0, end: 2 },
      { type: 'LOC', start: 3, end: 5 },
      { type: 'ORG', start: 5, end: 6 },
    ]);
  });

  test.each([
    [-1, 'B-PER', true],
    [-1, 'I-PER', false],
    ['O', 'L-LOC', false],
    ['B-PER', 'I-PER', true],
    ['B-PER', 'L-PER', true],
    ['B-PER', 'L-ORG', false],
    ['B-PER', 'O', false],
    ['L-PER', 'U-ORG', true],
    ['U-LOC', 'O', true],
  ])('after %s, %s allowed: %s', (prev, next, ok) => {
    expect(allowed(prev === -1 ? -1 : tagIndex(prev as string), tagIndex(next as string))).toBe(ok);
  });
});
