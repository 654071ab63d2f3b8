import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { InboxWatcher } from '../../../src/watcher/inbox-watcher.js';
import { FailedArea } from '../../../src/watcher/failed-area.js';
import { RawArchive } from '../../../src/watcher/raw-archive.js';
import type { IngestJobData } from '../../../src/queues/queues.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { waitFor } from '../../helpers/wait-for.js';

describe('InboxWatcher with watcher.stabilityMs 0 (files that arrive whole, by rename)', () => {
  let dirs: TempDirs;
  let watcher: InboxWatcher;
  let queued: IngestJobData[];
  beforeEach(async () => {
    dirs = makeTempDirs();
    queued = [];
    const archive = new RawArchive(dirs.dataDir);
    await archive.init();
    const failed = new FailedArea(dirs.failedDir);
    await failed.init();
    watcher = new InboxWatcher({
      inbox: dirs.inbox,
      stabilityMs: 0,
      pollMs: 50,
      archive,
      failed,
      logger: pino({ level: 'silent' }),
      priorityOf: () => 5,
      enqueue: async (job) => void queued.push(job),
    });
    await watcher.start();
  });
  afterEach(async () => {
    await watcher.stop();
    dirs.remove();
  });

  test('admits each file renamed into the inbox once, and never its temporary dot-name', async () => {
    for (const name of ['one.txt', 'two.txt', 'three.txt']) {
      const tmp = path.join(dirs.inbox, `.${name}.part`);
      fs.writeFileSync(tmp, `The copy of ${name}.`);
      fs.renameSync(tmp, path.join(dirs.inbox, name));
    }
    await waitFor(() => queued.length >= 3 && fs.readdirSync(dirs.inbox).length === 0, 'three files admitted');
    expect(queued.map((j) => j.originalName).sort()).toEqual(['one.txt', 'three.txt', 'two.txt']);
    expect(queued.map((j) => fs.readFileSync(j.rawPath, 'utf8')).sort()).toEqual(['The copy of one.txt.', 'The copy of three.txt.', 'The copy of two.txt.']);
  });
});
