// HTML text to a hast tree, fast and without recursion. htmlparser2's tokenizer (cheerio's, about three times as
// fast as parse5's on news pages, and it hands over text and values as offsets, so we slice only what we keep)
// reads the page, and a small tree builder here puts its tags into hast as a browser would for the markup news
// pages use: the implied end tags of the WHATWG tree construction (a block closes an open <p>, <li> closes <li>,
// <td> a cell, <tr> a row, <a> an open link, </p> alone makes an empty paragraph), end tags closing only what is
// in scope, head elements in <head>, everything else in <body>. Its stack is an array pushed at its end (htmlparser2's
// own Parser shifts its stack at the front on every tag, which made a page nested 100,000 levels deep take 8 s), and
// no more than MAX_OPEN elements are open at once: tags deeper than that are left out and their text goes to the
// deepest element (the extraction reads 500 levels), so every scope walk is bounded. What the builder does not do
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

const closers = new Map<string, RegExp>();
function closeTag(name: string): RegExp {
  let re = closers.get(name);
  if (!re) closers.set(name, (re = new RegExp(`</${name}[\\s/>]`, 'gi')));
  return re;
}

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

/** Removes comments and raw-text elements; collects JSON-LD. Linear in the input. */
export function stripRawText(html: string): { html: string; jsonLd: string[] } {
  const out: string[] = [];
  const jsonLd: string[] = [];
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
        out.push(html.slice(last, i));
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
      if (name === 'script' && /\btype\s*=\s*["']?application\/ld\+json/i.test(html.slice(i, tagEnd))) jsonLd.push(html.slice(tagEnd, close));
      const stop = m ? endOfTag(html, close + 2 + name.length) : n;
      out.push(html.slice(last, i));
      last = i = stop;
      continue;
    }
    i = tagEnd;
  }
  out.push(html.slice(last));
  return { html: out.join(''), jsonLd };
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
  /** How many elements of each name are open: an end tag for a name with none open costs nothing. */
  private readonly openCount = new Map<string, number>();
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

  private count(name: string, by: number): void {
    this.openCount.set(name, (this.openCount.get(name) ?? 0) + by);
  }

  /** Closes the elements above and including stack position `at`. */
  private popTo(at: number): void {
    for (let k = this.names.length - 1; k >= at; k--) this.count(this.names[k]!, -1);
    this.names.length = at;
    this.elements.length = at;
  }

  /** Stack position of the innermost open `name` reachable before a boundary, or -1. */
  private inScope(name: string, boundary: (open: string) => boolean): number {
    if (!this.openCount.get(name)) return -1;
    for (let k = this.names.length - 1; k >= 0; k--) {
      const open = this.names[k]!;
      if (open === name) return k;
      if (boundary(open)) return -1;
    }
    return -1;
  }

  private closeInScope(name: string, boundary: (open: string) => boolean): void {
    const at = this.inScope(name, boundary);
    if (at >= 0) this.popTo(at);
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
    if (CLOSES_P.has(name)) this.closeInScope('p', (open) => SCOPE.has(open));
    if (HEADINGS.has(name) && HEADINGS.has(this.names[this.names.length - 1]!)) this.popTo(this.names.length - 1);
    if (name === 'li') this.closeInScope('li', (open) => SPECIAL.has(open) && open !== 'address' && open !== 'div' && open !== 'p');
    else if (name === 'dd' || name === 'dt') {
      const stop = (open: string) => SPECIAL.has(open) && open !== 'address' && open !== 'div' && open !== 'p' && open !== 'dd' && open !== 'dt';
      const at = Math.max(this.inScope('dd', stop), this.inScope('dt', stop));
      if (at >= 0) this.popTo(at);
    } else if (name === 'a') this.closeInScope('a', (open) => SCOPE.has(open));
    else if (name === 'tr') this.closeInScope('tr', (open) => open === 'table');
    else if (CELLS.has(name)) {
      const stop = (open: string) => open === 'tr' || open === 'table';
      const at = Math.max(this.inScope('td', stop), this.inScope('th', stop));
      if (at >= 0) this.popTo(at);
    } else if (TABLE_PARTS.has(name)) {
      const stop = (open: string) => open === 'table';
      const at = Math.max(this.inScope('tbody', stop), this.inScope('thead', stop), this.inScope('tfoot', stop));
      if (at >= 0) this.popTo(at);
    }
    const isVoid = VOID.has(name);
    if (!isVoid && this.names.length >= MAX_OPEN) return;
    const parent = this.parent(name);
    let node: Element | null = null;
    if (parent && !NOT_CONVERTED.has(name)) {
      node = element(name, properties(attrs));
      parent.children.push(node);
    }
    if (isVoid) return;
    this.names.push(name);
    this.elements.push(node);
    this.count(name, 1);
    this.afterPre = name === 'pre' || name === 'listing' || name === 'textarea';
  }

  private endTag(name: string): void {
    if (name === 'html' || name === 'body' || name === 'head') return;
    if (name === 'br') {
      this.startTag('br', []);
      return;
    }
    if (name === 'p' && this.inScope('p', (open) => SCOPE.has(open)) < 0) {
      // </p> with no <p> open: an empty paragraph, which still ends the text before it
      this.startTag('p', []);
    }
    if (!this.openCount.get(name)) return;
    let boundary: (open: string) => boolean;
    if (name === 'table') boundary = () => false;
    else if (CELLS.has(name) || name === 'tr' || TABLE_PARTS.has(name)) boundary = (open) => open === 'table';
    else if (SPECIAL.has(name) || FORMATTING.has(name)) boundary = (open) => SCOPE.has(open);
    // any other end tag (</span>) closes only inline elements: a block opened inside it stays open
    else boundary = (open) => SPECIAL.has(open);
    this.closeInScope(name, boundary);
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
  onattribentity(codepoint: number): void {
    if (this.keepAttr) this.attrValue += String.fromCodePoint(codepoint);
  }
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
  ontextentity(codepoint: number): void {
    this.text(String.fromCodePoint(codepoint));
  }
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

export function parseHtmlTree(html: string): HtmlTree {
  const stripped = stripRawText(html);
  return { tree: htmlToHast(stripped.html), jsonLd: stripped.jsonLd };
}
