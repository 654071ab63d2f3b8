// copydesk's Prometheus metrics (prom-client): one registry per process, created by createApp. Workers count
// documents and time the stages; the queue gauges ask Redis only when /metrics is scraped.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

/** The stages of one document, as the duration histogram labels them. */
export type Stage = 'parse' | 'clean' | 'tag' | 'build' | 'publish';

/** Job states the depth gauge reports. */
export const GAUGED_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'failed'] as const;

export interface CopydeskMetrics {
  readonly registry: Registry;
  /** Documents built by the ingest stage. */
  readonly ingested: Counter<'format' | 'source'>;
  /** Documents written to a store, by outcome (created, updated, unchanged, canceled). */
  readonly published: Counter<'format' | 'source' | 'store' | 'status'>;
  /** Jobs that failed for good (no retry left, or a permanent error). */
  readonly failed: Counter<'queue' | 'format' | 'source' | 'code'>;
  /** Seconds spent in each stage of one document. */
  readonly stageSeconds: Histogram<'stage'>;
  /** Documents queued again by `copydesk reprocess` / `retry-failed`. */
  readonly reprocessed: Counter<'selection'>;
  /** Records the pipeline's stage times (ms) for one document. */
  observeStages(times: Partial<Record<Stage, number>>): void;
  /** A bounded label value for a document's source (agency): the first 50 names seen, then "other". */
  sourceLabel(name: string | undefined): string;
}

export interface MetricsOptions {
  /** Also export Node's process metrics (heap, event loop lag, CPU) with the `copydesk_` prefix. */
  processMetrics?: boolean;
}

// a label value from a document: short, lower-case, and a bounded set (an unexpected provider name in a file
// must not create a new time series per file)
const MAX_SOURCES = 50;

export function createMetrics(options: MetricsOptions = {}): CopydeskMetrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'copydesk_' });
  const ingested = new Counter({
    name: 'copydesk_documents_ingested_total',
    help: 'Documents built by the ingest stage (parsed, cleaned, tagged), by format and source (agency)',
    labelNames: ['format', 'source'] as const,
    registers: [registry],
  });
  const published = new Counter({
    name: 'copydesk_documents_published_total',
    help: 'Documents written to a content store, by format, source, store and outcome',
    labelNames: ['format', 'source', 'store', 'status'] as const,
    registers: [registry],
  });
  const failed = new Counter({
    name: 'copydesk_documents_failed_total',
    help: 'Jobs that failed for good (permanent error or no retry left), by queue, format, source and error code',
    labelNames: ['queue', 'format', 'source', 'code'] as const,
    registers: [registry],
  });
  const stageSeconds = new Histogram({
    name: 'copydesk_stage_duration_seconds',
    help: 'Time spent in each stage of one document: parse, clean, tag, build, publish',
    labelNames: ['stage'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const reprocessed = new Counter({
    name: 'copydesk_reprocess_enqueued_total',
    help: 'Documents queued again by copydesk reprocess or retry-failed, by how they were selected',
    labelNames: ['selection'] as const,
    registers: [registry],
  });
  const seen = new Set<string>();
  return {
    registry,
    ingested,
    published,
    failed,
    stageSeconds,
    reprocessed,
    observeStages(times) {
      for (const [stage, ms] of Object.entries(times)) {
        if (typeof ms === 'number' && Number.isFinite(ms)) stageSeconds.observe({ stage }, ms / 1000);
      }
    },
    sourceLabel(name) {
      const label = (name ?? '').trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'unknown';
      if (seen.has(label)) return label;
      if (seen.size >= MAX_SOURCES) return 'other';
      seen.add(label);
      return label;
    },
  };
}

export interface QueueGaugeOptions {
  /** Oldest waiting job: how many waiting/prioritized jobs are looked at (the oldest are at the tail). */
  sample?: number;
}

/**
 * Registers the queue gauges: jobs per queue and state, and the age of the oldest waiting job. They are
 * collected on each scrape, so a process that is never scraped never asks Redis.
 */
export function registerQueueGauges(registry: Registry, queues: readonly Queue[], oldestWaitingMs: (queue: Queue) => Promise<number | undefined>): void {
  new Gauge({
    name: 'copydesk_queue_jobs',
    help: 'Jobs in each queue by state (waiting, prioritized, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const counts = await Promise.all(queues.map((q) => q.getJobCounts(...GAUGED_STATES)));
      queues.forEach((q, i) => {
        for (const state of GAUGED_STATES) this.set({ queue: q.name, state }, counts[i]![state] ?? 0);
      });
    },
  });
  new Gauge({
    name: 'copydesk_queue_oldest_waiting_seconds',
    help: 'Age of the oldest job waiting to start in each queue (0 when none waits)',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const ages = await Promise.all(queues.map((q) => oldestWaitingMs(q)));
      queues.forEach((q, i) => this.set({ queue: q.name }, (ages[i] ?? 0) / 1000));
    },
  });
  new Gauge({
    name: 'copydesk_queue_paused',
    help: '1 when the queue is paused',
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const paused = await Promise.all(queues.map((q) => q.isPaused()));
      queues.forEach((q, i) => this.set({ queue: q.name }, paused[i] ? 1 : 0));
    },
  });
}
