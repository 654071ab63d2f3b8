// unified plugin: removes the boilerplate a page or an agency wraps around a story, by the rules in config/,
// and records every removal (rule id, kind, text, source line) on file.data.removed for editors to audit.
import type { Paragraph, Root } from 'nlcst';
import type { VFile } from 'vfile';
import type { Removal } from '../ninjs/envelope.js';
import { blockOf, paragraphText, paragraphs } from './nlcst-blocks.js';
import { matchRule, type Rule, type RuleSet } from './rules.js';
import { lineKey } from './repeated-lines.js';
import { EMBED_TEXT_RULE, PROMO_LIST_RULE, REPEATED_QUOTE_RULE, START_CASE_TITLE_RULE, embeddedPostLines, promoListLines, repeatedQuoteLines, startCaseTitleLines } from './context-rules.js';

export interface StripBoilerplateOptions {
  ruleSet: RuleSet;
}

/** The pseudo-rule of lines learned as a source's boilerplate (they recur across its documents). */
const LEARNED_RULE: Rule = {
  id: 'learned-repeated-line',
  description: 'a line that recurs verbatim in several documents from the same source',
  kind: 'boilerplate',
  action: 'drop',
  where: 'any',
  pattern: '',
  regex: /(?!)/u,
};

/** Where a moved line goes, by its kind. */
const DESTINATION: Partial<Record<Rule['kind'], string>> = {
  caption: 'descriptions',
  credit: 'credits',
  byline: 'by',
  related: 'related',
  headline: 'headlines',
};

export default function stripBoilerplate(options: StripBoilerplateOptions) {
  if (!options?.ruleSet) throw new TypeError('stripBoilerplate: missing required option `ruleSet`');
  const { rules } = options.ruleSet;
  const anywhere = rules.filter((r) => r.where === 'any');
  const leading = rules.filter((r) => r.where === 'leading');
  const trailing = rules.filter((r) => r.where === 'trailing');

  return (tree: Root, file: VFile): void => {
    const story = file.data.story;
    const scraped = story?.scraped ?? true;
    const removed: Removal[] = (file.data.removed ??= []);
    const descriptions = (file.data.descriptions ??= []);
    const credits = (file.data.credits ??= []);
    const related = (file.data.related ??= []);
    const drop = new Map<Paragraph, Rule>();

    const paras = paragraphs(tree);
    const source = String(file.value);
    const texts = paras.map((p) => paragraphText(p, source).trim());
    const repeated = file.data.repeatedLines;
    paras.forEach((p, i) => {
      const rule = matchRule(anywhere, texts[i]!, scraped) ?? (repeated?.has(lineKey(texts[i]!)) ? LEARNED_RULE : undefined);
      if (rule) drop.set(p, rule);
    });
    // leading lines: before the first paragraph that stays
    for (let i = 0; i < paras.length; i++) {
      if (drop.has(paras[i]!)) continue;
      const rule = matchRule(leading, texts[i]!, scraped);
      if (!rule) break;
      drop.set(paras[i]!, rule);
    }
    // the trailing block: after the last paragraph that stays
    for (let i = paras.length - 1; i >= 0; i--) {
      if (drop.has(paras[i]!)) continue;
      const rule = matchRule(trailing, texts[i]!, scraped);
      if (!rule) break;
      drop.set(paras[i]!, rule);
    }

    // context: what only the neighbouring lines show (scraped pages only: agency copy has no embeds)
    if (scraped) {
      const isRemoved = (i: number) => drop.has(paras[i]!);
      for (const i of embeddedPostLines(texts, isRemoved)) drop.set(paras[i]!, EMBED_TEXT_RULE);
      for (const i of repeatedQuoteLines(texts, isRemoved)) drop.set(paras[i]!, REPEATED_QUOTE_RULE);
      for (const i of startCaseTitleLines(texts, isRemoved)) drop.set(paras[i]!, START_CASE_TITLE_RULE);
      for (const i of promoListLines(texts, isRemoved)) drop.set(paras[i]!, PROMO_LIST_RULE);
    }

    paras.forEach((p, i) => {
      const rule = drop.get(p);
      if (!rule) return;
      const text = texts[i]!;
      const blockIndex = blockOf(p);
      const line = story?.blocks[blockIndex]?.line ?? blockIndex + 1;
      const movedTo = rule.action === 'move' ? DESTINATION[rule.kind] : undefined;
      removed.push({ ruleId: rule.id, kind: rule.kind, text, line, ...(movedTo ? { movedTo } : {}) });
      if (movedTo === 'descriptions') descriptions.push(text);
      else if (movedTo === 'credits') credits.push(text);
      else if (movedTo === 'related') related.push({ text });
      else if (movedTo === 'by' && !file.data.byline) file.data.byline = text;
      else if (movedTo === 'headlines' && !file.data.headline) file.data.headline = text;
      file.info(`removed ${rule.kind}: ${text.slice(0, 60)}`, { place: p.position, ruleId: rule.id, source: 'copydesk' });
    });
    tree.children = tree.children.filter((n) => n.type !== 'ParagraphNode' || !drop.has(n as Paragraph));
  };
}
