#!/usr/bin/env node
// npm run chaos [-- --files N] [--workers K] [--keep]: the delivery promise under fire. Starts its own redis-server
// (append-only file, fsync every second: the production setting the README recommends), `copydesk watch` and K
// `copydesk worker` processes (built code in dist/), drops N files (duplicates and deliberately bad ones among
// them) while it SIGKILLs workers at random and restarts them, restarts Redis once (SHUTDOWN, then the same
// folder again), kills and restarts the watcher once, and, when PostgreSQL answers, adds the postgres store and
// makes its database refuse connections for a while. Then it checks every input: published exactly once (one
// version per distinct content) or, if it was meant to be bad, in failed/ with a reason; nothing left in the
// inbox, pending or in a queue. Progress on stderr; the last line on stdout is
//   chaos: files=N published=P failed=F lost=0 duplicated=0
// and the exit code is 0 only when nothing was lost or doubled.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { freePort, hasRedisServer } from './free-port.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'bin', 'copydesk.js');

function parseArgs(argv) {
  const o = { files: 3000, workers: 3, keep: false, postgres: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--files') o.files = Number(argv[++i]);
    else if (a === '--workers') o.workers = Number(argv[++i]);
    else if (a === '--keep') o.keep = true;
    else if (a === '--no-postgres') o.postgres = false;
    else if (a === '--help' || a === '-h') {
      console.log('usage: npm run chaos -- [--files N (3000)] [--workers K (3)] [--no-postgres] [--keep]');
      process.exit(0);
    } else {
      console.error(`unknown argument: ${a}`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(o.files) || o.files < 20) throw new Error('--files must be a whole number of at least 20');
  if (!Number.isInteger(o.workers) || o.workers < 1) throw new Error('--workers must be at least 1');
  return o;
}
const opts = parseArgs(process.argv.slice(2));

const started = Date.now();
const progress = (msg) => process.stderr.write(`[chaos ${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rand = (min, max) => min + Math.random() * (max - min);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-chaos-'));
const dirs = { inbox: path.join(work, 'inbox'), data: path.join(work, 'data'), failed: path.join(work, 'failed'), redis: path.join(work, 'redis'), logs: path.join(work, 'logs') };
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });


// ---- Redis: our own, with the production persistence ----
const redisPort = await freePort();
const redisUrl = `redis://127.0.0.1:${redisPort}`;
const REDIS_ARGS = ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dirs.redis, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--logfile', path.join(dirs.redis, 'redis.log')];
let redisServer;

async function redisAnswers() {
  const c = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  c.on('error', () => undefined);
  try {
    await c.connect();
    // still loading the append-only file answers -LOADING: not ready yet
    return (await c.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    c.disconnect();
  }
}

async function startRedis() {
  redisServer = spawn('redis-server', REDIS_ARGS, { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (await redisAnswers()) return;
    if (redisServer.exitCode !== null) break;
    await sleep(50);
  }
  throw new Error(`redis-server did not start; see ${path.join(dirs.redis, 'redis.log')}`);
}

async function restartRedis(downMs) {
  const c = new Redis(redisUrl, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  c.on('error', () => undefined);
  const exited = new Promise((r) => redisServer.once('exit', r));
  await c.call('SHUTDOWN').catch(() => undefined); // the connection closes as the server goes
  c.disconnect();
  await exited;
  progress(`Redis shut down (append-only file flushed); down for ${(downMs / 1000).toFixed(1)} s`);
  await sleep(downMs);
  await startRedis();
  progress('Redis started again on the same folder');
}

if (!hasRedisServer()) {
  console.error('chaos: needs redis-server on PATH (Debian: apt-get install redis-server)');
  process.exit(2);
}
await startRedis();
progress(`redis-server on port ${redisPort}, appendonly yes, appendfsync everysec, folder ${dirs.redis}`);

// ---- PostgreSQL (optional): a database of our own that we can close to connections ----
let pg;
if (opts.postgres) pg = await setUpPostgres().catch((err) => (progress(`PostgreSQL part skipped: ${err.message}`), undefined));

async function setUpPostgres() {
  const { default: pgModule } = await import('pg');
  const admin = process.env.CHAOS_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pgModule.Client({ connectionString: admin, connectionTimeoutMillis: 2000 });
  await client.connect();
  const db = `copydesk_chaos_${crypto.randomBytes(4).toString('hex')}`;
  await client.query(`CREATE DATABASE ${db}`);
  const u = new URL(admin);
  u.pathname = `/${db}`;
  progress(`PostgreSQL store on, in a database of its own (${db})`);
  return {
    db,
    url: u.toString(),
    async block(on) {
      await client.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS ${on ? 'false' : 'true'}`);
      if (on) await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [db]);
    },
    async drop() {
      await client.query(`ALTER DATABASE ${db} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [db]).catch(() => undefined);
      await client.query(`DROP DATABASE IF EXISTS ${db}`).catch((e) => progress(`could not drop ${db}: ${e.message}`));
      await client.end();
    },
  };
}

// ---- copydesk processes ----
const prefix = 'chaos';
const env = {
  ...process.env,
  NODE_OPTIONS: '',
  REDIS_URL: redisUrl,
  COPYDESK_KEY_PREFIX: prefix,
  COPYDESK_INBOX: dirs.inbox,
  COPYDESK_DATA_DIR: dirs.data,
  COPYDESK_FAILED_DIR: dirs.failed,
  COPYDESK_STALLED_MS: '3000',
  COPYDESK_BACKOFF_MS: '500',
  COPYDESK_ATTEMPTS: '10',
  COPYDESK_STABILITY_MS: '300',
  COPYDESK_CONCURRENCY: '8',
  COPYDESK_PORT: '0',
  COPYDESK_LOG_LEVEL: 'warn',
  COPYDESK_LOG_FORMAT: 'json',
  COPYDESK_STORES: pg ? 'filesystem,postgres' : 'filesystem',
  ...(pg ? { DATABASE_URL: pg.url } : {}),
};
delete env.COPYDESK_DRILL_CRASH_AT;
delete env.COPYDESK_DRILL_DELAY_MS;

const processes = new Set();
let spawned = 0;
function startCopydesk(role) {
  const n = ++spawned;
  const log = fs.openSync(path.join(dirs.logs, `${n}-${role}.log`), 'a');
  const child = spawn(process.execPath, [cli, role, '--no-redis-autostart'], { env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const p = { role, child, n, exited: new Promise((r) => child.once('exit', (code, signal) => r(signal ?? code))) };
  processes.add(p);
  void p.exited.then(() => processes.delete(p));
  return p;
}

let watcher = startCopydesk('watch');
const workers = Array.from({ length: opts.workers }, () => startCopydesk('worker'));
let stopping = false;
async function cleanup() {
  stopping = true;
  for (const p of processes) p.child.kill('SIGKILL');
  await Promise.all([...processes].map((p) => p.exited));
  if (redisServer?.exitCode === null) {
    redisServer.kill('SIGTERM');
    await new Promise((r) => redisServer.once('exit', r));
  }
  await pg?.drop().catch(() => undefined);
  if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
  else progress(`work folder kept: ${work}`);
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    progress(`${sig}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---- the inputs ----
function story(i) {
  const place = ['PORTVALE', 'LONDON', 'NAIROBI', 'LIMA', 'OSLO', 'HANOI'][i % 6];
  return (
    `Chaos story ${i}: council acts on item ${i}\n\n` +
    `${place} – The council voted on item ${i} on Tuesday after a debate that ran late into the night, officials said.\n\n` +
    `The measure, number ${i}, passed with a narrow majority and takes effect next month, the council said.\n\n` +
    `Residents said they would watch how item ${i} is carried out.\n`
  );
}
const BAD_KINDS = [
  ['binary', (i) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), crypto.createHash('sha256').update(`bad ${i}`).digest(), Buffer.alloc(64)]), '.bin'],
  ['billion-laughs', (i) => Buffer.from(`<?xml version="1.0"?><!-- ${i} --><!DOCTYPE nitf [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><nitf><body><p>&b;</p></body></nitf>`), '.xml'],
  ['deep-xml', (i) => Buffer.from(`<?xml version="1.0"?><!-- ${i} --><nitf>${'<x>'.repeat(2000)}deep${'</x>'.repeat(2000)}</nitf>`), '.xml'],
  ['empty-after-cleaning', (i) => Buffer.from(`<!doctype html><html><head><title>x${i}</title></head><body><nav>Home | News | Sport</nav></body></html>`), '.html'],
];

/** name → { bytes, sha256, bad } */
const inputs = new Map();
const goods = [];
for (let i = 0; i < opts.files; i++) {
  let name;
  let bytes;
  let bad = false;
  if (i % 25 === 7) {
    const [kind, make, ext] = BAD_KINDS[Math.floor(i / 25) % BAD_KINDS.length];
    name = `bad-${String(i).padStart(5, '0')}-${kind}${ext}`;
    bytes = make(i);
    bad = true;
  } else if (i % 20 === 13 && goods.length) {
    const original = goods[Math.floor(Math.random() * goods.length)];
    name = `dup-${String(i).padStart(5, '0')}-of-${original.name}`;
    bytes = original.bytes;
  } else {
    name = `story-${String(i).padStart(5, '0')}.txt`;
    bytes = Buffer.from(story(i));
  }
  const entry = { name, bytes, bad, sha256: crypto.createHash('sha256').update(bytes).digest('hex') };
  inputs.set(name, entry);
  if (!bad && !name.startsWith('dup-')) goods.push(entry);
}
const badCount = [...inputs.values()].filter((e) => e.bad).length;
progress(`${opts.files} files to drop: ${badCount} bad, ${opts.files - goods.length - badCount} duplicates; ${opts.workers} workers`);

// ---- chaos while the files arrive ----
let kills = 0;
async function killWorkersAtRandom() {
  while (!stopping) {
    await sleep(rand(1000, 4000));
    if (stopping) break;
    const i = Math.floor(Math.random() * workers.length);
    const victim = workers[i];
    victim.child.kill('SIGKILL');
    await victim.exited;
    kills++;
    await sleep(rand(200, 1500));
    if (!stopping) workers[i] = startCopydesk('worker');
  }
}

const events = [];
const dropAll = async () => {
  const list = [...inputs.values()];
  const batches = 20;
  const per = Math.ceil(list.length / batches);
  for (let b = 0; b < batches; b++) {
    for (const e of list.slice(b * per, (b + 1) * per)) {
      // written under a temporary name and renamed in, as feeds do (a half-written file is never seen)
      const tmp = path.join(dirs.inbox, `.${e.name}.part`);
      fs.writeFileSync(tmp, e.bytes);
      fs.renameSync(tmp, path.join(dirs.inbox, e.name));
    }
    if (b === 5) events.push(restartRedis(3000).then(() => 'redis'));
    if (b === 10) {
      events.push(
        (async () => {
          watcher.child.kill('SIGKILL');
          await watcher.exited;
          progress('watcher killed (SIGKILL); starting it again in 1 s');
          await sleep(1000);
          watcher = startCopydesk('watch');
          return 'watcher';
        })(),
      );
    }
    if (b === 14 && pg) {
      events.push(
        (async () => {
          await pg.block(true);
          progress('PostgreSQL: the database refuses connections for 8 s');
          await sleep(8000);
          await pg.block(false);
          progress('PostgreSQL: connections allowed again');
          return 'postgres';
        })(),
      );
    }
    progress(`dropped ${Math.min((b + 1) * per, list.length)}/${list.length}; inbox holds ${fs.readdirSync(dirs.inbox).length}`);
    await sleep(rand(500, 1500));
  }
};

const killer = killWorkersAtRandom();
await dropAll();
await Promise.all(events);

// ---- wait for the pipeline to settle ----
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queues = ['ingest', 'publish'].map((q) => new Queue(q, { connection: redis, prefix }));
const inFlight = async () => {
  let n = 0;
  for (const q of queues) {
    const c = await q.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'paused', 'waiting-children');
    n += Object.values(c).reduce((a, b) => a + b, 0);
  }
  return n;
};
const visible = (d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((n) => !n.startsWith('.')) : []);
const deadline = Date.now() + Math.max(300_000, opts.files * 300);
let quietSince = 0;
let lastReport = 0;
// keep killing workers for a while after the last drop, then let them finish
setTimeout(() => (stopping = true), 15_000);
for (;;) {
  const inbox = visible(dirs.inbox).length;
  const pending = visible(path.join(dirs.data, 'pending')).filter((n) => n.endsWith('.json')).length;
  const flying = await inFlight();
  if (Date.now() - lastReport > 5000) {
    progress(`settling: inbox ${inbox}, pending ${pending}, jobs in flight ${flying}, workers killed so far ${kills}`);
    lastReport = Date.now();
  }
  if (stopping && inbox === 0 && pending === 0 && flying === 0) {
    if (!quietSince) quietSince = Date.now();
    if (Date.now() - quietSince > 3000) break; // quiet for a while: nothing is still on its way
  } else quietSince = 0;
  if (Date.now() > deadline) {
    progress('gave up waiting for the pipeline to settle');
    break;
  }
  await sleep(500);
}
stopping = true;
await killer;

// ---- check every input ----
const versionsBySha = new Map();
const docsRoot = path.join(dirs.data, 'documents');
for (const id of visible(docsRoot)) {
  const vdir = path.join(docsRoot, id, 'versions');
  for (const v of visible(vdir).filter((n) => /^v\d+\.json$/.test(n))) {
    const env = JSON.parse(fs.readFileSync(path.join(vdir, v), 'utf8'));
    versionsBySha.set(env.source.sha256, (versionsBySha.get(env.source.sha256) ?? 0) + 1);
  }
}
const failedBySha = new Map();
for (const n of visible(dirs.failed).filter((x) => x.endsWith('.error.json'))) {
  const rec = JSON.parse(fs.readFileSync(path.join(dirs.failed, n), 'utf8'));
  if (rec.sha256 && rec.reason) failedBySha.set(rec.sha256, rec);
}
let published = 0;
let failed = 0;
const lost = [];
const wrong = [];
for (const e of inputs.values()) {
  const versions = versionsBySha.get(e.sha256) ?? 0;
  if (e.bad) {
    if (failedBySha.has(e.sha256)) failed++;
    else if (versions) wrong.push(`${e.name}: meant to be bad, but published`);
    else lost.push(e.name);
  } else if (versions >= 1) published++;
  else {
    lost.push(e.name);
    if (failedBySha.has(e.sha256)) wrong.push(`${e.name}: a good file set aside: ${failedBySha.get(e.sha256).reason}`);
  }
}
const duplicated = [...versionsBySha].filter(([, n]) => n > 1);
const leftInInbox = visible(dirs.inbox);
const leftPending = visible(path.join(dirs.data, 'pending')).filter((n) => n.endsWith('.json'));
const leftInFlight = await inFlight();

let pgReport = '';
if (pg) {
  // the postgres store has the same documents once each
  const { default: pgModule } = await import('pg');
  const c = new pgModule.Client({ connectionString: pg.url });
  await c.connect();
  try {
    const tables = (await c.query("SELECT table_schema, table_name FROM information_schema.tables WHERE table_name LIKE '%version%' AND table_schema NOT IN ('pg_catalog','information_schema')")).rows;
    const t = tables[0];
    if (t) {
      const cols = (await c.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [t.table_schema, t.table_name])).rows.map((r) => r.column_name);
      const idCol = cols.find((x) => /^(document_id|doc_id|id)$/.test(x));
      const hashCol = cols.find((x) => /content_hash/.test(x));
      if (idCol && hashCol) {
        const dup = (await c.query(`SELECT count(*)::int AS n FROM (SELECT 1 FROM "${t.table_schema}"."${t.table_name}" GROUP BY "${idCol}", "${hashCol}" HAVING count(*) > 1) d`)).rows[0].n;
        const total = (await c.query(`SELECT count(*)::int AS n FROM "${t.table_schema}"."${t.table_name}"`)).rows[0].n;
        pgReport = `postgres store: ${total} versions, ${dup} doubled`;
        if (dup) wrong.push(`postgres store: ${dup} document versions written twice`);
        const fsVersions = [...versionsBySha.values()].reduce((a, b) => a + b, 0);
        if (total !== fsVersions) wrong.push(`postgres store has ${total} versions, the filesystem store ${fsVersions}`);
      }
    }
  } finally {
    await c.end();
  }
}

progress(`workers killed ${kills} times; Redis restarted once; watcher restarted once${pg ? '; PostgreSQL blocked once' : ' (PostgreSQL not available: not blocked)'}`);
if (pgReport) progress(pgReport);
if (leftInInbox.length) wrong.push(`left in the inbox: ${leftInInbox.slice(0, 5).join(', ')}${leftInInbox.length > 5 ? ' …' : ''}`);
if (leftPending.length) wrong.push(`pending markers left: ${leftPending.length}`);
if (leftInFlight) wrong.push(`jobs still in flight: ${leftInFlight}`);
for (const [sha, n] of duplicated.slice(0, 10)) wrong.push(`content ${sha.slice(0, 12)} published ${n} times`);
for (const name of lost.slice(0, 10)) progress(`lost: ${name}`);
for (const w of wrong.slice(0, 20)) progress(`problem: ${w}`);
if (lost.length || wrong.length) opts.keep = true;

await Promise.all(queues.map((q) => q.close()));
redis.disconnect();
await cleanup();
console.log(`chaos: files=${inputs.size} published=${published} failed=${failed} lost=${lost.length} duplicated=${duplicated.length}`);
process.exit(lost.length || duplicated.length || wrong.length ? 1 : 0);
