#!/usr/bin/env node
// npm run bench — throughput, latency and memory of copydesk as it runs, measured in one go and written to
// bench-results.json (see README "Performance"). Runs against the built dist/ and never touches other data:
// it starts its own redis-server on a free port (no persistence), or uses REDIS_URL under a unique key prefix.
//
// Phases, one after the other so they do not compete for the CPU:
//   inProcess     the pipeline in this process, no queue (the `copydesk process` path), with stage timings
//   queueCeiling  BullMQ no-op jobs/s on the same Redis; memory: Redis bytes per waiting ingest job
//   endToEnd      N files renamed into the empty inbox of a running `copydesk start` (child process)
//   steady        files dropped at a fixed rate into the same running service
//   memory        (with --memory-docs N) N more documents through the same service, its RSS sampled every second
// "Document written" is read afterwards from the finished publish jobs' finishedOn times (set by the worker when
// the store write has returned), so nothing polls the store while it is measured.
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { loadConfig } from '../dist/src/config/load-config.js';
import { pipelineFromConfig } from '../dist/src/pipeline/pipeline-from-config.js';
import { processPublishJob } from '../dist/src/pipeline/publish-processor.js';
import { learnRepeatedLines } from '../dist/src/pipeline/learn-repeated-lines.js';
import { sourceOfPath } from '../dist/src/text/repeated-lines.js';
import { FilesystemStore } from '../dist/src/stores/filesystem-store.js';
import { defaultJobOptions, ingestJobOptions, PRIORITY, QUEUE_NAMES } from '../dist/src/queues/queues.js';
import { benchDocument } from './bench-documents.mjs';
import { freePort, hasRedisServer } from './free-port.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const HELP = `npm run bench -- [options]
  --docs N             documents in the end-to-end burst (default 10000)
  --from DIR           use the files in DIR (up to --docs) instead of generated ones
  --workers N          service processes: 1 = one \`copydesk start\`; more adds \`copydesk worker\` processes
                       (default: one per CPU, as the README's scaling section advises; the pipeline is synchronous,
                       so one process uses one core)
  --concurrency N      jobs each worker runs at once (default: the config's worker.concurrency)
  --steady-rate R      offered load of the steady phase, documents/s (default 200)
  --steady-seconds S   length of the steady phase (default 30; 0 skips it)
  --stability-ms MS    the watcher's watcher.stabilityMs (default 0: the benchmark drops files atomically, by rename)
  --out FILE           where to write the results (default bench-results.json)
  --memory-docs N      after the other phases, N more generated documents through the same service (as fast as it
                       takes them, at most 2,000 queued), sampling each service process's RSS every second: shows
                       whether memory stays flat (e.g. --phases memory --memory-docs 100000; default 0: skipped)
  --cpu-prof DIR       write a V8 CPU profile of each service process to DIR (node --cpu-prof)
  --node-flags FLAGS   extra node/V8 flags for the service processes (--node-flags='--max-semi-space-size=8')
  --phases LIST        run only these phases (comma-separated: inProcess,queueCeiling,endToEnd,steady,memory;
                       default all; memory runs only with --memory-docs)
  --keep               keep the work folder (inbox, data, logs) for inspection`;

const { values: opts } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    from: { type: 'string' },
    workers: { type: 'string', default: String(os.availableParallelism?.() ?? os.cpus().length) },
    concurrency: { type: 'string' },
    'steady-rate': { type: 'string', default: '200' },
    'steady-seconds': { type: 'string', default: '30' },
    'memory-docs': { type: 'string', default: '0' },
    'stability-ms': { type: 'string', default: '0' },
    out: { type: 'string', default: 'bench-results.json' },
    'cpu-prof': { type: 'string' },
    'node-flags': { type: 'string', default: '' },
    phases: { type: 'string', default: 'inProcess,queueCeiling,endToEnd,steady,memory' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (opts.help) {
  console.log(HELP);
  process.exit(0);
}
const intOpt = (name, min) => {
  const v = Number(opts[name]);
  if (!Number.isInteger(v) || v < min) {
    console.error(`--${name} must be a whole number ≥ ${min}, not ${opts[name]}\n\n${HELP}`);
    process.exit(2);
  }
  return v;
};
const docCount = intOpt('docs', 1);
const workers = intOpt('workers', 1);
const steadyRate = intOpt('steady-rate', 1);
const steadySeconds = intOpt('steady-seconds', 0);
const stabilityMs = intOpt('stability-ms', 0);
const memoryDocs = intOpt('memory-docs', 0);
const baseConfig = loadConfig({ env: {} });
const PHASES = ['inProcess', 'queueCeiling', 'endToEnd', 'steady', 'memory'];
const phases = new Set(opts.phases.split(',').map((p) => p.trim()).filter(Boolean));
if (!memoryDocs) phases.delete('memory');
for (const p of phases) {
  if (!PHASES.includes(p)) {
    console.error(`--phases: unknown phase ${p} (phases: ${PHASES.join(', ')})`);
    process.exit(2);
  }
}
const concurrency = opts.concurrency === undefined ? baseConfig.worker.concurrency : intOpt('concurrency', 1);

const progress = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN);
const round = (x, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : null);

