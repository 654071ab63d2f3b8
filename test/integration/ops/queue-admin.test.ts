// pause, resume, retry-failed and clean through the command, on the real Redis; and every admin command's
// answer when Redis or a store is unreachable.
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { cliEnv, runCli } from '../../helpers/run-cli.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';
import type { Config } from '../../../src/config/schema.js';

const story = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), 'utf8');

describe('queue housekeeping commands', () => {
  let dirs: TempDirs;
  let config: Config;
  let running: RunningPipeline;
  beforeEach(async () => {
    dirs = makeTempDirs();
    config = testConfig(dirs);
    running = await startPipeline(config);
  });
  afterEach(async () => {
    await running.stop();
    dirs.remove();
  });

  test('pause holds new work in the queue and resume lets it through', async () => {
    const paused = await runCli(['pause', 'ingest'], cliEnv(config));
    expect([paused.code, paused.stdout]).toEqual([0, 'ingest: now paused\n']);
    expect(await running.app.queues.ingest.isPaused()).toBe(true);
    expect(await running.app.queues.publish.isPaused()).toBe(false);
    fs.writeFileSync(path.join(dirs.inbox, 'a.txt'), story);
    await waitFor(async () => (await running.app.queues.ingest.getJobCounts('prioritized')).prioritized === 1, 'the file queued');
    await new Promise((r) => setTimeout(r, 300));
    expect((await running.app.queues.ingest.getJobCounts('completed')).completed).toBe(0);

    expect((await runCli(['pause', 'ingest'], cliEnv(config))).stdout).toBe('ingest: already paused\n');
    const resumed = await runCli(['resume'], cliEnv(config));
    expect(resumed.stdout).toBe('ingest: now running\npublish: already running\n');
    await waitFor(async () => (await running.app.queues.publish.getJobCounts('completed')).completed === 1, 'the document published');
    expect((await runCli(['pause', 'nonsense'], cliEnv(config))).code).toBe(2);
  });

  test('retry-failed puts a failed job back as it was; it succeeds once its cause is fixed', async () => {
    const rawPath = path.join(dirs.root, 'late.txt');
    await running.app.enqueueIngest({ sha256: 'f'.repeat(64), rawPath, originalName: 'late.txt', bytes: story.length, receivedAt: new Date().toISOString(), reason: 'inbox' }, 5);
    await waitFor(async () => (await running.app.queues.ingest.getJobCounts('failed')).failed === 1, 'the job to fail');
    fs.writeFileSync(rawPath, story);
    const r = await runCli(['retry-failed'], cliEnv(config));
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ingest: 1 failed job(s) back to waiting\npublish: 0 failed job(s) back to waiting\n');
    await waitFor(async () => (await running.app.queues.publish.getJobCounts('completed')).completed === 1, 'the retried job published');
    expect((await running.app.queues.ingest.getJob('f'.repeat(64)))?.finishedOn).toBeDefined();
    expect((await running.app.queues.ingest.getJobCounts('failed')).failed).toBe(0);
  });

  test('clean removes finished jobs older than the age given, and only the kind asked for', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'a.txt'), story);
    fs.writeFileSync(path.join(dirs.inbox, 'empty.txt'), '');
    await waitFor(async () => (await running.app.queues.publish.getJobCounts('completed')).completed === 1 && (await running.app.queues.ingest.getJobCounts('failed')).failed === 1, 'one done, one failed');
    const young = await runCli(['clean', '--completed', '--older-than', '1h', '--json'], cliEnv(config));
    expect(JSON.parse(young.stdout).removed).toEqual([
      { state: 'completed', queue: 'ingest', jobs: 0 },
      { state: 'completed', queue: 'publish', jobs: 0 },
    ]);
    await new Promise((r) => setTimeout(r, 1100));
    const old = await runCli(['clean', '--completed', '--older-than', '1s'], cliEnv(config));
    expect(old.stdout).toBe('ingest: removed 1 completed job(s) older than 1s\npublish: removed 1 completed job(s) older than 1s\n');
    expect(await running.app.queues.ingest.getJobCounts('completed', 'failed')).toEqual({ completed: 0, failed: 1 });
    expect((await runCli(['clean', '--older-than', '1s'], cliEnv(config))).code).toBe(2);
    expect((await runCli(['clean', '--failed', '--older-than', 'soon'], cliEnv(config))).code).toBe(2);
  });
});

describe('admin commands when something is unreachable', () => {
  let dirs: TempDirs;
  afterEach(() => dirs.remove());

  test.each([
    [['status']],
    [['reprocess', '--all']],
    [['retry-failed']],
    [['pause']],
    [['resume', 'ingest']],
    [['clean', '--failed', '--older-than', '7d']],
  ])('copydesk %j exits 1 at once with a clear message when Redis does not answer', async (args) => {
    dirs = makeTempDirs();
    const started = Date.now();
    const r = await runCli(args, cliEnv(testConfig(dirs), { REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^copydesk: Redis does not answer at redis:\/\/127\.0\.0\.1:1.*\n {2}Is Redis running\?/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  test('status and reprocess exit 1 naming the store when it cannot be written', async () => {
    dirs = makeTempDirs();
    fs.mkdirSync(dirs.dataDir);
    fs.writeFileSync(path.join(dirs.dataDir, 'documents'), 'a file where the store folder should be');
    for (const args of [['status'], ['reprocess', '--stale']]) {
      const r = await runCli(args, cliEnv(testConfig(dirs)));
      expect([args, r.code]).toEqual([args, 1]);
      expect(r.stderr).toMatch(/^copydesk: the filesystem store cannot be reached or written: /);
    }
  });
});
