import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors/index.js';

describe('loadConfig', () => {
  test('fills every default from config/default.json', () => {
    const config = loadConfig({ env: {} });
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.inbox.endsWith('/inbox')).toBe(true);
    expect(config.failedDir.endsWith('/failed')).toBe(true);
    expect(config.stores).toEqual(['filesystem']);
    expect(Object.isFrozen(config.worker)).toBe(true);
  });

  test('environment variables override the defaults and flags override the environment', () => {
    const config = loadConfig({
      env: { COPYDESK_INBOX: '/tmp/env-inbox', REDIS_URL: 'redis://redis:6379', COPYDESK_CONCURRENCY: '3' },
      overrides: { inbox: '/tmp/flag-inbox' },
    });
    expect(config.inbox).toBe('/tmp/flag-inbox');
    expect(config.redisUrl).toBe('redis://redis:6379');
    expect(config.worker.concurrency).toBe(3);
    expect(config.failedDir).toBe('/tmp/failed');
  });

  test("the heap growth of service processes is set from COPYDESK_HEAP_GROWTH_PERCENT, 0 leaving it to V8", () => {
    expect(loadConfig({ env: { COPYDESK_HEAP_GROWTH_PERCENT: '0' } }).worker.heapGrowthPercent).toBe(0);
    expect(loadConfig({ env: { COPYDESK_HEAP_GROWTH_PERCENT: '80' } }).worker.heapGrowthPercent).toBe(80);
    expect(() => loadConfig({ env: { COPYDESK_HEAP_GROWTH_PERCENT: '-5' } })).toThrow(/worker\.heapGrowthPercent/);
  });

  test('lists every invalid key in one error', () => {
    let error: unknown;
    try {
      loadConfig({ env: { REDIS_URL: 'http://nope', COPYDESK_CONCURRENCY: 'many', COPYDESK_STORES: 'filesystem,s3' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/redisUrl/);
    expect(problems).toMatch(/worker\.concurrency/);
    expect(problems).toMatch(/stores\.1/);
    expect((error as ConfigError).problems.length).toBeGreaterThanOrEqual(3);
  });

  test('maps DATABASE_URL and PGSSLMODE to the postgres keys, with the schema default', () => {
    const config = loadConfig({
      env: { COPYDESK_STORES: 'filesystem,postgres', DATABASE_URL: 'postgres://u:p@db:5432/news', PGSSLMODE: 'verify-full' },
    });
    expect(config.postgres).toEqual({ url: 'postgres://u:p@db:5432/news', schema: 'copydesk', ssl: 'verify-full', poolSize: 10 });
  });

  test('refuses the postgres store without a URL, and a bad schema name or TLS mode, together with other problems', () => {
    let error: unknown;
    try {
      loadConfig({ env: { COPYDESK_STORES: 'postgres', COPYDESK_POSTGRES_SCHEMA: 'My Schema', PGSSLMODE: 'prefer', REDIS_URL: 'http://nope' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/postgres\.url: required when stores includes "postgres": set DATABASE_URL/);
    expect(problems).toMatch(/postgres\.schema: must be a lower-case SQL name/);
    expect(problems).toMatch(/postgres\.ssl: must be one of disable, require, verify-ca, verify-full/);
    expect(problems).toMatch(/redisUrl/);
  });

  test('the webhook store needs a URL and a secret, listed with the other problems', () => {
    let error: unknown;
    try {
      loadConfig({ env: { COPYDESK_STORES: 'filesystem,webhook', COPYDESK_CONCURRENCY: 'many' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/worker\.concurrency/);
    expect(problems).toMatch(/webhook\.url: .*COPYDESK_WEBHOOK_URL/);
    expect(problems).toMatch(/webhook\.secret: .*COPYDESK_WEBHOOK_SECRET/);
    expect(() => loadConfig({ env: { COPYDESK_WEBHOOK_URL: 'ftp://cms.example/in' } })).toThrow(/webhook\.url: must be an http/);
    expect(() => loadConfig({ env: { COPYDESK_STORES: 'webhook,filesystem', COPYDESK_WEBHOOK_URL: 'https://cms.example/in', COPYDESK_WEBHOOK_SECRET: 'x'.repeat(16) } })).toThrow(
      /stores\.0: the webhook store cannot be read back/,
    );
  });

  test('reads the webhook settings from the environment, the secret also from a file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-secret-'));
    const secretFile = path.join(dir, 'secret');
    fs.writeFileSync(secretFile, 'from-a-file-0123456789\n');
    try {
      const config = loadConfig({
        env: {
          COPYDESK_STORES: 'filesystem,webhook',
          COPYDESK_WEBHOOK_URL: 'https://cms.example/hooks/copydesk',
          COPYDESK_WEBHOOK_SECRET_FILE: secretFile,
          COPYDESK_WEBHOOK_PAYLOAD: 'ninjs',
          COPYDESK_WEBHOOK_TIMEOUT_MS: '2500',
          COPYDESK_WEBHOOK_ATTEMPTS: '3',
        },
      });
      expect(config.webhook).toEqual({ url: 'https://cms.example/hooks/copydesk', secret: 'from-a-file-0123456789', payload: 'ninjs', timeoutMs: 2500, attempts: 3 });
      expect(loadConfig({ env: {} }).webhook).toEqual({ payload: 'envelope', timeoutMs: 10000, attempts: 10 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('loadConfig: access settings', () => {
  test('the HTTP server binds loopback by default and takes no token unless one is set', () => {
    const config = loadConfig({ env: {} });
    expect(config.http.host).toBe('127.0.0.1');
    expect(config.http.token).toBeUndefined();
    expect(loadConfig({ env: { COPYDESK_TOKEN: 'a-token-of-20-chars!' } }).http.token).toBe('a-token-of-20-chars!');
  });

  test.each([
    'rediss://redis.example.net:6380',
    'redis://:s3cret@127.0.0.1:6379',
    'redis://copydesk:s3cret@redis.internal:6379/2',
    'rediss://default:p%40ss%3Aword@redis.example.net:6380/0',
  ])('accepts the Redis URL %s (TLS, password, user and password)', (url) => {
    expect(loadConfig({ env: { REDIS_URL: url } }).redisUrl).toBe(url);
  });

  test('refuses a Redis URL of another scheme, and a short token, saying why without echoing the token', () => {
    let error: unknown;
    try {
      loadConfig({ env: { REDIS_URL: 'http://127.0.0.1:6379', COPYDESK_TOKEN: 'short-secret' } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/redisUrl.*redis:\/\/ or rediss:\/\//);
    expect(message).toMatch(/token.*16 characters/);
    expect(message).not.toContain('short-secret');
  });
});
