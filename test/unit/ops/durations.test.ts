import { parseDuration, parsePointInTime } from '../../../src/ops/durations.js';
import { formatEta, progressLine } from '../../../src/ops/progress.js';

describe('durations and points in time', () => {
  test.each([
    ['7d', 7 * 86_400_000],
    ['36h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    ['30s', 30_000],
    ['2w', 14 * 86_400_000],
    ['1.5h', 5_400_000],
    ['7', undefined],
    ['seven days', undefined],
  ])('parseDuration(%j) is %j', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test('a point in time is an ISO date or an age before now', () => {
    const now = new Date('2026-11-24T12:00:00Z');
    expect(parsePointInTime('24h', now)).toEqual(new Date('2026-11-23T12:00:00Z'));
    expect(parsePointInTime('2026-11-20', now)).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(parsePointInTime('2026-11-20T06:00Z', now)).toEqual(new Date('2026-11-20T06:00:00Z'));
    expect(parsePointInTime('yesterday', now)).toBeUndefined();
    expect(parsePointInTime('2026-13-45', now)).toBeUndefined();
  });

  test('progress lines give count, share, rate and ETA', () => {
    expect(progressLine('reprocess', 500, 2000, 4000)).toBe('reprocess: 500/2000 (25%), 125.0/s, ETA 12s');
    expect(progressLine('reprocess', 2000, 2000, 16000)).toBe('reprocess: 2000/2000 (100%), 125.0/s, ETA 0s');
    expect(formatEta(3725)).toBe('1h 2m');
  });
});
