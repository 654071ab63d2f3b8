// The rules' regular expressions as compiled: `.` and `\S` rewritten as negated classes under `i` match the same
// characters (every code point checked) and leave everything else in the pattern as written.
import { regexSource } from '../../../src/text/regex-source.js';

/** The code points whose one-character string `a` and `b` disagree on (both anchored, compiled with `flags`). */
function disagreements(a: string, b: string, flags: string): number[] {
  const ra = new RegExp(`^(?:${a})$`, flags);
  const rb = new RegExp(`^(?:${b})$`, flags);
  const out: number[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // lone surrogates are not text
    const s = String.fromCodePoint(cp);
    if (ra.test(s) !== rb.test(s)) out.push(cp);
  }
  return out;
}

describe('regexSource', () => {
  it('rewrites . and \\S outside classes under i, and nothing else', () => {
    expect(regexSource('^a.b\\S+[.\\S]\\.c$', 'i')).toBe('^a[^\\n\\r\\u2028\\u2029]b[^\\s]+[.\\S]\\.c$');
    expect(regexSource('^a.b\\S+$', '')).toBe('^a.b\\S+$');
    expect(regexSource('(x|.{0,80}\\bat\\s\\S+@)', 'i')).toBe('(x|[^\\n\\r\\u2028\\u2029]{0,80}\\bat\\s[^\\s]+@)');
  });

  it('leaves . alone under s, where it matches line ends too', () => {
    expect(regexSource('a.b\\S', 'is')).toBe('a.b[^\\s]');
  });

  it('matches the same characters as the pattern it rewrites, for every code point', () => {
    for (const flags of ['iu', 'imu']) {
      expect(disagreements('.', regexSource('.', flags.replace('u', '')), flags)).toEqual([]);
      expect(disagreements('\\S', regexSource('\\S', flags.replace('u', '')), flags)).toEqual([]);
    }
  });

  it('matches the same lines as the pattern it rewrites', () => {
    const pattern = '^(write to|email) .{1,60} at \\S+@\\S+$|.{0,20}\\bK\\S*$';
    const rewritten = new RegExp(regexSource(pattern, 'i'), 'iu');
    const original = new RegExp(pattern, 'iu');
    const lines = ['Email the desk at news@example.org', 'email x\nat a@b', 'Write to Ana at ana@example.org ', 'ſome text \u212Aelvin', 'tab\tK\u00a0x', 'a\u2028K'];
    for (const line of lines) expect(rewritten.test(line)).toBe(original.test(line));
  });
});
