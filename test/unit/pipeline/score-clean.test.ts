import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { emptyCounts, scoreDocument, summarize } from '../../../src/pipeline/score-clean.js';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';

describe('the clean-copy metric', () => {
  it('counts body lines kept and lost, non-body lines kept out, and perfect documents', () => {
    const counts = emptyCounts();
    const gold = [
      { n: 1, label: 'headline' },
      { n: 2, label: 'body' },
      { n: 3, label: 'boilerplate' },
      { n: 4, label: 'body' },
    ];
    const wrong = scoreDocument(counts, gold, [
      { line: 1, text: 'h', status: 'moved' },
      { line: 2, text: 'b', status: 'kept' },
      { line: 3, text: 'x', status: 'kept' },
      { line: 4, text: 'b', status: 'removed' },
    ]);
    expect(wrong.map((w) => w.n)).toEqual([3, 4]);
    expect(counts).toEqual({ tp: 1, fp: 1, fn: 1, tn: 1, docs: 1, perfect: 0 });
    scoreDocument(counts, gold, undefined); // a failed document keeps nothing
    expect(summarize(counts)).toEqual({ docs: 2, precision: 50, recall: 25, f1: 33.3, perfectDocs: 0, nonBodyRemoved: 75 });
  });

  it('copydesk eval clean scores a labelled folder', () => {
    const out = execFileSync(process.execPath, ['bin/copydesk.js', 'eval', 'clean', '--json', path.join(fixturesDir, 'labelled')], { encoding: 'utf8' });
    const { folders, overall } = JSON.parse(out);
    expect(Object.keys(folders)).toEqual(['harbour-daily']);
    expect(overall).toMatchObject({ docs: 1, precision: 100, recall: 100, perfectDocs: 100, failed: 0 });
  });
});
