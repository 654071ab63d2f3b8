// A real crash (SIGKILL) at each point of a file's way through copydesk, on real Redis: after the move out of
// the inbox and before the enqueue, mid-publish (after the store has it / between the version file and
// current.json), and the watcher killed in the middle of a burst. Each file ends published exactly once.
// (A worker killed mid-processing: test/integration/worker-crash.test.ts.)
import fs from 'node:fs';
import { jest } from '@jest/globals';
import path from 'node:path';
import type { Config } from '../../src/config/schema.js';
import { admitFile } from '../../src/watcher/admit-file.js';
import { spawnCopydesk, type CliProcess } from '../helpers/cli-process.js';
import { readOutcomes } from '../helpers/outcomes.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

// These drills SIGKILL real worker processes and race BullMQ's stalled-job checker; on a loaded machine a drill can
// miss its window (the record appears after the wait ends). A drill that fails is run again, up to twice, with the
// failure printed; a broken guarantee fails every try.
jest.retryTimes(2, { logErrorsBeforeRetry: true });

function story(marker: string): string {
  return (
    `Harbour report ${marker}\n\n` +
    `PORTVALE – Crews worked through the night at the harbour, officials said on Tuesday (${marker}).\n\n` +
    'The council said the work would be finished before the end of the month.\n'
  );
}

/** Every document's version files, by document id. */
function versionsById(dataDir: string): Map<string, string[]> {
  const docs = path.join(dataDir, 'documents');
  const out = new Map<string, string[]>();
  for (const id of fs.existsSync(docs) ? fs.readdirSync(docs) : []) {
    const dir = path.join(docs, id, 'versions');
    out.set(id, fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^v\d+\.json$/.test(n)) : []);
  }
  return out;
}

