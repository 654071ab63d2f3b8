// The archive of raw originals (data/raw/), content-addressed by sha256, with a small metadata file beside each
// original; and the pending markers (data/pending/) that make the move-then-enqueue step crash-safe.
import crypto from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { removeFile, writeFileAtomic, writeFileDirect } from '../stores/atomic-file.js';
import { TurnsByKey } from '../stores/turns-by-key.js';
import type { IngestJobData } from '../queues/queues.js';

export interface RawMeta {
  sha256: string;
  bytes: number;
  /** Every name this content arrived under, oldest first. */
  names: string[];
  receivedAt: string;
}

export class RawArchive {
  readonly rawDir: string;
  readonly pendingDir: string;
  /** The metadata step of moveIn per content hash, one at a time (the same bytes dropped under several names at once). */
  private readonly metaTurns = new TurnsByKey();

  constructor(dataDir: string) {
    this.rawDir = path.join(dataDir, 'raw');
    this.pendingDir = path.join(dataDir, 'pending');
  }

  rawPath(sha256: string): string {
    return path.join(this.rawDir, sha256.slice(0, 2), sha256);
  }

  metaPath(sha256: string): string {
    return `${this.rawPath(sha256)}.meta.json`;
  }

  pendingPath(sha256: string): string {
    return path.join(this.pendingDir, `${sha256}.json`);
  }

  async init(): Promise<void> {
    await fs.mkdir(this.rawDir, { recursive: true });
    await fs.mkdir(this.pendingDir, { recursive: true });
  }

  async readMeta(sha256: string): Promise<RawMeta | undefined> {
    try {
      return JSON.parse(await fs.readFile(this.metaPath(sha256), 'utf8')) as RawMeta;
    } catch {
      return undefined;
    }
  }

  /**
   * Moves a file from the inbox into the archive. Same content already archived: the inbox copy is removed
   * and its name is added to the metadata. Returns the archived path.
   */
  async moveIn(source: string, sha256: string, bytes: number, originalName: string, receivedAt: string): Promise<string> {
    const target = this.rawPath(sha256);
    // written before the original moves (creating the folder), in place when the content is new: a crash
    // half-way leaves the file in the inbox, and its next admission rewrites this
    const fresh: RawMeta = { sha256, bytes, names: [originalName], receivedAt };
    // one at a time per hash: a second name read while the first was still being written in place (or two
    // names read-modified-written together) would drop a name
    await this.metaTurns.run(sha256, async () => {
      if (!(await writeFileDirect(this.metaPath(sha256), JSON.stringify(fresh, null, 2), { exclusive: true }))) {
        const meta = (await this.readMeta(sha256)) ?? { ...fresh, names: [] };
        if (!meta.names.includes(originalName)) meta.names.push(originalName);
        await writeFileAtomic(this.metaPath(sha256), JSON.stringify(meta, null, 2), { fsync: false });
      }
    });
    try {
      await fs.rename(source, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
      // inbox on another file system: copy, then remove the inbox file
      await fs.copyFile(source, `${target}.part`);
      await fs.rename(`${target}.part`, target);
      await fs.rm(source, { force: true });
    }
    return target;
  }

  /** Records that a job is about to be queued for this content (removed once it is). */
  async markPending(job: IngestJobData): Promise<void> {
    // in place, no fsync: written before the original leaves the inbox, so a marker cut short by a crash
    // belongs to a file that is still there (and an unreadable marker is dropped at start-up)
    await writeFileDirect(this.pendingPath(job.sha256), JSON.stringify(job));
  }

  async clearPending(sha256: string): Promise<void> {
    await removeFile(this.pendingPath(sha256));
  }

  /** Markers left by a crash between the move and the enqueue: each still needs its job. */
  async pending(): Promise<IngestJobData[]> {
    let names: string[] = [];
    try {
      names = await fs.readdir(this.pendingDir);
    } catch {
      return [];
    }
    // a marker half-written when its process was killed: the file is still in the inbox, the marker is garbage
    for (const n of names.filter((x) => x.startsWith('.tmp-'))) {
      const pid = Number(/^\.tmp-(\d+)-/.exec(n)?.[1]);
      if (pid !== process.pid && !isAlive(pid)) await fs.rm(path.join(this.pendingDir, n), { force: true });
    }
    const out: IngestJobData[] = [];
    for (const n of names.filter((x) => x.endsWith('.json'))) {
      try {
        out.push(JSON.parse(await fs.readFile(path.join(this.pendingDir, n), 'utf8')) as IngestJobData);
      } catch {
        await fs.rm(path.join(this.pendingDir, n), { force: true });
      }
    }
    return out;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** sha256 and size of a file, streamed (files may be large). */
export async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), bytes };
}
