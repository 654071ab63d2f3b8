import { findRepeatedLines, lineKey, sourceOfPath } from '../../../src/text/repeated-lines.js';

const story = (n: number) => `Harbour story number ${n} begins with its own first paragraph.\nHave a tip?  Write to the desk.\nIts own closing line ${n}.`;

describe('learned per-source boilerplate', () => {
  it('learns a line that recurs in enough documents of one source, and only for that source', () => {
    const docs = [1, 2, 3].map((n) => ({ source: 'harbour-daily', text: story(n) }));
    docs.push({ source: 'other-site', text: story(4) });
    const learned = findRepeatedLines(docs, { minDocuments: 3, maxWords: 30 });
    expect([...(learned.get('harbour-daily') ?? [])]).toEqual(['Have a tip? Write to the desk.']);
    expect(learned.has('other-site')).toBe(false);
  });

  it('needs the threshold, counts a line once per document, and never learns long paragraphs', () => {
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const docs = [1, 2, 3].map(() => ({ source: 's', text: `${long}\nTwice here\nTwice here` }));
    const learned = findRepeatedLines(docs.slice(0, 2), { minDocuments: 3, maxWords: 30 });
    expect(learned.size).toBe(0);
    expect([...(findRepeatedLines(docs, { minDocuments: 3, maxWords: 30 }).get('s') ?? [])]).toEqual(['Twice here']);
  });

  it('takes the folder a file is in as its source and compares lines with collapsed spaces', () => {
    expect(sourceOfPath('/data/inbox/harbour-daily/001.txt')).toBe('harbour-daily');
    expect(lineKey('  a   b ')).toBe('a b');
  });
});
