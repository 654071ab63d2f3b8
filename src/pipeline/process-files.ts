// `copydesk process FILE...`: each file through the pipeline, one JSON line out per file (the envelope, or an error
// line), in input order. A small batch runs in this thread; a bigger one is split by stage: parse threads
// (process-file-worker.ts) read and parse the files ahead while this thread runs the rest of the pipeline on them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import type { Config } from '../config/schema.js';
import { errorCode, PermanentError } from '../errors/index.js';
import { learnRepeatedLines } from './learn-repeated-lines.js';
import type { ParsedInput } from './parse-stage.js';
import type { Pipeline, PipelineInput } from './pipeline.js';
import { sourceOfPath } from '../text/repeated-lines.js';

/** Lines learned as boilerplate, by source (the folder a file is in). */
export type LearnedLines = Map<string, Set<string>>;

export interface FileLine {
  /** The file's JSON line, newline included. */
  line: string;
  failed: boolean;
}

/** The JSON line that reports a file that could not be processed. */
export function errorLine(file: string, err: unknown): string {
  // a file that cannot be read reports the system's code (ENOENT, EACCES); the pipeline's errors their own
  const code = errorCode(err) === 'INTERNAL' ? ((err as NodeJS.ErrnoException)?.code ?? 'INTERNAL') : errorCode(err);
  const message = err instanceof Error ? err.message : String(err);
  return JSON.stringify({ source: { path: file }, error: { code, message } }) + '\n';
}

/** A file read and through the parse stage (plain data: it crosses from a parse thread), or its error line. */
export type ParsedFile = { parsed: ParsedInput; receivedAt: Date } | FileLine;

/** Reads a file and runs the parse stage on it (`parse`: the pipeline's, or a parse thread's parseStage). */
export function readAndParse(file: string, parse: (input: PipelineInput) => ParsedInput): ParsedFile {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new PermanentError('NOT_A_FILE', `${file} is not a regular file`);
    const bytes = fs.readFileSync(file);
    return { parsed: parse({ bytes, path: file, originalName: path.basename(file), receivedAt: stat.mtime }), receivedAt: stat.mtime };
  } catch (err) {
    return { line: errorLine(file, err), failed: true };
  }
}

/** The rest of the pipeline on a parsed file (with the lines learned for its source): its envelope's JSON line, or its error line. */
export function finishFile(pipeline: Pipeline, file: string, parsed: ParsedFile, repeatedLines: ReadonlySet<string> | undefined): FileLine {
  if (!('parsed' in parsed)) return parsed;
  try {
    const { envelope } = pipeline.finish(parsed.parsed, { path: file, originalName: path.basename(file), receivedAt: parsed.receivedAt, repeatedLines });
    return { line: JSON.stringify(envelope) + '\n', failed: false };
  } catch (err) {
    return { line: errorLine(file, err), failed: true };
  }
}

/** Learned per-source boilerplate: the files of this run are the sample (config.learning). */
export function learnFromRun(files: readonly string[], config: Config): LearnedLines {
  const { enabled, minDocuments, maxWords } = config.learning;
  return enabled ? learnRepeatedLines(files, config.limits.maxFileBytes, { minDocuments, maxWords }) : new Map();
}

/** Files below which a parse thread does not pay for its own start-up (loading the parsers). */
export const FILES_PER_THREAD = 12;

/**
 * How many parse threads a run of `fileCount` files gets: one when the batch is big enough to pay for its start-up
 * and there is a second core. The stage after parsing (text rules, tagger, envelope) runs in this thread and takes
 * about as long as parsing, so more parse threads would wait for it. The threads share the work by stage, not by
 * file, so that each thread compiles (JIT) only its own stage's code: on 2 cores, where V8's optimising compiler
 * already keeps the second core busy, two threads each running the whole pipeline cost more than they saved
 * (121 pages: 5.2 s of CPU against 3.7 s in one thread, for no gain in wall time).
 */
export function threadsFor(fileCount: number, cores = os.availableParallelism()): number {
  return cores >= 2 && fileCount >= FILES_PER_THREAD ? 1 : 0;
}

export interface ProcessFilesOptions {
  /** Parse threads: 0 runs every file in this thread; default threadsFor(files.length). */
  threads?: number;
  /** Told when a parse thread failed (this thread then parsed the files it left). */
  warn?: (message: string) => void;
}

/**
 * Turns off inlining in V8's optimising compiler (for the rest of the process, every thread): when this thread and
 * the parse threads use every core, the compiler's background threads compete with them, and inlining makes each
 * compile job several times bigger. 121 pages with one parse thread on 2 cores: 3.6 s of CPU instead of 4.1 s (the
 * compiler's threads 0.95 s instead of 1.6 s), the same time on this thread. Output is the same: only how the code
 * is compiled changes.
 */
function lessCompiling(): void {
  v8.setFlagsFromString('--no-turbo-inlining');
}

/**
 * Processes `files` and hands their JSON lines to `write` in input order; resolves with the number of files that
 * failed. Learning over the run's files happens before any file is finished, in either mode.
 */
export async function processFiles(files: readonly string[], config: Config, write: (text: string) => void, options: ProcessFilesOptions = {}): Promise<number> {
  const threads = Math.min(options.threads ?? threadsFor(files.length), files.length);
  // lines go out in input order (files are finished in it), 64 to a write
  const out: string[] = [];
  const flush = () => {
    if (out.length) write(out.join(''));
    out.length = 0;
  };
  let failed = 0;
  if (threads > 0 && threads + 1 >= os.availableParallelism()) lessCompiling();
  // the parse threads start first: they load their modules and parse the first files while this thread starts up
  const parsers = threads > 0 ? (await import('./parse-threads.js')).startParseThreads(threads, { files, maxFileBytes: config.limits.maxFileBytes }) : undefined;
  try {
    const learned = learnFromRun(files, config);
    const { pipelineFromConfig } = await import('./pipeline-from-config.js');
    const pipeline = pipelineFromConfig(config);
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const parsed = parsers ? await parsers.parsed(i, (j) => readAndParse(files[j]!, pipeline.parse)) : readAndParse(file, pipeline.parse);
      const r = finishFile(pipeline, file, parsed, learned.get(sourceOfPath(file)));
      if (r.failed) failed++;
      out.push(r.line);
      if (out.length >= 64) flush();
    }
  } finally {
    const threadError = await parsers?.stop();
    if (threadError !== undefined) options.warn?.(`a parse thread failed, and this thread parsed the files it left: ${threadError instanceof Error ? threadError.message : String(threadError)}`);
  }
  flush();
  return failed;
}
