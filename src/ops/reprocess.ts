// The admin rerun: select documents (by id, source, failure, arrival time, format, staleness, or all), and queue
// their raw originals again — at a lower priority than fresh wire — or, with --dry-run, run the pipeline here
// and report what would change against the stored document without publishing anything.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Job, Queue } from 'bullmq';
import type { App } from '../app.js';
import { parseInput } from '../formats/index.js';
import type { Envelope } from '../ninjs/envelope.js';
import { PRIORITY, reprocessJobId, type IngestJobData } from '../queues/queues.js';
import { isReadable } from '../stores/content-store.js';
import { hashFile, type RawMeta } from '../watcher/raw-archive.js';
import { provenanceKey, storedDocuments } from './provenance.js';
import { diffEnvelopes, type DocumentChange } from './reprocess-diff.js';

export interface ReprocessSelection {
  /** Document ids in the primary store. */
  ids?: string[];
  /** An archived original: its sha256 (or a unique prefix of 8+ hex digits), a file on disk, or a name it arrived under. */
  sources?: string[];
  /** Jobs that failed for good (ingest, and publish through their ingest job). */
  failed?: boolean;
  /** Documents produced by other rules, config or tagger than deployed now. */
  stale?: boolean;
  /** Every original in the archive. */
  all?: boolean;
  /** Filters: arrival time of the original, and its format. With no set named above they apply to the whole archive. */
  since?: Date;
  until?: Date;
  format?: string;
}

export interface Candidate {
  sha256: string;
  rawPath: string;
  /** The name the document was built under (document ids may come from it). */
  originalName: string;
  receivedAt: string;
  bytes: number;
  /** How it was selected: id, source, failed, stale, all. */
  via: string[];
  documentId?: string;
  /** Failed jobs that this rerun replaces (removed once it is queued). */
  failedJobs: { queue: 'ingest' | 'publish'; id: string }[];
}

/** A selection that names something that does not exist: nothing is queued. */
export class SelectionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'SelectionError';
  }
}

export function hasSelection(s: ReprocessSelection): boolean {
  return Boolean(s.ids?.length || s.sources?.length || s.failed || s.stale || s.all || s.since || s.until || s.format);
}

/** Every archived original's metadata. */
async function* archiveMetas(rawDir: string): AsyncGenerator<RawMeta> {
  let shards: string[] = [];
  try {
    shards = (await fs.readdir(rawDir)).sort();
  } catch {
    return;
  }
  for (const shard of shards) {
    let names: string[];
    try {
      names = (await fs.readdir(path.join(rawDir, shard))).filter((n) => n.endsWith('.meta.json')).sort();
    } catch {
      continue;
    }
    for (const n of names) {
      try {
        yield JSON.parse(await fs.readFile(path.join(rawDir, shard, n), 'utf8')) as RawMeta;
      } catch {
        /* a meta file being written: skip */
      }
    }
  }
}

/** The format the pipeline detects for an original ("unknown" when it cannot be parsed). */
async function detectFormat(rawPath: string, originalName: string, maxBytes: number): Promise<string> {
  try {
    return parseInput(await fs.readFile(rawPath), { fileName: originalName, maxBytes }).format;
  } catch {
    return 'unknown';
  }
}

