// Main-content extraction on hast. The page is read once into text blocks in reading order (a paragraph, a list
// item, a heading, a run of text between block elements), each knowing the element it sits in. Every block gets a
// weight: its plain text counts for it, its link text and a fixed cost per block count against it, so a paragraph
// weighs a lot and a menu item, a share button or a "related" teaser weighs below zero. Hints scale the weights:
// blocks under navigation, comments, related lists, ads, footers (by tag, ARIA role, class or id) turn negative,
// blocks under the article's own markup (itemprop=articleBody) or whose text the page's JSON-LD articleBody
// carries weigh more. The article is the element whose blocks weigh most in sum: the smallest container that takes
// in all the story's paragraphs, split over several divs or not, and leaves the page's furniture out. Inside it,
// sections that are boilerplate by the same signals are dropped, each with the reason, for `copydesk explain`.
// Every walk is iterative and the structure is read to MAX_DEPTH levels: deeper markup counts as inline text.
import type { Element, ElementContent, Root } from 'hast';
import type { Block } from './story.js';

export interface ExtractedBlock {
  text: string;
  kind: Block['kind'];
  /** The block's own element, when the block is all of it (for the HTML body); absent for text runs. */
  element?: Element;
  /** Why the block is not part of the article; absent for kept blocks. */
  dropped?: string;
}

export interface Extraction {
  /** Every text block of the page in reading order, kept ones without `dropped`. */
  blocks: ExtractedBlock[];
  /** The element taken as the article, if one was found. */
  article?: Element;
  /** Why no article was found, when none was. */
  failure?: string;
  headline?: string;
  byline?: string;
}

export interface ExtractOptions {
  /** JSON-LD blocks of the page (html-tree.ts), read for articleBody, headline and author. */
  jsonLd?: readonly string[];
}

export const MAX_DEPTH = 500;

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'select', 'button', 'input', 'textarea', 'head', 'title', 'meta', 'link', 'dialog', 'map', 'area']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot',
  'tr', 'caption', 'ul', 'menu', 'html', 'legend', 'picture',
]);
/** Table cells: a row of a data table reads as one line; a layout table's cells hold blocks of their own. */
const CELL = new Set(['td', 'th']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
/** Elements whose block is all of them: their sanitized markup can stand in the HTML body. */
const WHOLE = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'pre', 'figcaption', 'dd', 'dt', 'caption']);
const NEGATIVE_TAGS: Record<string, string> = { nav: '<nav>', aside: '<aside>', footer: '<footer>', header: '<header>', form: '<form>', menu: '<menu>' };
const NEGATIVE_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'menu', 'menubar', 'dialog', 'alert', 'alertdialog', 'toolbar', 'tablist']);
/** Words in a class or id that mark page furniture (matched against the words of the attribute). */
const NEGATIVE_WORDS = new Set([
  'comment', 'comments', 'disqus', 'respond', 'reply', 'replies', 'related', 'recommended', 'recommendations', 'recirc', 'recirculation', 'trending', 'popular',
  'share', 'sharing', 'sharebar', 'social', 'socials', 'follow', 'newsletter', 'subscribe', 'subscription', 'signup', 'promo', 'promotion', 'sponsor',
  'sponsored', 'advert', 'advertisement', 'advertising', 'ad', 'ads', 'adslot', 'adunit', 'dfp', 'gpt', 'outbrain', 'taboola', 'nav', 'navbar',
  'navigation', 'menu', 'breadcrumb', 'breadcrumbs', 'sidebar', 'widget', 'widgets', 'footer', 'masthead', 'header', 'banner', 'cookie', 'consent',
  'modal', 'popup', 'overlay', 'paywall', 'tags', 'tag', 'taglist', 'bio', 'byline', 'author', 'meta', 'metadata', 'dateline', 'timestamp', 'caption',
  'credit', 'credits', 'toolbar', 'pagination', 'pager', 'print', 'skip', 'sr', 'visually', 'offscreen', 'rail', 'aside', 'teaser', 'teasers',
  'carousel', 'slider', 'gallery', 'more', 'next', 'prev', 'previous', 'login', 'signin', 'search', 'topics', 'keywords', 'donate', 'donation', 'cta',
]);
const POSITIVE_WORDS = new Set(['article', 'articlebody', 'body', 'content', 'entry', 'post', 'story', 'text', 'main', 'prose', 'richtext', 'blog', 'copy', 'paragraph']);

