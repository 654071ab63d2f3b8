import type { Element, Root } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { htmlToHast, MAX_OPEN } from '../../../src/formats/html-tree.js';

const part = (tree: Root, name: 'head' | 'body'): Element => {
  const html = tree.children[0] as Element;
  return html.children.find((c): c is Element => c.type === 'element' && c.tagName === name)!;
};
/** The body's markup as the tree has it. */
const body = (html: string) => toHtml(part(htmlToHast(html), 'body').children);
const head = (html: string) => toHtml(part(htmlToHast(html), 'head').children);

describe('the tree builder closes what a browser closes', () => {
  test.each([
    ['a block start tag ends an open paragraph', '<p>One<div>Two</div>', '<p>One</p><div>Two</div>'],
    ['a paragraph ends the one before', '<p>One<p>Two', '<p>One</p><p>Two</p>'],
    ['… also with inline markup still open inside it', '<p>One <b>bold<h2>Two</h2>', '<p>One <b>bold</b></p><h2>Two</h2>'],
    ['a list item ends the one before, through inline markup', '<ul><li><a href="/a">One<li>Two</ul>', '<ul><li><a href="/a">One</a></li><li>Two</li></ul>'],
    ['dt and dd end each other', '<dl><dt>Term<dd>Meaning<dt>Next</dl>', '<dl><dt>Term</dt><dd>Meaning</dd><dt>Next</dt></dl>'],
    ['a link ends an open link', '<p><a href="/a">One<a href="/b">Two</a></p>', '<p><a href="/a">One</a><a href="/b">Two</a></p>'],
    ['cells and rows end each other', '<table><tr><td>A<td>B<tr><td>C</table>', '<table><tr><td>A</td><td>B</td></tr><tr><td>C</td></tr></table>'],
    ['a heading ends an open heading', '<h2>One<h3>Two</h3>', '<h2>One</h2><h3>Two</h3>'],
    ['</p> with no paragraph open is an empty paragraph', 'One</p>Two', 'One<p></p>Two'],
    ['</br> is a line break', 'One</br>Two', 'One<br>Two'],
    ['an end tag for nothing open is ignored', '<div>One</span></li>Two</div>', '<div>OneTwo</div>'],
    ['an inline end tag does not close a block opened inside it', '<span>One<div>Two</span>Three</div>', '<span>One<div>TwoThree</div></span>'],
    ['a formatting end tag closes it across a block', '<a href="/a">One<div>Two</a>Three</div>', '<a href="/a">One<div>Two</div></a>Three'],
    ['a cell end tag stays inside its table', '<table><tr><td><table><tr><td>In</td></tr></table>Out</td></tr></table>', '<table><tr><td><table><tr><td>In</td></tr></table>Out</td></tr></table>'],
    ['void elements take no children', '<p>One<img src="a.png">Two<br>Three</p>', '<p>One<img src="a.png">Two<br>Three</p>'],
    ['<div/> opens a div, as in HTML', '<div/>One</div>Two', '<div>One</div>Two'],
    ['everything open at the end is closed', '<div><p>One', '<div><p>One</p></div>'],
    ['a block inside a scope boundary does not close the paragraph outside it', '<p>One<marquee><div>Two</div></marquee>Three</p>', '<p>One<marquee><div>Two</div></marquee>Three</p>'],
    ['a list item ends only the item of its own list', '<ul><li>One<ul><li>Two<li>Three</ul><li>Four</ul>', '<ul><li>One<ul><li>Two</li><li>Three</li></ul></li><li>Four</li></ul>'],
    ['a block end tag does not reach out of a table cell', '<div><table><tr><td>x</div>y</td></tr></table>z</div>', '<div><table><tr><td>xy</td></tr></table>z</div>'],
    ['</p> inside a scope boundary does not close the paragraph outside it', '<p>One<marquee>Two</p>Three</marquee>Four', '<p>One<marquee>Two<p></p>Three</marquee>Four</p>'],
  ])('%s', (_what, html, expected) => {
    expect(body(html)).toBe(expected);
  });
});

