// ANPA-1312 (AP and other agencies' teletype format): SYN SYN SOH framing, a header line with priority, category,
// format flag (DC2 = preformatted/agate), keyword (slug), take key, date and word count, then STX, the "^"-prefixed
// header lines (keyword, headline, photo and editor's notes, byline), the body and ETX. Agate rows (BS-prefixed,
// cells separated by RS/US) become a table kept as preformatted text and as an HTML table.
import { emptyStory, type Block, type Story } from './story.js';
import { pushUnique, teletypeBlocks } from './story-helpers.js';

/** ANPA-1312 priority codes → ninjs urgency: f flash, b bulletin, u urgent, r regular, d deferred, ... */
export const ANPA_PRIORITY: Record<string, number> = { f: 1, b: 2, u: 3, r: 5, s: 5, w: 5, a: 6, d: 7, z: 8 };

const HEADER = /^([a-z])\s+([a-z])[\x13\x14]?([\x11\x12])?\s*(\S+)(?:\s+(.*?))?\s+(\d\d-\d\d)(?:\s+(\d+))?\s*$/i;

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function agateTable(rows: string[][]): Block {
  const text = rows.map((r) => r.join('\t')).join('\n');
  const html = `<table>\n${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>`;
  return { text, kind: 'table', html };
}

export function parseAnpa(text: string): Story {
  const story = emptyStory('anpa-1312', false);
  const t = text.replace(/\r\n?/g, '\n');
  const stx = t.indexOf('\x02');
  const head = (stx >= 0 ? t.slice(0, stx) : t.split('\n').slice(0, 2).join('\n')).split('\n').map((l) => l.replace(/^[\x16\x01]+/, ''));
  const headerLine = head.find((l) => HEADER.test(l.trim()));
  let preformatted = false;
  if (headerLine) {
    const [, priority, category, format, slug, take, , words] = HEADER.exec(headerLine.trim())!;
    story.urgency = ANPA_PRIORITY[priority!.toLowerCase()];
    story.category = category;
    preformatted = format === '\x12';
    story.slugline = slug;
    if (take?.trim()) story.takeKey = take.trim();
    if (words && Number(words) > 0) story.wordCount = Number(words);
  }
  let body = stx >= 0 ? t.slice(stx + 1) : t;
  const etx = body.indexOf('\x03');
  if (etx >= 0) body = body.slice(0, etx);
  body = body.replace(/^\x02/, '');

  const notes: string[] = [];
  const bodyLines: string[] = [];
  let keywordLine: string | undefined;
  let rows: string[][] = [];
  const tables: Block[] = [];
  for (const raw of body.split('\n')) {
    if (raw.startsWith('\x08')) {
      // agate row: BS, then cells separated by RS/US runs; DLE is a hard space inside a cell
      rows.push(raw.slice(1).replace(/\x10 ?/g, ' ').split(/[\x1e\x1f]+/).map((c) => c.replace(/\^/g, '').trim()).filter((c, i) => c || i === 0));
      continue;
    }
    if (rows.length) {
      tables.push(agateTable(rows));
      bodyLines.push(`\u0000TABLE${tables.length - 1}`, '');
      rows = [];
    }
    const line = raw.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    const header = /^\^(.*?)[<=]?\s*$/.exec(line.trim());
    if (header && !/^\s{2,}|\t/.test(raw)) {
      const h = header[1]!.replace(/[<=]\s*$/, '').trim();
      if (!h) continue;
      if (!keywordLine && /^(BC|AP|[A-Z]{2})-/.test(h)) keywordLine = h;
      else if (/^(Eds|Editors?|EDITOR'S NOTE)\b/i.test(h) || /^AP Photos?\b/.test(h) || /^With AP Photos?\b/i.test(h)) notes.push(h);
      else if (/^By\s/.test(h)) story.byline = h;
      else if (story.byline && !story.headline) story.headline = h;
      else if (story.byline && /^(Associated Press|AP|The Associated Press)( \w+)*$/i.test(h)) pushUnique(story.infosources, h);
      else if (!story.headline) story.headline = h;
      else bodyLines.push(h, '');
      continue;
    }
    bodyLines.push(line);
  }
  if (rows.length) {
    tables.push(agateTable(rows));
    bodyLines.push(`\u0000TABLE${tables.length - 1}`, '');
  }
  if (notes.length) story.ednote = notes.join(' ');
  for (const b of teletypeBlocks(bodyLines.join('\n'))) {
    const m = /^\u0000TABLE(\d+)$/.exec(b.text);
    if (m) story.blocks.push(tables[Number(m[1])]!);
    else if (b.kind === 'pre' && b.text.includes('\u0000TABLE')) {
      for (const part of b.text.split('\n')) {
        const tm = /^\u0000TABLE(\d+)$/.exec(part);
        if (tm) story.blocks.push(tables[Number(tm[1])]!);
        else if (part.trim()) story.blocks.push({ text: part.trim(), kind: 'p' });
      }
    } else story.blocks.push(b);
  }
  if (preformatted && !tables.length) story.blocks = story.blocks.map((b) => (b.kind === 'p' && /\S {3,}\S/.test(b.text) ? { ...b, kind: 'pre' as const, html: `<pre>${escapeHtml(b.text)}</pre>` } : b));
  if (!story.headline) {
    // a news alert has no headline line: the alert's sentence is the headline; otherwise the keyword line's words
    const alert = /alert/i.test(story.slugline ?? keywordLine ?? '') ? story.blocks[0]?.text : undefined;
    story.headline = alert ?? keywordLine?.replace(/^[A-Z]+-[A-Z]*--?/, '').replace(/,\s*\d*$/, '').trim();
  }
  return story;
}