interface Info {
  el: Element;
  parent: number;
  depth: number;
  /** -1 furniture, 0 none, 1 article-like, 2 the article's own markup. */
  hint: number;
  reason?: string;
  /** Sum of the weights of the blocks inside. */
  weight: number;
  /** Sum of the plain (non-link) text of good paragraphs inside. */
  good: number;
}

interface RawBlock {
  text: string;
  kind: Block['kind'];
  container: number;
  chars: number;
  linkChars: number;
  whole: boolean;
  /** The block's first words are a link (a teaser: linked headline, then its summary). */
  linkFirst: boolean;
}

/** The words of one class name or id: camelCase and dashes split, lower case ("articleBody-main" → article, body, main). */
function wordsOfName(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/** What one class name or id says: its first furniture word, and whether it has an article word. */
interface NameHint {
  negative?: string;
  positive: boolean;
}
/** Pages repeat the same few hundred class names on thousands of elements: each is read once per process. */
const nameHints = new Map<string, NameHint>();
function nameHint(name: string): NameHint {
  let hint = nameHints.get(name);
  if (!hint) {
    const words = wordsOfName(name);
    hint = { negative: words.find((w) => NEGATIVE_WORDS.has(w)), positive: words.some((w) => POSITIVE_WORDS.has(w)) };
    if (nameHints.size > 50000) nameHints.clear();
    nameHints.set(detachedCopy(name), hint);
  }
  return hint;
}

/**
 * The same string, not sharing memory with the page. V8 keeps a substring of 13 or more characters as a slice of the
 * string it was cut from (here the whole page's markup): a cache key that is such a slice keeps every page alive for
 * the rest of the run (15 MB over a hundred pages, all of it for the garbage collector to copy and mark).
 */
export function detachedCopy(text: string): string {
  return (' ' + text).slice(1);
}

/** The class names and the id of an element, in that order. */
function namesOf(el: Element): string[] {
  const p = el.properties;
  const names = Array.isArray(p.className) ? p.className.map(String) : typeof p.className === 'string' ? [p.className] : [];
  if (typeof p.id === 'string' && p.id) names.push(p.id);
  return names;
}

/** The words of an element's class and id (for debugging output). */
function classWords(el: Element): string[] {
  return namesOf(el).flatMap(wordsOfName);
}

function isHidden(el: Element): boolean {
  const p = el.properties;
  if (p.hidden === true || String(p.ariaHidden) === 'true') return true;
  const style = typeof p.style === 'string' ? p.style : '';
  return style !== '' && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** -1 with a reason for furniture, 1 for article-like markup, 2 for itemprop=articleBody, else 0. */
function hintOf(el: Element): [number, string?] {
  const p = el.properties;
  if (p.itemProp !== undefined) {
    const itemprop = Array.isArray(p.itemProp) ? p.itemProp.join(' ') : String(p.itemProp);
    if (/\barticleBody\b/.test(itemprop)) return [2];
  }
  const tagReason = NEGATIVE_TAGS[el.tagName];
  if (tagReason) return [-1, tagReason];
  const role = typeof p.role === 'string' ? p.role.toLowerCase() : '';
  if (role && NEGATIVE_ROLES.has(role)) return [-1, `role=${role}`];
  // the first furniture word of the class names, then of the id, decides; an article word only counts without one
  let positive = false;
  const cls = p.className;
  if (Array.isArray(cls)) {
    for (const name of cls) {
      const hint = nameHint(String(name));
      if (hint.negative) return [-1, `class/id "${hint.negative}"`];
      positive ||= hint.positive;
    }
  } else if (typeof cls === 'string' && cls) {
    const hint = nameHint(cls);
    if (hint.negative) return [-1, `class/id "${hint.negative}"`];
    positive = hint.positive;
  }
  if (typeof p.id === 'string' && p.id) {
    const hint = nameHint(p.id);
    if (hint.negative) return [-1, `class/id "${hint.negative}"`];
    positive ||= hint.positive;
  }
  if (positive || el.tagName === 'article' || el.tagName === 'main' || role === 'main' || role === 'article') return [1];
  return [0];
}

const WS = /[ \t\n\f\r\u00a0]+/g;
const norm = (s: string) => s.replace(WS, ' ').trim();
/** Letters and digits only, lower case, single spaces: for comparing block text with JSON-LD. */
const key = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

interface JsonLdHints {
  bodies: string[];
  headline?: string;
  author?: string;
}

function readJsonLd(blocks: readonly string[]): JsonLdHints {
  const hints: JsonLdHints = { bodies: [] };
  const visit = (v: unknown, depth: number): void => {
    if (depth > 8 || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.articleBody === 'string' && o.articleBody.length > 100) hints.bodies.push(key(o.articleBody));
    if (typeof o.articleBody === 'string' && typeof o.headline === 'string' && !hints.headline) hints.headline = norm(o.headline);
    if (o['@graph']) visit(o['@graph'], depth + 1);
    if (o.mainEntity) visit(o.mainEntity, depth + 1);
  };
  for (const b of blocks) {
    try {
      visit(JSON.parse(b.trim()), 0);
    } catch {
      // a broken JSON-LD block is only a missing hint
    }
  }
  return hints;
}

/** Reads the body into blocks; fills `infos` with every element entered (index = id). */
function linearize(body: Element, infos: Info[]): RawBlock[] {
  const blocks: RawBlock[] = [];
  let parts: string[] = [];
  let chars = 0;
  let linkChars = 0;
  let inLink = 0;
  let pre = 0;
  let lastBr = false;
  let linkFirst: boolean | undefined;
  // open block containers, innermost last: [id, tag]
  const containers: number[] = [];
  const kinds: Block['kind'][] = [];
  const counts: number[] = []; // blocks emitted per open container
  const flush = (): void => {
    if (!parts.length) return;
    const raw = parts.join('');
    parts = [];
    // outside <pre> every part is already collapsed to single spaces (text runs when read, ' ' for <br> and cells):
    // only two parts meeting can leave a double space
    const text = pre ? raw.replace(/^\n+|\s+$/g, '') : (raw.includes('  ') ? raw.replace(/ {2,}/g, ' ') : raw).trim();
    const c = chars;
    const l = linkChars;
    const first = linkFirst;
    chars = linkChars = 0;
    linkFirst = undefined;
    if (!text) return;
    const container = containers[containers.length - 1]!;
    blocks.push({ text, kind: kinds[kinds.length - 1]!, container, chars: c, linkChars: l, whole: false, linkFirst: first === true });
    counts[counts.length - 1]!++;
  };
  const enterBlock = (id: number, kind: Block['kind']): void => {
    flush();
    containers.push(id);
    kinds.push(kind);
    counts.push(0);
  };
  const exitBlock = (): void => {
    const before = blocks.length;
    flush();
    const id = containers.pop()!;
    kinds.pop();
    const n = counts.pop()!;
    // a block that is all of its element can carry the element's markup
    if (n === 1 && blocks.length > before && WHOLE.has(infos[id]!.el.tagName)) blocks[blocks.length - 1]!.whole = true;
  };

  infos.push({ el: body, parent: -1, depth: 0, hint: 0, weight: 0, good: 0 });
  enterBlock(0, 'p');
  // frames: element id, its children, next child index, what to undo on exit
  interface Frame { id: number; children: ElementContent[]; i: number; block: boolean; link: boolean; pre: boolean }
  const stack: Frame[] = [{ id: 0, children: body.children as ElementContent[], i: 0, block: true, link: false, pre: false }];
  while (stack.length) {
    const f = stack[stack.length - 1]!;
    if (f.i >= f.children.length) {
      stack.pop();
      if (f.block) exitBlock();
      if (f.link) inLink--;
      if (f.pre) pre--;
      continue;
    }
    const node = f.children[f.i++]!;
    if (node.type === 'text') {
      const v = node.value;
      if (!v) continue;
      const t = pre ? v : v.replace(WS, ' ');
      if (t === ' ' && (!parts.length || parts[parts.length - 1]!.endsWith(' '))) continue;
      parts.push(t);
      const n = t.trim().length;
      chars += n;
      if (inLink) linkChars += n;
      if (n && linkFirst === undefined) linkFirst = inLink > 0;
      if (n) lastBr = false;
      continue;
    }
    if (node.type !== 'element') continue;
    const tag = node.tagName;
    if (tag === 'br') {
      if (lastBr) flush();
      else parts.push(pre ? '\n' : ' ');
      lastBr = true;
      continue;
    }
    if (SKIP.has(tag) || isHidden(node)) continue;
    if (CELL.has(tag) && parts.length && !parts[parts.length - 1]!.endsWith(' ')) parts.push(' ');
    const parentInfo = infos[f.id]!;
    if (parentInfo.depth >= MAX_DEPTH) {
      // too deep to take apart: its text joins the enclosing block
      stack.push({ id: f.id, children: node.children as ElementContent[], i: 0, block: false, link: false, pre: false });
      continue;
    }
    const id = infos.length;
    const [hint, reason] = hintOf(node);
    infos.push({ el: node, parent: f.id, depth: parentInfo.depth + 1, hint, reason, weight: 0, good: 0 });
    const block = BLOCK.has(tag);
    const link = tag === 'a';
    const isPre = tag === 'pre';
    if (block) {
      lastBr = false;
      const outer = kinds[kinds.length - 1]!;
      const kind: Block['kind'] = HEADINGS.has(tag)
        ? 'heading'
        : isPre || outer === 'pre'
          ? 'pre'
          : tag === 'figcaption' || tag === 'caption' || outer === 'caption'
            ? 'caption'
            : tag === 'blockquote' || outer === 'quote'
              ? 'quote'
              : tag === 'li' || outer === 'list'
                ? 'list'
                : outer === 'heading'
                  ? 'heading'
                  : 'p';
      enterBlock(id, kind);
    }
    if (link) inLink++;
    if (isPre) pre++;
    stack.push({ id, children: node.children as ElementContent[], i: 0, block, link, pre: isPre });
  }
  return blocks;
}

function findBody(tree: Root): Element | undefined {
  let html: Element | undefined;
  for (const c of tree.children) if (c.type === 'element' && c.tagName === 'html') html = c;
  if (!html) return undefined;
  for (const c of html.children) if (c.type === 'element' && c.tagName === 'body') return c;
  return undefined;
}

function metaOf(tree: Root): { title?: string; ogTitle?: string; author?: string } {
  const out: { title?: string; ogTitle?: string; author?: string } = {};
  const html = tree.children.find((c): c is Element => c.type === 'element' && c.tagName === 'html');
  const head = html?.children.find((c): c is Element => c.type === 'element' && c.tagName === 'head');
  for (const c of head?.children ?? []) {
    if (c.type !== 'element') continue;
    if (c.tagName === 'title' && !out.title) out.title = norm(c.children.map((t) => (t.type === 'text' ? t.value : '')).join(''));
    if (c.tagName === 'meta') {
      const name = String(c.properties.property ?? c.properties.name ?? '').toLowerCase();
      const content = typeof c.properties.content === 'string' ? norm(c.properties.content) : '';
      if (!content) continue;
      if (name === 'og:title' && !out.ogTitle) out.ogTitle = content;
      if (name === 'author' && !out.author && !/^https?:/.test(content)) out.author = content;
    }
  }
  return out;
}

/** A heading repeats the headline (the page title often adds the site's name). */
const isHeadline = (k: string, headline: string) => k === headline || (k.length >= 20 && headline.startsWith(k));

function debugPath(infos: Info[], e: number): string {
  const out: string[] = [];
  for (; e >= 0; e = infos[e]!.parent) out.push(`${infos[e]!.el.tagName}${classWords(infos[e]!.el).length ? '.' + classWords(infos[e]!.el).join('.') : ''}(${Math.round(infos[e]!.weight)})`);
  return out.reverse().join(' > ');
}

/** A block's weight: its plain text for it, its links and a fixed cost against it. */
function blockWeight(b: RawBlock): number {
  const plain = b.chars - b.linkChars;
  // mostly links: a menu, a teaser headline; otherwise linked words in a sentence still read as text
  if (b.linkChars > 0.7 * b.chars) return -b.linkChars - 20;
  return plain + 0.5 * b.linkChars - 20;
}

export function extractArticle(tree: Root, options: ExtractOptions = {}): Extraction {
  const meta = metaOf(tree);
  const body = findBody(tree);
  if (!body) return { blocks: [], failure: 'the page has no <body>' };
  const infos: Info[] = [];
  const raw = linearize(body, infos);
  const hints = readJsonLd(options.jsonLd ?? []);
  const headline = hints.headline ?? meta.ogTitle ?? meta.title;

  // furniture hints on an element that holds most of the page's good text are markup noise ("has-sidebar" on a
  // page wrapper): ignore them
  // a data table's rows are short but are story: a row without links never counts against its table
  const weights = raw.map((b) => (b.linkChars === 0 && infos[b.container]!.el.tagName === 'tr' ? Math.max(blockWeight(b), 2) : blockWeight(b)));
  let goodTotal = 0;
  raw.forEach((b, i) => {
    if (weights[i]! <= 0 || b.kind === 'heading') return;
    goodTotal += weights[i]!;
    for (let e = b.container; e >= 0; e = infos[e]!.parent) infos[e]!.good += weights[i]!;
  });
  for (const info of infos) if (info.hint < 0 && goodTotal > 0 && info.good > 0.5 * goodTotal) info.hint = 0;

  const inBody = hints.bodies.length
    ? (t: string) => {
        const k = key(t);
        return k.length >= 30 && hints.bodies.some((b) => b.includes(k));
      }
    : () => false;
  // when the page's JSON-LD articleBody is found nearly whole among the blocks, the publisher has said what the
  // article is: text it does not carry counts against, like furniture
  const matched = raw.map((b) => b.kind !== 'heading' && inBody(b.text));
  let matchedChars = 0;
  raw.forEach((b, i) => {
    if (matched[i]) matchedChars += key(b.text).length;
  });
  const jsonLdWhole = hints.bodies.length > 0 && matchedChars >= 0.6 * Math.max(...hints.bodies.map((b) => b.length));
  // the story follows its headline: text before the heading that repeats the page's title (a ticker, a teaser
  // strip, a promo) counts for little
  const headlineKey = headline ? key(headline) : '';
  const headlineAt = headlineKey ? raw.findIndex((b) => b.kind === 'heading' && b.linkChars < 0.5 * b.chars && isHeadline(key(b.text), headlineKey)) : -1;
  const scored = raw.map((b, i) => {
    let w = weights[i]!;
    let negative = false;
    let article = false;
    for (let e = b.container; e >= 0; e = infos[e]!.parent) {
      const h = infos[e]!.hint;
      if (h < 0) negative = true;
      else if (h === 2) article = true;
    }
    if (w > 0) {
      if (negative || (jsonLdWhole && !matched[i] && b.kind !== 'heading')) w = -0.5 * w;
      else if (article || matched[i]) w *= 3;
      else if (i < headlineAt) w *= 0.3;
    }
    return w;
  });
  for (const info of infos) info.weight = 0;
  scored.forEach((w, i) => {
    for (let e = raw[i]!.container; e >= 0; e = infos[e]!.parent) infos[e]!.weight += w;
  });
  let best = -1;
  for (let i = 0; i < infos.length; i++) {
    const info = infos[i]!;
    if (best < 0 || info.weight > infos[best]!.weight || (info.weight === infos[best]!.weight && info.depth > infos[best]!.depth)) best = i;
  }
  const result: Extraction = { blocks: [], headline, byline: meta.author };
  if (best < 0 || infos[best]!.weight < 40) {
    result.failure = 'no part of the page reads as an article (no run of paragraphs outweighs its links and furniture)';
    result.blocks = raw.map((b) => ({ text: b.text, kind: b.kind, dropped: 'no article found' }));
    return result;
  }
  result.article = infos[best]!.el;

  const within = (e: number, ancestor: number): boolean => {
    for (; e >= 0; e = infos[e]!.parent) if (e === ancestor) return true;
    return false;
  };
  // inside the article: drop furniture sections and link lists
  const insideReason = (b: RawBlock): string | undefined => {
    let e = b.container;
    let reason: string | undefined;
    while (e >= 0 && e !== best) {
      const info = infos[e]!;
      if (info.hint < 0) reason = info.reason;
      else if (info.weight < -60 && info.good === 0 && BLOCK.has(info.el.tagName)) reason ??= 'a section of links and short items';
      e = info.parent;
    }
    // outside the article: the furniture it sits in, when marked, says more than "outside"
    if (e !== best) return reason && !reason.startsWith('a section') ? reason : 'outside the article';
    return reason;
  };
  const debug = Boolean(process.env.HTML_DEBUG);
  raw.forEach((b, i) => {
    let dropped = insideReason(b);
    if (!dropped && i < headlineAt && b.linkFirst && within(raw[headlineAt]!.container, best)) dropped = 'a teaser before the headline';
    if (!dropped && b.linkChars > 0.7 * b.chars && b.kind !== 'pre') dropped = 'mostly links';
    if (!dropped && b.kind === 'heading' && headlineKey && isHeadline(key(b.text), headlineKey)) dropped = 'the headline';
    result.blocks.push({ text: b.text, kind: b.kind, ...(debug ? { ld: (b.linkChars / b.chars).toFixed(2), path: debugPath(infos, b.container) } : {}), ...(b.whole ? { element: infos[b.container]!.el } : {}), ...(dropped ? { dropped } : {}) });
  });
  return result;
}

/** Every text block of a fragment that is all story (an agency's body_html): no extraction, nothing dropped. */
export function allBlocks(tree: Root): ExtractedBlock[] {
  const body = findBody(tree);
  if (!body) return [];
  const infos: Info[] = [];
  return linearize(body, infos).map((b) => ({ text: b.text, kind: b.kind, ...(b.whole ? { element: infos[b.container]!.el } : {}) }));
}
