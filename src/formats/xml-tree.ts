// Parses XML safely into a small element tree with saxes: no DTD is ever fetched or read, a DOCTYPE that declares
// entities is refused (billion laughs, XXE), depth and element count are bounded. Each refusal is a PermanentError
// naming the problem. Element and attribute names keep their prefix in `qname`; `name` is the local name.
import type * as Saxes from 'saxes';
import { PermanentError } from '../errors/index.js';
import { lazyRequire } from './lazy-require.js';

// loaded on the first XML file: a run of pages and plain text never loads the XML parser
const saxes = lazyRequire<typeof Saxes>('saxes');

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  qname: string;
  /** Attributes by local name (a prefixed and an unprefixed attribute of the same local name: the first wins). */
  attrs: Record<string, string>;
  children: XmlNode[];
  parent?: XmlElement;
}
export type XmlNode = XmlElement | string;

export interface XmlLimits {
  /** Deepest element nesting accepted. */
  maxDepth: number;
  /** Most elements accepted. */
  maxElements: number;
}
export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 256, maxElements: 200_000 };

/** HTML named entities that wire XML uses without declaring them (XHTML bodies); a fixed table, never expanded further. */
const HTML_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'",
  nbsp: '\u00a0', ndash: '\u2013', mdash: '\u2014', lsquo: '\u2018', rsquo: '\u2019', sbquo: '\u201a', ldquo: '\u201c',
  rdquo: '\u201d', bdquo: '\u201e', hellip: '\u2026', bull: '\u2022', middot: '\u00b7', copy: '\u00a9', reg: '\u00ae',
  trade: '\u2122', deg: '\u00b0', euro: '\u20ac', pound: '\u00a3', yen: '\u00a5', cent: '\u00a2', sect: '\u00a7',
  para: '\u00b6', laquo: '\u00ab', raquo: '\u00bb', frac12: '\u00bd', frac14: '\u00bc', frac34: '\u00be', times: '\u00d7',
  eacute: '\u00e9', egrave: '\u00e8', ecirc: '\u00ea', aacute: '\u00e1', agrave: '\u00e0', acirc: '\u00e2', auml: '\u00e4',
  ouml: '\u00f6', uuml: '\u00fc', Auml: '\u00c4', Ouml: '\u00d6', Uuml: '\u00dc', szlig: '\u00df', ccedil: '\u00e7',
  ntilde: '\u00f1', oacute: '\u00f3', iacute: '\u00ed', uacute: '\u00fa', Eacute: '\u00c9', shy: '\u00ad', thinsp: '\u2009',
  ensp: '\u2002', emsp: '\u2003', zwnj: '\u200c', zwj: '\u200d',
};

const localName = (q: string): string => q.slice(q.indexOf(':') + 1);

/** Parses `text` into its root element, or throws a PermanentError (UNSAFE_XML or MALFORMED). */
export function parseXml(text: string, limits: XmlLimits = DEFAULT_XML_LIMITS, warnings: string[] = []): XmlElement {
  const { SaxesParser } = saxes();
  const parser = new SaxesParser({ xmlns: false, position: true, fragment: false });
  (parser as unknown as { ENTITIES: Record<string, string> }).ENTITIES = { ...HTML_ENTITIES };
  const root: XmlElement = { name: '#document', qname: '#document', attrs: {}, children: [] };
  let current = root;
  let depth = 0;
  let elements = 0;
  let failure: PermanentError | undefined;
  const fail = (e: PermanentError) => {
    failure ??= e;
  };

  parser.on('doctype', (doctype) => {
    if (/<!ENTITY\s+[^%\s]/i.test(doctype)) {
      const external = /<!ENTITY\s+[^%\s]+\s+(SYSTEM|PUBLIC)\b/i.test(doctype);
      fail(new PermanentError('UNSAFE_XML', external
        ? 'the XML declares an external entity in its DOCTYPE (it could read local files or the network): refused'
        : 'the XML declares entities in its DOCTYPE (entity expansion can blow up, e.g. "billion laughs"): refused'));
    }
    // parameter entities (%name;) and external DTDs are never fetched nor expanded: saxes reads no DTD at all
  });
  parser.on('opentag', (tag) => {
    if (failure) return;
    depth++;
    elements++;
    if (depth > limits.maxDepth) return fail(new PermanentError('UNSAFE_XML', `the XML nests elements deeper than ${limits.maxDepth} levels: refused`));
    if (elements > limits.maxElements) return fail(new PermanentError('UNSAFE_XML', `the XML has more than ${limits.maxElements} elements: refused`));
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string>)) {
      const l = localName(k);
      if (!(l in attrs) || !k.includes(':')) attrs[l] = v;
      if (k.startsWith('xml:')) attrs[k] = v;
    }
    const el: XmlElement = { name: localName(tag.name), qname: tag.name, attrs, children: [], parent: current };
    current.children.push(el);
    if (!tag.isSelfClosing) current = el;
    else depth--;
  });
  parser.on('closetag', (tag) => {
    if (failure || tag.isSelfClosing) return;
    depth--;
    current = current.parent ?? root;
  });
  const onText = (t: string) => {
    if (!failure && current !== root) current.children.push(t);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (err) => {
    // an unknown or unterminated entity reference ("&amp" at a line end, "&eacute;" undeclared) stays as text:
    // nothing is expanded, so nothing is unsafe about going on
    if (/entity|character reference/i.test(err.message) && !/DOCTYPE/i.test(err.message)) {
      if (warnings.length < 20) warnings.push(`XML: ${err.message.replace(/^undefined:/, '')}`);
      return;
    }
    fail(new PermanentError('MALFORMED', `the XML is not well-formed: ${err.message.replace(/^undefined:/, '')}`));
  });
  try {
    // feed in slices so a refusal stops the work early
    for (let i = 0; i < text.length && !failure; i += 65536) parser.write(text.slice(i, i + 65536));
    if (!failure) parser.close();
  } catch (err) {
    fail(new PermanentError('MALFORMED', `the XML is not well-formed: ${(err as Error).message}`));
  }
  if (failure) throw failure;
  const top = root.children.find((c): c is XmlElement => typeof c !== 'string');
  if (!top) throw new PermanentError('MALFORMED', 'the XML has no root element');
  top.parent = undefined;
  return top;
}

