// `copydesk reprocess` on the real Redis: each selection re-runs exactly the documents it names, a dry run
// publishes nothing and reports what a rule edit changes, and reruns never hold up fresh wire.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from 'bullmq';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { cliEnv, runCli } from '../../helpers/run-cli.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { Config } from '../../../src/config/schema.js';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import { enqueueReprocess, selectForReprocess, SelectionError } from '../../../src/ops/reprocess.js';
import { PRIORITY, type IngestJobData } from '../../../src/queues/queues.js';

const story = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), 'utf8');
const variant = (n: number) => story.replace('Fire crews', `Fire crews from ${n} stations`);
const sha = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

describe('copydesk reprocess', () => {
  let dirs: TempDirs;
  let config: Config;
  let running: RunningPipeline;

  /** Drops files and waits until each is published (or failed). */
  async function drop(files: Record<string, string>, failures = 0): Promise<void> {
    const before = await running.app.queues.publish.getJobCounts('completed');
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dirs.inbox, name), text);
    const good = Object.keys(files).length - failures;
    await waitFor(async () => {
      const p = await running.app.queues.publish.getJobCounts('completed');
      const i = await running.app.queues.ingest.getJobCounts('failed');
      return p.completed - before.completed === good && i.failed >= failures;
    }, `${good} published and ${failures} failed`);
  }

  const docIds = () => fs.readdirSync(path.join(dirs.dataDir, 'documents')).sort();
  const stored = (id: string) => JSON.parse(fs.readFileSync(path.join(dirs.dataDir, 'documents', id, 'current.json'), 'utf8')) as Envelope;
  const reruns = async () => (await running.app.queues.ingest.getJobs(['prioritized', 'waiting', 'active', 'completed', 'failed'])).filter((j: Job<IngestJobData>) => j?.data.reason === 'reprocess');

  beforeEach(async () => {
    dirs = makeTempDirs();
    // learned boilerplate depends on which of the near-identical variants was seen first: off, so a rerun of the
    // same bytes is comparable with the first run
    config = testConfig(dirs, { 'learning.enabled': false });
    running = await startPipeline(config);
  });
  afterEach(async () => {
    await running.stop();
    dirs.remove();
  });

  test('--id re-runs exactly that document, at the reprocess priority, and follows it to the end', async () => {
    await drop({ 'a.txt': variant(1), 'b.txt': variant(2), 'c.txt': variant(3) });
    const id = docIds().find((d) => stored(d).source.originalName === 'b.txt')!;
    const r = await runCli(['reprocess', '--id', id, '--no-progress'], cliEnv(config));
    expect(r.stderr).toMatch(/queued 1 document\(s\) for reprocessing at priority 50/);
    expect(r.stdout).toMatch(/reprocessed 1 of 1; 0 failed/);
    expect(r.code).toBe(0);
    const jobs = await reruns();
    expect(jobs.map((j) => [j.data.sha256, j.data.originalName, j.opts.priority])).toEqual([[sha(variant(2)), 'b.txt', PRIORITY.reprocess]]);
    // the same content again: the store keeps one version
    expect(fs.readdirSync(path.join(dirs.dataDir, 'documents', id, 'versions'))).toEqual(['v000001.json']);
  });

  test('--failed re-runs the failed jobs only, replacing them; a rerun that fails again exits non-zero', async () => {
    await drop({ 'good.txt': variant(1), 'empty.txt': '' }, 1);
    const r = await runCli(['reprocess', '--failed', '--no-progress'], cliEnv(config));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/reprocessed 0 of 1; 1 failed/);
    expect(r.stdout).toMatch(/FAILED empty\.txt: the file is empty/);
    const jobs = await reruns();
    expect(jobs.map((j) => j.data.originalName)).toEqual(['empty.txt']);
    // the original failed job was replaced by the rerun's
    const failed = await running.app.queues.ingest.getFailed();
    expect(failed.map((j) => j.id)).toEqual([jobs[0]!.id]);
  });

  test('--since and --until select by arrival time of the original; --format filters', async () => {
    await drop({ 'old-1.txt': variant(1), 'old-2.txt': variant(2), 'new.txt': variant(3) });
    for (const n of [1, 2]) {
      const metaPath = running.app.archive.metaPath(sha(variant(n)));
      const meta = JSON.parse(fs.readFileSync(metaPath, 'utf8'));
      fs.writeFileSync(metaPath, JSON.stringify({ ...meta, receivedAt: '2020-01-0' + n + 'T00:00:00.000Z' }));
    }
    const names = async (sel: Parameters<typeof selectForReprocess>[1]) => (await selectForReprocess(running.app, sel)).map((c) => c.originalName);
    expect(await names({ since: new Date(Date.now() - 3_600_000) })).toEqual(['new.txt']);
    expect(await names({ until: new Date('2021-01-01') })).toEqual(['old-1.txt', 'old-2.txt']);
    expect(await names({ since: new Date('2020-01-02'), until: new Date('2021-01-01') })).toEqual(['old-2.txt']);
    expect(await names({ format: 'plain-text' })).toEqual(['old-1.txt', 'old-2.txt', 'new.txt']);
    expect(await names({ format: 'html' })).toEqual([]);
    expect(await names({ all: true })).toHaveLength(3);
    // through the command: exactly the two old ones are queued
    const r = await runCli(['reprocess', '--until', '2021-01-01', '--no-wait'], cliEnv(config));
    expect(r.code).toBe(0);
    expect((await reruns()).map((j) => j.data.originalName).sort()).toEqual(['old-1.txt', 'old-2.txt']);
  });

  test('--stale re-runs the documents built under other rules, after which none is stale', async () => {
    await drop({ 'a.txt': variant(1), 'b.txt': variant(2) });
    const [first] = docIds();
    const file = path.join(dirs.dataDir, 'documents', first!, 'current.json');
    fs.writeFileSync(file, JSON.stringify({ ...stored(first!), provenance: { ...stored(first!).provenance, rulesHash: '0000000000000000' } }));
    await running.app.redis.hdel(`${config.keyPrefix}:provenance`, first!);

    const selected = await selectForReprocess(running.app, { stale: true });
    expect(selected.map((c) => [c.documentId, c.via])).toEqual([[first, ['stale']]]);
    const r = await runCli(['reprocess', '--stale', '--no-progress'], cliEnv(config));
    expect(r.stdout).toMatch(/reprocessed 1 of 1/);
    expect((await reruns()).map((j) => j.data.sha256)).toEqual([stored(first!).source.sha256]);
    // same content, so no new version — but the document now counts as produced by the current rules
    await waitFor(async () => (await running.app.queues.publish.getJobCounts('completed')).completed === 3, 'the rerun published');
    expect(await selectForReprocess(running.app, { stale: true })).toEqual([]);
    const status = JSON.parse((await runCli(['status', '--json'], cliEnv(config))).stdout);
    expect(status.documents).toMatchObject({ total: 2, stale: 0 });
  });

  test('a selection naming something that does not exist queues nothing and says why', async () => {
    await drop({ 'a.txt': variant(1) });
    await expect(selectForReprocess(running.app, { ids: ['no-such-document'], sources: ['nothing-like-this.txt'] })).rejects.toThrow(SelectionError);
    const r = await runCli(['reprocess', '--id', 'no-such-document', '--source', 'a.txt'], cliEnv(config));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nothing was queued:\n {2}no document "no-such-document" in the filesystem store/);
    expect(await reruns()).toEqual([]);
    const usage = await runCli(['reprocess'], cliEnv(config));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/say what to reprocess/);
    const byName = await selectForReprocess(running.app, { sources: ['a.txt', sha(variant(1)).slice(0, 10)] });
    expect(byName.map((c) => c.sha256)).toEqual([sha(variant(1))]);
  });

  test('--dry-run after a rule edit reports the lines it would remove and publishes nothing', async () => {
    await drop({ 'a.txt': variant(1), 'b.txt': variant(2) });
    const rules = JSON.parse(fs.readFileSync(path.resolve(config.rulesFile), 'utf8'));
    rules.rules.push({ id: 'test-mayor-quote', kind: 'boilerplate', action: 'drop', where: 'any', pattern: '^Mayor Tomas Lindqvist said', scope: 'all' });
    const edited = path.join(dirs.root, 'rules.json');
    fs.writeFileSync(edited, JSON.stringify(rules));
    const before = await running.app.queues.ingest.getJobCounts('completed', 'prioritized', 'waiting', 'active');
    const publishBefore = await running.app.queues.publish.getJobCounts('completed', 'prioritized', 'waiting', 'delayed');

    const r = await runCli(['reprocess', '--all', '--dry-run', '--no-progress'], cliEnv({ ...config, rulesFile: edited }));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/a\.txt: 1 body line\(s\) removed, 0 restored; entities \+0 −\d+/);
    expect(r.stdout).toMatch(/- removed {3}"Mayor Tomas Lindqvist said the city would help/);
    expect(r.stdout).toMatch(/dry run: 2 document\(s\): 2 would change, 0 unchanged, 0 new, 0 would fail\. Nothing was published\./);
    const json = JSON.parse((await runCli(['reprocess', '--all', '--dry-run', '--json'], cliEnv({ ...config, rulesFile: edited }))).stdout);
    expect(json.summary).toEqual({ selected: 2, changed: 2, unchanged: 0, new: 0, fails: 0 });
    expect(json.documents[0].change.bodyLinesRemoved).toEqual([expect.stringMatching(/^Mayor Tomas Lindqvist said/)]);
    // with the deployed rules nothing would change
    expect((await runCli(['reprocess', '--all', '--dry-run', '--no-progress'], cliEnv(config))).stdout).toMatch(/2 document\(s\): 0 would change, 2 unchanged/);

    expect(await running.app.queues.ingest.getJobCounts('completed', 'prioritized', 'waiting', 'active')).toEqual(before);
    expect(await running.app.queues.publish.getJobCounts('completed', 'prioritized', 'waiting', 'delayed')).toEqual(publishBefore);
    for (const id of docIds()) expect(fs.readdirSync(path.join(dirs.dataDir, 'documents', id, 'versions'))).toEqual(['v000001.json']);
  });
});

