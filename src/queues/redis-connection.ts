// Redis connections for BullMQ: built from REDIS_URL (redis://, rediss:// for TLS, user:password@ supported).
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging/logger.js';

/** A connection that waits for Redis (commands queue while it is away) instead of failing: what workers need. */
export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times) => Math.min(times * 200, 5000),
    ...options,
  });
}

/** The URL with its password masked, for logs and messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}

/** Resolves when Redis answers PING within `timeoutMs`; rejects with a readable error otherwise. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: timeoutMs, enableOfflineQueue: false, disconnectTimeout: 100 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (err) {
    throw new Error(`Redis does not answer at ${redactUrl(url)}: ${(err as Error).message}`);
  } finally {
    client.disconnect();
  }
}

export interface WaitForRedisOptions {
  url: string;
  logger: Logger;
  /** Who waits, for the log line ("the inbox watcher"). */
  who: string;
  /** What stays safe meanwhile, for the log line. */
  meanwhile?: string;
  /** Pause between tries (ms). */
  everyMs?: number;
  /** A log line at most this often while it waits (ms); the first at once. */
  logEveryMs?: number;
}

/**
 * Resolves once `redis` answers PING, trying every few seconds and saying so in the log: a service started while
 * Redis is down waits for it instead of exiting (and needs no restart once Redis is back).
 */
export async function waitForRedis(redis: Redis, options: WaitForRedisOptions): Promise<void> {
  const everyMs = options.everyMs ?? 2000;
  const logEveryMs = options.logEveryMs ?? 30_000;
  const started = Date.now();
  let lastLog = -Infinity;
  for (let attempt = 1; ; attempt++) {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        redis.ping(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${everyMs} ms (${redis.status})`)), everyMs);
        }),
      ]);
      if (attempt > 1) options.logger.info({ redis: redactUrl(options.url), waitedMs: Date.now() - started }, `Redis answers again at ${redactUrl(options.url)}: ${options.who} carries on`);
      return;
    } catch (err) {
      if (Date.now() - lastLog >= logEveryMs) {
        lastLog = Date.now();
        options.logger.warn(
          { redis: redactUrl(options.url), attempt, err: (err as Error).message },
          `Redis is not answering at ${redactUrl(options.url)}; ${options.who} waits and retries every ${everyMs / 1000} s${options.meanwhile ? ` (${options.meanwhile})` : ''}`,
        );
      }
      await new Promise((r) => setTimeout(r, attempt === 1 ? 0 : everyMs / 2));
    } finally {
      clearTimeout(timer);
    }
  }
}
