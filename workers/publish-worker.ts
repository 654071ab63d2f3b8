// The publish queue's worker: a thin shell around processPublishJob (src/pipeline/publish-processor.ts).
import type { Worker } from 'bullmq';
import type { App } from '../src/app.js';
import { processPublishJob } from '../src/pipeline/publish-processor.js';
import { crashHere } from '../src/ops/drill.js';
import { recordProvenance } from '../src/ops/provenance.js';
import { QUEUE_NAMES, type PublishJobData } from '../src/queues/queues.js';
import type { PublishResult } from '../src/stores/content-store.js';
import { startWorker } from './worker-shell.js';
import { runAsEntry } from './run-as-entry.js';

export function startPublishWorker(app: App, concurrency = app.config.worker.concurrency): Worker<PublishJobData, PublishResult> {
  return startWorker<PublishJobData, PublishResult>(app, {
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
}

await runAsEntry(import.meta.url, startPublishWorker);
