// Queue names, job payloads and default job options: the one place that knows how jobs look.
import type { DefaultJobOptions, JobsOptions } from 'bullmq';
import type { FormatName } from '../formats/story.js';
import type { Provenance } from '../ninjs/envelope.js';

export const QUEUE_NAMES = {
  /** A raw file to parse, clean, tag and turn into an envelope. */
  ingest: 'ingest',
  /** An envelope to write to one content store. */
  publish: 'publish',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];
export const ALL_QUEUES: QueueName[] = [QUEUE_NAMES.ingest, QUEUE_NAMES.publish];

/** What an ingest job carries: a reference to the raw original, never its content. */
export interface IngestJobData {
  /** sha256 of the raw bytes: also the archive file's name. */
  sha256: string;
  /** Path of the raw original in the archive (data/raw/...). */
  rawPath: string;
  /** The name the file had in the inbox. */
  originalName: string;
  bytes: number;
  receivedAt: string;
  /** Why the job exists: a new drop, or an admin rerun. */
  reason: 'inbox' | 'reprocess';
}

/** What a publish job carries: a reference to the built envelope and the store to write it to. */
export interface PublishJobData {
  documentId: string;
  /** The ingest job that built the envelope. */
  ingestJobId: string;
  /** The staged envelope file (data/staged/...). */
  envelopePath: string;
  contentHash: string;
  store: string;
  sourceFile: string;
  format: FormatName | 'unknown';
  /** The provider (first ninjs infosource) when known: a metrics label. */
  provider?: string;
  /** What produced the envelope (rules, config, tagger versions): recorded once it is published. */
  provenance?: Provenance;
}

/** BullMQ job priorities: lower runs first; 0 (none) would run before all prioritized jobs, so every job gets one. */
export const PRIORITY = {
  flash: 1,
  bulletin: 2,
  urgent: 3,
  routine: 5,
  reprocess: 50,
} as const;

/** Maps ninjs urgency (1 most urgent .. 9) to a job priority. */
export function priorityForUrgency(urgency: number | undefined): number {
  if (urgency === undefined) return PRIORITY.routine;
  if (urgency <= 1) return PRIORITY.flash;
  if (urgency <= 2) return PRIORITY.bulletin;
  if (urgency <= 3) return PRIORITY.urgent;
  return PRIORITY.routine;
}

export interface JobDefaults {
  attempts: number;
  backoffMs: number;
}

/** Defaults for every job: exponential backoff for transient faults; keep history long enough to dedupe and inspect. */
export function defaultJobOptions({ attempts, backoffMs }: JobDefaults): DefaultJobOptions {
  return {
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    // completed jobs stay a week so the same bytes dropped again are recognised by job id
    removeOnComplete: { age: 7 * 24 * 3600, count: 200_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
  };
}

/** Job id of a fresh drop: the content hash, so the same bytes dropped twice are one job. */
export const ingestJobId = (sha256: string): string => sha256;

/** Job id of a publish: one per ingest job and store, so a retried ingest never queues a second publish. */
export const publishJobId = (ingestJobId: string, store: string): string => `${ingestJobId}-${store}`;

/**
 * Tries of a publish job to one store: the webhook store has its own (a CMS restarting or deploying is down for
 * longer than the default budget of a few seconds covers); every other store takes the default.
 */
export function publishAttempts(store: string, config: { worker: { attempts: number }; webhook: { attempts: number } }): number {
  return store === 'webhook' ? config.webhook.attempts : config.worker.attempts;
}

/** Job id of an admin rerun of a raw original: new each time, so the rerun is never mistaken for the first run. */
export const reprocessJobId = (sha256: string, at: Date = new Date()): string => `re-${sha256}-${at.getTime()}`;

export function ingestJobOptions(sha256: string, priority: number): JobsOptions {
  return { jobId: ingestJobId(sha256), priority };
}
