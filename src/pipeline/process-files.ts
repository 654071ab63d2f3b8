// `copydesk process FILE...`: each file through the pipeline, one JSON line out per file (the envelope, or an error
// line), in input order. A small batch runs in this thread; a bigger one is split by stage: parse threads
// (process-file-worker.ts) read, parse and clean the files ahead (the stages before the tagger) while this thread
// tags them and builds their envelopes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { errorCode, PermanentError } from '../errors/index.js';
import { learnRepeatedLines } from './learn-repeated-lines.js';
import { endParseThreads, lessCompiling, threadsFor, usesEveryCore, type BootedThread } from './parse-thread-boot.js';
import type { Pipeline } from './pipeline.js';
import type { PrepareStage, PreparedInput } from './prepare-stage.js';
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

/** A file read and through the stages before the tagger (plain data: it crosses from a parse thread), or its error line. */
export type PreparedFile = { prepared: PreparedInput; receivedAt: Date } | FileLine;

/**
 * Reads a file and runs the stages before the tagger on it, with the lines learned for its source. `read` reads the
 * file's bytes (a parse thread passes a reusedBufferReader: it posts what it prepared before it reads the next file).
 */
export function readAndPrepare(file: string, prepare: PrepareStage, learned: LearnedLines, read: (file: string) => Buffer = fs.readFileSync): PreparedFile {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new PermanentError('NOT_A_FILE', `${file} is not a regular file`);
    const bytes = read(file);
    return { prepared: prepare({ bytes, originalName: path.basename(file), repeatedLines: learned.get(sourceOfPath(file)) }), receivedAt: stat.mtime };
  } catch (err) {
    return { line: errorLine(file, err), failed: true };
  }
}

/** The largest file reusedBufferReader reads into its buffer. */
const REUSED_BUFFER_LIMIT = 64 * 1024 * 1024;

/**
 * Reads whole files into one buffer, reused from file to file (grown when a file needs more): the bytes returned are
 * valid until the next read. A page read into a buffer of its own is 23 MB of new memory for 121 pages, which the
 * system maps and V8 counts against its external-memory limit (it collects early when that grows): 121 pages read in
 * 6.6 ms instead of 16-20 ms.
 */
export function reusedBufferReader(initialBytes = 1 << 20, largestReused = REUSED_BUFFER_LIMIT): (file: string) => Buffer {
  let buffer = Buffer.allocUnsafe(initialBytes);
  return (file) => {
    const fd = fs.openSync(file, 'r');
    try {
      // room for the whole file and one byte more, so that the read that finds its end needs no growing
      const expected = fs.fstatSync(fd).size + 1;
      // a file bigger than that is read on its own (and refused by its size after), not kept for the rest of the run
      if (expected > largestReused) return fs.readFileSync(fd);
      if (expected > buffer.length) buffer = Buffer.allocUnsafe(Math.max(expected, 2 * buffer.length));
      let size = 0;
      for (;;) {
        if (size === buffer.length) {
          // the file grew since fstat
          if (2 * buffer.length > largestReused) return Buffer.concat([buffer.subarray(0, size), fs.readFileSync(fd)]);
          const bigger = Buffer.allocUnsafe(2 * buffer.length);
          buffer.copy(bigger, 0, 0, size);
          buffer = bigger;
        }
        const n = fs.readSync(fd, buffer, size, buffer.length - size, null);
        if (n === 0) return buffer.subarray(0, size);
        size += n;
      }
    } finally {
      fs.closeSync(fd);
    }
  };
}

/** The rest of the pipeline (tagger, envelope) on a prepared file: its envelope's JSON line, or its error line. */
export function finishFile(pipeline: Pipeline, file: string, prepared: PreparedFile): FileLine {
  if (!('prepared' in prepared)) return prepared;
  try {
    const { envelope } = pipeline.finish(prepared.prepared, { path: file, originalName: path.basename(file), receivedAt: prepared.receivedAt });
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

export interface ProcessFilesOptions {
  /** Parse threads: 0 runs every file in this thread; default threadsFor(files.length). */
  threads?: number;
  /** Told when a parse thread failed (this thread then prepared the files it had not taken). */
  warn?: (message: string) => void;
  /** Parse threads booted ahead of the run (bootParseThreads): used if the run wants that many, ended otherwise. */
  booted?: BootedThread[];
}

/**
 * Lowers this thread's scheduling priority (nice 10), on Linux, where a thread has its own: with the parse threads on
 * every core, a parse thread sets the pace (this thread waits for it about a third of the time), so when both want a
 * core the parse thread should have it. Threads started before keep theirs (the parse threads, V8's compiler and
 * collector threads). Elsewhere the call would lower the whole process, so it is not made. 121 pages: 1.27-1.28 s
 * instead of 1.34-1.35 s (medians of eleven interleaved runs).
 */
function yieldToParseThreads(): () => void {
  if (process.platform !== 'linux') return () => {};
  try {
    const before = os.getPriority(0);
    os.setPriority(0, Math.max(before, 10));
    // a process that goes on after the run (a test runner) gets its priority back when it may raise it again (as
    // root); an unprivileged process usually may not, and stays at nice 10, only slower
    return () => {
      try {
        os.setPriority(0, before);
      } catch {
        // as above
      }
    };
  } catch {
    // not allowed (a sandbox): the run is only slower
    return () => {};
  }
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
  if (usesEveryCore(threads)) lessCompiling();
  // learning first: the parse threads clean the files with what it learned
  const learned = learnFromRun(files, config);
  // then the parse threads start (or have booted already): they prepare the first files while this thread starts up
  const booted = options.booted ?? [];
  if (booted.length && booted.length !== threads) await endParseThreads(booted);
  const parsers =
    threads > 0 ? (await import('./parse-threads.js')).startParseThreads(booted.length === threads ? booted : threads, { files, maxFileBytes: config.limits.maxFileBytes, learned }) : undefined;
  const restorePriority = parsers && usesEveryCore(threads) ? yieldToParseThreads() : () => {};
  try {
    // the rules next: the parse threads are given them compiled (so they never load the rule file's schema), and
    // parse their first file meanwhile
    const ruleSet = (await import('../text/rule-file.js')).loadRules(config.rulesFile);
    parsers?.postRules(ruleSet);
    const { pipelineFromConfig } = await import('./pipeline-from-config.js');
    const pipeline = pipelineFromConfig(config, { ruleSet });
    for (let i = 0; i < files.length; i++) {
      const file = files[i]!;
      const prepared = parsers ? await parsers.parsed(i, (j) => readAndPrepare(files[j]!, pipeline.prepare, learned)) : readAndPrepare(file, pipeline.prepare, learned);
      const r = finishFile(pipeline, file, prepared);
      if (r.failed) failed++;
      out.push(r.line);
      if (out.length >= 64) flush();
    }
  } finally {
    restorePriority();
    const threadError = await parsers?.stop();
    if (threadError !== undefined) options.warn?.(`a parse thread failed, and this thread prepared the files it had not taken: ${threadError instanceof Error ? threadError.message : String(threadError)}`);
  }
  flush();
  return failed;
}
