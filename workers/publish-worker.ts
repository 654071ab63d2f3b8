// The publish queue's worker: a thin shell around processPublishJob (src/pipeline/publish-processor.ts).
import type { Worker } from 'bullmq';
import type { App } from '../src/app.js';
import { processPublishJob } from '../src/pipeline/publish-processor.js';
import { QUEUE_NAMES, type PublishJobData } from '../src/queues/queues.js';
import type { PublishResult } from '../src/stores/content-store.js';
import { startWorker } from './worker-shell.js';
import { runAsEntry } from './run-as-entry.js';

export function startPublishWorker(app: App, concurrency = app.config.worker.concurrency): Worker<PublishJobData, PublishResult> {
  return startWorker<PublishJobData, PublishResult>(app, {
    queue: QUEUE_NAMES.publish,
    concurrency,
    process: (job) => processPublishJob(job.id!, job.data, { stores: app.stores, logger: app.logger }),
    failure: (d) => ({ originalName: d.sourceFile, store: d.store }),
  });
}

await runAsEntry(import.meta.url, startPublishWorker);
