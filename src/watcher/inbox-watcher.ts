// Watches the inbox with chokidar: acts on a file once it has finished being written, picks up what is already
// there at start-up, ignores dot-files and temporary names, and admits files a few at a time.
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import pLimit from 'p-limit';
import type { Logger } from '../logging/logger.js';
import { admitFile, recoverPending, type AdmitDeps, type AdmitOutcome } from './admit-file.js';

/** Names that are still being written or are not meant for copydesk. */
export function isIgnoredName(name: string): boolean {
  return name.startsWith('.') || /\.(tmp|temp|part|partial|crdownload|download|swp|swx|lock)$/i.test(name) || name.endsWith('~') || name.startsWith('~$');
}

export interface InboxWatcherOptions extends AdmitDeps {
  inbox: string;
  stabilityMs: number;
  pollMs: number;
  /** Files admitted at once. */
  parallel?: number;
  logger: Logger;
  /** Called after each file is handled (tests and metrics). */
  onAdmitted?: (file: string, outcome: AdmitOutcome) => void;
}

export class InboxWatcher {
  private watcher?: FSWatcher;
  private readonly inFlight = new Set<string>();
  private readonly limit;
  private readonly tasks = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly options: InboxWatcherOptions) {
    this.limit = pLimit(options.parallel ?? 8);
  }

  /** Starts watching; resolves once the files already in the inbox have been seen. */
  async start(): Promise<void> {
    const { inbox, logger } = this.options;
    await recoverPending(this.options);
    this.watcher = watch(inbox, {
      depth: 0,
      followSymlinks: false,
      ignoreInitial: false,
      ignored: (p: string) => p !== inbox && isIgnoredName(path.basename(p)),
      // 0: files are complete when they appear (feeds that write under a temporary name and rename): no polling
      awaitWriteFinish: this.options.stabilityMs > 0 ? { stabilityThreshold: this.options.stabilityMs, pollInterval: this.options.pollMs } : false,
    });
    this.watcher.on('add', (p) => this.schedule(p));
    this.watcher.on('change', (p) => this.schedule(p));
    this.watcher.on('addDir', (p) => {
      if (path.resolve(p) !== path.resolve(inbox)) this.schedule(p);
    });
    this.watcher.on('error', (err) => logger.error({ err }, 'inbox watcher error'));
    await new Promise<void>((resolve) => this.watcher!.once('ready', () => resolve()));
    logger.info({ inbox }, 'watching the inbox');
  }

  private schedule(file: string): void {
    if (this.stopping || this.inFlight.has(file)) return;
    this.inFlight.add(file);
    const task = this.limit(async () => {
      if (this.stopping) return;
      try {
        const outcome = await admitFile(file, this.options);
        this.options.onAdmitted?.(file, outcome);
      } catch (err) {
        // the file stays where it was (inbox, or archive with a pending marker): nothing is lost
        this.options.logger.error({ err, sourceFile: path.basename(file) }, 'could not admit a file; it stays in place and is retried at the next start');
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
    await this.watcher?.close();
    await Promise.allSettled([...this.tasks]);
  }
}