// ---------------------------------------------------------------------------------------------------- set-up
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-bench-'));
const dirs = { source: path.join(work, 'source'), steadySource: path.join(work, 'steady-source'), memorySource: path.join(work, 'memory-source'), inbox: path.join(work, 'inbox'), data: path.join(work, 'data'), failed: path.join(work, 'failed'), scratch: path.join(work, 'scratch'), logs: path.join(work, 'logs') };
for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
const children = [];
let redisServer;
let cleanupRedis = async () => {};


async function startRedis() {
  const found = hasRedisServer();
  if (!found) {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `bench-${crypto.randomBytes(4).toString('hex')}`;
    progress(`no redis-server on PATH: using ${url.replace(/\/\/[^@/]*@/, '//***@')} under the key prefix ${prefix}`);
    return { url, prefix, own: false };
  }
  const port = await freePort();
  const dir = path.join(work, 'redis');
  fs.mkdirSync(dir);
  redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--logfile', path.join(dir, 'redis.log')], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const c = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.ping();
      c.disconnect();
      progress(`started redis-server ${redisVersion()} on port ${port} (no persistence)`);
      return { url, prefix: 'bench', own: true };
    } catch {
      c.disconnect();
      if (redisServer.exitCode !== null) break;
      await sleep(50);
    }
  }
  throw new Error(`redis-server did not start; see ${path.join(dir, 'redis.log')}`);
}

function redisVersion() {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(r.stdout ?? '')?.[1] ?? '';
}

async function deleteKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
}

async function shutdown() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : undefined)));
  await cleanupRedis().catch(() => undefined);
  if (redisServer && redisServer.exitCode === null) {
    redisServer.kill('SIGTERM');
    await new Promise((r) => redisServer.once('exit', r));
  }
  if (!opts.keep) fs.rmSync(work, { recursive: true, force: true });
  else progress(`work folder kept: ${work}`);
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    progress(`${sig}: stopping`);
    void shutdown().finally(() => process.exit(130));
  });
}

/** Files of the run: generated (distinct content, so no two are deduplicated) or taken from --from. */
function prepareDocuments() {
  const burst = [];
  const steady = [];
  const steadyCount = phases.has('steady') ? steadyRate * steadySeconds : 0;
  const burstCount = phases.has('inProcess') || phases.has('endToEnd') ? docCount : 0;
  if (opts.from) {
    const files = fs.readdirSync(opts.from, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name).sort();
    if (!files.length) throw new Error(`--from ${opts.from}: no files there`);
    // the same bytes dropped twice are one job: each file is used once, the burst first, then the steady phase
    const seen = new Set();
    for (const name of files) {
      const bytes = fs.readFileSync(path.join(opts.from, name));
      const sha = crypto.createHash('sha256').update(bytes).digest('hex');
      if (seen.has(sha)) continue;
      seen.add(sha);
      const list = burst.length < burstCount ? burst : steady.length < steadyCount ? steady : undefined;
      if (!list) break;
      const dir = list === burst ? dirs.source : dirs.steadySource;
      fs.writeFileSync(path.join(dir, name), bytes);
      list.push({ name, sha, bytes: bytes.length });
    }
    if (burst.length < burstCount) progress(`--from ${opts.from}: ${burst.length} distinct files (fewer than --docs ${docCount})`);
    if (steadySeconds && steady.length < steadyCount) progress(`--from: ${steady.length} files left for the steady phase (${steadyCount} wanted); it runs shorter`);
  } else {
    for (let i = burstCount ? 0 : docCount; i < docCount + steadyCount; i++) {
      const doc = benchDocument(i);
      const bytes = Buffer.from(doc.content);
      const list = i < docCount ? burst : steady;
      fs.writeFileSync(path.join(i < docCount ? dirs.source : dirs.steadySource, doc.name), bytes);
      list.push({ name: doc.name, sha: crypto.createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length });
      if (i && i % 5000 === 0) progress(`generated ${i} of ${docCount + steadyCount} documents`);
    }
  }
  return { burst, steady };
}

/** Resident memory of a process now (VmRSS), in MB; NaN when it cannot be read. */
function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;
  } catch {
    const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
    return r.stdout.trim() ? Number(r.stdout.trim()) / 1024 : NaN;
  }
}

