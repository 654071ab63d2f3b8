import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { admitFile, recoverPending } from '../../../src/watcher/admit-file.js';
import { FailedArea } from '../../../src/watcher/failed-area.js';
import { RawArchive } from '../../../src/watcher/raw-archive.js';
import { isIgnoredName } from '../../../src/watcher/inbox-watcher.js';
import type { IngestJobData } from '../../../src/queues/queues.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

describe('admitFile', () => {
  let dirs: TempDirs;
  let queued: IngestJobData[];
  let deps: Parameters<typeof admitFile>[1];
  beforeEach(async () => {
    dirs = makeTempDirs();
    queued = [];
    const archive = new RawArchive(dirs.dataDir);
    await archive.init();
    const failed = new FailedArea(dirs.failedDir);
    await failed.init();
    deps = { archive, failed, logger: pino({ level: 'silent' }), priorityOf: () => 5, enqueue: async (job) => void queued.push(job) };
  });
  afterEach(() => dirs.remove());

  test('moves the file into the archive under its sha256 and queues a job that refers to it', async () => {
    const file = path.join(dirs.inbox, 'story.txt');
    fs.writeFileSync(file, 'Some copy.');
    const outcome = await admitFile(file, deps);
    expect(outcome.kind).toBe('queued');
    expect(fs.existsSync(file)).toBe(false);
    expect(queued).toHaveLength(1);
    expect(fs.readFileSync(queued[0]!.rawPath, 'utf8')).toBe('Some copy.');
    expect(queued[0]).toMatchObject({ originalName: 'story.txt', bytes: 10, reason: 'inbox' });
    expect(await deps.archive.pending()).toEqual([]);
  });

  test('the same bytes admitted under ten names at once keep every name in the archive metadata', async () => {
    const names = Array.from({ length: 10 }, (_, i) => `copy-${i}.txt`);
    for (const n of names) fs.writeFileSync(path.join(dirs.inbox, n), 'Same copy, dropped ten times.');
    const outcomes = await Promise.all(names.map((n) => admitFile(path.join(dirs.inbox, n), deps)));
    expect(outcomes.map((o) => o.kind)).toEqual(names.map(() => 'queued'));
    const sha256 = (outcomes[0] as { sha256: string }).sha256;
    expect((await deps.archive.readMeta(sha256))!.names.sort()).toEqual(names);
  });

  test('gives the same bytes under two names one archived original', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'a.txt'), 'Same copy.');
    fs.writeFileSync(path.join(dirs.inbox, 'b.txt'), 'Same copy.');
    await admitFile(path.join(dirs.inbox, 'a.txt'), deps);
    await admitFile(path.join(dirs.inbox, 'b.txt'), deps);
    expect(queued[0]!.sha256).toBe(queued[1]!.sha256);
    expect((await deps.archive.readMeta(queued[0]!.sha256))?.names).toEqual(['a.txt', 'b.txt']);
  });

  test('sets aside a symbolic link without following it, and a folder, each with a reason', async () => {
    fs.symlinkSync('/etc/passwd', path.join(dirs.inbox, 'link.txt'));
    fs.mkdirSync(path.join(dirs.inbox, 'folder'));
    expect((await admitFile(path.join(dirs.inbox, 'link.txt'), deps)).kind).toBe('rejected');
    expect((await admitFile(path.join(dirs.inbox, 'folder'), deps)).kind).toBe('rejected');
    expect(queued).toEqual([]);
    const link = JSON.parse(fs.readFileSync(path.join(dirs.failedDir, 'link.txt.error.json'), 'utf8'));
    expect(link).toMatchObject({ code: 'OUTSIDE_INBOX' });
    expect(link.reason).toMatch(/symbolic link/);
    expect(fs.lstatSync(path.join(dirs.failedDir, 'link.txt')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dirs.failedDir, 'folder.error.json'), 'utf8')).code).toBe('NOT_A_FILE');
  });

  test('re-queues a file that a crash left between the move and the enqueue', async () => {
    const file = path.join(dirs.inbox, 'story.txt');
    fs.writeFileSync(file, 'Copy.');
    const crashing = { ...deps, enqueue: async () => Promise.reject(new Error('killed')) };
    await expect(admitFile(file, crashing)).rejects.toThrow('killed');
    expect(queued).toEqual([]);
    expect(await recoverPending(deps)).toBe(1);
    expect(queued).toHaveLength(1);
    expect(await deps.archive.pending()).toEqual([]);
  });
});

describe('isIgnoredName', () => {
  test.each(['.hidden', 'story.txt.tmp', 'x.part', 'draft~', '~$doc.txt', 'a.crdownload'])('ignores %s', (name) => {
    expect(isIgnoredName(name)).toBe(true);
  });
  test.each(['story.txt', 'AP-1234.xml', 'wire.json'])('accepts %s', (name) => {
    expect(isIgnoredName(name)).toBe(false);
  });
});
