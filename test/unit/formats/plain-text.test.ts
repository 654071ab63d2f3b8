import { isHardWrapped, parsePlainText } from '../../../src/formats/plain-text.js';
import { runText } from '../../helpers/fixture-pipeline.js';

// A press release hard-wrapped at 72 columns, written for this test.
const RELEASE = [
  'Source: Harbour Ferries Ltd',
  'MEDIA RELEASE HF-2031-17',
  'Harbour Ferries Orders Two Electric Vessels for the North Pier Crossing',
  'Route',
  '',
  'PORTLAND, Maine, May 4, 2031 /Harbour Release Wire/ --',
  '',
  'Harbour Ferries Ltd today announced an order for two battery-electric',
  'ferries for the crossing between the north pier and the island, replacing',
  'two diesel vessels that have served the route since the early 2000s.',
  '',
  'The new ferries will carry 300 passengers each and charge at the north',
  'pier during the ten-minute turnaround, the company said in a statement.',
  'Deliveries are planned for the spring of 2033.',
  '',
].join('\r\n');

describe('parsePlainText', () => {
  test('makes one block per non-blank line and remembers its source line', () => {
    const story = parsePlainText('First line\r\n\r\nSecond line  \nThird');
    expect(story.blocks.map((b) => [b.text, b.line])).toEqual([
      ['First line', 1],
      ['Second line', 3],
      ['Third', 4],
    ]);
    expect(story.scraped).toBe(true);
    expect(story.format).toBe('plain-text');
  });

  test('re-joins paragraphs that the sender hard-wrapped, and the dateline line with the lead', () => {
    expect(isHardWrapped(RELEASE.split('\n'))).toBe(true);
    const blocks = parsePlainText(RELEASE).blocks.map((b) => b.text);
    expect(blocks).toEqual([
      'Source: Harbour Ferries Ltd',
      'MEDIA RELEASE HF-2031-17',
      'Harbour Ferries Orders Two Electric Vessels for the North Pier Crossing Route',
      expect.stringMatching(/^PORTLAND, Maine, May 4, 2031 \/Harbour Release Wire\/ -- Harbour Ferries Ltd today announced .* since the early 2000s\.$/),
      'The new ferries will carry 300 passengers each and charge at the north pier during the ten-minute turnaround, the company said in a statement. Deliveries are planned for the spring of 2033.',
    ]);
  });

  test('leaves scraped pages (a paragraph per line) as they are', () => {
    const long = 'The harbour authority said on Tuesday that repairs to the northern pier would take at least six more weeks, and that ferries would use the south pier until then.';
    expect(isHardWrapped([long, '', long, 'Short line', '', long, long, long])).toBe(false);
  });

  test('a hard-wrapped release gets its headline, dateline place and wire, without the header lines', () => {
    const { envelope } = runText(RELEASE, 'release.txt');
    expect(envelope.ninjs.headlines?.[0]?.value).toBe('Harbour Ferries Orders Two Electric Vessels for the North Pier Crossing Route');
    expect(envelope.ninjs.located).toBe('Portland, Maine');
    expect(envelope.ninjs.infosources?.[0]?.name).toBe('Harbour Release Wire');
    expect(envelope.removed.map((r) => r.ruleId).slice(0, 2)).toEqual(['release-header', 'release-header']);
  });
});