// ---------------------------------------------------------------------------------------------------- phases
function silentLogger() {
  const l = { info() {}, warn() {}, error() {}, debug() {}, trace() {}, fatal() {}, child: () => l };
  return l;
}

/** The `copydesk process` path: learn repeated lines, then the pipeline file by file; plus publish timings. */
async function measureInProcess(burst) {
  const config = loadConfig({ env: {}, overrides: { inbox: dirs.inbox, dataDir: dirs.scratch } });
  // stage times in CPU ms of this process (wall time would count the time other programs had the CPU)
  const cpuClock = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  const pipeline = pipelineFromConfig(config, { clock: cpuClock });
  const files = burst.map((d) => path.join(dirs.source, d.name));
  // warm up (JIT, lazy model load) on a few files, not counted
  for (const f of files.slice(0, Math.min(50, files.length))) pipeline.run({ bytes: fs.readFileSync(f), path: f, originalName: path.basename(f), receivedAt: new Date() });
  const sums = { parse: 0, clean: 0, tag: 0, build: 0 };
  const envelopes = [];
  const keepEnvelopes = Math.min(files.length, 2000);
  let failed = 0;
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const learned = learnRepeatedLines(files, config.limits.maxFileBytes);
  for (let i = 0; i < files.length; i++) {
    const f = files[i];
    try {
      const stat = fs.statSync(f);
      const bytes = fs.readFileSync(f);
      const { envelope, times } = pipeline.run({ bytes, path: f, originalName: path.basename(f), receivedAt: stat.mtime, repeatedLines: learned.get(sourceOfPath(f)) });
      JSON.stringify(envelope); // `copydesk process` prints each envelope
      for (const k of Object.keys(sums)) sums[k] += times[k];
      if (envelopes.length < keepEnvelopes) envelopes.push(envelope);
    } catch {
      failed++;
    }
    if (i && i % 2000 === 0) progress(`inProcess: ${i} of ${files.length}`);
  }
  const seconds = (performance.now() - start) / 1000;
  const cpuUsed = process.cpuUsage(cpuStart);
  const ok = files.length - failed;
  const stages = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, ok ? v / ok : NaN]));

  // publish: read the staged envelope and write it to a filesystem store, as the publish worker does (CPU time)
  const store = new FilesystemStore(path.join(dirs.scratch, 'publish'));
  await store.init();
  const stores = new Map([['filesystem', store]]);
  const staged = path.join(dirs.scratch, 'staged');
  fs.mkdirSync(staged, { recursive: true });
  const jobs = envelopes.map((env, i) => {
    const envelopePath = path.join(staged, `${i}.json`);
    fs.writeFileSync(envelopePath, JSON.stringify(env));
    return { documentId: env.id, ingestJobId: String(i), envelopePath, contentHash: env.contentHash, store: 'filesystem', sourceFile: env.source.originalName, format: env.source.format };
  });
  const logger = silentLogger();
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  for (const [i, job] of jobs.entries()) await processPublishJob(String(i), job, { stores, logger });
  const cpu = process.cpuUsage(cpu0);
  const publishWallMs = (performance.now() - wall0) / Math.max(1, jobs.length);
  stages.publish = jobs.length ? (cpu.user + cpu.system) / 1000 / jobs.length : NaN;
  return { docsPerSec: ok / seconds, cpuMsPerDoc: (cpuUsed.user + cpuUsed.system) / 1000 / files.length, failed, stages, publishWallMs };
}

