// Atomic file writes: write a temporary file in the same folder, fsync, then rename (or link, to refuse overwrite).
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

async function writeTemp(target: string, data: string | Buffer): Promise<string> {
  const tmp = path.join(path.dirname(target), `.tmp-${process.pid}-${crypto.randomBytes(6).toString('hex')}`);
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  return tmp;
}

/** Replaces `target` atomically: readers see the old or the new content, never a part. */
export async function writeFileAtomic(target: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await writeTemp(target, data);
  try {
    await fs.rename(tmp, target);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/** Creates `target` atomically with its full content; returns false (and writes nothing) if it exists. */
export async function createFileExclusive(target: string, data: string | Buffer): Promise<boolean> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = await writeTemp(target, data);
  try {
    await fs.link(tmp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
}
