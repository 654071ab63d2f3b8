// What the admin commands (status, reprocess, retry-failed, pause, resume, clean) share: they check that Redis
// (and, when they need them, the stores) answer within seconds and stop with a clear message otherwise, then
// build the app with fail-fast Redis connections (a command from cron must not wait forever).
import type { App } from '../app.js';
import type { Config } from '../config/schema.js';
import { redactUrl } from '../queues/redis-connection.js';
import { QUEUE_NAMES, type QueueName } from '../queues/queues.js';
import { CliError } from './cli-error.js';

export interface OpsAppOptions {
  /** Also check that every configured store can be written (commands that read or publish documents). */
  stores?: boolean;
  timeoutMs?: number;
}

async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

export async function openOpsApp(config: Config, options: OpsAppOptions = {}): Promise<App> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const { pingRedis } = await import('../queues/redis-connection.js');
  try {
    await pingRedis(config.redisUrl, timeoutMs);
  } catch (err) {
    throw new CliError(`${(err as Error).message.replace(/\.+$/, '')}.\n  Is Redis running? Check REDIS_URL (or --redis); copydesk needs it for its queues.`, 1);
  }
  const { createApp } = await import('../app.js');
  const { createLogger } = await import('../logging/logger.js');
  const logger = createLogger({ level: config.logLevel === 'info' ? 'warn' : config.logLevel });
  const app = await createApp(config, { logger, skipInit: true, failFast: true });
  if (options.stores) {
    for (const [name, store] of app.stores) {
      try {
        await within(store.check(), timeoutMs, `the ${name} store`);
      } catch (err) {
        await app.close();
        throw new CliError(`the ${name} store cannot be reached or written: ${(err as Error).message}`, 1);
      }
    }
  }
  return app;
}

/** The queues a command acts on: the one named, or all of them. */
export function selectQueues(app: App, name: string | undefined) {
  const all = { [QUEUE_NAMES.ingest]: app.queues.ingest, [QUEUE_NAMES.publish]: app.queues.publish } as const;
  if (name === undefined) return Object.values(all);
  const q = all[name as QueueName];
  if (!q) throw new CliError(`unknown queue "${name}" (queues: ${Object.keys(all).join(', ')})`, 2);
  return [q];
}

export { redactUrl };