describe('head and body', () => {
  test('head elements before the content go to <head>, the rest to <body>', () => {
    const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A &amp; B</title><meta name="author" content="Kim Lee"></head><body class="page"><p>Story</p></body></html>';
    expect(head(page)).toBe('<meta charset="utf-8"><title>A &#x26; B</title><meta name="author" content="Kim Lee">');
    expect(body(page)).toBe('<p>Story</p>');
    const html = htmlToHast(page).children[0] as Element;
    expect(html.properties).toEqual({ lang: 'en' });
    expect(part(htmlToHast(page), 'body').properties).toEqual({ className: ['page'] });
  });

  test('a fragment without html, head or body gets them, its content in <body>', () => {
    const tree = htmlToHast('<title>T</title><p>One</p>');
    expect(head('<title>T</title><p>One</p>')).toBe('<title>T</title>');
    expect(toHtml(tree)).toBe('<html><head><title>T</title></head><body><p>One</p></body></html>');
  });

  test('text before any element starts the body; a meta inside the body stays there', () => {
    expect(body('Hello <meta itemprop="x" content="y"> world')).toBe('Hello <meta itemprop="x" content="y"> world');
  });
});

describe('text and attributes', () => {
  test('entities are decoded in text and attribute values, line ends normalised', () => {
    expect(body('<p title="a &quot;b&quot;">caf&eacute; &#8211;\r\nnext&nbsp;line</p>')).toBe('<p title="a &#x22;b&#x22;">café –\nnext\u00a0line</p>');
  });

  test('character references by the HTML rules: legacy names without a semicolon in text, not before = or a letter in a value', () => {
    const tree = htmlToHast('<p>&copy 2031 AT&T &notit; &#x1F600;<a href="/x?a=1&copy=2&amp;b=3&lang">L</a></p>');
    const p = part(tree, 'body').children[0] as Element;
    expect(p.children[0]).toEqual({ type: 'text', value: '© 2031 AT&T ¬it; 😀' });
    expect((p.children[1] as Element).properties).toEqual({ href: '/x?a=1&copy=2&b=3&lang' });
  });

  test("the sanitizer's data-footnote attributes are converted, other data-* attributes are not", () => {
    const tree = htmlToHast('<p><a data-footnote-ref data-track="x" DATA-Y="2" href="#fn1">1</a></p>');
    const a = (part(tree, 'body').children[0] as Element).children[0] as Element;
    expect(a.properties).toEqual({ dataFootnoteRef: '', href: '#fn1' });
  });

  test('the newline right after <pre> is not text', () => {
    const tree = htmlToHast('<pre>\n  one\n  two</pre>');
    const pre = part(tree, 'body').children[0] as Element;
    expect(pre.children).toEqual([{ type: 'text', value: '  one\n  two' }]);
  });

  test('attributes the extraction and the sanitizer never read are not converted; the first of two same names counts', () => {
    const tree = htmlToHast('<div data-track="x" onclick="go()" class="story main" class="other" id="a" hidden aria-hidden="true"><a href="/x" rel="nofollow" data-id="1">L</a></div>');
    const div = part(tree, 'body').children[0] as Element;
    expect(div.properties).toEqual({ className: ['story', 'main'], id: 'a', hidden: true, ariaHidden: 'true' });
    expect((div.children[0] as Element).properties).toEqual({ href: '/x' });
  });

  test('media, controls and templates are not converted, nor anything inside them', () => {
    expect(body('<p>One<video><span>inside</span></video><select><option>x</select><button>Go</button>Two</p>')).toBe('<p>OneTwo</p>');
  });
});

describe('depth', () => {
  test(`no more than ${MAX_OPEN} elements are open at once: deeper tags are left out, their text kept`, () => {
    const depth = 100_000;
    const tree = htmlToHast(`${'<div>'.repeat(depth)}<p>deep text</p>${'</div>'.repeat(depth)}<p>after</p>`);
    let levels = 0;
    let node: Element = part(tree, 'body');
    while (node.children[0]?.type === 'element') {
      node = node.children[0] as Element;
      levels++;
    }
    expect(levels).toBe(MAX_OPEN);
    expect(node.children).toEqual([{ type: 'text', value: 'deep text' }]);
    expect(toHtml(part(tree, 'body').children[1]!)).toBe('<p>after</p>');
  });
});
