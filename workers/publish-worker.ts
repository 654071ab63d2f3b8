// The publish queue's worker: a thin shell around processPublishJob (src/pipeline/publish-processor.ts).
import type { Worker } from 'bullmq';
import type { App } from '../src/app.js';
import { processPublishJob } from '../src/pipeline/publish-processor.js';
import { crashHere } from '../src/ops/drill.js';
import { recordProvenance } from '../src/ops/provenance.js';
import { QUEUE_NAMES, type PublishJobData } from '../src/queues/queues.js';
import { removeFile } from '../src/stores/atomic-file.js';
import type { PublishResult } from '../src/stores/content-store.js';
import { startWorker } from './worker-shell.js';
import { runAsEntry } from './run-as-entry.js';

export function startPublishWorker(app: App, concurrency = app.config.worker.concurrency): Worker<PublishJobData, PublishResult> {
  const worker = startWorker<PublishJobData, PublishResult>(app, {
    queue: QUEUE_NAMES.publish,
    concurrency,
    process: async (job) => {
      const started = performance.now();
      const result = await processPublishJob(job.id!, job.data, { stores: app.stores, logger: app.logger });
      crashHere('after-publish');
      const { format, provider, store, provenance, documentId } = job.data;
      app.metrics.observeStages({ publish: performance.now() - started });
      app.metrics.published.inc({ format, source: app.metrics.sourceLabel(provider), store, status: result.status });
      // the primary store's copy now counts as produced by this provenance, even when its content was unchanged
      if (provenance && store === [...app.stores.keys()][0]) await recordProvenance(app.redis, app.config.keyPrefix, documentId, provenance);
      return result;
    },
    failure: (d) => ({ originalName: d.sourceFile, store: d.store, format: d.format, provider: d.provider }),
  });
  // the staged envelope (this store's link to it, with several stores) is removed once the job is recorded as
  // completed, never before: a job retaken after a crash still finds it. A failed job keeps it for a retry.
  worker.on('completed', (job) => {
    removeFile(job.data.envelopePath).catch((err: Error) => app.logger.warn({ err: err.message, jobId: job.id }, 'could not remove the staged envelope'));
  });
  return worker;
}

await runAsEntry(import.meta.url, startPublishWorker);