/** BullMQ's own ceiling on this Redis: no-op jobs through one worker; and what a waiting ingest job costs. */
async function measureQueue(redisUrl, prefix, count) {
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const p = `${prefix}-ceiling`;
  const queue = new Queue('noop', { connection, prefix: p, defaultJobOptions: defaultJobOptions({ attempts: 5, backoffMs: 1000 }) });
  for (let i = 0; i < count; i += 1000) {
    await queue.addBulk(Array.from({ length: Math.min(1000, count - i) }, (_, j) => ({ name: 'noop', data: { i: i + j } })));
  }
  let done = 0;
  let last = 0;
  const start = performance.now();
  const finished = new Promise((resolve) => {
    const worker = new Worker('noop', async () => undefined, { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix: p, concurrency: 10 });
    worker.on('completed', () => {
      done++;
      last = performance.now();
      if (done === count) resolve(worker);
    });
  });
  const w = await finished;
  const jobsPerSec = count / ((last - start) / 1000);
  await w.close();
  await w.opts.connection.quit?.();
  await queue.obliterate({ force: true });
  await queue.close();

  // memory: waiting ingest jobs as the watcher queues them (a reference to the raw original, never its content)
  const mp = `${prefix}-memory`;
  const ingest = new Queue(QUEUE_NAMES.ingest, { connection, prefix: mp, defaultJobOptions: defaultJobOptions({ attempts: 5, backoffMs: 1000 }) });
  await ingest.waitUntilReady();
  const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await connection.info('memory'))[1]);
  const waiting = 2000;
  const before = await usedMemory();
  let sampleId;
  for (let i = 0; i < waiting; i += 500) {
    await ingest.addBulk(Array.from({ length: 500 }, (_, j) => {
      const sha256 = crypto.createHash('sha256').update(`memory-${i + j}`).digest('hex');
      sampleId ??= sha256;
      const data = { sha256, rawPath: `/var/lib/copydesk/data/raw/${sha256.slice(0, 2)}/${sha256}`, originalName: `story-${String(i + j).padStart(6, '0')}.txt`, bytes: 4182, receivedAt: new Date().toISOString(), reason: 'inbox' };
      return { name: 'ingest', data, opts: ingestJobOptions(sha256, PRIORITY.routine) };
    }));
  }
  const after = await usedMemory();
  const jobHashBytes = Number(await connection.call('MEMORY', 'USAGE', `${mp}:${QUEUE_NAMES.ingest}:${sampleId}`, 'SAMPLES', '0'));
  await ingest.obliterate({ force: true });
  await ingest.close();
  connection.disconnect();
  return { jobsPerSec, redisBytesPerWaitingJob: (after - before) / waiting, jobHashBytes };
}

