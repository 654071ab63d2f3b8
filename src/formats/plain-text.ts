// Plain text: as scraped from a publisher's page (one block per line, blank lines between blocks optional), or
// hard-wrapped at a fixed width the way agencies and release wires send it (paragraphs re-joined here).
import { emptyStory, type Story } from './story.js';

/** Lines this close to the widest line were wrapped by the sender, not ended by the writer. */
const WRAP_SLACK = 25;

const clean = (line: string) => line.replace(/\r$/, '').replace(/[ \t\u00a0]+$/u, '');

/**
 * Hard-wrapped: no line is longer than a terminal's width, and at least half of the non-blank lines end close to
 * the widest one. Scraped pages put a whole paragraph on a line, so their widest line is far longer.
 */
export function isHardWrapped(lines: readonly string[]): boolean {
  const widths = lines.map((l) => clean(l).length).filter((n) => n > 0);
  if (widths.length < 6) return false;
  const widest = Math.max(...widths);
  if (widest > 100 || widest < 50) return false;
  return widths.filter((n) => n >= widest - WRAP_SLACK).length / widths.length >= 0.5;
}

/** Splits text into blocks, remembering each block's 1-based first source line. */
export function parsePlainText(text: string): Story {
  const story = emptyStory('plain-text', true);
  const lines = text.split('\n');
  const wrapped = isHardWrapped(lines);
  const widest = wrapped ? Math.max(...lines.map((l) => clean(l).length)) : 0;
  let open = false; // the last block may go on: its last line was wrapped by the sender
  for (let i = 0; i < lines.length; i++) {
    const line = clean(lines[i]!);
    if (line.trim() === '') {
      // a dateline on a line of its own ("AUSTIN, Texas, Feb. 1 /Wire/ --") leads into the next paragraph
      open = wrapped && /\s(--|–|—)$/u.test(story.blocks[story.blocks.length - 1]?.text ?? '');
      continue;
    }
    const last = story.blocks[story.blocks.length - 1];
    if (wrapped && open && last) last.text = `${last.text} ${line.trim()}`;
    else story.blocks.push({ text: line.trim(), kind: 'p', line: i + 1 });
    // a line that ends well short of the wrap width ends its paragraph (a header line, a heading, a last line)
    open = wrapped && line.length >= widest - WRAP_SLACK;
  }
  return story;
}
