// A validated config for tests: temp folders, a unique Redis key prefix, fast timings.
import crypto from 'node:crypto';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/schema.js';
import type { TempDirs } from './temp-dirs.js';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function uniquePrefix(): string {
  return `cdtest-${crypto.randomBytes(5).toString('hex')}`;
}

export function testConfig(dirs: TempDirs, overrides: Record<string, unknown> = {}): Config {
  return loadConfig({
    env: {},
    overrides: {
      inbox: dirs.inbox,
      dataDir: dirs.dataDir,
      failedDir: dirs.failedDir,
      redisUrl: REDIS_URL,
      keyPrefix: uniquePrefix(),
      logLevel: 'silent',
      'worker.backoffMs': 50,
      'worker.stalledMs': 2000,
      'watcher.stabilityMs': 200,
      'watcher.pollMs': 50,
      'http.port': 0,
      ...overrides,
    },
  });
}

/** Deletes every Redis key under a prefix (BullMQ keys are `${prefix}:${queue}:...`). */
export async function deleteKeys(redis: import('ioredis').Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}
