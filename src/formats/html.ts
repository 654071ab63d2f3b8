// HTML pages: parsed with rehype (hast) into body blocks in reading order.
// First version: every paragraph-like element becomes a block; the clean stage removes the page's boilerplate.
import { unified } from 'unified';
import rehypeParse from 'rehype-parse';
import { toText } from 'hast-util-to-text';
import type { Element, Root, RootContent } from 'hast';
import { emptyStory, type Block, type Story } from './story.js';

const parser = unified().use(rehypeParse).freeze();
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg', 'iframe', 'nav', 'footer', 'header', 'aside', 'form', 'button', 'select']);
const BLOCK: Record<string, Block['kind']> = {
  p: 'p', h1: 'heading', h2: 'heading', h3: 'heading', h4: 'heading', h5: 'heading', h6: 'heading',
  li: 'list', blockquote: 'quote', pre: 'pre', figcaption: 'caption', table: 'table',
};

export function parseHtml(html: string): Story {
  const story = emptyStory('html', true);
  const tree = parser.parse(html) as Root;
  const walk = (node: Root | Element): void => {
    for (const child of node.children as RootContent[]) {
      if (child.type !== 'element') continue;
      const tag = child.tagName;
      if (SKIP.has(tag)) continue;
      if (tag === 'title' && !story.headline) {
        story.headline = toText(child).trim() || undefined;
        continue;
      }
      const kind = BLOCK[tag];
      if (kind) {
        const text = toText(child, { whitespace: kind === 'pre' ? 'pre' : 'normal' }).replace(/[ \t]+/g, ' ').trim();
        if (text) story.blocks.push({ text, kind });
        continue;
      }
      walk(child);
    }
  };
  walk(tree);
  return story;
}
