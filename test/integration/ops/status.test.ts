// `copydesk status` on the real Redis: after known operations the counts, throughput, failures and stale
// documents it reports match the queues and the store.
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { cliEnv, runCli } from '../../helpers/run-cli.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';
import { queueStatus } from '../../../src/ops/queue-status.js';
import { formatStatus, type StatusReport } from '../../../src/ops/status-report.js';
import { PRIORITY } from '../../../src/queues/queues.js';
import type { Config } from '../../../src/config/schema.js';
import { startIngestWorker } from '../../../workers/ingest-worker.js';
import { startPublishWorker } from '../../../workers/publish-worker.js';

const story = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), 'utf8');

describe('copydesk status', () => {
  let dirs: TempDirs;
  let config: Config;
  let running: RunningPipeline | undefined;
  let queueSide: RunningPipeline | undefined;
  beforeEach(() => {
    dirs = makeTempDirs();
    config = testConfig(dirs);
  });
  afterEach(async () => {
    await running?.stop();
    await queueSide?.stop();
    running = queueSide = undefined;
    dirs.remove();
  });

  test('counts, throughput, oldest waiting job, workers and failures match the queue after known operations', async () => {
    queueSide = await startPipeline(config, { workers: false });
    const app = queueSide.app;
    const workers = [startIngestWorker(app), startPublishWorker(app)];
    fs.writeFileSync(path.join(dirs.inbox, 'one.txt'), story);
    fs.writeFileSync(path.join(dirs.inbox, 'two.txt'), story.replace('Fire crews', 'Harbour crews'));
    fs.writeFileSync(path.join(dirs.inbox, 'empty.txt'), '');
    const { ingest, publish } = app.queues;
    await waitFor(async () => {
      const c = await ingest.getJobCounts('completed', 'failed');
      const p = await publish.getJobCounts('completed');
      return c.completed === 2 && c.failed === 1 && p.completed === 2;
    }, 'two documents and one failure');
    const live = await queueStatus(ingest, app.redis);
    expect(live.workers).toBe(1);

    // stop the workers, then queue work that nobody takes
    await Promise.all(workers.map((w) => w.close()));
    const job = (n: number) => ({ sha256: String(n).repeat(64).slice(0, 64), rawPath: `/nowhere/${n}`, originalName: `${n}.txt`, bytes: 1, receivedAt: new Date().toISOString(), reason: 'inbox' as const });
    await app.enqueueIngest(job(1), PRIORITY.routine);
    await new Promise((r) => setTimeout(r, 300));
    await app.enqueueIngest(job(2), PRIORITY.flash);
    await app.enqueueIngest(job(3), PRIORITY.reprocess, 're-3');
    await app.queues.publish.add('publish', { documentId: 'x', ingestJobId: 'y', envelopePath: '/nowhere', contentHash: 'h', store: 'filesystem', sourceFile: 'x.txt', format: 'plain-text' }, { delay: 60_000 });
    await app.queues.ingest.pause();

    const s = await queueStatus(app.queues.ingest, app.redis);
    expect(s).toMatchObject({
      name: 'ingest',
      isPaused: true,
      counts: { waiting: 0, prioritized: 3, active: 0, delayed: 0, completed: 2, failed: 1 },
      completedLast: { '1m': 2, '5m': 2, '15m': 2 },
      failedLast15m: 1,
      workers: 0,
    });
    // the oldest waiting job is the routine one queued first, whatever its priority band
    expect(s.oldestWaitingSeconds).toBeGreaterThanOrEqual(0.3);
    expect(s.oldestWaitingSeconds).toBeLessThan(30);
    expect(s.latestFailures).toEqual([expect.objectContaining({ sourceFile: 'empty.txt', attempts: 1, reason: expect.stringMatching(/empty/) })]);
    const p = await queueStatus(app.queues.publish, app.redis);
    expect(p).toMatchObject({ isPaused: false, counts: { delayed: 1, completed: 2, failed: 0 }, oldestWaitingSeconds: null });

    const report: StatusReport = { at: 'now', redis: 'redis://x', keyPrefix: config.keyPrefix, queues: [s, p] };
    const text = formatStatus(report);
    expect(text).toMatch(/^ingest\s+PAUSED\s+0\s+3\s+0\s+0\s+2\s+1\s+2\s+2\s+2\s+\S+\s+0$/m);
    expect(text).toMatch(/^publish\s+running\s+0\s+0\s+0\s+1\s+2\s+0\s+/m);
    expect(text).toMatch(/ingest\s+\S+\s+empty\.txt\s+1\s+the file is empty/);
  });

  test('the command prints JSON with the stale count, and a table; a document built by older rules counts as stale', async () => {
    running = await startPipeline(config);
    fs.writeFileSync(path.join(dirs.inbox, 'one.txt'), story);
    fs.writeFileSync(path.join(dirs.inbox, 'two.txt'), story.replace('Fire crews', 'Harbour crews').replace(/^.*$/m, 'Second headline'));
    await waitFor(async () => (await running!.app.queues.publish.getJobCounts('completed')).completed === 2, 'two documents');
    // make one document look as if older rules produced it
    const docs = path.join(dirs.dataDir, 'documents');
    const [first] = fs.readdirSync(docs).sort();
    const current = path.join(docs, first!, 'current.json');
    const env = JSON.parse(fs.readFileSync(current, 'utf8'));
    env.provenance.rulesHash = '0000000000000000';
    fs.writeFileSync(current, JSON.stringify(env));
    await running.app.redis.hdel(`${config.keyPrefix}:provenance`, first!);

    const json = await runCli(['status', '--json'], cliEnv(config));
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as StatusReport;
    expect(report.queues.map((q) => [q.name, q.counts.completed, q.workers])).toEqual([
      ['ingest', 2, 1],
      ['publish', 2, 1],
    ]);
    expect(report.documents).toMatchObject({ store: 'filesystem', total: 2, stale: 1 });

    const table = await runCli(['status'], cliEnv(config));
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^QUEUE\s+STATE\s+WAITING/m);
    expect(table.stdout).toMatch(/Documents in the filesystem store: 2; 1 stale/);
  });

  test('status stops at once with a clear message when Redis does not answer', async () => {
    const started = Date.now();
    const r = await runCli(['status'], cliEnv(config, { REDIS_URL: 'redis://127.0.0.1:1' }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^copydesk: Redis does not answer at redis:\/\/127\.0\.0\.1:1/);
    expect(r.stderr).toMatch(/Is Redis running\?/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
