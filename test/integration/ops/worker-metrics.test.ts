// Processes started separately: a worker serves its own /metrics with --metrics-port, and `status --watch`
// refreshes until interrupted.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { cliEnv, cliPath } from '../../helpers/run-cli.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('separate processes', () => {
  let dirs: TempDirs;
  let queueSide: RunningPipeline;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    child = undefined;
    await queueSide?.stop();
    dirs.remove();
  });

  test('copydesk worker --metrics-port serves that worker\'s counters and health, not the dashboard', async () => {
    const config = testConfig(dirs);
    queueSide = await startPipeline(config, { workers: false });
    const port = await freePort();
    child = spawn(process.execPath, [cliPath, 'worker', '--no-redis-autostart', '--metrics-port', String(port)], { env: cliEnv(config), stdio: 'ignore' });
    const metrics = () => fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    await waitFor(() => metrics(), 'the worker\'s metrics port', 20_000, 200);
    fs.copyFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), path.join(dirs.inbox, 'harbour-fire.txt'));
    const text = await waitFor(async () => {
      const t = await metrics();
      return /copydesk_documents_published_total\{[^}]*status="created"\} 1/.test(t) && t;
    }, 'the worker to count the published document');
    expect(text).toMatch(/copydesk_stage_duration_seconds_count\{stage="tag"\} 1/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/admin/queues`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${port}/documents`)).status).toBe(404);
  });

  test('status --watch prints a fresh report each interval and stops cleanly on SIGINT', async () => {
    const config = testConfig(dirs);
    queueSide = await startPipeline(config, { watcher: false, workers: false });
    child = spawn(process.execPath, [cliPath, 'status', '--watch', '--interval', '0.2', '--json', '--no-documents'], { env: cliEnv(config), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    await waitFor(() => out.split('\n').filter(Boolean).length >= 3, 'three reports');
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    const reports = out.split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(new Set(reports.map((r) => r.at)).size).toBe(reports.length);
    expect(reports[0].queues.map((q: { name: string }) => q.name)).toEqual(['ingest', 'publish']);
  });
});
