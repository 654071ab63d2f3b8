// Any other XML (a provider's own schema, Atom/RSS): the first title-like element is the headline, the paragraphs
// (or the longest text element) the body. A best effort that keeps the text, flagged with a warning.
import { emptyStory, type Story } from './story.js';
import { paragraphsFromText, pushUnique } from './story-helpers.js';
import { findAll, isElement, rawText, textOf, xmlBlocks, type XmlElement } from './xml-tree.js';
import { htmlBlocks } from './ninjs.js';

const TITLE = /^(headline|title|hl1|heading|overskrift|rubrik)$/i;
const BODY = /^(body|content|text|article|story|brodtekst|bodytext|body_text|description|summary)$/i;
const BYLINE = /^(byline|author|by|name)$/i;

export function parseOtherXml(root: XmlElement): Story {
  const story = emptyStory('other-xml', false);
  story.warnings.push(`unknown XML vocabulary <${root.qname}>: headline and body read from title-like and body-like elements`);
  const all = findAll(root, '*');
  const elements: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    elements.push(el);
    for (const c of el.children) if (isElement(c)) walk(c);
  };
  walk(root);
  void all;
  story.headline = elements.map((e) => (TITLE.test(e.name) ? textOf(e) : '')).find(Boolean);
  const by = elements.find((e) => /^(byline|author)$/i.test(e.name));
  if (by) story.byline = textOf(by) || undefined;
  pushUnique(story.keywords, ...elements.filter((e) => /^(keyword|category)$/i.test(e.name)).map((e) => textOf(e) || e.attrs.term));
  const id = elements.find((e) => /^(id|guid|uri)$/i.test(e.name));
  if (id && textOf(id)) story.guid = textOf(id);
  const bodies = elements.filter((e) => BODY.test(e.name) && !BYLINE.test(e.name));
  const body = bodies.sort((a, b) => rawText(b).length - rawText(a).length)[0];
  if (body) {
    const raw = rawText(body).trim();
    if (body.children.some(isElement)) story.blocks.push(...xmlBlocks(body));
    else if (/<\w+[^>]*>/.test(raw)) story.blocks.push(...htmlBlocks(raw));
    else story.blocks.push(...paragraphsFromText(raw));
  }
  if (!story.blocks.length) story.blocks.push(...xmlBlocks(root).filter((b) => b.text !== story.headline));
  return story;
}
