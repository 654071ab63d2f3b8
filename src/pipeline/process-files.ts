// `copydesk process FILE...`: each file through the pipeline, one JSON line out per file (the envelope, or an error
// line), in input order. Small batches, and every batch on 2 cores or fewer, run in this thread; big ones on 4 cores
// or more on a pool of worker threads (process-file-worker.ts), each with its own pipeline.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config/schema.js';
import { errorCode, PermanentError } from '../errors/index.js';
import { learnRepeatedLines } from './learn-repeated-lines.js';
import type { Pipeline } from './pipeline.js';
import type { ProcessWorkerData } from './process-file-worker.js';
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

/** Runs one file through the pipeline (with the lines learned for its source): its envelope's JSON line, or its error line. */
export function processFile(pipeline: Pipeline, file: string, repeatedLines: ReadonlySet<string> | undefined): FileLine {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new PermanentError('NOT_A_FILE', `${file} is not a regular file`);
    const bytes = fs.readFileSync(file);
    const { envelope } = pipeline.run({ bytes, path: file, originalName: path.basename(file), receivedAt: stat.mtime, repeatedLines });
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

/** Files per worker thread below which a thread does not pay for its own start-up (loading the pipeline). */
export const FILES_PER_THREAD = 12;

/**
 * How many worker threads a run of `fileCount` files gets: 0 (run here) unless at least two pay for themselves. One
 * core is left to V8's own threads: in one thread the compiler and the garbage collector already keep a second core
 * half busy, and each thread compiles and collects for itself, so on 2 cores a pool costs more than it saves
 * (121 pages: 3.6 s CPU in one thread, 5.3 s with two workers).
 */
export function threadsFor(fileCount: number, cores = os.availableParallelism()): number {
  const threads = Math.min(cores - 1, Math.floor(fileCount / FILES_PER_THREAD));
  return threads >= 2 ? threads : 0;
}

/**
 * Collects lines that arrive in any order and writes them in input order, each as soon as every line before it
 * is written; lines are handed to `write` in runs, at most `chunk` at a time.
 */
export class InOrderWriter {
  private readonly pending = new Map<number, string>();
  private next = 0;
  private readonly out: string[] = [];
  constructor(
    private readonly write: (text: string) => void,
    private readonly chunk = 64,
  ) {}

  put(index: number, line: string): void {
    this.pending.set(index, line);
    while (this.pending.has(this.next)) {
      this.out.push(this.pending.get(this.next)!);
      this.pending.delete(this.next++);
      if (this.out.length >= this.chunk) this.flush();
    }
  }

  /** Writes what is ready; lines still waiting for an earlier one stay. */
  flush(): void {
    if (this.out.length) this.write(this.out.join(''));
    this.out.length = 0;
  }

  /** Lines received that wait for an earlier one. */
  get waiting(): number {
    return this.pending.size;
  }
}

export interface ProcessFilesOptions {
  /** Worker threads: 0 runs every file in this thread; default threadsFor(files.length). */
  threads?: number;
}

/**
 * Processes `files` and hands their JSON lines to `write` in input order; resolves with the number of files that
 * failed. Learning over the run's files happens before any file is processed, in either mode.
 */
export async function processFiles(files: readonly string[], config: Config, write: (text: string) => void, options: ProcessFilesOptions = {}): Promise<number> {
  const threads = options.threads ?? threadsFor(files.length);
  const writer = new InOrderWriter(write);
  let failed = 0;
  const done = (i: number, r: FileLine) => {
    if (r.failed) failed++;
    writer.put(i, r.line);
  };
  const { loadRules } = await import('../text/rule-file.js');
  const ruleSet = loadRules(config.rulesFile);
  if (threads === 0) {
    const learned = learnFromRun(files, config);
    const { pipelineFromRules } = await import('./pipeline-from-rules.js');
    const pipeline = pipelineFromRules(config, ruleSet);
    files.forEach((file, i) => done(i, processFile(pipeline, file, learned.get(sourceOfPath(file)))));
  } else {
    const { Piscina } = await import('piscina');
    // the threads start loading their pipelines now, while this thread reads the files to learn from
    const pool = new Piscina<ProcessTask, FileLine>({
      filename: new URL('./process-file-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      workerData: { config, ruleSet } satisfies ProcessWorkerData,
    });
    try {
      const learned = learnFromRun(files, config);
      await Promise.all(
        files.map((file, i) =>
          pool.run({ file, repeatedLines: learned.get(sourceOfPath(file)) }).then(
            (r) => done(i, r),
            // the thread died under the file (out of memory): that file fails, the pool goes on with a new thread
            (err: unknown) => done(i, { line: errorLine(file, err), failed: true }),
          ),
        ),
      );
    } finally {
      await pool.destroy();
    }
  }
  writer.flush();
  return failed;
}

/** What a worker thread is given for one file. */
export interface ProcessTask {
  file: string;
  repeatedLines?: Set<string>;
}
