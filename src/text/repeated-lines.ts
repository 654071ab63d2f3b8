// Learned per-source boilerplate: a line that recurs verbatim in several documents from the same source is that
// source's furniture (a site slogan, a tip line, a sponsor plug), not story text. Pure functions: the caller decides
// which documents form the sample (for `copydesk process`, the files of one run).
import path from 'node:path';

export interface RepeatedLineOptions {
  /** A line must appear in at least this many different documents of one source. */
  minDocuments: number;
  /** Longer lines are never learned: a story paragraph quoted twice must not vanish. */
  maxWords: number;
}

export const DEFAULT_REPEATED_LINE_OPTIONS: RepeatedLineOptions = { minDocuments: 3, maxWords: 30 };

/** The source of a scraped file: the folder it was dropped in (one folder per publisher or feed). */
export function sourceOfPath(file: string): string {
  return path.basename(path.dirname(path.resolve(file)));
}

/** Normalised form used to compare lines: trimmed, inner whitespace collapsed. */
export function lineKey(line: string): string {
  return line.trim().replace(/\s+/gu, ' ');
}

/** The distinct lines of a document that could be learned: non-empty, at most `maxWords` words, normalised. */
export function candidateLines(text: string, maxWords: number): string[] {
  const seen = new Set<string>();
  for (const raw of text.split('\n')) {
    const key = lineKey(raw);
    if (key && key.split(' ').length <= maxWords) seen.add(key);
  }
  return [...seen];
}

/**
 * The source of a file dropped into the (flat) inbox: the part of its name before a double underscore
 * ("harbourwire__ferry-returns.txt" → "harbourwire"). A file without one has no known source, and nothing is
 * learned from it or applied to it: lines shared by unrelated publishers' stories are not boilerplate.
 */
export function sourceOfName(name: string): string | undefined {
  const at = name.indexOf('__');
  return at > 0 ? name.slice(0, at) : undefined;
}

/** For each source, the lines that recur in at least `minDocuments` of its documents. */
export function findRepeatedLines(
  documents: Iterable<{ source: string; text: string }>,
  options: RepeatedLineOptions = DEFAULT_REPEATED_LINE_OPTIONS,
): Map<string, Set<string>> {
  const counts = new Map<string, Map<string, number>>();
  for (const { source, text } of documents) {
    const perSource = counts.get(source) ?? counts.set(source, new Map()).get(source)!;
    for (const key of candidateLines(text, options.maxWords)) perSource.set(key, (perSource.get(key) ?? 0) + 1);
  }
  const repeated = new Map<string, Set<string>>();
  for (const [source, perSource] of counts) {
    const lines = new Set([...perSource].filter(([, n]) => n >= options.minDocuments).map(([line]) => line));
    if (lines.size) repeated.set(source, lines);
  }
  return repeated;
}
