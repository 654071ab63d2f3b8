// Literal prefilters: the literals read off a pattern, case folding of lines, and that a prefilter never rules out a
// line its regular expression matches (lines and patterns written for this test).
import path from 'node:path';
import { literalPrefilter, withoutImplied } from '../../../src/text/rule-prefilter.js';
import { foldCase, matchRule, passesPrefilter, type Rule } from '../../../src/text/rules.js';
import { loadRules } from '../../../src/text/rule-file.js';

describe('literalPrefilter', () => {
  it('takes the most selective run of literal characters or group a match cannot skip', () => {
    expect(literalPrefilter('\\b(watch|see) .{0,40}\\bbelow$', '')?.anyOf).toEqual(['below']);
    expect(literalPrefilter('\\b(watching|seeing) .{0,40}\\bbelow$', '')?.anyOf).toEqual(['watching', 'seeing']);
  });
  it('lower-cases the literals of case-insensitive patterns', () => {
    expect(literalPrefilter('Brought To You', 'i')).toEqual({ folded: true, anyOf: ['brought to you'] });
    expect(literalPrefilter('Brought To You', '')).toEqual({ folded: false, anyOf: ['Brought To You'] });
  });
  it('skips optional parts and takes repeated ones', () => {
    expect(literalPrefilter('(daily )?news(!!)+x?', '')?.anyOf).toEqual(['news']);
    expect(literalPrefilter('(daily news )?(!!!)+x?', '')?.anyOf).toEqual(['!!!']);
  });
  it('joins alternatives into one clause, and gives up when an alternative has no literal', () => {
    expect(literalPrefilter('(a \\d+ cats)|(many dogs)', '')?.anyOf).toEqual([' cats', 'many dogs']);
    expect(literalPrefilter('(cats)|(\\d+)', '')).toBeUndefined();
    expect(literalPrefilter('(©|copyright)', 'i')).toBeUndefined();
  });
  it('leaves out literals that contain another one of their clause', () => {
    expect(literalPrefilter('\\b(January|Jan|June|Jun)\\b', '')?.anyOf).toEqual(['Jan', 'Jun']);
    expect(withoutImplied(['abc', 'abc', 'b'])).toEqual(['b']);
    expect(withoutImplied(['abc', 'abc'])).toEqual(['abc']);
  });
  it('does not take literals out of classes or lookarounds, nor literals shorter than 3 characters', () => {
    expect(literalPrefilter('[abc](?=xyz)\\p{Lu}', '')).toBeUndefined();
    expect(literalPrefilter('\\bon\\b', '')).toBeUndefined();
  });
  it('gives none to patterns anchored at the start of the line', () => {
    expect(literalPrefilter('^read more\\b', 'i')).toBeUndefined();
    expect(literalPrefilter('(^read more)|(^see also)', 'i')).toBeUndefined();
    expect(literalPrefilter('(^read more)|(see also)', 'i')?.anyOf).toEqual(['read more', 'see also']);
  });
});

describe('foldCase', () => {
  it('folds every character that matches a printable ASCII one case-insensitively to that character', () => {
    const printable = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i));
    const anyPrintable = /^[\x20-\x7e]$/iu;
    const mismatches: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      const char = String.fromCodePoint(cp);
      if (!anyPrintable.test(char)) continue;
      for (const ascii of printable) {
        if (new RegExp(`^\\u{${ascii.charCodeAt(0).toString(16)}}$`, 'iu').test(char) && foldCase(char) !== ascii.toLowerCase()) {
          mismatches.push(`U+${cp.toString(16)} ~ ${ascii}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
  it('folds long s to s', () => {
    expect(foldCase('ſUPPORT')).toBe('support');
  });
});

describe('passesPrefilter', () => {
  it('needs one of its literals', () => {
    const prefilter = { folded: false, anyOf: ['cat', 'dog'] };
    expect(passesPrefilter(prefilter, 'a dog!')).toBe(true);
    expect(passesPrefilter(prefilter, 'a cat')).toBe(true);
    expect(passesPrefilter(prefilter, 'a bird!')).toBe(false);
  });
});

describe('the shipped rules with and without their prefilters', () => {
  const { rules } = loadRules(path.resolve('config/rules/boilerplate.json'));
  const bare: Rule[] = rules.map(({ prefilter: _prefilter, ...rule }) => rule);
  const lines = [
    'Reporters from the Harbour Desk contributed to this report.',
    'I need your ſupport to keep this site running.',
    'WRITE TO Pia Holm at pia@example.org',
    'Tune in at 9 p.m. ET to watch the launch.',
    'Originally appeared on Example.org.',
    'The council met on Tuesday to discuss the ferry budget.',
    'Photo: Pia Holm',
    'Read more: the harbour at night',
    'ſupport our ſponſors',
    'Ana Costa joins the show to talk about tides',
  ];
  it('derives prefilters for the unanchored rules', () => {
    expect(rules.find((r) => r.id === 'brought-to-you-by')?.prefilter).toEqual({ folded: true, anyOf: ['brought to you by'] });
  });
  it.each(lines)('matches the same rule: %s', (line) => {
    for (const where of ['any', 'leading', 'trailing']) {
      expect(matchRule(rules.filter((r) => r.where === where), line, true)?.id).toBe(matchRule(bare.filter((r) => r.where === where), line, true)?.id);
    }
  });
});
