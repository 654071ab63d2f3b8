// The publish stage as a pure function of the job's data: read the staged envelope and write it to one store.
import fs from 'node:fs/promises';
import { PermanentError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { Envelope } from '../ninjs/envelope.js';
import type { PublishJobData } from '../queues/queues.js';
import { isReadable, type ContentStore, type PublishResult } from '../stores/content-store.js';
import { isStaleProviderVersion } from '../ninjs/wire-mapping.js';

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
  // a lower provider version arriving after a higher one (feeds resend, queues reorder) changes nothing
  if (envelope.wire?.providerVersion !== undefined && isReadable(store)) {
    const stored = await store.get(envelope.id);
    if (stored && isStaleProviderVersion(stored.wire, { providerVersion: envelope.wire.providerVersion, pubstatus: envelope.ninjs.pubstatus })) {
      deps.logger.child({ jobId, sourceFile: data.sourceFile }).info({ documentId: data.documentId, store: data.store, stored: stored.wire?.providerVersion, incoming: envelope.wire.providerVersion }, 'stale provider version: not published');
      return { status: 'unchanged', version: stored.version };
    }
  }
  const result = await store.publish(envelope);
  deps.logger.debug({ jobId, sourceFile: data.sourceFile, documentId: data.documentId, store: data.store, ...result }, 'published');
  return result;
}
