// Helpers for the text processor's tree: each story block is one NLCST paragraph that remembers its block.
import type { Paragraph, Root } from 'nlcst';
import { toString } from 'nlcst-to-string';
import type { Block } from '../formats/story.js';

export interface ParagraphData {
  /** Index of the story block this paragraph came from. */
  block: number;
}

/** The text the processor parses: one block per paragraph, blocks separated by a blank line. */
export function blocksToText(blocks: readonly Block[]): { text: string; starts: number[] } {
  const starts: number[] = [];
  let text = '';
  for (const b of blocks) {
    if (text) text += '\n\n';
    starts.push(text.length);
    // a blank line inside a block (a preformatted table) would split it into paragraphs: keep it one
    text += b.text.replace(/\n[ \t]*\n/g, '\n');
  }
  return { text, starts };
}

/** Paragraph nodes of the tree, in order. */
export function paragraphs(tree: Root): Paragraph[] {
  return tree.children.filter((n): n is Paragraph => n.type === 'ParagraphNode');
}

export function blockOf(node: Paragraph): number {
  return (node.data as ParagraphData | undefined)?.block ?? -1;
}

/**
 * A paragraph's text. With the text the tree was parsed from, a slice of it at the paragraph's position (parse-latin
 * keeps every character in some node, so this is what nlcst-to-string would print, without walking the words);
 * without it, or without a position, the words are joined.
 */
export function paragraphText(node: Paragraph, source?: string): string {
  const start = node.position?.start.offset;
  const end = node.position?.end.offset;
  return source !== undefined && start !== undefined && end !== undefined ? source.slice(start, end) : toString(node);
}

/** The published body: the paragraphs left in the tree, separated by a blank line (`source`: see paragraphText). */
export function bodyText(tree: Root, source?: string): string {
  const out: string[] = [];
  for (const p of paragraphs(tree)) {
    const text = paragraphText(p, source).trim();
    if (text) out.push(text);
  }
  return out.join('\n\n');
}
