// The embedded default store: one folder per document under data/documents/, a JSON file per version and
// current.json for the latest, all written atomically. Versions are claimed by exclusive file creation, so
// several workers can publish at once without a lock.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Envelope } from '../ninjs/envelope.js';
import { crashHere } from '../ops/drill.js';
import { createFileExclusive, linkFile } from './atomic-file.js';
import {
  InvalidCursorError,
  withVersion,
  type DocumentPage,
  type DocumentQuery,
  type DocumentSummary,
  type PublishResult,
  type ReadableStore,
  type VersionInfo,
} from './content-store.js';

const ID = /^[a-z0-9-]{1,80}$/;
const versionFile = (n: number) => `v${String(n).padStart(6, '0')}.json`;

export class FilesystemStore implements ReadableStore {
  readonly name = 'filesystem';
  readonly root: string;

  constructor(dataDir: string) {
    this.root = path.join(dataDir, 'documents');
  }

  async init(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
  }

  async check(): Promise<void> {
    await fs.mkdir(this.root, { recursive: true });
    await fs.access(this.root, fs.constants.W_OK);
  }

  async close(): Promise<void> {}

  private dir(id: string): string {
    if (!ID.test(id)) throw new Error(`invalid document id: ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  private async readJson<T>(file: string): Promise<T | undefined> {
    try {
      return JSON.parse(await fs.readFile(file, 'utf8')) as T;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  /** The highest version number on disk (0 when none). */
  private async latestVersion(id: string): Promise<number> {
    let names: string[];
    try {
      names = await fs.readdir(path.join(this.dir(id), 'versions'));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
    let max = 0;
    for (const n of names) {
      const m = /^v(\d+)\.json$/.exec(n);
      if (m) max = Math.max(max, Number(m[1]));
    }
    return max;
  }

  async publish(envelope: Envelope): Promise<PublishResult> {
    const dir = this.dir(envelope.id);
    for (;;) {
      const latest = await this.latestVersion(envelope.id);
      const current = latest ? await this.getVersion(envelope.id, latest) : undefined;
      if (current && current.contentHash === envelope.contentHash) {
        // a publish that stopped between the version file and current.json (a crash) is finished here
        await this.ensureCurrent(envelope.id, latest);
        return { status: 'unchanged', version: latest };
      }
      if (current?.ninjs.pubstatus === 'canceled' && envelope.ninjs.pubstatus !== 'canceled') {
        // a kill is final: a late or repeated earlier version must not bring the story back
        await this.ensureCurrent(envelope.id, latest);
        return { status: 'unchanged', version: latest };
      }
      const version = latest + 1;
      // a new document: its folder first (else the temporary file's open fails, then the folder, then the open again)
      if (latest === 0) await fs.mkdir(path.join(dir, 'versions'), { recursive: true });
      const stored = withVersion(envelope, version);
      const json = JSON.stringify(stored, null, 2) + '\n';
      if (await createFileExclusive(path.join(dir, 'versions', versionFile(version)), json)) {
        crashHere('after-version-file');
        await this.refreshCurrent(envelope.id, version);
        const status = envelope.ninjs.pubstatus === 'canceled' ? 'canceled' : version === 1 ? 'created' : 'updated';
        return { status, version };
      }
      // another worker took this version number: look again
    }
  }

  /**
   * Points current.json at the highest version, after this worker wrote version `written` (safe with several
   * workers at once): current.json becomes a hard link to that version file (its content, already on disk, is
   * not written twice), then the versions are listed again; one that appeared meanwhile is linked on the next round.
   */
  /** Points current.json at `latest` unless it already is (a crash may have left it behind). */
  private async ensureCurrent(id: string, latest: number): Promise<void> {
    const current = await this.readJson<Envelope>(path.join(this.dir(id), 'current.json')).catch(() => undefined);
    if (current?.version !== latest) await this.refreshCurrent(id, latest);
  }

  private async refreshCurrent(id: string, written: number): Promise<void> {
    const current = path.join(this.dir(id), 'current.json');
    let latest = written;
    for (let i = 0; i < 5; i++) {
      await linkFile(path.join(this.dir(id), 'versions', versionFile(latest)), current);
      const after = await this.latestVersion(id);
      if (after === latest) return;
      latest = after;
    }
  }

  async get(id: string): Promise<Envelope | undefined> {
    if (!ID.test(id)) return undefined;
    return this.readJson<Envelope>(path.join(this.dir(id), 'current.json'));
  }

  async getVersion(id: string, version: number): Promise<Envelope | undefined> {
    if (!ID.test(id) || !Number.isInteger(version) || version < 1) return undefined;
    return this.readJson<Envelope>(path.join(this.dir(id), 'versions', versionFile(version)));
  }

  async versions(id: string): Promise<VersionInfo[]> {
    if (!ID.test(id)) return [];
    const latest = await this.latestVersion(id);
    const out: VersionInfo[] = [];
    for (let v = 1; v <= latest; v++) {
      const file = path.join(this.dir(id), 'versions', versionFile(v));
      const env = await this.readJson<Envelope>(file);
      if (!env) continue;
      const stat = await fs.stat(file);
      out.push({ version: v, contentHash: env.contentHash, publishedAt: stat.mtime.toISOString(), pubstatus: env.ninjs.pubstatus });
    }
    return out;
  }

  /** Every document's summary, newest first: a scan, fine for the embedded default; use PostgreSQL at scale. */
  async list(query: DocumentQuery): Promise<DocumentPage> {
    let ids: string[];
    try {
      ids = (await fs.readdir(this.root)).filter((n) => ID.test(n));
    } catch {
      return { items: [] };
    }
    const words = query.q?.toLowerCase().split(/\s+/).filter(Boolean) ?? [];
    const entity = query.entity?.toLowerCase();
    const rows: DocumentSummary[] = [];
    for (const id of ids) {
      const file = path.join(this.root, id, 'current.json');
      const env = await this.readJson<Envelope>(file);
      if (!env) continue;
      const updatedAt = (await fs.stat(file)).mtime.toISOString();
      if (query.type && env.ninjs.type !== query.type) continue;
      if (query.since && updatedAt < query.since) continue;
      if (entity && !env.entities.some((e) => e.name.toLowerCase() === entity)) continue;
      if (words.length) {
        const text = `${env.ninjs.headlines?.map((h) => h.value).join(' ') ?? ''} ${env.ninjs.bodies[0]?.value ?? ''}`.toLowerCase();
        if (!words.every((w) => text.includes(w))) continue;
      }
      rows.push({
        id,
        version: env.version,
        headline: env.ninjs.headlines?.[0]?.value,
        pubstatus: env.ninjs.pubstatus,
        type: env.ninjs.type,
        versioncreated: env.ninjs.versioncreated,
        updatedAt,
      });
    }
    rows.sort((a, b) => (a.updatedAt === b.updatedAt ? a.id.localeCompare(b.id) : a.updatedAt < b.updatedAt ? 1 : -1));
    let start = 0;
    if (query.cursor) {
      start = Number(Buffer.from(query.cursor, 'base64url').toString());
      if (!Number.isInteger(start) || start < 0) throw new InvalidCursorError('cursor is not one this server handed out (use nextCursor from the previous page)');
    }
    const items = rows.slice(start, start + query.limit);
    const next = start + query.limit;
    return { items, nextCursor: next < rows.length ? Buffer.from(String(next)).toString('base64url') : undefined };
  }
}
