// The composition root: createApp(config) builds the logger, Redis connections, queues, stores, archive and
// pipeline once, in order, and close() takes them down in reverse. Entry points (CLI, workers/) call it.
import fs from 'node:fs/promises';
import path from 'node:path';
import v8 from 'node:v8';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Config } from './config/schema.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createMetrics, registerQueueGauges, type CopydeskMetrics } from './metrics/metrics.js';
import { oldestWaitingMs } from './ops/queue-status.js';
import { pipelineFromConfig } from './pipeline/pipeline-from-config.js';
import type { Pipeline } from './pipeline/pipeline.js';
import { QUEUE_NAMES, defaultJobOptions, ingestJobOptions, publishAttempts, publishJobId, type IngestJobData, type PublishJobData } from './queues/queues.js';
import { createRedis, redactUrl } from './queues/redis-connection.js';
import type { ContentStore } from './stores/content-store.js';
import { createStores } from './stores/create-stores.js';
import { FailedArea } from './watcher/failed-area.js';
import { RawArchive } from './watcher/raw-archive.js';

/**
 * Applies worker.heapGrowthPercent (V8's --heap-growing-percent) to this process: V8 reads it each time it sizes the
 * heap after a collection, so it holds from here on. Called by the service entry points before createApp.
 */
export function applyHeapGrowth(config: Config): void {
  if (config.worker.heapGrowthPercent > 0) v8.setFlagsFromString(`--heap-growing-percent=${config.worker.heapGrowthPercent}`);
}

export interface App {
  readonly config: Config;
  readonly logger: Logger;
  /** The shared connection for queues (workers make their own). */
  readonly redis: Redis;
  readonly queues: { ingest: Queue<IngestJobData>; publish: Queue<PublishJobData> };
  readonly stores: ReadonlyMap<string, ContentStore>;
  readonly archive: RawArchive;
  readonly failed: FailedArea;
  readonly stagingDir: string;
  /** This process's Prometheus metrics (served at /metrics). */
  readonly metrics: CopydeskMetrics;
  /** The processing pipeline, built on first use (rules, tagger model). */
  pipeline(): Pipeline;
  /** A new Redis connection (each BullMQ Worker needs its own). */
  connection(): Redis;
  enqueueIngest(job: IngestJobData, priority: number, jobId?: string): Promise<void>;
  enqueuePublish(job: PublishJobData, options: { delayMs: number; ingestJobId: string; priority?: number }): Promise<void>;
  close(): Promise<void>;
}

export interface CreateAppOptions {
  logger?: Logger;
  /** Skip creating folders and store schemas (read-only commands). */
  skipInit?: boolean;
  /**
   * For admin commands: Redis commands fail after a short timeout instead of waiting for Redis to come back
   * (services wait; a command run by hand or from cron should say what is wrong and exit).
   */
  failFast?: boolean;
}

export async function createApp(config: Config, options: CreateAppOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  logger.debug({ redis: redactUrl(config.redisUrl), inbox: config.inbox, dataDir: config.dataDir }, 'creating app');
  const connections: Redis[] = [];
  const connection = () => {
    const c = createRedis(
      config.redisUrl,
      options.failFast ? { maxRetriesPerRequest: 1, connectTimeout: 3000, retryStrategy: (times) => (times > 2 ? null : 200) } : {},
    );
    c.on('error', (err) => logger.warn({ err: err.message, redis: redactUrl(config.redisUrl) }, 'Redis connection problem; retrying'));
    connections.push(c);
    return c;
  };
  const redis = connection();
  const jobDefaults = defaultJobOptions({ attempts: config.worker.attempts, backoffMs: config.worker.backoffMs });
  const queueOptions = { connection: redis, prefix: config.keyPrefix, defaultJobOptions: jobDefaults };
  const queues = {
    ingest: new Queue<IngestJobData>(QUEUE_NAMES.ingest, queueOptions),
    publish: new Queue<PublishJobData>(QUEUE_NAMES.publish, queueOptions),
  };
  const archive = new RawArchive(config.dataDir);
  const failed = new FailedArea(config.failedDir);
  const stagingDir = path.join(config.dataDir, 'staged');
  const stores = createStores(config, logger);
  const metrics = createMetrics();
  registerQueueGauges(metrics.registry, [queues.ingest, queues.publish], (q) => oldestWaitingMs(q, redis));
  if (!options.skipInit) {
    await fs.mkdir(config.inbox, { recursive: true });
    await fs.mkdir(stagingDir, { recursive: true });
    await archive.init();
    await failed.init();
    for (const store of stores.values()) await store.init();
    logger.debug({ stores: [...stores.keys()] }, 'stores ready');
  }
  let pipeline: Pipeline | undefined;

  return {
    config,
    logger,
    redis,
    queues,
    stores,
    archive,
    failed,
    stagingDir,
    metrics,
    pipeline: () => (pipeline ??= pipelineFromConfig(config)),
    connection,
    async enqueueIngest(job, priority, jobId) {
      await queues.ingest.add('ingest', job, { ...ingestJobOptions(job.sha256, priority), ...(jobId ? { jobId } : {}) });
    },
    async enqueuePublish(job, { delayMs, ingestJobId, priority }) {
      const attempts = publishAttempts(job.store, config);
      await queues.publish.add('publish', job, { jobId: publishJobId(ingestJobId, job.store), delay: delayMs || undefined, priority, attempts });
    },
    async close() {
      await Promise.allSettled([queues.ingest.close(), queues.publish.close()]);
      await Promise.allSettled([...stores.values()].map((s) => s.close()));
      for (const c of connections) c.disconnect();
    },
  };
}