/** Starts `copydesk start` (and `copydesk worker`s) on the bench's inbox and Redis; resolves when all say running. */
async function startService(redisUrl, prefix) {
  const env = {
    ...process.env,
    COPYDESK_INBOX: dirs.inbox,
    COPYDESK_DATA_DIR: dirs.data,
    COPYDESK_FAILED_DIR: dirs.failed,
    REDIS_URL: redisUrl,
    COPYDESK_KEY_PREFIX: prefix,
    COPYDESK_CONCURRENCY: String(concurrency),
    COPYDESK_STABILITY_MS: String(stabilityMs),
    COPYDESK_LOG_FORMAT: 'json',
  };
  const commands = [['start', '--no-http'], ...Array.from({ length: workers - 1 }, () => ['worker'])];
  const logs = [];
  for (const [i, args] of commands.entries()) {
    const log = path.join(dirs.logs, `${args[0]}-${i}.log`);
    const fd = fs.openSync(log, 'w');
    const prof = opts['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(opts['cpu-prof'])}`] : [];
    const nodeFlags = opts['node-flags'].split(/\s+/).filter(Boolean);
    const child = spawn(process.execPath, [...nodeFlags, ...prof, path.join(root, 'bin/copydesk.js'), ...args, '--no-redis-autostart'], { cwd: root, env, stdio: ['ignore', fd, fd] });
    fs.closeSync(fd);
    children.push(child);
    logs.push(log);
  }
  const deadline = Date.now() + 60_000;
  for (;;) {
    const ready = logs.filter((l) => fs.readFileSync(l, 'utf8').includes('copydesk is running')).length;
    if (ready === logs.length) return;
    const dead = children.find((c) => c.exitCode !== null);
    if (dead || Date.now() > deadline) throw new Error(`copydesk did not start; see ${logs.join(', ')}:\n${fs.readFileSync(logs[0], 'utf8').slice(-2000)}`);
    await sleep(100);
  }
}

/** Peak RSS of the service's processes (VmHWM, which the kernel keeps), in MB. */
function peakRssMb() {
  let peak = 0;
  for (const c of children) {
    try {
      const kb = Number(/VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // not Linux: sampled with ps below
    }
  }
  return peak;
}
/** CPU seconds (user + system) a process has used so far, from /proc (NaN elsewhere). */
function cpuSeconds(pid, which = 'both') {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime, stime in clock ticks (USER_HZ = 100)
    const user = Number(fields[11]) / 100;
    const sys = Number(fields[12]) / 100;
    return which === 'user' ? user : which === 'sys' ? sys : user + sys;
  } catch {
    return NaN;
  }
}
const serviceCpu = (which) => children.reduce((sum, c) => sum + cpuSeconds(c.pid, which), 0);
const redisCpu = () => (redisServer ? cpuSeconds(redisServer.pid) : NaN);

let sampledPeakMb = 0;
function sampleRss() {
  if (fs.existsSync('/proc/self/status')) return;
  for (const c of children) sampledPeakMb = Math.max(sampledPeakMb, rssMb(c.pid) || 0);
}

/** Documents that have reached an end: a completed publish job, or a failed publish or ingest job. */
async function documentsFinished(redis, prefix) {
  const [[, completed], [, pubFailed], [, ingFailed]] = await redis
    .multi()
    .zcard(`${prefix}:publish:completed`)
    .zcard(`${prefix}:publish:failed`)
    .zcard(`${prefix}:ingest:failed`)
    .exec();
  return completed + pubFailed + ingFailed;
}

/** Waits until every document of `docs` has a finished publish job or a failure; progress on stderr. */
async function waitForDocuments(redis, prefix, label, expected, baseline) {
  let lastReport = 0;
  let lastCount = -1;
  let lastChange = Date.now();
  for (;;) {
    const n = (await documentsFinished(redis, prefix)) - baseline;
    if (n >= expected) return;
    if (n !== lastCount) {
      lastCount = n;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > 120_000) {
      throw new Error(`${label}: no progress for 2 minutes at ${n} of ${expected} documents; see the logs in ${dirs.logs}`);
    }
    if (Date.now() - lastReport > 2000) {
      progress(`${label}: ${n} of ${expected} documents written`);
      lastReport = Date.now();
    }
    sampleRss();
    await sleep(100);
  }
}

/** Per-document timings from the jobs' own records: drop → written, and the parts of the way. */
async function collectLatencies(redis, prefix, docs, droppedAt) {
  const pipe = redis.pipeline();
  for (const d of docs) {
    pipe.hmget(`${prefix}:ingest:${d.sha}`, 'timestamp', 'processedOn', 'finishedOn');
    pipe.hmget(`${prefix}:publish:${d.sha}-filesystem`, 'processedOn', 'finishedOn');
  }
  const res = await pipe.exec();
  const latencies = [];
  const parts = { admit: 0, ingestWait: 0, ingest: 0, publishWait: 0, publish: 0 };
  let lastWritten = 0;
  let missing = 0;
  for (let i = 0; i < docs.length; i++) {
    const [queued, ingStart, ingEnd] = res[2 * i][1].map(Number);
    const [pubStart, pubEnd] = res[2 * i + 1][1].map(Number);
    if (!pubEnd) {
      missing++;
      continue;
    }
    const dropped = droppedAt[i];
    latencies.push(pubEnd - dropped);
    lastWritten = Math.max(lastWritten, pubEnd);
    parts.admit += queued - dropped;
    parts.ingestWait += ingStart - queued;
    parts.ingest += ingEnd - ingStart;
    parts.publishWait += pubStart - ingEnd;
    parts.publish += pubEnd - pubStart;
  }
  latencies.sort((a, b) => a - b);
  const n = latencies.length;
  for (const k of Object.keys(parts)) parts[k] = n ? parts[k] / n : NaN;
  return { latencies, lastWritten, missing, parts };
}

/** Calls per Redis command so far (INFO commandstats). */
async function commandCalls(redis) {
  const out = new Map();
  for (const m of (await redis.info('commandstats')).matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out.set(m[1], Number(m[2]));
  return out;
}

async function measureEndToEnd(redis, prefix, burst) {
  const calls0 = await commandCalls(redis);
  const droppedAt = new Array(burst.length);
  progress(`endToEnd: dropping ${burst.length} files into the inbox`);
  const cpu0 = { service: serviceCpu(), sys: serviceCpu('sys'), redis: redisCpu() };
  const first = Date.now();
  for (let i = 0; i < burst.length; i++) {
    fs.renameSync(path.join(dirs.source, burst[i].name), path.join(dirs.inbox, burst[i].name));
    droppedAt[i] = Date.now();
  }
  progress(`endToEnd: dropped in ${((Date.now() - first) / 1000).toFixed(1)} s`);
  await waitForDocuments(redis, prefix, 'endToEnd', burst.length, 0);
  const cpu = { service: ((serviceCpu() - cpu0.service) * 1000) / burst.length, sys: ((serviceCpu('sys') - cpu0.sys) * 1000) / burst.length, redis: ((redisCpu() - cpu0.redis) * 1000) / burst.length };
  const calls1 = await commandCalls(redis);
  const commands = [...calls1].map(([k, v]) => [k, (v - (calls0.get(k) ?? 0)) / burst.length]).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]);
  const r = await collectLatencies(redis, prefix, burst, droppedAt);
  const seconds = (r.lastWritten - first) / 1000;
  return { docsPerSec: r.latencies.length / seconds, seconds, cpu, commands, ...r };
}

