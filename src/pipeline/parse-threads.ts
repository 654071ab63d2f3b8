// The parse threads of `copydesk process` (process-files.ts), as the main thread sees them. The run's files are a
// queue of indexes that the parse threads and the main thread take from (an Int32 counter in a SharedArrayBuffer,
// advanced with Atomics.add, so each file is taken once, by whichever thread asks first). A parse thread reads the
// files it takes and runs the stages before the tagger on them (parse, text rules: prepare-stage.ts), and posts the
// results to the main thread over its own MessagePort; the main thread tags the files and builds their envelopes in
// input order, and prepares a file itself only when the one it needs next is not ready and nobody has taken it (when
// the threads fall behind, or are gone). A thread gets its job (ParseJob) first and the compiled rules in a second
// message, so it parses its first file while the main thread compiles them. Parse threads keep at most AHEAD files
// ahead of the main thread, so a long batch does not pile up prepared files in memory. A file a thread had taken
// when it died (out of memory) is reported as an error line; the files it had not taken are prepared here.
import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { bootParseThreads, endParseThreads, PARSE_THREAD_URL, type BootedThread } from './parse-thread-boot.js';
import type { RuleSet } from '../text/rules.js';
import { errorLine, type FileLine, type LearnedLines, type PreparedFile } from './process-files.js';

/** How many files a parse thread may have parsed beyond the one the main thread is on. */
export const AHEAD = 32;

/**
 * A parse thread's job, the first message on its port. The rules follow in a second message (RulesMessage), once the
 * main thread has compiled them: the thread reads and parses its first file meanwhile.
 */
export interface ParseJob {
  files: readonly string[];
  maxFileBytes: number;
  /** Lines learned as boilerplate over the run's files, by source. */
  learned: LearnedLines;
  /** The shared counters (FileQueue). */
  shared: SharedArrayBuffer;
}

/** The second message on a parse thread's port. */
export interface RulesMessage {
  /** The compiled boilerplate rules (RegExps cross threads as they are). */
  ruleSet: RuleSet;
}

export interface ParsedMessage {
  index: number;
  file: PreparedFile;
}

// slots of the shared Int32Array
const NEXT = 0; // the next index nobody has taken
const POSTED = 1; // files the parse threads have posted (the main thread waits on it)
const FINISHING = 2; // the index the main thread is on (the parse threads wait on it)
const RULES = 3; // 1 once the rules are posted (a parse thread waits on it before the text stage of its first file)