export async function selectForReprocess(app: App, sel: ReprocessSelection): Promise<Candidate[]> {
  const { archive } = app;
  const problems: string[] = [];
  const bySha = new Map<string, Candidate>();
  const add = async (sha256: string, via: string, extra: { originalName?: string; documentId?: string; failedJob?: Candidate['failedJobs'][number] } = {}) => {
    let c = bySha.get(sha256);
    if (!c) {
      const meta = await archive.readMeta(sha256);
      const rawPath = archive.rawPath(sha256);
      const exists = await fs.stat(rawPath).then(() => true, () => false);
      if (!meta || !exists) {
        problems.push(`the original ${sha256.slice(0, 12)}… (${via}${extra.documentId ? ` ${extra.documentId}` : ''}) is not in the archive (${archive.rawDir}), so it cannot be re-run`);
        return;
      }
      c = { sha256, rawPath, originalName: extra.originalName ?? meta.names[0] ?? sha256, receivedAt: meta.receivedAt, bytes: meta.bytes, via: [], failedJobs: [] };
      bySha.set(sha256, c);
    }
    if (!c.via.includes(via)) c.via.push(via);
    if (extra.documentId) c.documentId ??= extra.documentId;
    if (extra.originalName) c.originalName = extra.originalName;
    if (extra.failedJob) c.failedJobs.push(extra.failedJob);
  };
  const primary = [...app.stores.values()][0]!;
  const filtersOnly = !(sel.ids?.length || sel.sources?.length || sel.failed || sel.stale || sel.all);

  for (const id of sel.ids ?? []) {
    if (!isReadable(primary)) {
      problems.push(`the ${primary.name} store cannot be read back, so documents cannot be selected by id`);
      break;
    }
    const env = await primary.get(id);
    if (!env) problems.push(`no document "${id}" in the ${primary.name} store`);
    else await add(env.source.sha256, 'id', { originalName: env.source.originalName, documentId: env.id });
  }

  if (sel.sources?.length) {
    const metas: RawMeta[] = [];
    for await (const m of archiveMetas(archive.rawDir)) metas.push(m);
    for (const source of sel.sources) {
      let shas: string[] = [];
      if (/^[0-9a-f]{8,64}$/i.test(source)) shas = metas.filter((m) => m.sha256.startsWith(source.toLowerCase())).map((m) => m.sha256);
      if (!shas.length && (await fs.stat(source).then((s) => s.isFile(), () => false))) shas = [(await hashFile(source)).sha256];
      if (!shas.length) shas = metas.filter((m) => m.names.some((n) => n === source || path.basename(n) === path.basename(source))).map((m) => m.sha256);
      if (!shas.length) problems.push(`no archived original matches --source ${source} (give a sha256, a file, or a name it arrived under)`);
      else if (shas.length > 1 && /^[0-9a-f]{8,63}$/i.test(source)) problems.push(`--source ${source} matches ${shas.length} originals: give more of the sha256`);
      else for (const sha of shas) await add(sha, 'source');
    }
  }

  if (sel.failed) {
    for (const [name, queue] of [['ingest', app.queues.ingest], ['publish', app.queues.publish]] as const) {
      const failed = (await (queue as Queue).getFailed(0, -1)) as Job[];
      for (const job of failed) {
        if (!job) continue;
        let data = job.data as Partial<IngestJobData> & { ingestJobId?: string };
        if (name === 'publish' && data.ingestJobId) data = ((await app.queues.ingest.getJob(data.ingestJobId))?.data ?? {}) as Partial<IngestJobData>;
        if (data.sha256) await add(data.sha256, 'failed', { originalName: data.originalName, failedJob: { queue: name, id: String(job.id) } });
        else problems.push(`the failed ${name} job ${job.id} does not say which original it was (its ingest job is gone); retry it with copydesk retry-failed`);
      }
    }
  }

  if (sel.stale) {
    const current = provenanceKey(app.pipeline().provenance);
    for await (const doc of storedDocuments(primary, app.redis, app.config.keyPrefix)) {
      if (doc.key !== current) await add(doc.sha256, 'stale', { originalName: doc.originalName, documentId: doc.id });
    }
  }

  if (sel.all || filtersOnly) {
    for await (const meta of archiveMetas(archive.rawDir)) await add(meta.sha256, 'all');
  }

  if (problems.length) throw new SelectionError(problems);

  const out: Candidate[] = [];
  for (const c of bySha.values()) {
    const at = Date.parse(c.receivedAt);
    if (sel.since && !(at >= sel.since.getTime())) continue;
    if (sel.until && !(at < sel.until.getTime())) continue;
    if (sel.format && (await detectFormat(c.rawPath, c.originalName, app.config.limits.maxFileBytes)) !== sel.format) continue;
    out.push(c);
  }
  return out.sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.sha256.localeCompare(b.sha256));
}

export interface QueuedRerun {
  jobId: string;
  sha256: string;
  sourceFile: string;
}

