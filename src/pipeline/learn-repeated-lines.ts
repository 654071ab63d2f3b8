// Learns per-source boilerplate from a batch of input files (the `copydesk process` path learns within one run).
import fs from 'node:fs';
import { DEFAULT_REPEATED_LINE_OPTIONS, findRepeatedLines, sourceOfPath, type RepeatedLineOptions } from '../text/repeated-lines.js';

/** Reads the readable text files of the batch (skipping any it cannot read, or over the size limit) and learns. */
export function learnRepeatedLines(
  files: readonly string[],
  maxFileBytes: number,
  options: RepeatedLineOptions = DEFAULT_REPEATED_LINE_OPTIONS,
): Map<string, Set<string>> {
  if (files.length < options.minDocuments) return new Map();
  function* documents() {
    for (const file of files) {
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > maxFileBytes) continue;
        const text = fs.readFileSync(file, 'utf8');
        if (text.includes('\u0000')) continue; // binary: nothing to learn
        yield { source: sourceOfPath(file), text };
      } catch {
        // unreadable files are reported by the run itself
      }
    }
  }
  return findRepeatedLines(documents(), options);
}
