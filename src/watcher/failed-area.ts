// The failed/ folder next to the inbox: a copy of every file that failed for good, with NAME.error.json beside it
// saying why in plain words. The raw original stays in the archive, so `copydesk reprocess --failed` can retry it.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../errors/index.js';
import { writeFileAtomic } from '../stores/atomic-file.js';

export interface FailureRecord {
  file: string;
  code: ErrorCode | string;
  reason: string;
  originalName: string;
  sha256?: string;
  failedAt: string;
  attempts?: number;
  jobId?: string;
}

/** A file name that is safe to create in failed/: no folders, no control characters, not hidden. */
export function safeName(name: string): string {
  const base = path.basename(name.replace(/\\/g, '/')).replace(/[\u0000-\u001f\u007f]/g, '_').replace(/^\.+/, '_');
  return base.slice(0, 200) || 'unnamed';
}

export class FailedArea {
  constructor(readonly dir: string) {}

  async init(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
  }

  /** Picks a name in failed/ that is free (or already holds this same failure: recording twice changes nothing). */
  private async target(originalName: string, tag: string, sha256?: string): Promise<string> {
    const name = safeName(originalName);
    const ext = path.extname(name);
    const candidates = [path.join(this.dir, name), path.join(this.dir, `${path.basename(name, ext)}.${tag}${ext}`)];
    for (const file of candidates) {
      const taken = await fs.lstat(file).then(() => true, () => false);
      if (!taken) return file;
      if (sha256 && (await this.recordedSha(file)) === sha256) return file;
    }
    return path.join(this.dir, `${path.basename(name, ext)}.${tag}.${crypto.randomBytes(3).toString('hex')}${ext}`);
  }

  private async recordedSha(file: string): Promise<string | undefined> {
    try {
      return (JSON.parse(await fs.readFile(`${file}.error.json`, 'utf8')) as FailureRecord).sha256;
    } catch {
      return undefined;
    }
  }

  /** Copies an archived original into failed/ and writes the reason beside it. */
  async recordCopy(rawPath: string | undefined, info: Omit<FailureRecord, 'file' | 'failedAt'>): Promise<FailureRecord> {
    const file = await this.target(info.originalName, (info.sha256 ?? String(Date.now())).slice(0, 8), info.sha256);
    if (rawPath) await fs.copyFile(rawPath, file).catch(() => undefined);
    return this.writeReason(file, info);
  }

  /** Moves something out of the inbox into failed/ as it is (a symlink is moved, not followed). */
  async recordMove(inboxPath: string, info: Omit<FailureRecord, 'file' | 'failedAt'>): Promise<FailureRecord> {
    const file = await this.target(info.originalName, Date.now().toString(36));
    await fs.rename(inboxPath, file);
    return this.writeReason(file, info);
  }

  private async writeReason(file: string, info: Omit<FailureRecord, 'file' | 'failedAt'>): Promise<FailureRecord> {
    const record: FailureRecord = { file: path.basename(file), ...info, failedAt: new Date().toISOString() };
    await writeFileAtomic(`${file}.error.json`, JSON.stringify(record, null, 2) + '\n');
    return record;
  }

  /** The failures on record, newest first. */
  async list(limit = 50): Promise<FailureRecord[]> {
    let names: string[] = [];
    try {
      names = (await fs.readdir(this.dir)).filter((n) => n.endsWith('.error.json'));
    } catch {
      return [];
    }
    const out: FailureRecord[] = [];
    for (const n of names) {
      try {
        out.push(JSON.parse(await fs.readFile(path.join(this.dir, n), 'utf8')) as FailureRecord);
      } catch {
        /* a half-written record: skip */
      }
    }
    return out.sort((a, b) => (a.failedAt < b.failedAt ? 1 : -1)).slice(0, limit);
  }
}
