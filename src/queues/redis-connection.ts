// Redis connections for BullMQ: built from REDIS_URL (redis://, rediss:// for TLS, user:password@ supported).
import { Redis, type RedisOptions } from 'ioredis';

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
