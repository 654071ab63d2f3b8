// Learns per-source boilerplate from a batch of input files (the `copydesk process` path learns within one run).
import fs from 'node:fs';
import { detectFormat } from '../formats/detect.js';
import { DEFAULT_REPEATED_LINE_OPTIONS, findRepeatedLines, sourceOfPath, type RepeatedLineOptions } from '../text/repeated-lines.js';

function isHtml(text: string): boolean {
  try {
    return detectFormat(text.slice(0, 4000)).format === 'html';
  } catch {
    return false; // JSON cut short at 4000 characters: not HTML
  }
}

/** Bytes read from the start of a file to tell a page from text: more than the 4,000 characters isHtml reads. */
const HEAD_BYTES = 16384;

/** The first `bytes` bytes of a file, decoded as UTF-8. */
function readHead(file: string, bytes: number): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    return buf.toString('utf8', 0, fs.readSync(fd, buf, 0, bytes, 0));
  } finally {
    fs.closeSync(fd);
  }
}

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
        // an HTML page's source lines are markup, not the page's text (its furniture is found by extraction); a page
        // is told by its start, so a big one is not read whole
        const big = stat.size > HEAD_BYTES;
        if (big && isHtml(readHead(file, HEAD_BYTES))) continue;
        const text = fs.readFileSync(file, 'utf8');
        if (text.includes('\u0000')) continue; // binary: nothing to learn
        if (!big && isHtml(text)) continue;
        yield { source: sourceOfPath(file), text };
      } catch {
        // unreadable files are reported by the run itself
      }
    }
  }
  return findRepeatedLines(documents(), options);
}
