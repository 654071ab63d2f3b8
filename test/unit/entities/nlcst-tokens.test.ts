import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { bodySentences, packBodySentences, packSentences, unpackSentences } from '../../../src/entities/nlcst-tokens.js';
import { bodyText } from '../../../src/text/nlcst-blocks.js';

const parse = (text: string) => unified().use(retextEnglish).parse(text) as Root;

// paragraphs with leading blanks, possessives ('s, ’s, ’S; "Reuters'" keeps its apostrophe), symbols, an empty paragraph
// and several sentences
const source = [
  '  Clinton’s aides met the U.N.’S envoy on Monday. The talks — "frank" — ended at 5 p.m.',
  'Reuters\' reporters saw it: 12% of votes & more.',
  '   ',
  "It's the boss's call, the PM's office said.",
].join('\n\n');

describe('packBodySentences', () => {
  test('gives the tokens and sentences bodySentences gives, read off the node positions', () => {
    const tree = parse(source);
    const body = bodyText(tree, source);
    const packed = packBodySentences(tree, source)!;
    expect(packed).toEqual(packSentences(bodySentences(tree)));
    const sentences = unpackSentences(packed, body);
    const texts = sentences.map((s) => s.tokens.map((t) => t.text).join(' '));
    expect(texts[0]).toBe('Clinton ’s aides met the U.N. ’S envoy on Monday .');
    expect(texts.at(-1)).toBe("It 's the boss 's call , the PM 's office said .");
    for (const s of sentences) for (const t of s.tokens) expect(body.slice(t.start, t.end)).toBe(t.text);
  });

  test('paragraphs the rules removed are not in the body, and the offsets still point into it', () => {
    const tree = parse(source);
    tree.children.splice(0, 2); // the first paragraph and the blank between
    const body = bodyText(tree, source);
    expect(packBodySentences(tree, source)).toEqual(packSentences(bodySentences(tree)));
    expect(unpackSentences(packBodySentences(tree, source)!, body)[0]!.tokens[0]).toEqual({ text: 'Reuters', start: 0, end: 7 });
  });

  test('a tree without positions is left to bodySentences', () => {
    const tree = parse('A short one.');
    delete (tree.children[0] as { position?: unknown }).position;
    expect(packBodySentences(tree, 'A short one.')).toBeUndefined();
  });
});