async function measureSteady(redis, prefix, docs, baseline) {
  const droppedAt = new Array(docs.length);
  const seconds = docs.length / steadyRate;
  progress(`steady: ${steadyRate} documents/s for ${seconds.toFixed(0)} s`);
  const start = performance.now();
  let i = 0;
  let lastReport = start;
  while (i < docs.length) {
    const due = Math.min(docs.length, Math.floor(((performance.now() - start) / 1000) * steadyRate) + 1);
    for (; i < due; i++) {
      fs.renameSync(path.join(dirs.steadySource, docs[i].name), path.join(dirs.inbox, docs[i].name));
      droppedAt[i] = Date.now();
    }
    if (performance.now() - lastReport > 5000) {
      progress(`steady: ${i} of ${docs.length} dropped`);
      lastReport = performance.now();
    }
    await sleep(Math.max(1, Math.floor(1000 / steadyRate)));
  }
  const offered = docs.length / ((performance.now() - start) / 1000 || 1);
  await waitForDocuments(redis, prefix, 'steady', docs.length, baseline);
  const r = await collectLatencies(redis, prefix, docs, droppedAt);
  return { offeredPerSec: Math.min(offered, steadyRate), ...r };
}

/**
 * The long run: `total` more generated documents through the running service, as fast as it takes them (at most
 * `ahead` queued in the inbox or Redis, generated in batches as the run goes), and every service process's RSS
 * sampled each second with the number of documents written so far. The first 10% of the documents are the
 * warm-up; the RSS of the next 10% is compared with that of the last 10%.
 */
async function measureMemoryRun(redis, prefix, total, baseline) {
  const ahead = 2000;
  const batch = 500;
  const firstIndex = 10_000_000; // generated documents of the other phases have lower numbers: no duplicates
  const samples = [];
  let dropped = 0;
  let done = 0;
  const start = Date.now();
  const sample = () => samples.push({ t: (Date.now() - start) / 1000, done, rss: children.map((c) => rssMb(c.pid)) });
  const timer = setInterval(sample, 1000);
  let lastReport = 0;
  let lastDone = -1;
  let lastChange = Date.now();
  progress(`memory: ${total} documents, at most ${ahead} queued at a time`);
  try {
    while (done < total) {
      done = Math.min(total, (await documentsFinished(redis, prefix)) - baseline);
      if (done !== lastDone) {
        lastDone = done;
        lastChange = Date.now();
      } else if (Date.now() - lastChange > 120_000) {
        throw new Error(`memory: no progress for 2 minutes at ${done} of ${total} documents; see the logs in ${dirs.logs}`);
      }
      while (dropped < total && dropped - done < ahead) {
        const n = Math.min(batch, total - dropped);
        const names = [];
        for (let j = 0; j < n; j++) {
          const doc = benchDocument(firstIndex + dropped + j);
          fs.writeFileSync(path.join(dirs.memorySource, doc.name), doc.content);
          names.push(doc.name);
        }
        for (const name of names) fs.renameSync(path.join(dirs.memorySource, name), path.join(dirs.inbox, name));
        dropped += n;
      }
      if (Date.now() - lastReport > 10_000) {
        const rss = children.map((c) => `${Math.round(rssMb(c.pid))} MB`).join(', ');
        progress(`memory: ${done} of ${total} documents written; RSS ${rss}`);
        lastReport = Date.now();
      }
      await sleep(200);
    }
  } finally {
    clearInterval(timer);
  }
  sample();
  const median = (xs) => percentile(xs.filter(Number.isFinite).sort((a, b) => a - b), 50);
  const window = (lo, hi) => samples.filter((x) => x.done > lo * total && x.done <= hi * total);
  const first = window(0.1, 0.2);
  const last = window(0.9, 1);
  const afterWarmUp = window(0.1, 1);
  const processes = children.map((c, i) => ({
    process: i === 0 ? 'start' : `worker ${i}`,
    firstMedianMb: round(median(first.map((x) => x.rss[i]))),
    firstMaxMb: round(Math.max(...first.map((x) => x.rss[i]))),
    lastMedianMb: round(median(last.map((x) => x.rss[i]))),
    lastMaxMb: round(Math.max(...last.map((x) => x.rss[i]))),
    peakAfterWarmUpMb: round(Math.max(...afterWarmUp.map((x) => x.rss[i]))),
  }));
  // the trace, at most 200 points: [documents written, RSS MB of each process]
  const step = Math.max(1, Math.ceil(samples.length / 200));
  const trace = samples.filter((_, i) => i % step === 0 || i === samples.length - 1).map((x) => [x.done, ...x.rss.map((r) => round(r))]);
  return { docs: total, seconds: (Date.now() - start) / 1000, warmUpDocs: Math.round(0.1 * total), processes, trace };
}

