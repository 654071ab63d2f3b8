// Runs `copydesk watch` / `copydesk worker` as a real child process on a test's folders and Redis key prefix,
// so that tests can SIGKILL it, or let a drill (COPYDESK_DRILL_CRASH_AT) kill it at an exact point.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../../src/config/schema.js';
import type { TempDirs } from './temp-dirs.js';

export const cliPath = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'copydesk.js');

export interface CliProcess {
  child: ChildProcess;
  /** Resolves with the signal (or exit code) once the process has ended. */
  exited: Promise<NodeJS.Signals | number | null>;
  /** What it wrote to stderr so far (its log, when logLevel is not silent). */
  stderr(): string;
}

export function spawnCopydesk(args: string[], dirs: TempDirs, config: Config, env: Record<string, string> = {}): CliProcess {
  let err = '';
  const child = spawn(process.execPath, [cliPath, ...args], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      REDIS_URL: config.redisUrl,
      COPYDESK_KEY_PREFIX: config.keyPrefix,
      COPYDESK_INBOX: dirs.inbox,
      COPYDESK_DATA_DIR: dirs.dataDir,
      COPYDESK_FAILED_DIR: dirs.failedDir,
      COPYDESK_STALLED_MS: String(config.worker.stalledMs),
      COPYDESK_BACKOFF_MS: String(config.worker.backoffMs),
      COPYDESK_STABILITY_MS: String(config.watcher.stabilityMs),
      COPYDESK_PORT: '0',
      COPYDESK_LOG_LEVEL: 'silent',
      COPYDESK_LOG_FORMAT: 'json',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  return { child, exited, stderr: () => err };
}
