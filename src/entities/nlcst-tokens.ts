// Tokens for the tagger from an NLCST tree (retext-english): one per word, punctuation mark or symbol, with
// character offsets into the text the tree prints as. Possessive 's is split off ("Clinton's" → Clinton + 's), as
// in the newswire the tagger was trained on.
import type { Nodes, Paragraph, Root, Sentence } from 'nlcst';

export interface Token {
  text: string;
  start: number;
  end: number;
}

export interface TokenSentence {
  tokens: Token[];
}

function leafText(node: Nodes): string {
  if ('value' in node) return node.value;
  if ('children' in node) {
    let s = '';
    for (const c of node.children as Nodes[]) s += leafText(c);
    return s;
  }
  return '';
}

const POSSESSIVE = /^(.+?)(['’][sS])$/;

function pushWord(out: Token[], text: string, start: number): void {
  const m = POSSESSIVE.exec(text);
  if (m) {
    out.push({ text: m[1]!, start, end: start + m[1]!.length });
    out.push({ text: m[2]!, start: start + m[1]!.length, end: start + text.length });
  } else out.push({ text, start, end: start + text.length });
}

/**
 * Sentences of tokens of a paragraph; offsets count from the paragraph's first character (as printed by
 * nlcst-to-string), plus `base`.
 */
export function paragraphSentences(paragraph: Paragraph, base = 0): TokenSentence[] {
  const sentences: TokenSentence[] = [];
  let pos = base;
  for (const child of paragraph.children) {
    if (child.type !== 'SentenceNode') {
      pos += leafText(child).length;
      continue;
    }
    const tokens: Token[] = [];
    for (const node of (child as Sentence).children) {
      const text = leafText(node);
      if (node.type === 'WordNode' || node.type === 'SourceNode') pushWord(tokens, text, pos);
      else if (node.type === 'PunctuationNode' || node.type === 'SymbolNode') tokens.push({ text, start: pos, end: pos + text.length });
      pos += text.length;
    }
    if (tokens.length) sentences.push({ tokens });
  }
  return sentences;
}

/** Sentences of a whole tree, offsets into the text the tree prints as. */
export function treeSentences(tree: Root): TokenSentence[] {
  const out: TokenSentence[] = [];
  let pos = 0;
  for (const node of tree.children) {
    const text = leafText(node);
    if (node.type === 'ParagraphNode') out.push(...paragraphSentences(node, pos));
    pos += text.length;
  }
  return out;
}

/**
 * Sentences of the published body of a tree: its non-empty paragraphs, trimmed and joined by a blank line (the
 * body as bodyText() prints it), offsets into that body.
 */
export function bodySentences(tree: Root): TokenSentence[] {
  const sentences: TokenSentence[] = [];
  let cursor = 0;
  for (const node of tree.children) {
    if (node.type !== 'ParagraphNode') continue;
    const text = leafText(node);
    const trimmed = text.trim();
    if (!trimmed) continue;
    const lead = text.length - text.trimStart().length;
    for (const s of paragraphSentences(node, cursor - lead)) sentences.push(s);
    cursor += trimmed.length + 2;
  }
  return sentences;
}

/** 's or ’s (the apostrophe, then s or S). */
const isPossessiveEnd = (mark: number, last: number): boolean => (last === 115 || last === 83) && (mark === 39 || mark === 0x2019);

/**
 * bodySentences(tree), packed, read off the nodes' positions in `source` (the text the tree was parsed from) instead
 * of their leaves: no token objects, no walk down to the text nodes. Undefined when a node has no position (a tree
 * built by hand), for the caller to use bodySentences. The positions must still describe the nodes: removing whole
 * paragraphs (what the boilerplate rules do) keeps them true; editing a word's text in place would not, and would
 * give wrong offsets here.
 */
export function packBodySentences(tree: Root, source: string): PackedSentences | undefined {
  const offsets: number[] = [];
  const sentenceEnds: number[] = [];
  let cursor = 0;
  for (const node of tree.children) {
    if (node.type !== 'ParagraphNode') continue;
    const from = node.position?.start.offset;
    const to = node.position?.end.offset;
    if (from === undefined || to === undefined) return undefined;
    const text = source.slice(from, to);
    const trimmed = text.trim();
    if (!trimmed) continue;
    // a source offset plus shift is an offset into the body
    const shift = cursor - (text.length - text.trimStart().length) - from;
    for (const sentence of node.children) {
      if (sentence.type !== 'SentenceNode') continue;
      const before = offsets.length;
      for (const leaf of sentence.children) {
        const start = leaf.position?.start.offset;
        const end = leaf.position?.end.offset;
        if (start === undefined || end === undefined) return undefined;
        if (leaf.type === 'WordNode' || leaf.type === 'SourceNode') {
          // possessive 's split off, as pushWord does (its characters read only when the word is long enough: a read
          // before the text's start would make V8 throw away this function's optimised code)
          if (end - start >= 3 && isPossessiveEnd(source.charCodeAt(end - 2), source.charCodeAt(end - 1))) offsets.push(start + shift, end - 2 + shift, end - 2 + shift, end + shift);
          else offsets.push(start + shift, end + shift);
        } else if (leaf.type === 'PunctuationNode' || leaf.type === 'SymbolNode') offsets.push(start + shift, end + shift);
      }
      if (offsets.length > before) sentenceEnds.push(offsets.length / 2);
    }
    cursor += trimmed.length + 2;
  }
  return { offsets: Int32Array.from(offsets), sentenceEnds: Int32Array.from(sentenceEnds) };
}

/**
 * Sentences of tokens as two typed arrays, which cross to another thread as two copies instead of an object per
 * token: token k is text.slice(offsets[2k], offsets[2k + 1]) of the text the offsets point into, and sentence s
 * ends before token sentenceEnds[s].
 */
export interface PackedSentences {
  offsets: Int32Array;
  sentenceEnds: Int32Array;
}

export function packSentences(sentences: readonly TokenSentence[]): PackedSentences {
  let count = 0;
  for (const s of sentences) count += s.tokens.length;
  const offsets = new Int32Array(2 * count);
  const sentenceEnds = new Int32Array(sentences.length);
  let k = 0;
  sentences.forEach((s, i) => {
    for (const t of s.tokens) {
      offsets[2 * k] = t.start;
      offsets[2 * k + 1] = t.end;
      k++;
    }
    sentenceEnds[i] = k;
  });
  return { offsets, sentenceEnds };
}

/** The sentences packSentences packed, with their tokens' text taken from `text` (the text the offsets point into). */
export function unpackSentences({ offsets, sentenceEnds }: PackedSentences, text: string): TokenSentence[] {
  const sentences: TokenSentence[] = [];
  let k = 0;
  for (const end of sentenceEnds) {
    const tokens: Token[] = [];
    for (; k < end; k++) {
      const start = offsets[2 * k]!;
      const stop = offsets[2 * k + 1]!;
      tokens.push({ text: text.slice(start, stop), start, end: stop });
    }
    sentences.push({ tokens });
  }
  return sentences;
}

export { leafText as nodeText };
