// Wire mapping on the real Redis: versions and kills of one guid land on one document, an embargo holds the
// publish job until its time, and a flash overtakes routine copy already queued.
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../src/ninjs/envelope.js';
import { sniffUrgency } from '../../src/formats/sniff-urgency.js';
import { priorityForUrgency, PRIORITY } from '../../src/queues/queues.js';
import { startIngestWorker } from '../../workers/ingest-worker.js';
import { fixturesDir } from '../helpers/fixture-pipeline.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

const update = fs.readFileSync(path.join(fixturesDir, 'wire/harbour-update.g2.xml'), 'utf8');
const kill = fs.readFileSync(path.join(fixturesDir, 'wire/harbour-kill.g2.xml'), 'utf8');

const documents = (dataDir: string): string[] => {
  const root = path.join(dataDir, 'documents');
  return fs.existsSync(root) ? fs.readdirSync(root) : [];
};
const current = (dataDir: string, id: string): Envelope | undefined => {
  const f = path.join(dataDir, 'documents', id, 'current.json');
  return fs.existsSync(f) ? (JSON.parse(fs.readFileSync(f, 'utf8')) as Envelope) : undefined;
};
const versions = (dataDir: string, id: string): Envelope[] =>
  fs.readdirSync(path.join(dataDir, 'documents', id, 'versions')).sort().map((v) => JSON.parse(fs.readFileSync(path.join(dataDir, 'documents', id, 'versions', v), 'utf8')) as Envelope);

describe('wire mapping on real Redis', () => {
  let dirs: TempDirs;
  let running: RunningPipeline | undefined;
  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    dirs.remove();
  });

  test('an update then a kill of one guid make one document whose last version is canceled, and a late re-send does not revive it', async () => {
    running = await startPipeline(testConfig(dirs));
    fs.writeFileSync(path.join(dirs.inbox, 'crane-v3.xml'), update);
    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the document');
    await waitFor(() => current(dirs.dataDir, id!)?.ninjs.pubstatus === 'usable', 'the usable version');
    fs.writeFileSync(path.join(dirs.inbox, 'crane-kill.xml'), kill);
    await waitFor(() => current(dirs.dataDir, id!)?.ninjs.pubstatus === 'canceled', 'the kill');
    // the same story re-sent with a change after the kill
    fs.writeFileSync(path.join(dirs.inbox, 'crane-v3-again.xml'), update.replace('six weeks', 'seven weeks'));
    await waitFor(async () => (await running!.app.queues.publish.getJobCounts('completed')).completed === 3, 'the third publish');
    expect(documents(dirs.dataDir)).toEqual([id]);
    expect(versions(dirs.dataDir, id!).map((v) => v.ninjs.pubstatus)).toEqual(['usable', 'canceled']);
    expect(current(dirs.dataDir, id!)!.ninjs.pubstatus).toBe('canceled');
  });

  test('an embargoed item is held as a delayed publish job and published at its time', async () => {
    running = await startPipeline(testConfig(dirs));
    const embargo = new Date(Date.now() + 4000);
    const held = update.replace('<pubStatus qcode="stat:usable"/>', `<pubStatus qcode="stat:usable"/><embargoed>${embargo.toISOString()}</embargoed>`);
    fs.writeFileSync(path.join(dirs.inbox, 'crane-embargoed.xml'), held);
    await waitFor(async () => (await running!.app.queues.publish.getDelayed()).length === 1, 'the delayed publish job');
    expect(documents(dirs.dataDir)).toEqual([]);
    const [job] = await running.app.queues.publish.getDelayed();
    expect(job!.opts.delay).toBeGreaterThan(2000);

    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the document after the embargo', 15_000);
    await waitFor(() => current(dirs.dataDir, id!), 'current.json');
    expect(Date.now()).toBeGreaterThanOrEqual(embargo.getTime() - 50);
    expect(Date.parse(current(dirs.dataDir, id!)!.ninjs.embargoed!)).toBe(embargo.getTime());
  }, 30_000);

  test('a kill of an embargoed story is published at once, before the embargo', async () => {
    running = await startPipeline(testConfig(dirs));
    const embargo = new Date(Date.now() + 60_000);
    const embargoed = (xml: string) => xml.replace(/<pubStatus qcode="(stat:\w+)"\/>/, `<pubStatus qcode="$1"/><embargoed>${embargo.toISOString()}</embargoed>`);
    fs.writeFileSync(path.join(dirs.inbox, 'crane-embargoed.xml'), embargoed(update));
    await waitFor(async () => (await running!.app.queues.publish.getDelayed()).length === 1, 'the held update');
    fs.writeFileSync(path.join(dirs.inbox, 'crane-kill.xml'), embargoed(kill));
    const [id] = await waitFor(() => documents(dirs.dataDir).length === 1 && documents(dirs.dataDir), 'the kill');
    await waitFor(() => current(dirs.dataDir, id!)?.ninjs.pubstatus === 'canceled', 'the canceled document');
    expect(Date.now()).toBeLessThan(embargo.getTime());
  });

  test('an ANPA flash overtakes 1,000 routine files already queued', async () => {
    const config = testConfig(dirs, { 'worker.concurrency': 1 });
    running = await startPipeline(config, { workers: false, watcher: false });
    const app = running.app;
    const routine = Buffer.from('PORTVALE – The harbour board met on Tuesday to discuss the budget.\n\nIt will meet again next month.\n');
    const routineRaw = path.join(dirs.dataDir, 'routine.txt');
    fs.writeFileSync(routineRaw, routine);
    const routinePriority = priorityForUrgency(sniffUrgency(routine));
    expect(routinePriority).toBe(PRIORITY.routine);
    const jobs = Array.from({ length: 1000 }, (_, i) => ({
      name: 'ingest',
      data: { sha256: `routine-${i}`, rawPath: routineRaw, originalName: `routine-${i}.txt`, bytes: routine.length, receivedAt: new Date().toISOString(), reason: 'inbox' as const },
      opts: { jobId: `routine-${i}`, priority: routinePriority },
    }));
    await app.queues.ingest.addBulk(jobs);

    const flash = Buffer.from('\x16\x16\x01W1645\x1fwire\nf a\x13\x11 BC-APNewsAlert     01-05 0020\n\x02^BC-APNewsAlert,20<\n\t   PORTVALE (AP) _ The harbour crane has collapsed, officials say.\n\x03\n', 'latin1');
    const flashRaw = path.join(dirs.dataDir, 'flash.tst');
    fs.writeFileSync(flashRaw, flash);
    const flashPriority = priorityForUrgency(sniffUrgency(flash));
    expect(flashPriority).toBe(PRIORITY.flash);
    await app.enqueueIngest({ sha256: 'flash', rawPath: flashRaw, originalName: 'flash.tst', bytes: flash.length, receivedAt: new Date().toISOString(), reason: 'inbox' }, flashPriority);

    const order: string[] = [];
    const worker = startIngestWorker(app, 1);
    worker.on('completed', (job) => order.push(job.id!));
    try {
      await waitFor(() => order.includes('flash'), 'the flash to be processed');
    } finally {
      await worker.close();
    }
    expect(order[0]).toBe('flash');
    const staged = JSON.parse(fs.readFileSync(path.join(app.stagingDir, 'flash.json'), 'utf8')) as Envelope;
    expect(staged.ninjs.urgency).toBe(1);
    expect(staged.source.format).toBe('anpa-1312');
  }, 60_000);
});
