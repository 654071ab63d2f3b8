// Builds the one validated, frozen configuration: defaults file < config file < environment < command-line flags.
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors/index.js';
import { projectRoot } from './project-root.js';
import { configSchema, type Config } from './schema.js';

/** Settings given on the command line (already parsed): they win over everything else. */
export type ConfigOverrides = Record<string, unknown>;

/** Environment variables and the config key each one sets. */
const ENV_KEYS: Record<string, { key: string; parse?: (v: string) => unknown }> = {
  COPYDESK_INBOX: { key: 'inbox' },
  COPYDESK_DATA_DIR: { key: 'dataDir' },
  COPYDESK_FAILED_DIR: { key: 'failedDir' },
  REDIS_URL: { key: 'redisUrl' },
  COPYDESK_KEY_PREFIX: { key: 'keyPrefix' },
  COPYDESK_LOG_LEVEL: { key: 'logLevel' },
  COPYDESK_CONCURRENCY: { key: 'worker.concurrency', parse: Number },
  COPYDESK_ATTEMPTS: { key: 'worker.attempts', parse: Number },
  COPYDESK_BACKOFF_MS: { key: 'worker.backoffMs', parse: Number },
  COPYDESK_STALLED_MS: { key: 'worker.stalledMs', parse: Number },
  COPYDESK_HEAP_GROWTH_PERCENT: { key: 'worker.heapGrowthPercent', parse: Number },
  COPYDESK_MAX_FILE_BYTES: { key: 'limits.maxFileBytes', parse: Number },
  COPYDESK_STABILITY_MS: { key: 'watcher.stabilityMs', parse: Number },
  COPYDESK_PORT: { key: 'http.port', parse: Number },
  COPYDESK_HOST: { key: 'http.host' },
  COPYDESK_TOKEN: { key: 'http.token' },
  COPYDESK_RULES_FILE: { key: 'rulesFile' },
  COPYDESK_STORES: { key: 'stores', parse: (v) => v.split(',').map((s) => s.trim()).filter(Boolean) },
  DATABASE_URL: { key: 'postgres.url' },
  COPYDESK_POSTGRES_SCHEMA: { key: 'postgres.schema' },
  COPYDESK_POSTGRES_POOL_SIZE: { key: 'postgres.poolSize', parse: Number },
  PGSSLMODE: { key: 'postgres.ssl' },
  PGSSLROOTCERT: { key: 'postgres.sslRootCert' },
  COPYDESK_WEBHOOK_URL: { key: 'webhook.url' },
  COPYDESK_WEBHOOK_SECRET: { key: 'webhook.secret' },
  COPYDESK_WEBHOOK_PAYLOAD: { key: 'webhook.payload' },
  COPYDESK_WEBHOOK_TIMEOUT_MS: { key: 'webhook.timeoutMs', parse: Number },
  COPYDESK_WEBHOOK_ATTEMPTS: { key: 'webhook.attempts', parse: Number },
};

export const environmentVariables = Object.fromEntries(Object.entries(ENV_KEYS).map(([k, v]) => [k, v.key]));

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let obj = target;
  for (const p of parts.slice(0, -1)) {
    if (typeof obj[p] !== 'object' || obj[p] === null) obj[p] = {};
    obj = obj[p] as Record<string, unknown>;
  }
  obj[parts.at(-1)!] = value;
}

function readSecret(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
}

function readJson(file: string): Record<string, unknown> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === undefined) continue;
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
      ? merge(b as Record<string, unknown>, v as Record<string, unknown>)
      : v;
  }
  return out;
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Dotted keys from command-line flags, e.g. {inbox: './in', 'worker.concurrency': 4}. */
  overrides?: ConfigOverrides;
  /** A config file that overrides config/default.json (also COPYDESK_CONFIG). */
  configFile?: string;
}

/** Loads and validates the configuration; throws ConfigError listing every invalid key. */
export function loadConfig(options: LoadOptions = {}): Config {
  const env = options.env ?? process.env;
  let raw = readJson(path.join(projectRoot, 'config', 'default.json'));
  const file = options.configFile ?? env.COPYDESK_CONFIG;
  if (file) raw = merge(raw, readJson(path.resolve(file)));
  const layered: Record<string, unknown> = {};
  for (const [name, { key, parse }] of Object.entries(ENV_KEYS)) {
    // secrets may come from a file: COPYDESK_TOKEN_FILE=/run/secrets/token
    const fromFile = env[`${name}_FILE`];
    const v = fromFile ? readSecret(fromFile) : env[name];
    if (v !== undefined && v !== '') setPath(layered, key, parse ? parse(v) : v);
  }
  for (const [key, v] of Object.entries(options.overrides ?? {})) if (v !== undefined) setPath(layered, key, v);
  raw = merge(raw, layered);

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = result.data;
  const inbox = path.resolve(c.inbox);
  const config = {
    ...c,
    inbox,
    dataDir: path.resolve(c.dataDir),
    failedDir: path.resolve(c.failedDir ?? path.join(path.dirname(inbox), 'failed')),
    rulesFile: path.isAbsolute(c.rulesFile) ? c.rulesFile : path.join(projectRoot, c.rulesFile),
  };
  return deepFreeze(config);
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
