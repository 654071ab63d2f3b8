// The whole pipeline running in this process on the real Redis: app, watcher, ingest and publish workers.
import pino from 'pino';
import { createApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/schema.js';
import { priorityForUrgency } from '../../src/queues/queues.js';
import { sniffUrgency } from '../../src/formats/sniff-urgency.js';
import { InboxWatcher } from '../../src/watcher/inbox-watcher.js';
import { startIngestWorker } from '../../workers/ingest-worker.js';
import { startPublishWorker } from '../../workers/publish-worker.js';
import { deleteKeys } from './test-config.js';

export interface RunningPipeline {
  app: App;
  watcher?: InboxWatcher;
  stop(): Promise<void>;
}

export async function startPipeline(config: Config, parts: { watcher?: boolean; workers?: boolean } = {}): Promise<RunningPipeline> {
  const app = await createApp(config, { logger: pino({ level: 'silent' }) });
  const stoppers: Array<() => Promise<void>> = [];
  if (parts.workers !== false) {
    const ingest = startIngestWorker(app);
    const publish = startPublishWorker(app);
    stoppers.push(() => ingest.close(), () => publish.close());
  }
  let watcher: InboxWatcher | undefined;
  if (parts.watcher !== false) {
    watcher = new InboxWatcher({
      inbox: config.inbox,
      stabilityMs: config.watcher.stabilityMs,
      pollMs: config.watcher.pollMs,
      archive: app.archive,
      failed: app.failed,
      logger: app.logger,
      enqueue: (job, priority) => app.enqueueIngest(job, priority),
      priorityOf: (head) => priorityForUrgency(sniffUrgency(head)),
    });
    await watcher.start();
    stoppers.unshift(() => watcher!.stop());
  }
  return {
    app,
    watcher,
    async stop() {
      for (const s of stoppers) await s();
      await app.queues.ingest.obliterate({ force: true }).catch(() => undefined);
      await app.queues.publish.obliterate({ force: true }).catch(() => undefined);
      await deleteKeys(app.redis, config.keyPrefix);
      await app.close();
    },
  };
}
