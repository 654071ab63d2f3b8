// Drop files into a real inbox with the real Redis and see what comes out.
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../src/ninjs/envelope.js';
import { fixturesDir } from '../helpers/fixture-pipeline.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

const story = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'));

function documents(dataDir: string): string[] {
  const root = path.join(dataDir, 'documents');
  return fs.existsSync(root) ? fs.readdirSync(root) : [];
}

function versionsOf(dataDir: string, id: string): string[] {
  return fs.readdirSync(path.join(dataDir, 'documents', id, 'versions'));
}

describe('the pipeline end to end on real Redis', () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  beforeEach(async () => {
    dirs = makeTempDirs();
    running = await startPipeline(testConfig(dirs));
  });
  afterEach(async () => {
    await running.stop();
    dirs.remove();
  });

  test('a file dropped into the inbox comes out as a published document', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'harbour-fire.txt'), story);
    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the document');
    const current = await waitFor(() => {
      const f = path.join(dirs.dataDir, 'documents', id!, 'current.json');
      return fs.existsSync(f) && (JSON.parse(fs.readFileSync(f, 'utf8')) as Envelope);
    }, 'current.json');
    expect(current.ninjs.bodies[0]!.value).toMatch(/^PORTVALE – Fire crews/);
    expect(current.source.originalName).toBe('harbour-fire.txt');
    expect(fs.existsSync(current.source.path)).toBe(true); // the raw original stays in the archive
    expect(fs.readdirSync(dirs.inbox)).toEqual([]);
    // the envelope staged for the publish job is removed once that job has completed
    await waitFor(() => fs.readdirSync(running.app.stagingDir).length === 0, 'data/staged to empty');
  });

  test('the same bytes dropped twice make one job and one document version', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'harbour-fire.txt'), story);
    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the document');
    await waitFor(() => fs.existsSync(path.join(dirs.dataDir, 'documents', id!, 'current.json')), 'current.json');
    fs.writeFileSync(path.join(dirs.inbox, 'harbour-fire (1).txt'), story);
    await waitFor(() => fs.readdirSync(dirs.inbox).length === 0, 'the inbox to empty');
    const counts = await running.app.queues.ingest.getJobCounts('completed', 'waiting', 'active', 'failed', 'prioritized');
    expect(counts).toMatchObject({ completed: 1, waiting: 0, active: 0, failed: 0, prioritized: 0 });
    expect(versionsOf(dirs.dataDir, id!)).toEqual(['v000001.json']);
  });

  test('an empty and a binary file go to failed/ with a readable reason, and a good file after them still publishes', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'empty.txt'), '');
    fs.writeFileSync(path.join(dirs.inbox, 'photo.bin'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 0, 1, 2, 3, 0, 0, 0, 0]));
    await waitFor(() => fs.existsSync(path.join(dirs.failedDir, 'empty.txt.error.json')) && fs.existsSync(path.join(dirs.failedDir, 'photo.bin.error.json')), 'both failures');
    fs.writeFileSync(path.join(dirs.inbox, 'harbour-fire.txt'), story);
    await waitFor(() => documents(dirs.dataDir).length === 1, 'the good document');

    const empty = JSON.parse(fs.readFileSync(path.join(dirs.failedDir, 'empty.txt.error.json'), 'utf8'));
    const binary = JSON.parse(fs.readFileSync(path.join(dirs.failedDir, 'photo.bin.error.json'), 'utf8'));
    expect(empty).toMatchObject({ code: 'EMPTY_FILE', originalName: 'empty.txt', attempts: 1 });
    expect(empty.reason).toMatch(/empty/);
    expect(binary).toMatchObject({ code: 'BINARY', attempts: 1 });
    expect(binary.reason).toMatch(/binary/);
    expect(fs.existsSync(path.join(dirs.failedDir, 'photo.bin'))).toBe(true);
    // permanent errors are not retried
    const failed = await running.app.queues.ingest.getFailed();
    expect(failed.map((j) => j.attemptsMade).sort()).toEqual([1, 1]);
  });

  test('files already in the inbox at start-up are picked up, dot-files and temporary names are left alone', async () => {
    await running.stop();
    fs.writeFileSync(path.join(dirs.inbox, 'harbour-fire.txt'), story);
    fs.writeFileSync(path.join(dirs.inbox, '.hidden.txt'), story);
    fs.writeFileSync(path.join(dirs.inbox, 'incoming.txt.part'), story);
    running = await startPipeline(testConfig(dirs));
    await waitFor(() => documents(dirs.dataDir).length === 1, 'the document');
    expect(fs.readdirSync(dirs.inbox).sort()).toEqual(['.hidden.txt', 'incoming.txt.part']);
  });

  test('a file renamed into the inbox from a temporary name is processed once', async () => {
    const tmp = path.join(dirs.inbox, 'harbour-fire.txt.tmp');
    fs.writeFileSync(tmp, story);
    fs.renameSync(tmp, path.join(dirs.inbox, 'harbour-fire.txt'));
    await waitFor(() => documents(dirs.dataDir).length === 1, 'the document');
    await waitFor(() => fs.readdirSync(dirs.inbox).length === 0, 'the inbox to empty');
  });

  test('a slow writer is only taken once the file stops growing', async () => {
    const file = path.join(dirs.inbox, 'harbour-fire.txt');
    const fd = fs.openSync(file, 'w');
    for (let i = 0; i < story.length; i += 200) {
      fs.writeSync(fd, story.subarray(i, i + 200));
      await new Promise((r) => setTimeout(r, 40));
    }
    fs.closeSync(fd);
    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the document');
    const current = await waitFor(() => {
      const f = path.join(dirs.dataDir, 'documents', id!, 'current.json');
      return fs.existsSync(f) && (JSON.parse(fs.readFileSync(f, 'utf8')) as Envelope);
    }, 'current.json');
    expect(current.source.bytes).toBe(story.length);
  });
});
