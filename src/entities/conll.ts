// CoNLL-2003 files: documents (-DOCSTART-) of sentences (blank-line separated) of token lines whose first column is
// the word and whose last column is the gold tag. The annotator prints every line back with one more column.
import type { TaggerDocument } from './features.js';

export interface ConllSentence {
  tokens: string[];
  /** Last column of each token line (the gold tag in a gold file). */
  lastColumn: string[];
  /** Line numbers of the token lines. */
  lines: number[];
}

export interface ConllDocument {
  sentences: ConllSentence[];
}

export function parseConll(text: string): { lines: string[]; documents: ConllDocument[] } {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const documents: ConllDocument[] = [];
  let doc: ConllDocument | undefined;
  let sentence: ConllSentence | undefined;
  lines.forEach((raw, n) => {
    const line = raw.trim();
    if (line.startsWith('-DOCSTART-')) {
      sentence = undefined;
      doc = { sentences: [] };
      documents.push(doc);
      return;
    }
    if (!line) {
      sentence = undefined;
      return;
    }
    const cols = line.split(/\s+/);
    if (!doc) documents.push((doc = { sentences: [] }));
    if (!sentence) doc.sentences.push((sentence = { tokens: [], lastColumn: [], lines: [] }));
    sentence.tokens.push(cols[0]!);
    sentence.lastColumn.push(cols[cols.length - 1]!);
    sentence.lines.push(n);
  });
  return { lines, documents: documents.filter((d) => d.sentences.length > 0) };
}

/** The tagger's view of a CoNLL document: its first sentence is taken as the headline. */
export function conllTaggerDocument(doc: ConllDocument): TaggerDocument {
  return doc.sentences.map((s, i) => ({ tokens: s.tokens, headline: i === 0 }));
}

/** Every input line back, token lines with the predicted tag appended (IOB2). */
export function annotateConll(lines: readonly string[], documents: readonly ConllDocument[], predicted: (doc: ConllDocument) => string[][]): string {
  const extra = new Array<string | undefined>(lines.length);
  for (const doc of documents) {
    const tags = predicted(doc);
    doc.sentences.forEach((s, si) => s.lines.forEach((line, i) => (extra[line] = tags[si]![i]!)));
  }
  let out = '';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.replace(/\s+$/, '');
    out += extra[n] === undefined ? line + '\n' : `${line} ${extra[n]}\n`;
  }
  return out;
}
