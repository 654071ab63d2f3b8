// The pipeline's first stage, on its own: raw bytes to a Story (decode, detect the format, parse, extract) and the
// bytes' sha256. Its own module, without the text rules or the tagger, so that the parse thread of
// `copydesk process` (process-file-worker.ts) can parse its first file before it has the rules.
import crypto from 'node:crypto';
import { PermanentError } from '../errors/index.js';
import { parseInput } from '../formats/index.js';
import type { Story } from '../formats/story.js';

/** What the parse stage hands on to the rest of the pipeline: plain data, so it can cross to another thread. */
export interface ParsedInput {
  story: Story;
  sha256: string;
  /** The original's size in bytes. */
  bytes: number;
  /** Time the stage took, in ms of the pipeline's clock. */
  parseMs: number;
}

export function parseStage(bytes: Buffer, options: { originalName: string; maxFileBytes: number; sha256?: string; now?: () => number }): ParsedInput {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const sha256 = options.sha256 ?? crypto.createHash('sha256').update(bytes).digest('hex');
  const story = refusingDeepNesting(() => parseInput(bytes, { fileName: options.originalName, maxBytes: options.maxFileBytes }));
  return { story, sha256, bytes: bytes.length, parseMs: now() - t0 };
}

/** Runs `f`; input nested deeper than the stack allows is refused, not retried (tree walkers recurse). */
export function refusingDeepNesting<T>(f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new PermanentError('MALFORMED', 'the file nests its elements too deeply to process (the parser ran out of stack): refused');
    }
    throw err;
  }
}
