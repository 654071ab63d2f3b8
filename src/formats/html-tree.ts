// HTML text to a hast tree, fast and without recursion. htmlparser2's tokenizer (cheerio's, about three times as
// fast as parse5's on news pages, and it hands over text and values as offsets, so we slice only what we keep)
// reads the page, and a small tree builder here puts its tags into hast as a browser would for the markup news
// pages use: the implied end tags of the WHATWG tree construction (a block closes an open <p>, <li> closes <li>,
// <td> a cell, <tr> a row, <a> an open link, </p> alone makes an empty paragraph), end tags closing only what is
// in scope, head elements in <head>, everything else in <body>. Its stack is an array pushed at its end (htmlparser2's
// own Parser shifts its stack at the front on every tag, which made a page nested 100,000 levels deep take 8 s), and
// no more than MAX_OPEN elements are open at once: tags deeper than that are left out and their text goes to the
// deepest element (the extraction reads 500 levels); whether an element is in scope is read from position stacks,
// never by walking down the open elements. What the builder does not do
// (the adoption agency's reparenting of misnested formatting, foster-parenting of text inside <table>) moves no
// text between blocks in the pages we have (html.mjs F1 unchanged); the sanitizer does not rely on the tree's shape.
// Two things are never read and are cut before parsing by a small scanner that follows the tokenizer's rules for
// comments, tags and quoted attributes: comments, the raw-text elements (script, style, noscript, iframe, noembed,
// noframes, xmp), whose text is usually half of a news page, and inline SVG and MathML. JSON-LD script blocks are
// kept aside as hints. Security does not rest on this scanner: the published HTML body is sanitized from the hast
// tree (html-sanitize.ts).
import { decodeHTML, decodeHTMLAttribute } from 'entities/decode';
import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';
import { defaultSchema } from 'hast-util-sanitize';
import { find, html as htmlSchema } from 'property-information';
import type { Element, ElementContent, Properties, Root } from 'hast';

/** A page without its comments and raw-text elements (stripRawText), and the text of its JSON-LD blocks. */
export interface StrippedHtml {
  html: string;
  jsonLd: string[];
}

export interface HtmlTree {
  tree: Root;
  /** The text of each `<script type="application/ld+json">` block, unparsed. */
  jsonLd: string[];
}

const RAW_TEXT = new Set(['script', 'style', 'noscript', 'iframe', 'noembed', 'noframes', 'xmp']);
/** Foreign content is never converted (icons are a tenth of a page's markup): cut at its first end tag. */
const FOREIGN = new Set(['svg', 'math']);
/** Elements whose text is escapable raw text: kept, but their content is not scanned for tags. */
const RCDATA = new Set(['title', 'textarea']);
/** Elements not converted at all: foreign content, media, controls and inert templates carry no story text. */
const NOT_CONVERTED = new Set(['svg', 'math', 'template', 'canvas', 'video', 'audio', 'object', 'embed', 'select', 'input', 'button', 'link']);