describe('a rerun of the archive and fresh wire', () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  afterEach(async () => {
    await running.stop();
    dirs.remove();
  });

  test('a fresh file dropped during a 2,000-document reprocess jumps the queue', async () => {
    dirs = makeTempDirs();
    const concurrency = 2;
    running = await startPipeline(testConfig(dirs, { 'worker.concurrency': concurrency }));
    const { app } = running;
    // 2,000 originals in the archive (as if they had arrived over the past weeks)
    const src = path.join(dirs.root, 'src');
    fs.mkdirSync(src);
    for (let i = 0; i < 2000; i++) {
      const text = variant(1000 + i);
      const file = path.join(src, `old-${i}.txt`);
      fs.writeFileSync(file, text);
      await app.archive.moveIn(file, sha(text), Buffer.byteLength(text), `old-${i}.txt`, '2026-01-01T00:00:00.000Z');
    }
    const candidates = await selectForReprocess(app, { all: true });
    expect(candidates).toHaveLength(2000);
    await enqueueReprocess(app, candidates);
    await waitFor(async () => (await app.queues.ingest.getJobCounts('completed')).completed >= 20, 'the rerun under way');

    const fresh = variant(1);
    fs.writeFileSync(path.join(dirs.inbox, 'fresh.txt'), fresh);
    const job = await waitFor(async () => {
      const j = await app.queues.ingest.getJob(sha(fresh));
      return j?.finishedOn ? j : undefined;
    }, 'the fresh file processed');
    const waitingBehind = (await app.queues.ingest.getJobCounts('prioritized')).prioritized;

    expect(job.opts.priority).toBe(PRIORITY.routine);
    expect(PRIORITY.routine).toBeLessThan(PRIORITY.reprocess);
    // no rerun started between the fresh job's arrival and its start, beyond those already being fetched
    const reruns = (await app.queues.ingest.getJobs(['completed', 'active'])).filter((j) => j?.data.reason === 'reprocess');
    const startedMeanwhile = reruns.filter((j) => j.processedOn! > job.timestamp && j.processedOn! < job.processedOn!);
    expect(startedMeanwhile.length).toBeLessThanOrEqual(concurrency);
    // most of the archive was still waiting behind it
    expect(waitingBehind).toBeGreaterThan(1000);
    // and its publish job also went ahead of the reruns' publishes
    const publish = await waitFor(async () => (await app.queues.publish.getJobs(['completed', 'active', 'prioritized'])).find((j) => j?.data.sourceFile === 'fresh.txt'), 'the fresh publish job');
    expect(publish.opts.priority).toBe(PRIORITY.routine);
  });
});
