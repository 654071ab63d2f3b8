import { formatAge, table } from '../../../src/ops/status-report.js';

describe('status report formatting', () => {
  test.each([
    [null, '-'],
    [0.25, '0.3s'],
    [42, '42s'],
    [75, '1m 15s'],
    [4000, '1h 6m'],
    [3 * 86400 + 7200, '3d 2h'],
  ])('formatAge(%j) is %j', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });

  test('table aligns text left and numbers right', () => {
    expect(table(['NAME', 'N'], [['ingest', 5], ['publish', 120]])).toBe(['NAME       N', 'ingest     5', 'publish  120'].join('\n'));
  });
});
