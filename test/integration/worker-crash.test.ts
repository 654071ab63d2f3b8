// A worker process killed mid-job: the job is taken back as stalled and finished by another worker, and the
// document gets exactly one version.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { admitFile } from '../../src/watcher/admit-file.js';
import { fixturesDir } from '../helpers/fixture-pipeline.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { REDIS_URL, testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

const cli = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'copydesk.js');

describe('a worker killed mid-job', () => {
  let dirs: TempDirs;
  let queueSide: RunningPipeline | undefined;
  let rescuer: RunningPipeline | undefined;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(async () => {
    child?.kill('SIGKILL');
    await rescuer?.stop();
    await queueSide?.stop();
    dirs.remove();
  });

  test('has its job finished by another worker with no duplicate version', async () => {
    const config = testConfig(dirs);
    // this process only queues; the child process is the first worker
    queueSide = await startPipeline(config, { watcher: false, workers: false });
    child = spawn(process.execPath, [cli, 'worker', '--no-redis-autostart'], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        REDIS_URL,
        COPYDESK_KEY_PREFIX: config.keyPrefix,
        COPYDESK_INBOX: dirs.inbox,
        COPYDESK_DATA_DIR: dirs.dataDir,
        COPYDESK_FAILED_DIR: dirs.failedDir,
        COPYDESK_STALLED_MS: '2000',
        COPYDESK_LOG_LEVEL: 'silent',
        COPYDESK_DRILL_DELAY_MS: '60000',
      },
      stdio: 'ignore',
    });
    const file = path.join(dirs.inbox, 'harbour-fire.txt');
    fs.copyFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), file);
    const outcome = await admitFile(file, {
      archive: queueSide.app.archive,
      failed: queueSide.app.failed,
      logger: queueSide.app.logger,
      priorityOf: () => 5,
      enqueue: (job, priority) => queueSide!.app.enqueueIngest(job, priority),
    });
    expect(outcome.kind).toBe('queued');
    const ingest = queueSide.app.queues.ingest;
    await waitFor(async () => (await ingest.getActiveCount()) === 1, 'the child worker to take the job');
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));

    rescuer = await startPipeline(config, { watcher: false });
    const docs = path.join(dirs.dataDir, 'documents');
    const [id] = await waitFor(() => fs.existsSync(docs) && fs.readdirSync(docs).length === 1 && fs.readdirSync(docs), 'the document', 30_000);
    await waitFor(async () => (await queueSide!.app.queues.publish.getCompletedCount()) === 1, 'the publish job');
    expect(fs.readdirSync(path.join(docs, id!, 'versions'))).toEqual(['v000001.json']);
    // the rescued ingest job is marked completed just after it queues the publish, which may already have run
    const job = await ingest.getJob((outcome as { sha256: string }).sha256);
    await waitFor(async () => (await job?.getState()) === 'completed', 'the rescued ingest job to complete');
    expect(await ingest.getFailedCount()).toBe(0);
  }, 60_000);
});
