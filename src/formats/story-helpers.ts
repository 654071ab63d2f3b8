// Small helpers every parser shares: blocks from text, de-duplicated lists, pubstatus and urgency normalising.
import type { Block, PubStatus, Story } from './story.js';

/** Paragraphs from plain text: blank lines separate paragraphs; wrapped lines inside a paragraph are joined. */
export function paragraphsFromText(text: string, kind: Block['kind'] = 'p'): Block[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n+/)
    .map((p) => p.split('\n').map((l) => l.trim()).filter(Boolean).join(' '))
    .filter((t) => t.length > 0)
    .map((text) => ({ text, kind }));
}

/** Blocks from lines where an indented line starts a new paragraph (teletype copy: tab or spaces before each one). */
export function paragraphsFromIndentedText(text: string): Block[] {
  const out: Block[] = [];
  let cur: string[] = [];
  const flush = () => {
    const t = cur.join(' ').replace(/\s+/g, ' ').trim();
    if (t) out.push({ text: t, kind: 'p' });
    cur = [];
  };
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.trim() === '') {
      flush();
      continue;
    }
    if (/^(\t| {2,})/.test(raw)) flush();
    cur.push(raw.trim());
  }
  flush();
  return out;
}

export function pubStatusOf(value: string | undefined): PubStatus | undefined {
  if (!value) return undefined;
  const v = value.toLowerCase().replace(/^.*[:/]/, '');
  if (/cancel|kill|withdrawn|deleted/.test(v)) return 'canceled';
  if (/withheld|embargo/.test(v)) return 'withheld';
  if (/usable|published|active|normal/.test(v)) return 'usable';
  return undefined;
}

/** Urgency 1..9 from a number or numeric string, undefined otherwise. */
export function urgencyOf(value: unknown): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number.parseInt(value.replace(/^\D+/, ''), 10) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= 9 ? n : undefined;
}

export function pushUnique(list: string[], ...values: (string | undefined)[]): void {
  for (const v of values) {
    const t = v?.trim();
    if (t && !list.includes(t)) list.push(t);
  }
}

/** The word count of the body blocks. */
export function wordCount(story: Story): number {
  return story.blocks.reduce((n, b) => n + (b.text.match(/\S+/g)?.length ?? 0), 0);
}
