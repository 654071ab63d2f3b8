import { makeEnvelope } from '../../helpers/envelopes.js';
import { diffEnvelopes } from '../../../src/ops/reprocess-diff.js';
import { formatOutcome } from '../../../src/ops/reprocess-report.js';

describe('diffEnvelopes', () => {
  test('lines the rerun drops are "removed", lines it brings back are "restored", entities compared by type and name', () => {
    const stored = makeEnvelope('doc-1', 'First line.\nPromo line.\nLast line.');
    const rerun = makeEnvelope('doc-1', 'First line.\nLast line.\nA restored credit line.');
    rerun.entities = [...stored.entities, { type: 'person', name: 'Marta Oyelaran', mentions: [], count: 1, relevance: 1 }];
    stored.entities.push({ type: 'organisation', name: 'Harbour Authority', mentions: [], count: 1, relevance: 1 });
    const change = diffEnvelopes(stored, rerun);
    expect(change).toEqual({
      changed: true,
      bodyLinesRemoved: ['Promo line.'],
      bodyLinesRestored: ['A restored credit line.'],
      entitiesAdded: ['person: Marta Oyelaran'],
      entitiesDropped: ['organisation: Harbour Authority'],
    });
    expect(formatOutcome({ sha256: 'x', sourceFile: 'a.txt', documentId: 'doc-1', status: 'changed', change })).toBe(
      [
        'doc-1  a.txt: 1 body line(s) removed, 1 restored; entities +1 −1',
        '    - removed   "Promo line."',
        '    + restored  "A restored credit line."',
        '    + entity    person: Marta Oyelaran',
        '    - entity    organisation: Harbour Authority',
      ].join('\n'),
    );
  });

  test('a repeated line that now appears once counts as one removal; identical documents are unchanged', () => {
    const a = makeEnvelope('d', 'Same.\nSame.\nOther.');
    const b = makeEnvelope('d', 'Same.\nOther.');
    expect(diffEnvelopes(a, b).bodyLinesRemoved).toEqual(['Same.']);
    expect(diffEnvelopes(a, makeEnvelope('d', 'Same.\nSame.\nOther.'))).toMatchObject({ changed: false, bodyLinesRemoved: [], bodyLinesRestored: [] });
  });

  test('a changed headline is reported', () => {
    const a = makeEnvelope('d', 'Body.');
    const b = makeEnvelope('d', 'Body.', { headlines: [{ role: 'main', value: 'New headline' }] });
    expect(diffEnvelopes(a, b).headline).toEqual({ before: 'Headline of d', after: 'New headline' });
  });
});
