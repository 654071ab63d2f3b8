// Where each dropped file ended up: published in the filesystem store (by its original name, every name the same
// bytes arrived under counts) or set aside in failed/ with a reason. Read from the folders, as an operator would.
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../src/ninjs/envelope.js';
import type { FailureRecord } from '../../src/watcher/failed-area.js';

export interface Outcomes {
  /** original name → the published versions whose source arrived under that name */
  published: Map<string, Envelope[]>;
  /** original name → its failure records */
  failed: Map<string, FailureRecord[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Every name an archived original arrived under. */
function rawNames(dataDir: string, sha256: string): string[] {
  const meta = path.join(dataDir, 'raw', sha256.slice(0, 2), `${sha256}.meta.json`);
  return fs.existsSync(meta) ? (JSON.parse(fs.readFileSync(meta, 'utf8')) as { names: string[] }).names : [];
}

/** Every version of every document, and every failure record. */
export function readOutcomes(dataDir: string, failedDir: string): Outcomes {
  const published = new Map<string, Envelope[]>();
  const failed = new Map<string, FailureRecord[]>();
  const docs = path.join(dataDir, 'documents');
  for (const id of fs.existsSync(docs) ? fs.readdirSync(docs) : []) {
    const versions = path.join(docs, id, 'versions');
    // only finished version files (a publish in progress has a .tmp- file beside them)
    for (const v of fs.existsSync(versions) ? fs.readdirSync(versions).filter((n) => /^v\d+\.json$/.test(n)) : []) {
      const env = JSON.parse(fs.readFileSync(path.join(versions, v), 'utf8')) as Envelope;
      const names = rawNames(dataDir, env.source.sha256);
      for (const name of new Set([env.source.originalName, ...names])) push(published, name, env);
    }
  }
  for (const n of fs.existsSync(failedDir) ? fs.readdirSync(failedDir) : []) {
    if (!n.endsWith('.error.json')) continue;
    const record = JSON.parse(fs.readFileSync(path.join(failedDir, n), 'utf8')) as FailureRecord;
    // the same bytes dropped again under another name share the first one's job, and so its failure
    const names = record.sha256 ? rawNames(dataDir, record.sha256) : [];
    for (const name of new Set([record.originalName, ...names])) push(failed, name, record);
  }
  return { published, failed };
}

/** 'published', 'failed' or undefined (not finished yet) for one original name. */
export function outcomeOf(o: Outcomes, name: string): 'published' | 'failed' | undefined {
  if (o.published.has(name)) return 'published';
  if (o.failed.has(name)) return 'failed';
  return undefined;
}

/** Every file under a folder (recursively), symbolic links not followed. */
export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else if (e.isFile()) out.push(p);
  }
  return out;
}
