import fs from 'node:fs';
import path from 'node:path';
import { ninjsProblems } from '../../../src/ninjs/validate-ninjs.js';
import { fixturesDir, runFixture, runText } from '../../helpers/fixture-pipeline.js';

describe('the pipeline on a publisher page carrying agency copy', () => {
  const { envelope } = runFixture('text/harbour-fire.txt');
  const expected = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.expected.txt'), 'utf8').trim().split('\n');

  test('keeps exactly the story paragraphs in the body, one per source line', () => {
    expect(envelope.ninjs.bodies[0]!.value.split('\n\n')).toEqual(expected);
  });

  test('records every removed line with its rule id and source line', () => {
    expect(envelope.removed.map((r) => [r.line, r.ruleId])).toEqual([
      [1, 'caption-label'],
      [5, 'related-promo'],
      [7, 'news-prompt'],
      [8, 'caption-label'],
      [11, 'separator'],
      [12, 'contributor-credit'],
      [13, 'comments-footer'],
    ]);
  });

  test('moves captions to descriptions, the credit to the envelope, and reads the dateline and agency', () => {
    expect(envelope.ninjs.descriptions?.map((d) => d.value)).toEqual([
      'PHOTO: Firefighters stand beside a burned warehouse on the harbour front on Tuesday morning.',
      'WATCH: Drone footage shows the scale of the harbour fire',
    ]);
    expect(envelope.credits).toEqual(['Associated Press writer Ines Carvalho contributed from Lisbon.']);
    expect(envelope.ninjs.located).toBe('Portvale');
    expect(envelope.ninjs.infosources).toEqual([{ name: 'Associated Press', role: 'source' }]);
    expect(envelope.related).toEqual([{ text: 'READ MORE: City council approves new budget for harbour district repairs' }]);
  });

  test('builds ninjs that the official IPTC ninjs 2.2 schema accepts', () => {
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
    expect(envelope.ninjs).toMatchObject({ type: 'text', version: '1', pubstatus: 'usable', language: 'en' });
  });

  test('records the rules hash and tagger version that produced the output', () => {
    expect(envelope.provenance.rulesHash).toMatch(/^[0-9a-f]{16}$/);
    expect(envelope.provenance.taggerVersion).toBeTruthy();
  });

  test('gives the same bytes the same document id and content hash', () => {
    const again = runFixture('text/harbour-fire.txt').envelope;
    expect(again.id).toBe(envelope.id);
    expect(again.contentHash).toBe(envelope.contentHash);
  });
});

describe('the pipeline on bad input', () => {
  test.each([
    ['an empty file', '', 'EMPTY_FILE'],
    ['a file of only boilerplate', 'Get breaking World news\n—\nComments\n', 'NO_CONTENT'],
  ])('fails %s with a permanent error that names the problem', (_name, text, code) => {
    expect(() => runText(text)).toThrow(expect.objectContaining({ code }));
  });

  test('fails binary data with a permanent error', () => {
    const bytes = Buffer.alloc(2048, 0);
    expect(() => runText(bytes.toString('latin1'))).toThrow(expect.objectContaining({ code: 'BINARY' }));
  });
});
