import { explainDocument, formatExplanation } from '../../../src/pipeline/explain.js';
import { runFixture, runText } from '../../helpers/fixture-pipeline.js';

const page = [
  'WATCH: Crews rehearse a night rescue off the north pier',
  'HARBOURTOWN – The ferry returned to service on Monday after three weeks of repairs to the northern pier.',
  'READ MORE: Storm damage closes two marinas',
  'Engineers replaced most of the damaged pilings, the harbour authority said in a statement on Tuesday.',
  'Advertisement',
  'Comments',
].join('\n\n');

describe('copydesk explain', () => {
  it('lists every block in order with what happened to it and by which rule', () => {
    const { envelope, story } = runText(page);
    const rows = explainDocument(story, envelope);
    expect(rows.map((r) => [r.status, r.ruleId])).toEqual([
      ['moved', 'caption-label'],
      ['kept', undefined],
      ['moved', 'related-promo'],
      ['kept', undefined],
      ['removed', 'advertisement'],
      ['removed', 'comments-footer'],
    ]);
    expect(rows[0]!.movedTo).toBe('descriptions');
  });

  it('prints a readable table without colour codes when asked for none', () => {
    const { envelope, story } = runText(page);
    const text = formatExplanation(explainDocument(story, envelope), { width: 60 });
    expect(text).toContain('- ');
    expect(text).toMatch(/caption-label → descriptions/u);
    expect(text).not.toContain('\u001b[');
    expect(text.trim().split('\n').at(-1)).toBe('6 blocks: 2 kept, 2 removed (-), 2 moved out of the body (>)');
  });
});

describe('copydesk explain on an HTML page', () => {
  it('lists every block of the page in order, with the extraction rule and reason for what is left out', () => {
    const { envelope, story } = runFixture('html/news-article.html');
    const rows = explainDocument(story, envelope);
    expect(rows.map((r) => r.line)).toEqual(rows.map((_r, i) => i + 1));
    const byText = (t: string) => rows.find((r) => r.text.startsWith(t))!;
    expect(byText('The harbour bridge reopened').status).toBe('kept');
    expect(byText('Share on Facebook')).toMatchObject({ status: 'removed', ruleId: 'html-furniture', reason: 'class/id "share"' });
    expect(byText('Insurer to cover bridge repair')).toMatchObject({ status: 'removed', ruleId: 'html-furniture', reason: '<aside>' });
    expect(byText('Storm warning')).toMatchObject({ status: 'removed', ruleId: 'html-outside-article' });
    expect(rows.filter((r) => r.status === 'kept')).toHaveLength(7);
    expect(formatExplanation(rows, { width: 60 })).toMatch(/html-furniture \(class\/id "comments"\)\s+About time too/u);
  });
});
