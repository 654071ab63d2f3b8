// Admits one file from the inbox: checks what it is, archives the original by content hash and queues a job
// whose id is that hash. A pending marker written before the move makes every crash point recoverable.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logging/logger.js';
import type { IngestJobData } from '../queues/queues.js';
import { hashFile, type RawArchive } from './raw-archive.js';
import type { FailedArea } from './failed-area.js';
import { crashHere } from '../ops/drill.js';

export interface AdmitDeps {
  archive: RawArchive;
  failed: FailedArea;
  /** Queues the ingest job (idempotent by job id); may wait while Redis is away. */
  enqueue: (job: IngestJobData, priority: number) => Promise<void>;
  /** Job priority from the first bytes of the file (a flash overtakes routine copy). */
  priorityOf: (head: Buffer) => number;
  logger: Logger;
  now?: () => Date;
}

export type AdmitOutcome =
  | { kind: 'queued'; sha256: string; rawPath: string }
  | { kind: 'rejected'; reason: string }
  | { kind: 'gone' };

/** Files up to this size are read once, whole, for their hash and head; larger ones are streamed. */
const WHOLE_READ_BYTES = 1 << 20;

/** sha256, size and first bytes of a file, in one read when it is small (as news files are). */
async function hashAndHead(file: string, size: number): Promise<{ sha256: string; bytes: number; head: Buffer }> {
  if (size <= WHOLE_READ_BYTES) {
    const buf = await fs.readFile(file);
    if (buf.length <= WHOLE_READ_BYTES) return { sha256: crypto.createHash('sha256').update(buf).digest('hex'), bytes: buf.length, head: buf.subarray(0, 4096) };
  }
  const { sha256, bytes } = await hashFile(file);
  return { sha256, bytes, head: bytes > 0 ? await head(file) : Buffer.alloc(0) };
}

/** Reads the first bytes of a file (for format sniffing without loading it whole). */
async function head(file: string, n = 4096): Promise<Buffer> {
  const fh = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export async function admitFile(inboxPath: string, deps: AdmitDeps): Promise<AdmitOutcome> {
  const name = path.basename(inboxPath);
  const log = deps.logger.child({ sourceFile: name });
  let stat;
  try {
    stat = await fs.lstat(inboxPath);
  } catch {
    return { kind: 'gone' };
  }
  const reject = async (code: 'NOT_A_FILE' | 'OUTSIDE_INBOX', reason: string): Promise<AdmitOutcome> => {
    await deps.failed.recordMove(inboxPath, { code, reason, originalName: name });
    log.warn({ code }, `set aside: ${reason}`);
    return { kind: 'rejected', reason };
  };
  if (stat.isSymbolicLink()) {
    const target = await fs.readlink(inboxPath).catch(() => '?');
    return reject('OUTSIDE_INBOX', `"${name}" is a symbolic link (to ${target}); copydesk never follows links out of the inbox: copy the file itself in`);
  }
  if (stat.isDirectory()) return reject('NOT_A_FILE', `"${name}" is a folder; drop the files inside it into the inbox one by one`);
  if (!stat.isFile()) return reject('NOT_A_FILE', `"${name}" is not a regular file (a device, socket or pipe)`);

  const { sha256, bytes, head: first } = await hashAndHead(inboxPath, stat.size);
  const priority = deps.priorityOf(first);
  const receivedAt = (deps.now?.() ?? new Date()).toISOString();
  const job: IngestJobData = { sha256, rawPath: deps.archive.rawPath(sha256), originalName: name, bytes, receivedAt, reason: 'inbox' };
  await deps.archive.markPending(job);
  await deps.archive.moveIn(inboxPath, sha256, bytes, name, receivedAt);
  crashHere('after-move');
  await deps.enqueue(job, priority);
  await deps.archive.clearPending(sha256);
  log.debug({ sha256, bytes, priority }, 'queued');
  return { kind: 'queued', sha256, rawPath: job.rawPath };
}

/** Re-queues what a crash left between the move and the enqueue; markers without an original are dropped. */
export async function recoverPending(deps: AdmitDeps, priorityOf: (head: Buffer) => number = deps.priorityOf): Promise<number> {
  let n = 0;
  for (const job of await deps.archive.pending()) {
    const exists = await fs.stat(job.rawPath).then(() => true, () => false);
    if (exists) {
      await deps.enqueue(job, priorityOf(await head(job.rawPath)));
      n++;
    }
    await deps.archive.clearPending(job.sha256);
  }
  if (n) deps.logger.info({ recovered: n }, 're-queued files left pending by an earlier stop');
  return n;
}