/** Queues one ingest job per candidate at the reprocess priority; replaces the failed jobs it re-runs. */
export async function enqueueReprocess(app: App, candidates: Candidate[], onQueued?: (done: number) => void, now = new Date()): Promise<QueuedRerun[]> {
  const queued: QueuedRerun[] = [];
  const CHUNK = 500;
  for (let i = 0; i < candidates.length; i += CHUNK) {
    const chunk = candidates.slice(i, i + CHUNK);
    const jobs = chunk.map((c) => {
      const data: IngestJobData = { sha256: c.sha256, rawPath: c.rawPath, originalName: c.originalName, bytes: c.bytes, receivedAt: c.receivedAt, reason: 'reprocess' };
      return { name: 'ingest', data, opts: { jobId: reprocessJobId(c.sha256, now), priority: PRIORITY.reprocess } };
    });
    await app.queues.ingest.addBulk(jobs);
    for (const c of chunk) {
      queued.push({ jobId: reprocessJobId(c.sha256, now), sha256: c.sha256, sourceFile: c.originalName });
      for (const f of c.failedJobs) {
        const queue = f.queue === 'ingest' ? app.queues.ingest : app.queues.publish;
        await queue.remove(f.id).catch(() => undefined);
      }
      app.metrics.reprocessed.inc({ selection: c.via[0] ?? 'all' });
    }
    onQueued?.(queued.length);
  }
  return queued;
}

export interface FollowResult {
  completed: number;
  failed: { jobId: string; sourceFile: string; reason: string }[];
  /** Jobs not finished when following stopped. */
  pending: number;
}

/** Polls the queued reruns until every one has finished (or `shouldStop` says so), reporting progress. */
export async function followReruns(
  app: App,
  reruns: QueuedRerun[],
  onProgress: (finished: number) => void,
  options: { pollMs?: number; shouldStop?: () => boolean } = {},
): Promise<FollowResult> {
  const open = new Map(reruns.map((r) => [r.jobId, r]));
  const result: FollowResult = { completed: 0, failed: [], pending: 0 };
  for (;;) {
    const ids = [...open.keys()];
    const pipeline = app.redis.pipeline();
    for (const id of ids) pipeline.hmget(app.queues.ingest.toKey(id), 'finishedOn', 'failedReason', 'atm');
    const rows = ((await pipeline.exec()) ?? []).map(([, v]) => v as (string | null)[]);
    ids.forEach((id, i) => {
      const [finishedOn, failedReason] = rows[i] ?? [];
      if (!finishedOn) return;
      const r = open.get(id)!;
      open.delete(id);
      if (failedReason) result.failed.push({ jobId: id, sourceFile: r.sourceFile, reason: failedReason });
      else result.completed++;
    });
    onProgress(reruns.length - open.size);
    if (!open.size || options.shouldStop?.()) break;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 500));
  }
  result.pending = open.size;
  return result;
}

export interface DryRunOutcome {
  sha256: string;
  sourceFile: string;
  documentId?: string;
  /** changed / unchanged against the stored document; new: no stored document; fails: the rerun would fail. */
  status: 'changed' | 'unchanged' | 'new' | 'fails';
  change?: DocumentChange;
  error?: string;
}

/** Runs the pipeline in this process on one candidate and compares with the stored document. Publishes nothing. */
export async function dryRunOne(app: App, c: Candidate): Promise<DryRunOutcome> {
  const base = { sha256: c.sha256, sourceFile: c.originalName };
  const primary = [...app.stores.values()][0]!;
  let rerun: Envelope;
  try {
    const bytes = await fs.readFile(c.rawPath);
    rerun = app.pipeline().run({ bytes, path: c.rawPath, originalName: c.originalName, receivedAt: new Date(c.receivedAt), sha256: c.sha256 }).envelope;
  } catch (err) {
    return { ...base, documentId: c.documentId, status: 'fails', error: (err as Error).message };
  }
  const stored = isReadable(primary) ? await primary.get(rerun.id) : undefined;
  if (!stored) return { ...base, documentId: rerun.id, status: 'new' };
  const change = diffEnvelopes(stored, rerun);
  return { ...base, documentId: rerun.id, status: change.changed ? 'changed' : 'unchanged', change };
}
