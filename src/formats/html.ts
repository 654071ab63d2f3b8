// HTML pages: parsed into hast (html-tree.ts), the article found and the page's furniture dropped
// (html-extract.ts); the article's blocks then go through the same boilerplate and structure steps as plain text.
// Each kept block carries its sanitized markup (html-sanitize.ts) for the text/html body.
import { PermanentError } from '../errors/index.js';
import { allBlocks, extractArticle } from './html-extract.js';
import { sanitizedHtml } from './html-sanitize.js';
import { parseHtmlTree, type StrippedHtml } from './html-tree.js';
import { emptyStory, type Block, type Story } from './story.js';

/** A page block the extraction left out, for the editor's audit. */
export interface DroppedBlock {
  /** 1-based number of the block among all the page's blocks. */
  line: number;
  text: string;
  /** The extraction's rule: html-outside-article, html-furniture, html-links, html-headline, html-teaser, html-no-article. */
  ruleId: string;
  /** Why, in words ("<nav>", 'class/id "share"', "mostly links"). */
  reason: string;
}

function ruleOf(reason: string): string {
  if (reason === 'outside the article') return 'html-outside-article';
  if (reason === 'mostly links' || reason.startsWith('a section of links')) return 'html-links';
  if (reason === 'the headline') return 'html-headline';
  if (reason.startsWith('a teaser')) return 'html-teaser';
  if (reason === 'no article found') return 'html-no-article';
  return 'html-furniture';
}

export type HtmlStory = Story & { pageBlocks?: number; droppedBlocks?: DroppedBlock[] };

function safeHtml(element: Parameters<typeof sanitizedHtml>[0]): string | undefined {
  try {
    return sanitizedHtml(element) || undefined;
  } catch (err) {
    // markup nested too deep for the serializer: the block's text stands in (escaped by the envelope)
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}

/** A page (its text, or its text already stripped of scripts and styles: stripRawUtf8) as a story. */
export function parseHtml(html: string | StrippedHtml): Story {
  const story: HtmlStory = emptyStory('html', true);
  const { tree, jsonLd } = parseHtmlTree(html);
  const extraction = extractArticle(tree, { jsonLd });
  if (extraction.headline) story.headline = extraction.headline;
  if (extraction.byline) story.byline = extraction.byline;
  story.pageBlocks = extraction.blocks.length;
  story.droppedBlocks = [];
  extraction.blocks.forEach((b, i) => {
    if (b.dropped) {
      story.droppedBlocks!.push({ line: i + 1, text: b.text, ruleId: ruleOf(b.dropped), reason: b.dropped });
      return;
    }
    const block: Block = { text: b.text, kind: b.kind, line: i + 1 };
    const markup = b.element ? safeHtml(b.element) : undefined;
    if (markup) block.html = markup;
    story.blocks.push(block);
  });
  if (!story.blocks.length) {
    throw new PermanentError('NO_CONTENT', `the html page has no article: ${extraction.failure ?? 'no text block is left once navigation, links and page furniture are dropped'}`);
  }
  return story;
}

/** The blocks of an HTML fragment that is all story (ninjs body_html, an agency's article_html, a mail's HTML part). */
export function parseHtmlFragment(html: string): Block[] {
  return allBlocks(parseHtmlTree(html).tree).map((b) => {
    const markup = b.element ? safeHtml(b.element) : undefined;
    return { text: b.text, kind: b.kind, ...(markup ? { html: markup } : {}) };
  });
}