export const isElement = (n: XmlNode | undefined): n is XmlElement => typeof n === 'object' && n !== null;

/** Child elements, optionally by local name. */
export function kids(el: XmlElement | undefined, name?: string): XmlElement[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlElement => isElement(c) && (!name || c.name === name));
}
export const kid = (el: XmlElement | undefined, name: string): XmlElement | undefined => kids(el, name)[0];

/** Descendant elements (document order, self included) with a local name. */
export function findAll(el: XmlElement | undefined, name: string, out: XmlElement[] = []): XmlElement[] {
  if (!el) return out;
  if (el.name === name) out.push(el);
  for (const c of el.children) if (isElement(c)) findAll(c, name, out);
  return out;
}
export const find = (el: XmlElement | undefined, name: string): XmlElement | undefined => findFirst(el, name);
function findFirst(el: XmlElement | undefined, name: string): XmlElement | undefined {
  if (!el) return undefined;
  if (el.name === name) return el;
  for (const c of el.children) {
    if (!isElement(c)) continue;
    const f = findFirst(c, name);
    if (f) return f;
  }
  return undefined;
}

/** All text below an element, whitespace collapsed. */
export function textOf(el: XmlElement | undefined): string {
  if (!el) return '';
  return rawText(el).replace(/\s+/g, ' ').trim();
}
export function rawText(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : c.name === 'br' ? '\n' : rawText(c);
  return s;
}
/** Text of the first descendant with that name, or undefined when empty. */
export const textAt = (el: XmlElement | undefined, name: string): string | undefined => textOf(find(el, name)) || undefined;

const BLOCK_KIND: Record<string, 'p' | 'heading' | 'pre' | 'table' | 'quote' | 'list' | 'caption'> = {
  p: 'p', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading', hl2: 'heading',
  pre: 'pre', table: 'table', blockquote: 'quote', bq: 'quote', li: 'list', caption: 'caption', figcaption: 'caption',
};

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XML table (NITF or XHTML) as preformatted text (cells joined by tabs) and as a plain HTML table. */
export function tableBlock(table: XmlElement): { text: string; html: string } {
  const rows = findAll(table, 'tr');
  const cells = rows.map((r) => kids(r).filter((c) => c.name === 'td' || c.name === 'th').map((c) => textOf(c)));
  const text = cells.map((r) => r.join('\t')).join('\n');
  const html = `<table>\n${cells.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>`;
  return { text, html };
}

export interface XmlBlock {
  text: string;
  kind: 'p' | 'heading' | 'pre' | 'table' | 'quote' | 'list' | 'caption';
  html?: string;
}

/** Body blocks of an NITF body.content or XHTML body in reading order; loose text between blocks becomes a paragraph. */
export function xmlBlocks(el: XmlElement | undefined, skip: ReadonlySet<string> = new Set()): XmlBlock[] {
  const out: XmlBlock[] = [];
  if (!el) return out;
  let loose = '';
  const flushLoose = () => {
    const t = loose.replace(/\s+/g, ' ').trim();
    if (t) out.push({ text: t, kind: 'p' });
    loose = '';
  };
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (typeof c === 'string') {
        loose += c;
        continue;
      }
      if (skip.has(c.name) || c.name === 'script' || c.name === 'style') continue;
      if (c.name === 'table') {
        flushLoose();
        const t = tableBlock(c);
        if (t.text.trim()) out.push({ text: t.text, kind: 'table', html: t.html });
        continue;
      }
      const kind = BLOCK_KIND[c.name];
      if (kind) {
        flushLoose();
        if (kind === 'pre') {
          const t = rawText(c).replace(/^\n+|\s+$/g, '');
          if (t) out.push({ text: t, kind, html: `<pre>${escapeHtml(t)}</pre>` });
        } else {
          const t = rawText(c).split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' ');
          if (t) out.push({ text: t, kind });
        }
        continue;
      }
      if (c.name === 'br') {
        loose += '\n';
        continue;
      }
      const inline = ['a', 'em', 'strong', 'b', 'i', 'u', 'span', 'sup', 'sub', 'q', 'person', 'org', 'location', 'chron', 'money', 'num', 'event', 'object.title', 'classifier', 'function', 'virtloc', 'copyrite', 'alt-code', 'pronounce', 'frac', 'postaddr', 'city', 'country', 'region', 'state', 'sublocation'];
      if (inline.includes(c.name)) loose += rawText(c);
      else {
        flushLoose();
        walk(c);
      }
    }
  };
  walk(el);
  flushLoose();
  return out;
}
