// The publish stage as a pure function of the job's data: read the staged envelope and write it to one store.
import fs from 'node:fs/promises';
import { PermanentError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { Envelope } from '../ninjs/envelope.js';
import type { PublishJobData } from '../queues/queues.js';
import type { ContentStore, PublishResult } from '../stores/content-store.js';

export interface PublishDeps {
  stores: ReadonlyMap<string, ContentStore>;
  logger: Logger;
}

export async function processPublishJob(jobId: string, data: PublishJobData, deps: PublishDeps): Promise<PublishResult> {
  const store = deps.stores.get(data.store);
  if (!store) throw new PermanentError('CONFIG', `no store named "${data.store}" is configured here (configured: ${[...deps.stores.keys()].join(', ')})`);
  let envelope: Envelope;
  try {
    envelope = JSON.parse(await fs.readFile(data.envelopePath, 'utf8')) as Envelope;
  } catch (err) {
    throw new PermanentError('RAW_MISSING', `the staged document ${data.envelopePath} cannot be read (${(err as Error).message}); reprocess the source`);
  }
  const result = await store.publish(envelope);
  deps.logger.child({ jobId, sourceFile: data.sourceFile }).info({ documentId: data.documentId, store: data.store, ...result }, 'published');
  return result;
}
