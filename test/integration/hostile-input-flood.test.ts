// A flood: thousands of files dropped into the inbox at once (some bad, some duplicates). None is lost: each ends
// published exactly once or in failed/ with a reason, and the inbox empties. COPYDESK_FLOOD_FILES sets the count.
import fs from 'node:fs';
import path from 'node:path';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { outcomeOf, readOutcomes } from '../helpers/outcomes.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

const FILES = Number(process.env.COPYDESK_FLOOD_FILES ?? 10_000);

function story(i: number): string {
  return (
    `Flood story ${i}\n\n` +
    `PORTVALE – Story number ${i} of the flood: crews worked at the harbour on Tuesday, officials said, and the council met.\n\n` +
    `The council said item ${i} would be dealt with before the end of the month.\n`
  );
}

describe(`${FILES} files dropped at once`, () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  beforeAll(async () => {
    dirs = makeTempDirs('copydesk-flood-');
    running = await startPipeline(testConfig(dirs, { 'worker.concurrency': 16, 'watcher.stabilityMs': 300, 'watcher.pollMs': 100 }));
  });
  afterAll(async () => {
    await running?.stop();
    dirs?.remove();
  });

  test('every one is published exactly once or set aside with a reason; none is lost', async () => {
    const expected = new Map<string, 'published' | 'failed'>();
    // every 50th file is binary (fails), every 40th repeats the bytes of the one before it (a duplicate, one job)
    for (let i = 0; i < FILES; i++) {
      const name = `flood-${String(i).padStart(5, '0')}.txt`;
      if (i % 50 === 49) {
        const binary = Buffer.alloc(512);
        binary.writeUInt32BE(i, 0);
        fs.writeFileSync(path.join(dirs.inbox, name), binary);
        expected.set(name, 'failed');
      } else if (i % 40 === 39) {
        fs.writeFileSync(path.join(dirs.inbox, name), story(i - 1));
        expected.set(name, 'published');
      } else {
        fs.writeFileSync(path.join(dirs.inbox, name), story(i));
        expected.set(name, 'published');
      }
    }
    await waitFor(() => fs.readdirSync(dirs.inbox).length === 0, 'the inbox to empty', 240_000, 500);
    const ingest = running.app.queues.ingest;
    const publish = running.app.queues.publish;
    await waitFor(
      async () => {
        const [i, p] = await Promise.all([ingest.getJobCounts('waiting', 'prioritized', 'active', 'delayed'), publish.getJobCounts('waiting', 'prioritized', 'active', 'delayed')]);
        return Object.values(i).every((n) => n === 0) && Object.values(p).every((n) => n === 0);
      },
      'the queues to drain',
      240_000,
      500,
    );
    const o = readOutcomes(dirs.dataDir, dirs.failedDir);
    const lost = [...expected].filter(([name]) => !outcomeOf(o, name)).map(([name]) => name);
    const wrong = [...expected].filter(([name, want]) => outcomeOf(o, name) && outcomeOf(o, name) !== want).map(([name]) => name);
    expect({ lost: lost.slice(0, 10), lostCount: lost.length }).toEqual({ lost: [], lostCount: 0 });
    expect(wrong).toEqual([]);
    // exactly once: one version per document, every document from one distinct content
    for (const [name, versions] of o.published) expect({ name, versions: versions.length }).toEqual({ name, versions: 1 });
    for (const [, records] of o.failed) expect(records[0]!.reason).toMatch(/binary/);
    expect(await running.app.archive.pending()).toEqual([]);
  }, 300_000);
});
