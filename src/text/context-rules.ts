// Boilerplate that no single line shows by itself, only its neighbours do: the text of an embedded social post
// (its attribution line '— Name (@handle) May 3, 2031' was matched by a line rule; the lines above it are the
// post), and a line that repeats a quotation already in the story (a post or pull quote shown twice). Pure
// functions over the page's lines and the line rules' verdicts, so they are tested without a processor.
import type { Rule } from './rules.js';

/** The longest text an embedded post has (a tweet: 280 characters). */
const POST_MAX_CHARS = 280;
/** Shorter lines are never taken for a repeated quotation (a name or a phrase can recur in a story). */
const REPEAT_MIN_CHARS = 40;
/** Pages longer than this (no scraped article comes near it) skip the repeated-quote comparison. */
const REPEAT_MAX_LINES = 2000;

const ATTRIBUTION = /[—–]\s*[^—–]{1,60}\(@\w{1,20}\)\s+\p{L}+\.? \d{1,2},? \d{4}$/u;
const URL = /\b(https?:\/\/|pic\.twitter\.com\/)\S+/gu;
const HAS_URL = /\b(https?:\/\/|pic\.twitter\.com\/)\S+/u;

/** A rule that code applies by looking at a line's neighbours (recorded in `removed` like the pattern rules). */
function contextRule(id: string, kind: Rule['kind'], action: Rule['action'], description: string): Rule {
  return { id, description, kind, action, where: 'any', pattern: '', regex: /(?!)/u };
}

export const EMBED_TEXT_RULE = contextRule('embed-post-text', 'embed', 'drop',
  "the text of an embedded social post: the lines just above its attribution line ('— Name (@handle) date'), up to a post's length",
);

export const REPEATED_QUOTE_RULE = contextRule('repeated-quote', 'embed', 'drop',
  'a line whose words are all in another, longer line of the story: an embedded post or a pull quote repeating what the story quotes',
);

/**
 * Lines (indices into `texts`) that are an embedded post's text. `removed(i)` says whether a line rule already
 * removed line i. Walks up from each removed attribution line whose own text is short (the post's words are above
 * it, not on it), taking kept lines while the post stays within a post's length; a lead-in that ends with a colon
 * ("... wrote on Twitter:") is story text and stops the walk.
 */
