// Booting the parse threads of `copydesk process` (parse-threads.ts). A thread takes about 0.1 s to start and load
// its modules, so it is booted as soon as the command line shows a `process` run that wants one (bootForCommandLine:
// bin/copydesk.js calls it before it loads the CLI), while the CLI loads the rest of itself and reads the
// configuration; the thread then waits for its job (ParseJob). A small module of its own, so that booting early loads
// nothing else.
import os from 'node:os';
import v8 from 'node:v8';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';

/** Files below which a parse thread does not pay for its own start-up (loading the parsers and the text processor). */
export const FILES_PER_THREAD = 12;

/**
 * How many parse threads a run of `fileCount` files gets: one when the batch is big enough to pay for its start-up
 * and there is a second core. The stages after the text rules (tagger, envelope) run in the main thread, which also
 * prepares files itself when the parse thread falls behind. The threads share the work by stage, not by file, so
 * that each thread compiles (JIT) only its own stage's code: on 2 cores, where V8's optimising compiler already
 * keeps the second core busy, two threads each running the whole pipeline cost more than they saved (121 pages:
 * 5.2 s of CPU against 3.7 s in one thread, for no gain in wall time).
 */
export function threadsFor(fileCount: number, cores = os.availableParallelism()): number {
  return cores >= 2 && fileCount >= FILES_PER_THREAD ? 1 : 0;
}

/** The parse thread's module (the tests start stand-ins). */
export const PARSE_THREAD_URL = new URL('./process-file-worker.js', import.meta.url);

/** What a parse thread is started with (workerData): the port it takes its job from and posts its results on. */
export interface ParseThreadData {
  port: MessagePort;
  /** Where the thread writes its code cache once its job is done (scripts/build-code-cache.mjs; bundle only). */
  codeCacheOut?: string;
}

/** A parse thread as the main thread sees it. */
export interface BootedThread {
  worker: Worker;
  /** The main thread's end of the thread's port. */
  port: MessagePort;
  ended: boolean;
  /** Why the thread failed (to load, or under a file), if it did. */
  error: unknown;
  /** Set before the main thread ends it, so that its exit is not taken for a failure. */
  stopping: boolean;
}

/**
 * Starts `count` parse threads, which load their modules and wait for their job. Until they get one they do not
 * keep the process alive (a CLI that fails on its arguments still exits).
 */
export function bootParseThreads(count: number, threadUrl: URL = PARSE_THREAD_URL): BootedThread[] {
  return Array.from({ length: count }, () => {
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(threadUrl, { workerData: { port: port2 } satisfies ParseThreadData, transferList: [port2] });
    worker.unref();
    const thread: BootedThread = { worker, port: port1, ended: false, error: undefined, stopping: false };
    worker.on('error', (err) => (thread.error = err));
    worker.on('exit', (code) => {
      // a thread that the main thread ends exits with 1: only an exit before that is a failure
      if (!thread.stopping) thread.error ??= code === 0 ? undefined : new Error(`a parse thread of copydesk process exited with code ${code}`);
      thread.ended = true;
    });
    return thread;
  });
}

/**
 * Makes V8's optimising compiler do less (for the rest of the process, every thread), when the main thread and the
 * parse threads use every core (usesEveryCore), so that the compiler's background threads compete with them less.
 * - No inlining: it makes each compile job several times bigger (121 pages: 3.6 s of CPU instead of 4.1 s).
 * - A larger interrupt budget: a function is optimised after more of its bytecode has run (500,000 instead of V8's
 *   67,584), so fewer functions that run only during warm-up are compiled at all (the compiler's threads 0.38 s
 *   instead of 0.8 s, the whole run 1.3-1.4 s instead of 1.5 s).
 * - Regular expressions compiled straight to machine code: V8 otherwise compiles each one twice, to bytecode for its
 *   first run and again to machine code for the next, and again for each string width (Latin-1, UTF-16); the
 *   boilerplate rules run on thousands of lines, and their case-insensitive Unicode patterns cost up to 2 ms per
 *   compile (the rules' first pass over 3,125 lines: 56 ms instead of 90, the next ones 32 ms either way).
 * Output is the same: only how the code is compiled changes. The flags hold for the whole process, so they are set
 * once the run is known to keep every core busy, before its parse thread boots (bootForCommandLine).
 */
export function lessCompiling(): void {
  v8.setFlagsFromString('--no-turbo-inlining');
  v8.setFlagsFromString('--interrupt-budget=500000');
  v8.setFlagsFromString('--no-regexp-tier-up');
}

/** Whether a run with `threads` parse threads keeps every core busy (then lessCompiling is called). */
export function usesEveryCore(threads: number, cores = os.availableParallelism()): boolean {
  return threads > 0 && threads + 1 >= cores;
}

let bootedForCommand: BootedThread[] | undefined;

/**
 * The parse threads of the `copydesk process` command line `argv`, booted on the first call (one thread for a batch
 * big enough, none otherwise: threadsFor counts the arguments, options included); later calls return the same
 * threads. bin/copydesk.js calls it before it loads the CLI (dist/bundle/boot.js), so the thread's start-up overlaps
 * the CLI's; src/cli/commands/process.ts calls it again to take them (or boots them itself, when the CLI was not
 * started by bin/copydesk.js, as in the tests).
 */
export function bootForCommandLine(argv: readonly string[] = process.argv): BootedThread[] | undefined {
  if (!bootedForCommand) {
    const threads = argv[2] === 'process' ? threadsFor(argv.length - 3) : 0;
    // the compiler's flags are set before the thread starts, so that it compiles its code under the flags its code
    // cache was made with (parse-thread-loader.ts)
    if (usesEveryCore(threads)) lessCompiling();
    bootedForCommand = threads > 0 ? bootParseThreads(threads) : [];
  }
  return bootedForCommand.length ? bootedForCommand : undefined;
}

/** Ends parse threads (booted early for a run that turned out not to want them, or at the end of a run). */
export async function endParseThreads(threads: readonly BootedThread[]): Promise<void> {
  for (const t of threads) {
    t.stopping = true;
    t.port.close();
  }
  await Promise.all(threads.map((t) => t.worker.terminate()));
}
