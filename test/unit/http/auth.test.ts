import { bearerToken, safeEqual, safeNext, sessionValue } from '../../../src/http/auth.js';

describe('auth helpers', () => {
  test('safeEqual compares secrets of any lengths', () => {
    expect(safeEqual('s3cret-token-123456', 's3cret-token-123456')).toBe(true);
    expect(safeEqual('s3cret-token-123457', 's3cret-token-123456')).toBe(false);
    expect(safeEqual('', 's3cret-token-123456')).toBe(false);
    expect(safeEqual('s3cret-token-1234567890', 's3cret-token-123456')).toBe(false);
  });

  test.each([
    ['Bearer abc', 'abc'],
    ['bearer abc ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    [undefined, undefined],
  ])('bearerToken(%j) is %j', (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });

  test.each([
    ['/admin/queues/queue/ingest', '/admin/queues/queue/ingest'],
    ['//evil.example/x', '/admin/queues'],
    ['/\\evil.example', '/admin/queues'],
    ['https://evil.example/', '/admin/queues'],
    [undefined, '/admin/queues'],
  ])('safeNext(%j) returns to %j', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  test('the session cookie is derived from the token and does not contain it', () => {
    const token = 'a-long-enough-token-0001';
    expect(sessionValue(token)).toBe(sessionValue(token));
    expect(sessionValue(token)).not.toContain(token);
    expect(sessionValue(token)).not.toBe(sessionValue('a-long-enough-token-0002'));
  });
});
