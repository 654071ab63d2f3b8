// Watches the inbox: acts on a file once it has finished being written, picks up what is already there at
// start-up, ignores dot-files and temporary names, and admits files a few at a time.
//
// Events come from fs.watch on the inbox folder (inotify, FSEvents, ReadDirectoryChangesW) and name the file
// that changed, so a burst of 10,000 files costs 10,000 small steps, never a rescan of the folder per event (what
// a general-purpose watcher does, and what made big drops quadratic). A periodic listing of the folder catches
// anything the events missed (an overflowing event queue, a network file system that sends none).
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import type { Logger } from '../logging/logger.js';
import { admitFile, recoverPending, type AdmitDeps, type AdmitOutcome } from './admit-file.js';

/** Names that are still being written or are not meant for copydesk. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || /\.(tmp|temp|part|partial|crdownload|download|swp|swx|lock)$/i.test(name) || name.endsWith('~') || name.startsWith('~$');
}

export interface InboxWatcherOptions extends AdmitDeps {
  inbox: string;
  /** A file counts as written once its size and time have not changed for this long; 0: at once (files that arrive by rename). */
  stabilityMs: number;
  /** How often files still being written are looked at. */
  pollMs: number;
  /** How often the whole inbox is listed, for files the events missed (default 2 s). */
  rescanMs?: number;
  /** Files admitted at once. */
  parallel?: number;
  logger: Logger;
  /** Resolves once the queue can take jobs (Redis answers); the watcher takes no file before that. */
  waitForQueue?: () => Promise<void>;
  /** Called after each file is handled (tests and metrics). */
  onAdmitted?: (file: string, outcome: AdmitOutcome) => void;
}

/** A file that could not be admitted is tried again after this long. */
const RETRY_MS = 60_000;

interface Settling {
  size: number;
  mtimeMs: number;
  /** When size and time were last seen to change. */
  since: number;
}

export class InboxWatcher {
  private fsWatcher?: fs.FSWatcher;
  private rescanTimer?: NodeJS.Timeout;
  private pollTimer?: NodeJS.Timeout;
  private polling = false;
  private rescanning?: Promise<void>;
  /** Files seen but not yet stable. */
  private readonly settling = new Map<string, Settling>();
  /** Files waiting for or in admission. */
  private readonly inFlight = new Set<string>();
  /** Files whose admission failed, and when to try them again. */
  private readonly retryAt = new Map<string, number>();
  private readonly limit;
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly options: InboxWatcherOptions) {
    this.limit = pLimit(options.parallel ?? 8);
  }

  /** Starts watching; resolves once the files already in the inbox have been seen. */
  async start(): Promise<void> {
    const { inbox, logger } = this.options;
    // no file leaves the inbox while nothing can queue it: with Redis down the files wait where they are
    await this.options.waitForQueue?.();
    await recoverPending(this.options);
    await fs.promises.mkdir(inbox, { recursive: true });
    // watch first, then list: a file arriving in between is seen twice, which is harmless, never missed
    this.fsWatcher = fs.watch(inbox, { persistent: true }, (_event, name) => {
      if (name) this.notice(String(name));
      else void this.rescan();
    });
    this.fsWatcher.on('error', (err) => logger.error({ err }, 'inbox watcher error; the inbox is still listed every few seconds'));
    await this.rescan();
    this.rescanTimer = setInterval(() => void this.rescan(), this.options.rescanMs ?? 2000);
    this.rescanTimer.unref();
    logger.info({ inbox }, 'watching the inbox');
  }

  /** Lists the inbox and notices every entry (one listing at a time). */
  private rescan(): Promise<void> {
    this.rescanning ??= (async () => {
      try {
        for (const name of await fs.promises.readdir(this.options.inbox)) this.notice(name);
      } catch (err) {
        if (!this.stopping) this.options.logger.error({ err }, 'could not list the inbox');
      } finally {
        this.rescanning = undefined;
      }
    })();
    return this.rescanning;
  }

  private notice(name: string): void {
    if (this.stopping || isIgnoredName(name)) return;
    const file = path.join(this.options.inbox, name);
    if (this.inFlight.has(file) || this.settling.has(file)) return;
    const retry = this.retryAt.get(file);
    if (retry !== undefined) {
      if (Date.now() < retry) return;
      this.retryAt.delete(file);
    }
    if (this.options.stabilityMs <= 0) {
      this.schedule(file);
      return;
    }
    this.settling.set(file, { size: -1, mtimeMs: -1, since: Date.now() });
    this.pollTimer ??= setTimeout(() => void this.poll(), this.options.pollMs);
  }

  /** Looks at every file still being written; those unchanged for stabilityMs go to admission. */
  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const now = Date.now();
      await Promise.all(
        [...this.settling].map(async ([file, seen]) => {
          let stat: fs.Stats;
          try {
            stat = await fs.promises.lstat(file);
          } catch {
            this.settling.delete(file); // gone (moved away or deleted before it was stable)
            return;
          }
          if (stat.size !== seen.size || stat.mtimeMs !== seen.mtimeMs) {
            this.settling.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, since: now });
          } else if (now - seen.since >= this.options.stabilityMs) {
            this.settling.delete(file);
            this.schedule(file);
          }
        }),
      );
    } finally {
      this.polling = false;
      this.pollTimer = undefined;
      if (this.settling.size && !this.stopping) this.pollTimer = setTimeout(() => void this.poll(), this.options.pollMs);
    }
  }

  private schedule(file: string): void {
    if (this.stopping || this.inFlight.has(file)) return;
    this.inFlight.add(file);
    const task = this.limit(async () => {
      if (this.stopping) return;
      try {
        const outcome = await admitFile(file, this.options);
        if (outcome.kind !== 'gone') this.options.onAdmitted?.(file, outcome);
      } catch (err) {
        // the file stays where it was (inbox, or archive with a pending marker): nothing is lost
        this.retryAt.set(file, Date.now() + RETRY_MS);
        this.options.logger.error({ err, sourceFile: path.basename(file) }, 'could not admit a file; it stays in place and is tried again in a minute (or at the next start)');
      }
    }).finally(() => {
      this.inFlight.delete(file);
      this.tasks.delete(task);
    });
    this.tasks.add(task);
  }

  /** Stops taking new files and waits for the ones being admitted. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.fsWatcher?.close();
    clearInterval(this.rescanTimer);
    clearTimeout(this.pollTimer);
    await this.rescanning;
    await Promise.allSettled([...this.tasks]);
  }
}
