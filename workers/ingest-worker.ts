// The ingest queue's worker: a thin shell around processIngestJob (src/pipeline/ingest-processor.ts).
import type { Worker } from 'bullmq';
import type { App } from '../src/app.js';
import { processIngestJob, type IngestResult } from '../src/pipeline/ingest-processor.js';
import { RedisLineMemory } from '../src/pipeline/line-memory.js';
import { QUEUE_NAMES, type IngestJobData } from '../src/queues/queues.js';
import { startWorker } from './worker-shell.js';
import { runAsEntry } from './run-as-entry.js';

export function startIngestWorker(app: App, concurrency = app.config.worker.concurrency): Worker<IngestJobData, IngestResult> {
  const pipeline = app.pipeline();
  const stores = [...app.stores.keys()];
  const { enabled, minDocuments, maxWords, windowHours } = app.config.learning;
  const memory = enabled ? new RedisLineMemory(app.redis, app.config.keyPrefix, { minDocuments, maxWords, windowMs: windowHours * 3600_000 }) : undefined;
  return startWorker<IngestJobData, IngestResult>(app, {
    queue: QUEUE_NAMES.ingest,
    concurrency,
    process: (job) =>
      processIngestJob(job.id!, job.data, {
        pipeline,
        stores,
        stagingDir: app.stagingDir,
        maxFileBytes: app.config.limits.maxFileBytes,
        logger: app.logger,
        learnLines: memory && ((source, docId, text) => memory.observe(source, docId, text)),
        observe: (times, format, provider) => {
          app.metrics.observeStages(times);
          app.metrics.ingested.inc({ format, source: app.metrics.sourceLabel(provider) });
        },
        enqueuePublish: (data, o) => app.enqueuePublish(data, { ...o, priority: job.opts.priority }),
      }),
    failure: (d) => ({ rawPath: d.rawPath, originalName: d.originalName, sha256: d.sha256 }),
  });
}

await runAsEntry(import.meta.url, startIngestWorker);
