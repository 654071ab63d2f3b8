// HTML text to a hast tree, fast and without recursion: parse5 (the WHATWG parser rehype uses) builds its tree
// without source positions, and an iterative converter turns it into hast. Two things are never read and are cut
// before parsing by a small scanner that follows the tokenizer's rules for comments, tags and quoted attributes:
// comments, the raw-text elements (script, style, noscript, iframe, noembed, noframes, xmp), whose text is
// usually half of a news page, and inline SVG and MathML. JSON-LD script blocks are kept aside as hints. Security does not rest on this
// scanner: the published HTML body is sanitized from the hast tree (html-sanitize.ts).
import { parse, type DefaultTreeAdapterMap } from 'parse5';
import { defaultSchema } from 'hast-util-sanitize';
import { find, html as htmlSchema } from 'property-information';
import type { Element, ElementContent, Properties, Root } from 'hast';

type P5Node = DefaultTreeAdapterMap['node'];
type P5Parent = DefaultTreeAdapterMap['parentNode'];

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
const infos = new Map<string, ReturnType<typeof find>>();

/** hast properties from parse5 attributes, as hastscript would set them. */
function properties(attrs: { name: string; value: string }[]): Properties {
  const props: Properties = {};
  for (const { name, value } of attrs) {
    if (!CONVERTED.has(name)) continue;
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

/** parse5's tree to hast, iteratively (a page nested 100,000 levels deep converts like any other). */
function toHast(document: P5Parent): Root {
  const root: Root = { type: 'root', children: [] };
  const stack: [P5Parent, Root | Element][] = [[document, root]];
  while (stack.length) {
    const [from, to] = stack.pop()!;
    const children = to.children as ElementContent[];
    for (const node of from.childNodes as P5Node[]) {
      if (node.nodeName === '#text') {
        const value = (node as DefaultTreeAdapterMap['textNode']).value;
        const prev = children[children.length - 1];
        if (prev?.type === 'text') prev.value += value;
        else children.push({ type: 'text', value });
      } else if ('tagName' in node) {
        if (NOT_CONVERTED.has(node.tagName) || node.namespaceURI !== 'http://www.w3.org/1999/xhtml') continue;
        const element: Element = { type: 'element', tagName: node.tagName, properties: properties(node.attrs), children: [] };
        children.push(element);
        if (node.childNodes.length) stack.push([node, element]);
      }
    }
  }
  return root;
}

export function parseHtmlTree(html: string): HtmlTree {
  const stripped = stripRawText(html);
  return { tree: toHast(parse(stripped.html)), jsonLd: stripped.jsonLd };
}
