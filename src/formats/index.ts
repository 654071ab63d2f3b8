// Turns the bytes of an input file into a Story: checks size and content, detects the format, runs its parser.
import { PermanentError } from '../errors/index.js';
import { parseHtml } from './html.js';
import { parsePlainText } from './plain-text.js';
import type { Story } from './story.js';

export interface ParseOptions {
  /** The file's original name (a hint only: formats are detected by content). */
  fileName: string;
  /** Largest accepted input in bytes. */
  maxBytes: number;
}

export function parseInput(bytes: Buffer, options: ParseOptions): Story {
  if (bytes.length === 0) throw new PermanentError('EMPTY_FILE', 'the file is empty (0 bytes)');
  if (bytes.length > options.maxBytes) {
    throw new PermanentError('TOO_LARGE', `the file is ${bytes.length} bytes, over the limit of ${options.maxBytes} bytes (limits.maxFileBytes)`);
  }
  if (looksBinary(bytes)) {
    throw new PermanentError('BINARY', 'the file is binary data, not text: copydesk accepts text, XML, JSON, HTML and email files');
  }
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  if (text.includes('\uFFFD')) {
    throw new PermanentError('BAD_ENCODING', 'the file is not valid UTF-8 and declares no other encoding');
  }
  const head = text.slice(0, 2000).trimStart().toLowerCase();
  if (head.startsWith('<!doctype html') || head.startsWith('<html') || /<(body|div|p|article)[\s>]/.test(head)) return parseHtml(text);
  return parsePlainText(text);
}

/** NUL bytes or a high share of control characters in the first 8 KB mean binary data. */
export function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / n > 0.1;
}
