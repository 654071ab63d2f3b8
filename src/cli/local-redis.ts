// Makes sure Redis answers for the embedded default: if nothing answers at a local REDIS_URL and a
// `redis-server` binary is on PATH, starts one (data kept in the data folder); otherwise says how to get one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import { pingRedis, redactUrl } from '../queues/redis-connection.js';
import { CliError } from './cli-error.js';

export interface LocalRedis {
  /** Stops the redis-server this command started. */
  stop(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

function onPath(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

export async function ensureRedis(url: string, dataDir: string, logger: Logger): Promise<LocalRedis | undefined> {
  try {
    await pingRedis(url, 1500);
    return undefined;
  } catch (err) {
    const u = new URL(url);
    if (!LOCAL_HOSTS.has(u.hostname) || u.protocol !== 'redis:') {
      // a Redis elsewhere is someone else's to start: the services wait for it (and say so) instead of exiting
      logger.warn({ redis: redactUrl(url) }, `${(err as Error).message}; not a local Redis, so none is started: waiting for it`);
      return undefined;
    }
    if (!onPath('redis-server')) {
      throw new CliError(
        `no Redis answers at ${redactUrl(url)} and no redis-server is installed to start one.\n` +
          '  Install Redis (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis),\n' +
          '  or run one with Docker: docker run -d -p 6379:6379 redis:7,\n' +
          '  or point REDIS_URL (or --redis) at a Redis you have.',
        1,
      );
    }
  }
  const port = Number(new URL(url).port || 6379);
  const dir = path.join(dataDir, 'redis');
  fs.mkdirSync(dir, { recursive: true });
  logger.info({ port, dir }, 'no Redis answered: starting a local redis-server (append-only file in the data folder)');
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--daemonize', 'no', '--logfile', path.join(dir, 'redis.log')],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 50; i++) {
    try {
      await pingRedis(url, 500);
      return {
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      };
    } catch {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  child.kill('SIGKILL');
  throw new CliError(`started redis-server on port ${port} but it did not answer; see ${path.join(dir, 'redis.log')}`, 1);
}