describe('a crash at each point of the way', () => {
  let dirs: TempDirs;
  let config: Config;
  let queueSide: RunningPipeline | undefined;
  let rescuer: RunningPipeline | undefined;
  let proc: CliProcess | undefined;
  beforeEach(() => {
    dirs = makeTempDirs('copydesk-crash-');
    config = testConfig(dirs);
  });
  afterEach(async () => {
    proc?.child.kill('SIGKILL');
    await rescuer?.stop();
    await queueSide?.stop();
    queueSide = rescuer = proc = undefined;
    dirs.remove();
  });

  test('after the move out of the inbox, before the enqueue: re-queued at the next start, published once', async () => {
    proc = spawnCopydesk(['watch', '--no-redis-autostart'], dirs, config, { COPYDESK_DRILL_CRASH_AT: 'after-move' });
    // the watcher is up once it has made the archive; then drop the file
    await waitFor(() => fs.existsSync(path.join(dirs.dataDir, 'pending')), 'the watcher to start');
    await new Promise((r) => setTimeout(r, 500));
    fs.writeFileSync(path.join(dirs.inbox, 'moved.txt'), story('moved, not queued'));
    expect(await proc.exited).toBe('SIGKILL');

    // what the crash left: the file out of the inbox, in the archive, with its pending marker, and no job
    expect(fs.readdirSync(dirs.inbox)).toEqual([]);
    const pending = fs.readdirSync(path.join(dirs.dataDir, 'pending'));
    expect(pending).toHaveLength(1);
    const sha256 = pending[0]!.replace(/\.json$/, '');
    rescuer = await startPipeline(config); // watcher start-up recovers pending markers
    const published = await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).published.get('moved.txt'), 'the file to be published');
    expect(published).toHaveLength(1);
    expect(published[0]!.source.sha256).toBe(sha256);
    expect(fs.readdirSync(path.join(dirs.dataDir, 'pending'))).toEqual([]);
  }, 60_000);

  test.each([
    ['after the store has the document, before the job is marked done', 'after-publish'],
    ['between the version file and current.json', 'after-version-file'],
  ])('mid-publish (%s): the retried publish adds no version and completes current.json', async (_label, point) => {
    queueSide = await startPipeline(config, { watcher: false, workers: false });
    proc = spawnCopydesk(['worker', '--no-redis-autostart'], dirs, config, { COPYDESK_DRILL_CRASH_AT: point });
    const file = path.join(dirs.inbox, 'mid-publish.txt');
    fs.writeFileSync(file, story(`mid-publish ${point}`));
    const outcome = await admitFile(file, {
      archive: queueSide.app.archive,
      failed: queueSide.app.failed,
      logger: queueSide.app.logger,
      priorityOf: () => 5,
      enqueue: (job, priority) => queueSide!.app.enqueueIngest(job, priority),
    });
    expect(outcome.kind).toBe('queued');
    expect(await proc.exited).toBe('SIGKILL');

    const [[id, versions]] = [...versionsById(dirs.dataDir)];
    expect(versions).toEqual(['v000001.json']);
    const current = path.join(dirs.dataDir, 'documents', id!, 'current.json');
    expect(fs.existsSync(current)).toBe(point === 'after-publish');
    const publish = queueSide.app.queues.publish;
    expect(await publish.getCompletedCount()).toBe(0); // the job died with its worker

    rescuer = await startPipeline(config, { watcher: false });
    await waitFor(async () => (await publish.getCompletedCount()) === 1, 'the publish job to be taken back and finished', 30_000);
    expect(versionsById(dirs.dataDir).get(id!)).toEqual(['v000001.json']);
    expect(JSON.parse(fs.readFileSync(current, 'utf8')).version).toBe(1);
    expect(await publish.getFailedCount()).toBe(0);
  }, 60_000);

  test('the watcher killed in the middle of a burst and started again: every file published once', async () => {
    const FILES = 150;
    queueSide = await startPipeline(config, { watcher: false }); // workers here, the watcher in a child process
    proc = spawnCopydesk(['watch', '--no-redis-autostart'], dirs, config);
    await waitFor(() => fs.existsSync(path.join(dirs.dataDir, 'pending')), 'the watcher to start');
    for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(dirs.inbox, `burst-${i}.txt`), story(`burst ${i}`));
    await waitFor(() => fs.readdirSync(dirs.inbox).length < FILES - 10, 'the watcher to take some files', 30_000, 10);
    proc.child.kill('SIGKILL');
    await proc.exited;
    const left = fs.readdirSync(dirs.inbox).length;
    proc = spawnCopydesk(['watch', '--no-redis-autostart'], dirs, config);
    const done = await waitFor(
      () => {
        const o = readOutcomes(dirs.dataDir, dirs.failedDir);
        return Array.from({ length: FILES }, (_, i) => `burst-${i}.txt`).every((n) => o.published.has(n)) && o;
      },
      'every file to be published',
      60_000,
      200,
    );
    for (const [name, versions] of done.published) expect({ name, versions: versions.length }).toEqual({ name, versions: 1 });
    expect(done.failed.size).toBe(0);
    expect(fs.readdirSync(dirs.inbox)).toEqual([]);
    expect(left).toBeGreaterThan(0); // the kill did land in the middle of the burst
    await waitFor(() => fs.readdirSync(path.join(dirs.dataDir, 'pending')).filter((n) => n.endsWith('.json')).length === 0, 'no pending markers');
  }, 90_000);

  test('a file whose workers keep dying under it is set aside in failed/ with a reason, not retried for ever', async () => {
    queueSide = await startPipeline(config, { watcher: false, workers: false });
    const file = path.join(dirs.inbox, 'poison.txt');
    fs.writeFileSync(file, story('poison'));
    const outcome = await admitFile(file, {
      archive: queueSide.app.archive,
      failed: queueSide.app.failed,
      logger: queueSide.app.logger,
      priorityOf: () => 5,
      enqueue: (job, priority) => queueSide!.app.enqueueIngest(job, priority),
    });
    expect(outcome.kind).toBe('queued');
    const ingest = queueSide.app.queues.ingest;
    const sha256 = (outcome as { sha256: string }).sha256;
    // a worker takes the job and dies with it, again and again (each time it is taken back as stalled)
    let started = 0;
    for (let kills = 0; kills < 8; kills++) {
      proc = spawnCopydesk(['worker', '--no-redis-autostart', '--queues', 'ingest'], dirs, config, { COPYDESK_DRILL_DELAY_MS: '60000' });
      const job = await waitFor(async () => {
        const j = await ingest.getJob(sha256);
        return j && (j.attemptsStarted > started || (await j.getState()) === 'failed') && j;
      }, 'a worker to take the job', 30_000);
      started = job.attemptsStarted;
      if ((await job.getState()) === 'failed') break; // failed by this worker without running it: let it record why
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    rescuer = await startPipeline(config, { watcher: false });
    const record = await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).failed.get('poison.txt'), 'the failure record', 30_000);
    expect(record).toHaveLength(1);
    expect(record[0]!.code).toBe('STALLED');
    expect(record[0]!.reason).toMatch(/worker stopped .* more than 3 times/);
    expect(fs.readFileSync(path.join(dirs.failedDir, 'poison.txt'), 'utf8')).toContain('poison');
    expect(await (await ingest.getJob(sha256))?.getState()).toBe('failed');
    expect(versionsById(dirs.dataDir).size).toBe(0);
  }, 90_000);
});
