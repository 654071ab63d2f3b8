// The editor's audit of one document: every block of the source, in order, with what happened to it.
import type { HtmlStory } from '../formats/html.js';
import type { Story } from '../formats/story.js';
import type { Envelope } from '../ninjs/envelope.js';

export interface ExplainRow {
  /** 1-based source line (plain text) or block number (other formats). */
  line: number;
  text: string;
  status: 'kept' | 'removed' | 'moved';
  ruleId?: string;
  kind?: string;
  movedTo?: string;
  /** Why, in words, when the rule id alone does not say (an HTML page's extraction: "<nav>", 'class/id "share"'). */
  reason?: string;
}

/** Pairs each source block with its removal, if any (removals carry the block's line). */
export function explainDocument(story: Story, envelope: Envelope): ExplainRow[] {
  const byLine = new Map<number, Envelope['removed'][number]>();
  for (const removal of envelope.removed) if (removal.line !== undefined && !byLine.has(removal.line)) byLine.set(removal.line, removal);
  const rows: ExplainRow[] = story.blocks.map((block, index) => {
    const line = block.line ?? index + 1;
    const removal = byLine.get(line);
    if (!removal || removal.text.trim() !== block.text.trim()) return { line, text: block.text, status: 'kept' };
    return {
      line,
      text: block.text,
      status: removal.movedTo ? 'moved' : 'removed',
      ruleId: removal.ruleId,
      kind: removal.kind,
      ...(removal.movedTo ? { movedTo: removal.movedTo } : {}),
    };
  });
  // an HTML page: the blocks the extraction left out (navigation, comments, ...) take their place in page order
  const dropped = (story as HtmlStory).droppedBlocks;
  if (!dropped?.length) return rows;
  rows.push(...dropped.map((d): ExplainRow => ({ line: d.line, text: d.text, status: 'removed', ruleId: d.ruleId, kind: 'page', reason: d.reason })));
  return rows.sort((a, b) => a.line - b.line);
}

/** One line per block, for a terminal: a mark, the line number, the rule, and the text cut to `width`. */
export function formatExplanation(rows: readonly ExplainRow[], { width = 100, colour = false } = {}): string {
  const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const ruleOf = (r: ExplainRow) => `${r.ruleId}${r.movedTo ? ` → ${r.movedTo}` : ''}${r.reason && r.reason !== 'outside the article' ? ` (${r.reason})` : ''}`;
  const ruleWidth = Math.max(4, ...rows.map((r) => (r.ruleId ? ruleOf(r).length : 0)));
  const out = rows.map((row) => {
    const text = row.text.length > width ? `${row.text.slice(0, width - 1)}…` : row.text;
    const num = String(row.line).padStart(4);
    if (row.status === 'kept') return `  ${num}  ${''.padEnd(ruleWidth)}  ${text}`;
    const rule = ruleOf(row).padEnd(ruleWidth);
    return paint(row.status === 'moved' ? 33 : 31, `${row.status === 'moved' ? '>' : '-'} ${num}  ${rule}  ${text}`);
  });
  const removed = rows.filter((r) => r.status === 'removed').length;
  const moved = rows.filter((r) => r.status === 'moved').length;
  out.push('', `${rows.length} blocks: ${rows.length - removed - moved} kept, ${removed} removed (-), ${moved} moved out of the body (>)`);
  return out.join('\n') + '\n';
}