// the HTML spec's whitespace in tags is ASCII only (tab, line feed, form feed, carriage return, space): so is the
// scanner's, which reads the bytes of a UTF-8 page as well as text (stripRawUtf8)
const closers = new Map<string, RegExp>();
function closeTag(name: string): RegExp {
  let re = closers.get(name);
  if (!re) closers.set(name, (re = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi')));
  return re;
}
const JSON_LD_TYPE = /\btype[\t\n\f\r ]*=[\t\n\f\r ]*["']?application\/ld\+json/i;

const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 12 || c === 13;

/** Index just after the `>` that ends the tag whose name ends at `from` (quoted attribute values skipped). */
function endOfTag(s: string, from: number): number {
  const n = s.length;
  for (let k = from; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 62) return k + 1; // >
    if (c === 61) {
      // = : an attribute value follows, maybe quoted
      k++;
      while (k < n && isSpace(s.charCodeAt(k))) k++;
      const q = s.charCodeAt(k);
      if (q === 34 || q === 39) {
        const e = s.indexOf(q === 34 ? '"' : "'", k + 1);
        if (e < 0) return n;
        k = e;
      } else k--;
    }
  }
  return n;
}

/**
 * Where stripRawText cuts a page: the ranges it keeps and the text of its JSON-LD blocks, as [start, end) pairs of
 * offsets into `html`. The scanner reads only ASCII (the markup's syntax), so on the bytes of a UTF-8 page read as
 * Latin-1 it cuts at the same places, between whole characters (stripRawUtf8).
 */
interface RawTextCuts {
  kept: number[];
  jsonLd: number[];
}

/** Removes comments and raw-text elements; collects JSON-LD. Linear in the input. */
export function stripRawText(html: string): StrippedHtml {
  const { kept, jsonLd } = rawTextCuts(html);
  const pieces: string[] = [];
  for (let k = 0; k < kept.length; k += 2) pieces.push(html.slice(kept[k], kept[k + 1]));
  const blocks: string[] = [];
  for (let k = 0; k < jsonLd.length; k += 2) blocks.push(html.slice(jsonLd[k], jsonLd[k + 1]));
  return { html: pieces.join(''), jsonLd: blocks };
}

/**
 * stripRawText of the text of a page's UTF-8 bytes, cut before decoding: the scanner reads the bytes as Latin-1 (a
 * copy byte for byte) and only what it keeps is decoded, about two fifths of a news page (121 pages: 23 MB decoded
 * before, 9 MB now). The same result as decoding first: UTF-8 never uses an ASCII byte inside a character.
 */
export function stripRawUtf8(bytes: Buffer, decode: (bytes: Buffer) => string): StrippedHtml {
  const { kept, jsonLd } = rawTextCuts(bytes.toString('latin1'));
  const pieces: Buffer[] = [];
  for (let k = 0; k < kept.length; k += 2) pieces.push(bytes.subarray(kept[k], kept[k + 1]));
  const blocks: string[] = [];
  for (let k = 0; k < jsonLd.length; k += 2) blocks.push(decode(bytes.subarray(jsonLd[k], jsonLd[k + 1])));
  return { html: decode(pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces)), jsonLd: blocks };
}

function rawTextCuts(html: string): RawTextCuts {
  const kept: number[] = [];
  const jsonLd: number[] = [];
  const n = html.length;
  let last = 0;
  let i = 0;
  while (i < n) {
    i = html.indexOf('<', i);
    if (i < 0 || i + 1 >= n) break;
    const c = html.charCodeAt(i + 1);
    if (c === 33) {
      // <!
      if (html.startsWith('<!--', i)) {
        let stop: number;
        if (html.startsWith('<!-->', i)) stop = i + 5;
        else if (html.startsWith('<!--->', i)) stop = i + 6;
        else {
          const e = html.indexOf('-->', i + 4);
          stop = e < 0 ? n : e + 3;
        }
        kept.push(last, i);
        last = i = stop;
        continue;
      }
      const e = html.indexOf('>', i);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (c === 47 || c === 63) {
      // </...> or <?...>: ends at the first >
      const e = html.indexOf('>', i);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (!isLetter(c)) {
      i++;
      continue;
    }
    let j = i + 2;
    while (j < n) {
      const d = html.charCodeAt(j);
      if (isSpace(d) || d === 47 || d === 62) break;
      j++;
    }
    const name = html.slice(i + 1, j).toLowerCase();
    const tagEnd = endOfTag(html, j);
    if (RAW_TEXT.has(name) || RCDATA.has(name) || FOREIGN.has(name)) {
      const re = closeTag(name);
      re.lastIndex = tagEnd;
      const m = re.exec(html);
      const close = m ? m.index : n;
      if (RCDATA.has(name)) {
        i = close;
        continue;
      }
      if (name === 'script' && JSON_LD_TYPE.test(html.slice(i, tagEnd))) jsonLd.push(tagEnd, close);
      const stop = m ? endOfTag(html, close + 2 + name.length) : n;
      kept.push(last, i);
      last = i = stop;
      continue;
    }
    i = tagEnd;
  }
  kept.push(last, n);
  return { kept, jsonLd };
}

/**
 * Attributes converted: those the extraction reads and those the sanitizer may keep. The rest (data-*, event
 * handlers, tracking attributes: most of a page's attributes) would only be built to be thrown away.
 */
const CONVERTED = new Set([
  'class', 'id', 'itemprop', 'role', 'hidden', 'aria-hidden', 'style', 'property', 'name', 'content', 'type',
  ...[...new Set(Object.values(defaultSchema.attributes ?? {}).flat())].map((a) => find(htmlSchema, Array.isArray(a) ? String(a[0]) : String(a)).attribute),
]);
const CONVERTED_DATA = [...CONVERTED].filter((a) => a.startsWith('data-'));
const infos = new Map<string, ReturnType<typeof find>>();

/** hast properties from attributes (name, value, name, value, …), as hastscript would set them. */
function properties(attrs: readonly string[]): Properties {
  const props: Properties = {};
  for (let k = 0; k < attrs.length; k += 2) {
    const name = attrs[k]!;
    const value = attrs[k + 1]!;
    let info = infos.get(name);
    if (!info) infos.set(name, (info = find(htmlSchema, name)));
    if (info.spaceSeparated) props[info.property] = value.split(/[ \t\n\f\r]+/).filter(Boolean);
    else if (info.commaSeparated) props[info.property] = value.split(',').map((v) => v.trim()).filter(Boolean);
    else if (info.boolean) props[info.property] = true;
    else if ((info.booleanish || info.overloadedBoolean) && (value === '' || value.toLowerCase() === name)) props[info.property] = true;
    else if (info.number && value.trim() !== '' && !Number.isNaN(Number(value))) props[info.property] = Number(value);
    else props[info.property] = value;
  }
  return props;
}

/** Most elements open at once; deeper start tags are left out (their text goes to the deepest open element). */
export const MAX_OPEN = 1000;

const VOID = new Set(['area', 'base', 'basefont', 'bgsound', 'br', 'col', 'embed', 'frame', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements that stay in <head> when they come before the page's content. */
const HEAD = new Set(['title', 'meta', 'link', 'base', 'basefont', 'bgsound', 'template']);
/** Start tags that close an open <p> (WHATWG: "if the stack has a p element in button scope, close a p element"). */
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'header', 'hgroup', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'search', 'section', 'summary', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre',
  'listing', 'li', 'dd', 'dt', 'plaintext', 'table', 'xmp',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Scope boundaries: an end tag or an implied end never reaches past these (WHATWG "has an element in scope"). */
const SCOPE = new Set(['applet', 'caption', 'html', 'table', 'td', 'th', 'marquee', 'object', 'template', 'button']);
/** The WHATWG "special" elements: an inline end tag (</span>) never closes one of these. */
const SPECIAL = new Set([
  'address', 'applet', 'area', 'article', 'aside', 'base', 'basefont', 'bgsound', 'blockquote', 'body', 'br', 'button', 'caption', 'center', 'col',
  'colgroup', 'dd', 'details', 'dir', 'div', 'dl', 'dt', 'embed', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'frame', 'frameset', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'head', 'header', 'hgroup', 'hr', 'html', 'iframe', 'img', 'input', 'keygen', 'li', 'link', 'listing', 'main', 'marquee',
  'menu', 'meta', 'nav', 'noembed', 'noframes', 'noscript', 'object', 'ol', 'p', 'param', 'plaintext', 'pre', 'script', 'search', 'section', 'select',
  'source', 'style', 'summary', 'table', 'tbody', 'td', 'template', 'textarea', 'tfoot', 'th', 'thead', 'title', 'tr', 'track', 'ul', 'wbr', 'xmp',
]);
/**
 * Formatting elements: their end tag closes them even across a block opened inside them (the adoption agency
 * would split the block instead; either way the text after the end tag is outside them, which matters for <a>:
 * a link left open would count the rest of the page as link text).
 */
const FORMATTING = new Set(['a', 'b', 'big', 'code', 'em', 'font', 'i', 'nobr', 's', 'small', 'strike', 'strong', 'tt', 'u']);
const TABLE_PARTS = new Set(['tbody', 'thead', 'tfoot']);
const CELLS = new Set(['td', 'th']);

/** Special elements that stop the search for an open <li>, <dd> or <dt> (WHATWG: all but address, div and p). */
const isListStop = (name: string) => name !== 'address' && name !== 'div' && name !== 'p';
const top = (positions: readonly number[]) => (positions.length ? positions[positions.length - 1]! : -1);

const element = (tagName: string, props: Properties = {}): Element => ({ type: 'element', tagName, properties: props, children: [] });

/**
 * Builds hast from htmlparser2's tokenizer events. Offsets index the one string the tokenizer is given. The open
 * elements are two parallel stacks: names, and the hast element (null inside an element that is not converted).
 */
class HastBuilder implements TokenizerCallbacks {
  readonly head = element('head');
  readonly body = element('body');
  readonly html = element('html', {});
  readonly root: Root = { type: 'root', children: [this.html] };
  private readonly names: string[] = [];
  private readonly elements: (Element | null)[] = [];
  /**
   * Stack positions of the open elements by name, and of the open scope boundaries, special elements and list-item
   * stoppers (special but address, div, p), innermost last: every "is it in scope" question is a comparison of two
   * positions instead of a walk down the stack (a walk made <p><button> and two million <div>s take 30 s).
   */
  private readonly positions = new Map<string, number[]>();
  private readonly scopeAt: number[] = [];
  private readonly specialAt: number[] = [];
  private readonly listStopAt: number[] = [];
  private inBody = false;
  private tagName = '';
  private attrs: string[] = [];
  private attrName = '';
  private attrValue = '';
  private keepAttr = false;
  /** The first newline just after <pre>, <listing> and <textarea> is not text. */
  private afterPre = false;

  constructor(private readonly source: string) {
    this.html.children = [this.head, this.body];
  }

  /** Where a new node goes: the current element, or head/body at the top level. */
  private parent(name: string | undefined): Element | null {
    const n = this.elements.length;
    if (n) return this.elements[n - 1]!;
    if (!this.inBody && name !== undefined && HEAD.has(name)) return this.head;
    this.inBody = true;
    return this.body;
  }

  /** Stack position of the innermost open element of that name, or -1. */
  private innermost(name: string): number {
    const at = this.positions.get(name);
    return at?.length ? at[at.length - 1]! : -1;
  }

  private push(name: string, node: Element | null): void {
    const at = this.names.length;
    this.names.push(name);
    this.elements.push(node);
    const positions = this.positions.get(name);
    if (positions) positions.push(at);
    else this.positions.set(name, [at]);
    if (SCOPE.has(name)) this.scopeAt.push(at);
    if (SPECIAL.has(name)) {
      this.specialAt.push(at);
      if (isListStop(name)) this.listStopAt.push(at);
    }
  }

  /** Closes the elements above and including stack position `at`. */
  private popTo(at: number): void {
    for (let k = this.names.length - 1; k >= at; k--) {
      const name = this.names[k]!;
      this.positions.get(name)!.pop();
      if (SCOPE.has(name)) this.scopeAt.pop();
      if (SPECIAL.has(name)) {
        this.specialAt.pop();
        if (isListStop(name)) this.listStopAt.pop();
      }
    }
    this.names.length = at;
    this.elements.length = at;
  }

  /** Closes the element at `at` and what is open inside it when it is open and no boundary lies above it. */
  private closeIfInScope(at: number, boundary: number): void {
    // at >= boundary: an element that is itself a boundary (</td>, </button>) is in its own scope
    if (at >= 0 && at >= boundary) this.popTo(at);
  }

  private startTag(name: string, attrs: readonly string[]): void {
    if (name === 'html' || name === 'body') {
      // attributes of <html> and <body> go to the elements there are; a second <body> adds, never replaces
      const target = name === 'html' ? this.html : this.body;
      for (const [k, v] of Object.entries(properties(attrs))) if (!(k in target.properties)) target.properties[k] = v;
      if (name === 'body') this.inBody = true;
      return;
    }
    if (name === 'head') return;
    if (name === 'image') name = 'img';
    // implied end tags
    if (CLOSES_P.has(name)) this.closeIfInScope(this.innermost('p'), top(this.scopeAt));
    if (HEADINGS.has(name) && HEADINGS.has(this.names[this.names.length - 1]!)) this.popTo(this.names.length - 1);
    if (name === 'li') this.closeIfInScope(this.innermost('li'), top(this.listStopAt));
    else if (name === 'dd' || name === 'dt') this.closeIfInScope(Math.max(this.innermost('dd'), this.innermost('dt')), top(this.listStopAt));
    else if (name === 'a') this.closeIfInScope(this.innermost('a'), top(this.scopeAt));
    else if (name === 'tr') this.closeIfInScope(this.innermost('tr'), this.innermost('table'));
    else if (CELLS.has(name)) this.closeIfInScope(Math.max(this.innermost('td'), this.innermost('th')), Math.max(this.innermost('tr'), this.innermost('table')));
    else if (TABLE_PARTS.has(name)) this.closeIfInScope(Math.max(this.innermost('tbody'), this.innermost('thead'), this.innermost('tfoot')), this.innermost('table'));
    const isVoid = VOID.has(name);
    if (!isVoid && this.names.length >= MAX_OPEN) return;
    const parent = this.parent(name);
    let node: Element | null = null;
    if (parent && !NOT_CONVERTED.has(name)) {
      node = element(name, properties(attrs));
      parent.children.push(node);
    }
    if (isVoid) return;
    this.push(name, node);
    this.afterPre = name === 'pre' || name === 'listing' || name === 'textarea';
  }

  private endTag(name: string): void {
    if (name === 'html' || name === 'body' || name === 'head') return;
    if (name === 'br') {
      this.startTag('br', []);
      return;
    }
    if (name === 'p' && (this.innermost('p') < 0 || this.innermost('p') < top(this.scopeAt))) {
      // </p> with no <p> open: an empty paragraph, which still ends the text before it
      this.startTag('p', []);
    }
    const at = this.innermost(name);
    if (name === 'table') this.closeIfInScope(at, -1);
    else if (CELLS.has(name) || name === 'tr' || TABLE_PARTS.has(name)) this.closeIfInScope(at, this.innermost('table'));
    else if (SPECIAL.has(name) || FORMATTING.has(name)) this.closeIfInScope(at, top(this.scopeAt));
    // any other end tag (</span>) closes only inline elements: a block opened inside it stays open
    else this.closeIfInScope(at, top(this.specialAt));
  }

  private text(value: string): void {
    if (this.afterPre) {
      this.afterPre = false;
      if (value.charCodeAt(0) === 10) value = value.slice(1);
      if (!value) return;
    }
    if (!this.elements.length && !this.inBody && !/[^ \t\n\f\r]/.test(value)) return;
    const parent = this.parent(undefined);
    if (!parent) return;
    const children = parent.children as ElementContent[];
    const prev = children[children.length - 1];
    if (prev?.type === 'text') prev.value += value;
    else children.push({ type: 'text', value });
  }

  // the tokenizer's events
  onopentagname(start: number, end: number): void {
    this.afterPre = false;
    this.tagName = this.source.slice(start, end).toLowerCase();
    this.attrs = [];
  }
  onattribname(start: number, end: number): void {
    this.attrValue = '';
    // data-* attributes, a page's most numerous, are not even sliced unless converted (the sanitizer's footnote ones)
    if (this.source.charCodeAt(start) === 100 && this.source.startsWith('data-', start) && !CONVERTED_DATA.some((a) => a.length === end - start && this.source.startsWith(a, start))) {
      this.keepAttr = false;
      return;
    }
    this.attrName = this.source.slice(start, end).toLowerCase();
    this.keepAttr = CONVERTED.has(this.attrName);
  }
  onattribdata(start: number, end: number): void {
    if (this.keepAttr) this.attrValue += this.source.slice(start, end);
  }
  // with decodeEntities off the tokenizer never reports a character reference: text and values holding an `&`
  // are decoded whole by `entities` (ontext, onattribend)
  onattribentity(): void {}
  onattribend(): void {
    // the first of two same-named attributes counts
    if (this.keepAttr && !this.attrs.some((a, k) => k % 2 === 0 && a === this.attrName)) {
      const value = this.attrValue;
      this.attrs.push(this.attrName, value.includes('&') ? decodeHTMLAttribute(value) : value);
    }
    this.keepAttr = false;
  }
  onopentagend(): void {
    this.startTag(this.tagName, this.attrs);
  }
  onselfclosingtag(): void {
    // HTML ignores the slash of <div/>: it opens like any start tag
    this.startTag(this.tagName, this.attrs);
  }
  onclosetag(start: number, end: number): void {
    this.afterPre = false;
    this.endTag(this.source.slice(start, end).toLowerCase());
  }
  ontext(start: number, end: number): void {
    const text = this.source.slice(start, end);
    this.text(text.includes('&') ? decodeHTML(text) : text);
  }
  ontextentity(): void {}
  oncomment(): void {}
  oncdata(): void {}
  ondeclaration(): void {}
  onprocessinginstruction(): void {}
  onend(): void {}
}

/** The page as hast: root > html > head, body (as a browser builds it, also for a fragment). */
export function htmlToHast(html: string): Root {
  // the tokenizer reports offsets into the text; line ends are normalised first, as the HTML spec's input stream does
  const source = html.includes('\r') ? html.replace(/\r\n?/g, '\n') : html;
  const builder = new HastBuilder(source);
  // character references are decoded by the same library the tokenizer would use (entities, in the HTML spec's text
  // and attribute modes), but only in the text and values that have an `&`: the tokenizer then skips to the next
  // `<` or quote in a tight loop instead of stepping through its states one character at a time
  const tokenizer = new Tokenizer({ decodeEntities: false }, builder);
  tokenizer.write(source);
  tokenizer.end();
  return builder.root;
}

/** The page as hast, and its JSON-LD blocks; `html` already stripped (stripRawUtf8) or not. */
export function parseHtmlTree(html: string | StrippedHtml): HtmlTree {
  const stripped = typeof html === 'string' ? stripRawText(html) : html;
  return { tree: htmlToHast(stripped.html), jsonLd: stripped.jsonLd };
}
