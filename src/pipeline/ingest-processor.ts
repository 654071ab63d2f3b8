// The ingest stage as a pure function of the job's data: read the raw original, run the pipeline, stage the
// envelope, and hand one publish job per store to `enqueuePublish`. Testable without Redis.
import fs from 'node:fs/promises';
import path from 'node:path';
import { PermanentError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import { linkFile, removeFile, writeFileAtomic } from '../stores/atomic-file.js';
import type { IngestJobData, PublishJobData } from '../queues/queues.js';
import type { Pipeline, StageTimes } from './pipeline.js';
import { sourceOfName } from '../text/repeated-lines.js';

export interface IngestDeps {
  pipeline: Pipeline;
  /** Store names to publish to (one publish job each). */
  stores: readonly string[];
  /** Where built envelopes wait for their publish jobs. */
  stagingDir: string;
  maxFileBytes: number;
  enqueuePublish: (job: PublishJobData, options: { delayMs: number; ingestJobId: string }) => Promise<void>;
  logger: Logger;
  now?: () => Date;
  /**
   * Learned per-source boilerplate shared by all workers (RedisLineMemory.observe): records this document's short
   * lines under its source and returns those that recur in enough of the source's documents.
   */
  learnLines?: (source: string, docId: string, text: string) => Promise<ReadonlySet<string>>;
  /** Reports stage timings (metrics). */
  observe?: (times: StageTimes, format: string, provider: string | undefined) => void;
}

export interface IngestResult {
  documentId: string;
  contentHash: string;
  format: string;
  pubstatus: string;
  /** ms the publish is held for an embargo (0 when none). */
  heldMs: number;
}

/**
 * Where an ingest job stages its envelope for the publish job of `store`. The publish job removes its file once it
 * has completed (workers/publish-worker.ts); with several stores each job has its own hard link to the envelope, so
 * the file goes with the last link and a failed job keeps its own for `copydesk retry-failed`.
 */
function stagedEnvelopePath(stagingDir: string, jobId: string, store?: string): string {
  return path.join(stagingDir, store ? `${jobId}.${store}.json` : `${jobId}.json`);
}

export async function processIngestJob(jobId: string, data: IngestJobData, deps: IngestDeps): Promise<IngestResult> {
  const log = deps.logger.child({ jobId, sourceFile: data.originalName });
  let stat;
  try {
    stat = await fs.stat(data.rawPath);
  } catch {
    throw new PermanentError('RAW_MISSING', `the archived original ${data.rawPath} is missing; it cannot be processed`);
  }
  if (stat.size > deps.maxFileBytes) {
    throw new PermanentError('TOO_LARGE', `the file is ${stat.size} bytes, over the limit of ${deps.maxFileBytes} bytes (limits.maxFileBytes)`);
  }
  const bytes = await fs.readFile(data.rawPath);
  // only text can carry learned lines (binary and mis-encoded files fail in the pipeline with their own reason)
  const source = sourceOfName(data.originalName);
  const repeatedLines = deps.learnLines && source && bytes.length && !bytes.includes(0) ? await deps.learnLines(source, data.sha256, bytes.toString('utf8')) : undefined;
  const { envelope, times } = deps.pipeline.run({
    repeatedLines,
    bytes,
    path: data.rawPath,
    originalName: data.originalName,
    receivedAt: new Date(data.receivedAt),
    sha256: data.sha256,
  });
  const provider = envelope.ninjs.infosources?.[0]?.name;
  deps.observe?.(times, envelope.source.format, provider);

  const envelopePath = stagedEnvelopePath(deps.stagingDir, jobId);
  // no fsync: a staged envelope lost to a power cut is rebuilt by reprocessing its raw original
  await writeFileAtomic(envelopePath, JSON.stringify(envelope), { fsync: false });
  const now = deps.now?.() ?? new Date();
  const embargo = envelope.ninjs.embargoed ? Date.parse(envelope.ninjs.embargoed) : NaN;
  // a kill is published at once, even when the story it kills was held for an embargo
  const heldMs = envelope.ninjs.pubstatus !== 'canceled' && Number.isFinite(embargo) && embargo > now.getTime() ? embargo - now.getTime() : 0;
  const linkPerStore = deps.stores.length > 1;
  for (const store of deps.stores) {
    let staged = envelopePath;
    if (linkPerStore) await linkFile(envelopePath, (staged = stagedEnvelopePath(deps.stagingDir, jobId, store)));
    await deps.enqueuePublish(
      { documentId: envelope.id, ingestJobId: jobId, envelopePath: staged, contentHash: envelope.contentHash, store, sourceFile: data.originalName, format: envelope.source.format, provider, provenance: envelope.provenance },
      { delayMs: heldMs, ingestJobId: jobId },
    );
  }
  if (linkPerStore) await removeFile(envelopePath);
  // one line per document at debug (a busy day is thousands a minute); an embargo hold is worth an info line
  if (heldMs) log.info({ documentId: envelope.id, format: envelope.source.format, heldMs }, 'built; held for embargo');
  else log.debug({ documentId: envelope.id, format: envelope.source.format, removed: envelope.removed.length, entities: envelope.entities.length }, 'built');
  return { documentId: envelope.id, contentHash: envelope.contentHash, format: envelope.source.format, pubstatus: envelope.ninjs.pubstatus, heldMs };
}
