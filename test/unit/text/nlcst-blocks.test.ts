import type { Root } from 'nlcst';
import { toString } from 'nlcst-to-string';
import { unified } from 'unified';
import retextEnglish from 'retext-english';
import { blocksToText, bodyText, paragraphText, paragraphs } from '../../../src/text/nlcst-blocks.js';

const blocks = [
  { text: '  PORTVALE – The ferry (route 7) returned at 06:40 on Monday… “Finally!” said Ana.  ', kind: 'p' as const },
  { text: 'Berth\tShips\nNorth\t12\n\nSouth\t9', kind: 'pre' as const },
  { text: 'Fares: £3.50 / €4 — see https://example.test/fares?x=1&y=2 ', kind: 'p' as const },
  { text: 'Ein Absatz mit Umlauten: Fähre, Öl, Straße. 第二段。', kind: 'p' as const },
];

describe('paragraph text from positions', () => {
  const { text } = blocksToText(blocks);
  const tree = unified().use(retextEnglish).parse(text) as Root;

  test('a slice of the parsed text at the paragraph is what nlcst-to-string prints', () => {
    const paras = paragraphs(tree);
    expect(paras).toHaveLength(4);
    for (const p of paras) expect(paragraphText(p, text)).toBe(toString(p));
  });

  test('the body is the same either way: trimmed paragraphs joined by a blank line', () => {
    expect(bodyText(tree, text)).toBe(bodyText(tree));
    expect(bodyText(tree, text).split('\n\n')[0]).toBe('PORTVALE – The ferry (route 7) returned at 06:40 on Monday… “Finally!” said Ana.');
  });

  test('without the source, or a position, the words are joined', () => {
    const [first] = paragraphs(tree);
    expect(paragraphText({ ...first!, position: undefined })).toBe(toString(first!));
    expect(paragraphText({ ...first!, position: undefined }, text)).toBe(toString(first!));
  });
});