export function embeddedPostLines(texts: readonly string[], removed: (i: number) => boolean): number[] {
  const found: number[] = [];
  texts.forEach((text, i) => {
    if (!removed(i) || !ATTRIBUTION.test(text)) return;
    const ownText = text.replace(ATTRIBUTION, '').replace(URL, '').trim();
    if (ownText.split(/\s+/u).filter(Boolean).length >= 8 || /[.!?]["”’]?$/u.test(ownText)) return;
    let budget = POST_MAX_CHARS - ownText.length;
    for (let j = i - 1; j >= 0; j--) {
      const line = texts[j]!;
      if (removed(j)) {
        // a line of the same post already caught (one ending in pic.twitter.com/...) counts against its length
        if (HAS_URL.test(line)) budget -= line.replace(URL, '').trim().length;
        else break;
        continue;
      }
      if (/:\s*$/u.test(line) || line.length > budget) break;
      found.push(j);
      budget -= line.length;
    }
  });
  return found;
}

/** Letters and digits only, lower case: quotation marks, dashes and spacing differ between a story and a post. */
function squash(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Where the n-th letter or digit of `text` is (the inverse of squash's index). */
function rawIndex(text: string, n: number): number {
  let seen = 0;
  for (let k = 0; k < text.length; k++) {
    if (/[\p{L}\p{N}]/u.test(text[k]!)) {
      if (seen === n) return k;
      seen++;
    }
  }
  return text.length;
}

/** Is position `at` of `text` inside a quotation (an opening mark before it that is not closed yet)? */
function insideQuotation(text: string, at: number): boolean {
  const before = text.slice(0, at);
  const curly = (before.match(/“/gu)?.length ?? 0) - (before.match(/”/gu)?.length ?? 0);
  const straight = before.match(/"/gu)?.length ?? 0;
  return curly > 0 || straight % 2 === 1;
}

/**
 * Lines (indices) whose whole text appears inside a quotation in another, longer kept line: the story quotes a
 * post, then the page shows the post again. A line that is itself in quotation marks (a subheading quoting the
 * story) and the first line (a headline repeated by the lead) are never taken.
 */
export function repeatedQuoteLines(texts: readonly string[], removed: (i: number) => boolean): number[] {
  // every line is compared with every quoting line: bounded, so a hostile file of many lines costs nothing here
  if (texts.length > REPEAT_MAX_LINES) return [];
  const quoting = texts.map((t, j) => j).filter((j) => !removed(j) && /["“]/u.test(texts[j]!));
  if (quoting.length === 0) return [];
  // squashed on first use: most lines are never compared
  const squashed: (string | undefined)[] = [];
  const squashedAt = (k: number): string => (squashed[k] ??= squash(texts[k]!));
  const found: number[] = [];
  for (let i = 1; i < texts.length; i++) {
    if (removed(i) || texts[i]!.length < REPEAT_MIN_CHARS || /^["“‘']/u.test(texts[i]!)) continue;
    const mine = squashedAt(i);
    for (const j of quoting) {
      if (j === i) continue;
      const quote = squashedAt(j);
      if (quote.length <= mine.length) continue;
      const at = quote.indexOf(mine);
      if (at >= 0 && insideQuotation(texts[j]!, rawIndex(texts[j]!, at))) {
        found.push(i);
        break;
      }
    }
  }
  return found;
}

export const START_CASE_TITLE_RULE = contextRule('start-case-title', 'caption', 'move',
  "the title of an embedded video or linked piece inside the story: 7 or more words, every one capitalised, short words too ('Why The Left Wants You To Know')",
);

/** Short words that headline style leaves in lower case; a title that capitalises them is a video or link title. */
const SHORT_WORDS = new Set(['The', 'A', 'To', 'And', 'Of', 'In', 'On', 'For', 'An', 'Is', 'Are', 'Be', 'With', 'At', 'By', 'Or', 'From', 'As']);

/** Every word capitalised (or a number), 7 words or more, and at least two capitalised short words. */
export function isStartCaseTitle(text: string): boolean {
  const words = text.split(/\s+/u).filter(Boolean);
  if (words.length < 7 || words.length > 25) return false;
  if (!words.every((w) => /^[\p{Lu}\p{N}'‘“"(]/u.test(w))) return false;
  return words.slice(1).filter((w) => SHORT_WORDS.has(w.replace(/[^\p{L}]/gu, ''))).length >= 2;
}

/** Start-case title lines after the story has begun (the page's own headline, above the first paragraph of prose, is left to the headline rule). */
export function startCaseTitleLines(texts: readonly string[], removed: (i: number) => boolean): number[] {
  const firstProse = texts.findIndex((t, i) => !removed(i) && t.split(/\s+/u).length >= 20);
  if (firstProse < 0) return [];
  const found: number[] = [];
  for (let i = firstProse + 1; i < texts.length; i++) if (!removed(i) && isStartCaseTitle(texts[i]!)) found.push(i);
  return found;
}

export const PROMO_LIST_RULE = contextRule('promo-list', 'related', 'move',
  "a list of links to other stories: a heading that ends with a colon, then three or more 'phrase: Title' lines with no sentence punctuation",
);

/** 'What to do if the pier floods: Harbour guide' — a label of three or more words, a colon, a short title. */
const PROMO_ITEM = /^(?=(?:\S+\s+){2,}\S+:)[^:\n]{10,90}: \p{Lu}[^.!?:\n]{1,90}[^.!?:;,\s]$/u;
const LIST_HEADING = /^[^.!?\n]{3,80}:$/u;

/** A promo list's heading and items (indices), when at least three items follow the heading. */
export function promoListLines(texts: readonly string[], removed: (i: number) => boolean): number[] {
  const found: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (removed(i) || !LIST_HEADING.test(texts[i]!)) continue;
    const items: number[] = [];
    for (let j = i + 1; j < texts.length && !removed(j) && PROMO_ITEM.test(texts[j]!); j++) items.push(j);
    if (items.length >= 3) found.push(i, ...items);
  }
  return found;
}
