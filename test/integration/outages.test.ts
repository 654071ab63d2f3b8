// Outages on real processes: Redis down when the watcher starts (it waits, says so, keeps the files in the inbox
// and catches up when a redis-server comes up on that port), and a store that fails (publish jobs retry with
// backoff, `copydesk status` shows them retrying, and they succeed once the store is back).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { spawnCopydesk, type CliProcess } from '../helpers/cli-process.js';
import { readOutcomes } from '../helpers/outcomes.js';
import { cliEnv, runCli } from '../helpers/run-cli.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';
import { freePort, hasRedisServer } from '../helpers/free-port.js';

function story(marker: string): string {
  return (
    `Outage report ${marker}\n\n` +
    `PORTVALE – Crews restored power to the harbour district on Tuesday, officials said (${marker}).\n\n` +
    `The utility said the fault, reported as ${marker}, had been traced to a flooded substation.\n`
  );
}



describe('outages', () => {
  let dirs: TempDirs;
  let running: RunningPipeline | undefined;
  let watcher: CliProcess | undefined;
  let redisServer: ChildProcess | undefined;
  beforeEach(() => {
    dirs = makeTempDirs('copydesk-outage-');
  });
  afterEach(async () => {
    watcher?.child.kill('SIGKILL');
    await running?.stop();
    if (redisServer && redisServer.exitCode === null) {
      redisServer.kill('SIGKILL');
      await new Promise((r) => redisServer!.once('exit', r));
    }
    running = watcher = redisServer = undefined;
    dirs.remove();
  });

  (hasRedisServer ? test : test.skip)('Redis down at start-up: the watcher waits with a clear log line, the files stay in the inbox, and it catches up when Redis comes', async () => {
    const port = await freePort();
    const config: Config = testConfig(dirs, { redisUrl: `redis://127.0.0.1:${port}` });
    const names = ['one.txt', 'two.txt', 'three.txt'];
    for (const n of names) fs.writeFileSync(path.join(dirs.inbox, n), story(n));
    watcher = spawnCopydesk(['watch', '--no-redis-autostart'], dirs, config, { COPYDESK_LOG_LEVEL: 'info' });
    await waitFor(() => watcher!.stderr().includes(`Redis is not answering at redis://127.0.0.1:${port}; the inbox watcher waits and retries`), 'the waiting log line', 30_000);
    await new Promise((r) => setTimeout(r, 1000));
    expect(fs.readdirSync(dirs.inbox).sort()).toEqual([...names].sort()); // nothing taken while nothing can queue it
    expect(fs.readdirSync(path.join(dirs.dataDir, 'pending')).filter((n) => n.endsWith('.json'))).toEqual([]);
    expect(watcher.child.exitCode).toBeNull(); // still running

    const redisDir = path.join(dirs.root, 'redis');
    fs.mkdirSync(redisDir);
    redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', redisDir], { stdio: 'ignore' });
    running = await startPipeline(config, { watcher: false }); // workers on the Redis that just came up
    const o = await waitFor(() => {
      const out = readOutcomes(dirs.dataDir, dirs.failedDir);
      return names.every((n) => out.published.has(n)) && out;
    }, 'the files to be published once Redis answers', 40_000, 200);
    for (const n of names) expect(o.published.get(n)).toHaveLength(1);
    expect(fs.readdirSync(dirs.inbox)).toEqual([]);
    expect(watcher.stderr()).toContain('Redis answers again');
  }, 90_000);

  test('a store that fails: publish jobs retry with backoff, status shows them, and they succeed once it is back', async () => {
    // backoff long enough that the job is still waiting for its third try when `status` (a CLI start, up to a second
    // on a busy machine) reads the queue: with 300 ms its 600 ms wait could end first (seen in CI)
    const config = testConfig(dirs, { 'worker.attempts': 12, 'worker.backoffMs': 1000 });
    running = await startPipeline(config);
    // the filesystem store cannot write: its folder is replaced by a file
    const documents = path.join(dirs.dataDir, 'documents');
    fs.renameSync(documents, `${documents}.away`);
    fs.writeFileSync(documents, 'not a folder');
    fs.writeFileSync(path.join(dirs.inbox, 'while-down.txt'), story('while the store is down'));

    const publish = running.app.queues.publish;
    await waitFor(async () => (await publish.getDelayed()).some((j) => j.attemptsMade >= 2), 'the publish job to have failed twice and wait for its next try', 30_000);
    const r = await runCli(['status', '--json', '--no-documents'], cliEnv(config));
    expect(r.code).toBe(0);
    const status = JSON.parse(r.stdout) as { queues: Array<{ name: string; counts: { delayed: number; failed: number }; retrying?: { count: number; jobs: Array<{ sourceFile?: string; attempts: number; maxAttempts: number; lastError: string }> } }> };
    const q = status.queues.find((x) => x.name === 'publish')!;
    expect(q.counts.delayed).toBeGreaterThanOrEqual(1);
    expect(q.counts.failed).toBe(0);
    expect(q.retrying?.count).toBe(1);
    expect(q.retrying?.jobs[0]).toMatchObject({ sourceFile: 'while-down.txt', maxAttempts: 12 });
    expect(q.retrying!.jobs[0]!.attempts).toBeGreaterThanOrEqual(2);
    expect(q.retrying!.jobs[0]!.lastError).toMatch(/ENOTDIR|EEXIST|not a directory/i);
    const text = await runCli(['status', '--no-documents'], cliEnv(config));
    expect(text.stdout).toMatch(/Retrying after a failed try \(publish 1;/);
    expect(text.stdout).toMatch(/while-down\.txt/);

    // the store comes back
    fs.rmSync(documents);
    fs.renameSync(`${documents}.away`, documents);
    const published = await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).published.get('while-down.txt'), 'the publish to succeed', 40_000, 200);
    expect(published).toHaveLength(1);
    await waitFor(async () => (await publish.getCompletedCount()) === 1, 'the publish job to complete');
    expect(await publish.getFailedCount()).toBe(0);
  }, 90_000);
});
