// Plain text as scraped from a publisher's page: one block per line, blank lines between blocks optional.
import { emptyStory, type Story } from './story.js';

/** Splits text into one block per non-blank line, remembering each block's 1-based source line. */
export function parsePlainText(text: string): Story {
  const story = emptyStory('plain-text', true);
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').replace(/[ \t\u00a0]+$/u, '');
    if (line.trim() === '') continue;
    story.blocks.push({ text: line.trim(), kind: 'p', line: i + 1 });
  }
  return story;
}
