import fs from 'node:fs';
import path from 'node:path';
import { learnRepeatedLines } from '../../../src/pipeline/learn-repeated-lines.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

const SHARED = 'Have a tip? Write to the harbour desk.';
// long files (past the start that is read to tell a page from text) as well as short ones
const filler = (n: number) => Array.from({ length: 400 }, (_, i) => `Paragraph ${i} of story ${n} says something of its own about the harbour and the ferries.`).join('\n');

describe('learnRepeatedLines over the files of a run', () => {
  let dirs: TempDirs;
  let source: string;
  beforeAll(() => {
    dirs = makeTempDirs('copydesk-learn-');
    source = path.join(dirs.root, 'harbourdesk');
    fs.mkdirSync(source);
  });
  afterAll(() => dirs.remove());
  const put = (name: string, text: string) => {
    const file = path.join(source, name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('learns from text files, long or short, and skips HTML pages, long or short', () => {
    const files = [
      put('a.txt', `Story one\n${SHARED}\n${filler(1)}`),
      put('b.txt', `Story two\n${SHARED}`),
      put('c.txt', `${filler(3)}\n${SHARED}`),
      put('page-1.html', `<!doctype html><html><body>\n<p>Page furniture line</p>\n${filler(4)}\n</body></html>`),
      put('page-2.html', `<!doctype html><html><body>\n<p>Page furniture line</p>\n</body></html>`),
      put('page-3.html', `<html><body>\n<p>Page furniture line</p>\n${filler(6)}</body></html>`),
    ];
    expect(fs.statSync(files[0]!).size).toBeGreaterThan(16384);
    const learned = learnRepeatedLines(files, 10_000_000, { minDocuments: 3, maxWords: 30 });
    expect([...(learned.get('harbourdesk') ?? [])]).toEqual([SHARED]);
  });

  test('skips binary files and files over the size limit', () => {
    const files = [put('d.txt', `${SHARED}\nshort`), put('e.txt', `${SHARED}\n\u0000binary`), put('f.txt', `${SHARED}\n${filler(7)}`)];
    expect(learnRepeatedLines(files, 10_000_000, { minDocuments: 3, maxWords: 30 }).size).toBe(0);
    const three = [files[0]!, put('g.txt', `${SHARED}\nother`), files[2]!];
    expect(learnRepeatedLines(three, 10_000_000, { minDocuments: 3, maxWords: 30 }).size).toBe(1);
    expect(learnRepeatedLines(three, 1000, { minDocuments: 3, maxWords: 30 }).size).toBe(0);
  });
});
