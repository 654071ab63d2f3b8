// Atomic file writes: write a temporary file in the same folder, fsync, then rename (or link, to refuse overwrite).
// Folders are created when a write finds them missing, not before every write. The callback fs functions are
// used (promisified): on a busy pipeline they cost less than fs/promises' FileHandle objects.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const open = promisify(fs.open);
const write = (fd: number, buf: Buffer, offset: number): Promise<number> =>
  new Promise((resolve, reject) => fs.write(fd, buf, offset, buf.length - offset, null, (err, n) => (err ? reject(err) : resolve(n))));
const writeAll = async (fd: number, data: string | Buffer): Promise<void> => {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  for (let off = 0; off < buf.length; ) off += await write(fd, buf, off);
};
const fsync = promisify(fs.fsync);
const close = promisify(fs.close);
const rename = promisify(fs.rename);
const link = promisify(fs.link);
const unlink = promisify(fs.unlink);
const mkdir = promisify(fs.mkdir);

export interface WriteOptions {
  /**
   * fsync the content before it replaces the target (default true). Files that only bridge two steps and can be
   * rebuilt from what a crash leaves (archive metadata, staged envelopes) skip it: a process crash never loses
   * written data (it is in the page cache) and atomicity comes from the rename; the published document pays
   * for surviving a power cut.
   */
  fsync?: boolean;
}

// temporary names: unique per process (pid and a random part, for several machines sharing a folder) and call
const tmpPrefix = `.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}-`;
let tmpCounter = 0;
const tmpName = (target: string) => path.join(path.dirname(target), `${tmpPrefix}${(tmpCounter++).toString(36)}`);

/** Opens `file` with `flags`, creating its folder when it is missing. */
async function openCreatingFolder(file: string, flags: string): Promise<number> {
  try {
    return await open(file, flags);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(path.dirname(file), { recursive: true });
    return open(file, flags);
  }
}

async function writeTo(fd: number, data: string | Buffer, sync: boolean): Promise<void> {
  try {
    await writeAll(fd, data);
    if (sync) await fsync(fd);
  } finally {
    await close(fd);
  }
}

async function writeTemp(target: string, data: string | Buffer, sync: boolean): Promise<string> {
  const tmp = tmpName(target);
  await writeTo(await openCreatingFolder(tmp, 'w'), data, sync);
  return tmp;
}

const removeQuietly = (file: string) => unlink(file).catch(() => undefined);

/** Replaces `target` atomically: readers see the old or the new content, never a part. */
export async function writeFileAtomic(target: string, data: string | Buffer, options: WriteOptions = {}): Promise<void> {
  const tmp = await writeTemp(target, data, options.fsync ?? true);
  try {
    await rename(tmp, target);
  } catch (err) {
    await removeQuietly(tmp);
    throw err;
  }
}

/** Creates `target` atomically with its full content; returns false (and writes nothing) if it exists. */
export async function createFileExclusive(target: string, data: string | Buffer, options: WriteOptions = {}): Promise<boolean> {
  const tmp = await writeTemp(target, data, options.fsync ?? true);
  try {
    await link(tmp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await removeQuietly(tmp);
  }
}

/**
 * Writes `target` in place: no temporary file, no fsync (exclusive: false, and nothing written, if it exists).
 * Only for small files whose half-written state after a crash is harmless because their writer redoes the step
 * that needed them (pending markers, archive metadata).
 */
export async function writeFileDirect(target: string, data: string | Buffer, options: { exclusive?: boolean } = {}): Promise<boolean> {
  let fd: number;
  try {
    fd = await openCreatingFolder(target, options.exclusive ? 'wx' : 'w');
  } catch (err) {
    if (options.exclusive && (err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  await writeTo(fd, data, false);
  return true;
}

/** Removes a file; a file already gone is fine. */
export async function removeFile(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Makes `target` a hard link to `existing`, replacing whatever `target` was (no data copied). */
export async function linkFile(existing: string, target: string): Promise<void> {
  try {
    await link(existing, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await linkFileAtomic(existing, target);
  }
}

/** Makes `target` a hard link to `existing`, replacing it atomically (no data copied). */
export async function linkFileAtomic(existing: string, target: string): Promise<void> {
  const tmp = tmpName(target);
  await link(existing, tmp);
  try {
    await rename(tmp, target);
  } catch (err) {
    await removeQuietly(tmp);
    throw err;
  }
}