/** The counters the threads of one run share. */
export class FileQueue {
  private readonly counters: Int32Array;
  constructor(
    readonly length: number,
    readonly shared = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT),
  ) {
    this.counters = new Int32Array(shared);
  }

  /** The next file index nobody has taken, or -1 when every file is taken. */
  take(): number {
    const index = Atomics.add(this.counters, NEXT, 1);
    return index < this.length ? index : -1;
  }

  /** A parse thread: waits while `index` is more than AHEAD files beyond the main thread. */
  waitForRoom(index: number): void {
    for (let at = Atomics.load(this.counters, FINISHING); index - at > AHEAD; at = Atomics.load(this.counters, FINISHING)) {
      // the timeout only bounds a wait that a missed notify would make endless
      Atomics.wait(this.counters, FINISHING, at, 100);
    }
  }

  /** The main thread: it is now on file `index`. */
  finishing(index: number): void {
    Atomics.store(this.counters, FINISHING, index);
    Atomics.notify(this.counters, FINISHING);
  }

  /** The main thread: the rules are posted to every parse thread. */
  rulesPosted(): void {
    Atomics.store(this.counters, RULES, 1);
    Atomics.notify(this.counters, RULES);
  }

  /**
   * A parse thread: the rules the main thread posts on `port` (waits for them). Called once: the message is taken
   * off the port, so a second call finds the rules posted and no message, and fails rather than wait for ever.
   */
  waitForRules(port: MessagePort): RuleSet {
    for (;;) {
      // read before the port: the main thread posts the message before it sets the flag
      const posted = Atomics.load(this.counters, RULES) === 1;
      const m = receiveMessageOnPort(port);
      if (m) return (m.message as RulesMessage).ruleSet;
      if (posted) throw new Error('the rules were posted to this parse thread but are not on its port');
      // the timeout only bounds a wait that a missed notify would make endless
      Atomics.wait(this.counters, RULES, 0, 100);
    }
  }

  /** A parse thread: it has posted one more file. */
  posted(): void {
    Atomics.add(this.counters, POSTED, 1);
    Atomics.notify(this.counters, POSTED);
  }

  /** How many files the parse threads have posted so far. */
  get postedCount(): number {
    return Atomics.load(this.counters, POSTED);
  }

  /** The main thread: resolves when a parse thread posts after `seen` posts, or after `ms`, letting events run meanwhile. */
  async postedAfter(seen: number, ms: number): Promise<void> {
    const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, t: number): { async: boolean; value: Promise<string> | string } }).waitAsync;
    const r = waitAsync(this.counters, POSTED, seen, ms);
    if (r.async) await r.value;
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface ParseThreads {
  /**
   * File `index` read and prepared, by a parse thread or, when nobody has taken it yet, by `parseHere`; files are
   * asked for in input order. A file lost with a thread that died under it (out of memory) comes as an error line.
   */
  parsed(index: number, parseHere: (index: number) => PreparedFile): Promise<PreparedFile>;
  /** Posts the compiled rules to the threads, which wait for them before their first text stage. */
  postRules(ruleSet: RuleSet): void;
  /** Ends the threads; resolves with the error of one that failed (to load, or under a file), if any. */
  stop(): Promise<unknown>;
}

/**
 * Gives parse threads their job: `threads` booted for it (bootParseThreads, some of which may have been booted early
 * by the CLI), or how many to boot.
 */
export function startParseThreads(threads: number | BootedThread[], job: Omit<ParseJob, 'shared'>, threadUrl: URL = PARSE_THREAD_URL): ParseThreads {
  const queue = new FileQueue(job.files.length);
  const booted = typeof threads === 'number' ? bootParseThreads(threads, threadUrl) : threads;
  for (const t of booted) {
    t.worker.ref();
    t.port.postMessage({ ...job, shared: queue.shared } satisfies ParseJob);
  }
  const ready = new Map<number, PreparedFile>();
  const receive = () => {
    for (const t of booted) {
      for (let m = receiveMessageOnPort(t.port); m; m = receiveMessageOnPort(t.port)) {
        const { index, file } = m.message as ParsedMessage;
        ready.set(index, file);
      }
    }
  };
  return {
    postRules(ruleSet) {
      for (const t of booted) t.port.postMessage({ ruleSet } satisfies RulesMessage);
      queue.rulesPosted();
    },
    async parsed(index, parseHere) {
      queue.finishing(index);
      for (;;) {
        const seen = queue.postedCount;
        receive();
        const file = ready.get(index);
        if (file) {
          ready.delete(index);
          return file;
        }
        const mine = queue.take();
        if (mine >= 0) ready.set(mine, parseHere(mine));
        else if (booted.every((t) => t.ended)) {
          // every file is taken and no thread is left to post this one: it was lost with a thread that died
          receive();
          const error = booted.find((t) => t.error !== undefined)?.error ?? new Error('a parse thread of copydesk process ended without parsing this file');
          return ready.get(index) ?? ({ line: errorLine(job.files[index]!, error), failed: true } satisfies FileLine);
        } else await queue.postedAfter(seen, 50);
      }
    },
    async stop() {
      // this thread may not have let events run since a thread failed: let its error and exit arrive first
      await new Promise<void>((resolve) => setImmediate(resolve));
      const error = booted.find((t) => t.error !== undefined)?.error;
      await endParseThreads(booted);
      return error;
    },
  };
}