// ---------------------------------------------------------------------------------------------------- run
const results = {};
const extra = {};
try {
  const began = new Date();
  progress(`work folder ${work}`);
  const { burst, steady } = prepareDocuments();
  const avgBytes = burst.length ? burst.reduce((s, d) => s + d.bytes, 0) / burst.length : NaN;
  progress(`${burst.length} documents for the burst, ${steady.length} for the steady phase, ${Math.round(avgBytes)} bytes on average`);
  const redisInfo = await startRedis();
  if (!redisInfo.own) cleanupRedis = async () => {
    const r = new Redis(redisInfo.url);
    for (const p of [redisInfo.prefix, `${redisInfo.prefix}-ceiling`, `${redisInfo.prefix}-memory`]) await deleteKeys(r, p);
    r.disconnect();
  };

  const none = { docsPerSec: null, p50Ms: null, p95Ms: null, p99Ms: null };
  results.endToEnd = { ...none };
  results.steady = { offeredPerSec: null, p50Ms: null, p95Ms: null, p99Ms: null };
  results.inProcess = { docsPerSec: null };
  results.stages = { parse: null, clean: null, tag: null, build: null, publish: null };
  results.queueCeiling = { jobsPerSec: null };
  results.memory = { peakWorkerRssMb: null, redisBytesPerWaitingJob: null };

  let inProc;
  if (phases.has('inProcess')) {
    progress('inProcess: the pipeline in this process (copydesk process path)');
    inProc = await measureInProcess(burst);
    results.inProcess = { docsPerSec: round(inProc.docsPerSec) };
    results.stages = Object.fromEntries(Object.entries(inProc.stages).map(([k, v]) => [k, round(v, 3)]));
  }
  let q;
  if (phases.has('queueCeiling')) {
    progress('queueCeiling: BullMQ no-op jobs on the same Redis');
    q = await measureQueue(redisInfo.url, redisInfo.prefix, Math.max(1000, Math.min(burst.length, 20000)));
    results.queueCeiling = { jobsPerSec: round(q.jobsPerSec) };
    results.memory.redisBytesPerWaitingJob = Math.round(q.redisBytesPerWaitingJob);
  }
  let e2e;
  let st;
  let mem;
  if (phases.has('endToEnd') || phases.has('steady') || phases.has('memory')) {
    progress(`starting copydesk (${workers} process${workers > 1 ? 'es' : ''}, concurrency ${concurrency}, watcher.stabilityMs ${stabilityMs})`);
    await startService(redisInfo.url, redisInfo.prefix);
    const redis = new Redis(redisInfo.url);
    let baseline = 0;
    if (phases.has('endToEnd')) {
      e2e = await measureEndToEnd(redis, redisInfo.prefix, burst);
      baseline = burst.length;
      results.endToEnd = { docsPerSec: round(e2e.docsPerSec), p50Ms: percentile(e2e.latencies, 50), p95Ms: percentile(e2e.latencies, 95), p99Ms: percentile(e2e.latencies, 99) };
    }
    if (steady.length) {
      st = await measureSteady(redis, redisInfo.prefix, steady, baseline);
      results.steady = { offeredPerSec: round(st.offeredPerSec), p50Ms: percentile(st.latencies, 50), p95Ms: percentile(st.latencies, 95), p99Ms: percentile(st.latencies, 99) };
      baseline += steady.length;
    }
    if (phases.has('memory')) {
      mem = await measureMemoryRun(redis, redisInfo.prefix, memoryDocs, baseline);
      results.memory.longRun = mem;
    }
    results.memory.peakWorkerRssMb = round(Math.max(peakRssMb(), sampledPeakMb));
    extra.failed = Number(await redis.zcard(`${redisInfo.prefix}:ingest:failed`)) + Number(await redis.zcard(`${redisInfo.prefix}:publish:failed`));
    redis.disconnect();
  }
  extra.failed = (extra.failed ?? 0) + (inProc?.failed ?? 0);

  // ------------------------------------------------------------------------------------------------ report
  const ms = (x) => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${Math.round(x)} ms`);
  const fmt = (x, d = 0) => (x !== null && Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }) : '—');
  const rows = [];
  if (e2e) {
    rows.push(
      ['endToEnd', `${fmt(results.endToEnd.docsPerSec)} docs/s`, `p50 ${ms(results.endToEnd.p50Ms)} · p95 ${ms(results.endToEnd.p95Ms)} · p99 ${ms(results.endToEnd.p99Ms)}`, `${burst.length} files in ${fmt(e2e.seconds, 1)} s`],
      ['  CPU per document', '', `copydesk ${fmt(e2e.cpu.service, 2)} ms (system ${fmt(e2e.cpu.sys, 2)}) · redis-server ${fmt(e2e.cpu.redis, 2)} ms · copydesk had ${fmt((e2e.cpu.service * results.endToEnd.docsPerSec) / 1000, 2)} of ${os.cpus().length} cores`, 'from /proc, burst phase'],
      ['  Redis commands per document', '', `${fmt(e2e.commands.reduce((a, [, v]) => a + v, 0), 1)}: ${e2e.commands.slice(0, 6).map(([k, v]) => `${k} ${fmt(v, 1)}`).join(' · ')}`, 'INFO commandstats, burst phase'],
      ['  where the time goes', '', `admit ${ms(e2e.parts.admit)} · ingest wait ${ms(e2e.parts.ingestWait)} · ingest ${ms(e2e.parts.ingest)} · publish wait ${ms(e2e.parts.publishWait)} · publish ${ms(e2e.parts.publish)}`, 'means per document'],
    );
  }
  if (st) rows.push(['steady', `${fmt(results.steady.offeredPerSec)} docs/s offered`, `p50 ${ms(results.steady.p50Ms)} · p95 ${ms(results.steady.p95Ms)} · p99 ${ms(results.steady.p99Ms)}`, `${steady.length} files; where: admit ${ms(st.parts.admit)} · ingest ${ms(st.parts.ingestWait + st.parts.ingest)} · publish ${ms(st.parts.publishWait + st.parts.publish)}`]);
  if (inProc) {
    rows.push(
      ['inProcess', `${fmt(results.inProcess.docsPerSec)} docs/s`, `CPU ${fmt(inProc.cpuMsPerDoc, 2)} ms per document of ${fmt(1000 / inProc.docsPerSec, 2)} ms wall (CPU/wall ${fmt(inProc.cpuMsPerDoc * inProc.docsPerSec / 1000, 2)})`, 'one process, no queue; CPU/wall < 1: the machine was busy'],
      ['stages (CPU ms/doc)', '', `parse ${fmt(results.stages.parse, 2)} · clean ${fmt(results.stages.clean, 2)} · tag ${fmt(results.stages.tag, 2)} · build ${fmt(results.stages.build, 2)} · publish ${fmt(results.stages.publish, 2)}`, `publish wall ${fmt(inProc.publishWallMs, 2)} ms`],
    );
  }
  if (q) rows.push(['queueCeiling', `${fmt(results.queueCeiling.jobsPerSec)} jobs/s`, `endToEnd/queueCeiling ${e2e ? fmt(results.endToEnd.docsPerSec / results.queueCeiling.jobsPerSec, 2) : '—'}`, 'no-op, 1 worker, concurrency 10 (a document is 2 jobs)']);
  rows.push(['memory', `${fmt(results.memory.peakWorkerRssMb)} MB peak RSS`, `${fmt(results.memory.redisBytesPerWaitingJob)} bytes per waiting job`, q ? `job hash alone ${fmt(q.jobHashBytes)} bytes` : '']);
  if (mem) {
    for (const p of mem.processes) {
      rows.push([`  RSS over ${fmt(mem.docs)} more docs`, p.process, `after warm-up: 10–20% median ${fmt(p.firstMedianMb)} MB (max ${fmt(p.firstMaxMb)}) · last 10% median ${fmt(p.lastMedianMb)} MB (max ${fmt(p.lastMaxMb)}) · peak ${fmt(p.peakAfterWarmUpMb)} MB`, `${fmt(mem.seconds / 60, 1)} min, warm-up ${fmt(mem.warmUpDocs)} docs`]);
    }
  }
  const w = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padEnd(w[2])}  ${r[3]}`;
  console.log(`\ncopydesk bench — ${began.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  console.log(`${burst.length ? `${burst.length} documents (${opts.from ? `from ${opts.from}` : 'generated'}, ${Math.round(avgBytes)} bytes on average)` : 'no burst'}; ${workers} worker process${workers > 1 ? 'es' : ''}, concurrency ${concurrency}; watcher.stabilityMs ${stabilityMs}; Redis ${redisInfo.own ? 'own redis-server' : 'REDIS_URL'}\n`);
  for (const r of rows) console.log(line(r));
  if (extra.failed) console.log(`\n${extra.failed} document(s) failed; see ${opts.keep ? dirs.failed : 'the failed/ folder (rerun with --keep)'}`);
  const missing = (e2e?.missing ?? 0) + (st?.missing ?? 0);
  if (missing) console.log(`\n${missing} document(s) had no finished publish job (failed or deduplicated) and are not in the latencies`);
  fs.writeFileSync(opts.out, JSON.stringify(results, null, 2) + '\n');
  console.log(`\nwrote ${opts.out}`);
} catch (err) {
  process.exitCode = 1;
  console.error(`bench failed: ${err.stack ?? err}`);
  opts.keep = true;
} finally {
  await shutdown();
}
