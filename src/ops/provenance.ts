// Which rules, config and tagger produced a document, and whether that is what is deployed now ("stale" when
// not). A store keeps a document unchanged when a rerun produces the same content, so the provenance last
// confirmed for each document is also kept in Redis (a hash: document id → provenance key).
import type { Redis } from 'ioredis';
import type { Envelope, Provenance } from '../ninjs/envelope.js';
import { isReadable, type ContentStore } from '../stores/content-store.js';

/**
 * What decides staleness: the rules, the config and the tagger model. The copydesk version is recorded but does
 * not make a document stale on its own (a release that changes output changes one of the three, or says so).
 */
export function provenanceKey(p: Partial<Provenance> | undefined): string {
  return `rules=${p?.rulesHash ?? '?'} config=${p?.configHash ?? '?'} tagger=${p?.taggerVersion ?? '?'}`;
}

export const provenanceLedgerKey = (keyPrefix: string): string => `${keyPrefix}:provenance`;

/** Records that `documentId` is now confirmed as produced under `provenance` (called after each publish). */
export async function recordProvenance(redis: Redis, keyPrefix: string, documentId: string, provenance: Provenance): Promise<void> {
  await redis.hset(provenanceLedgerKey(keyPrefix), documentId, provenanceKey(provenance));
}

/** The provenance key a document counts as: the last one confirmed in Redis, else the stored envelope's. */
export function effectiveKey(envelope: Pick<Envelope, 'provenance'>, confirmed: string | undefined): string {
  return confirmed ?? provenanceKey(envelope.provenance);
}

export interface StoredDocument {
  id: string;
  sha256: string;
  format: string;
  receivedAt: string;
  originalName: string;
  key: string;
}

/** Every document in the primary store with the provenance key it counts as (pages through the store). */
export async function* storedDocuments(store: ContentStore, redis: Redis, keyPrefix: string, pageSize = 500): AsyncGenerator<StoredDocument> {
  if (!isReadable(store)) throw new Error(`the ${store.name} store cannot be read back, so stale documents cannot be found in it`);
  let cursor: string | undefined;
  do {
    const page = await store.list({ limit: pageSize, cursor });
    const ids = page.items.map((i) => i.id);
    const confirmed = ids.length ? await redis.hmget(provenanceLedgerKey(keyPrefix), ...ids) : [];
    for (let i = 0; i < ids.length; i++) {
      const env = await store.get(ids[i]!);
      if (!env) continue;
      yield {
        id: env.id,
        sha256: env.source.sha256,
        format: env.source.format,
        receivedAt: env.source.receivedAt,
        originalName: env.source.originalName,
        key: effectiveKey(env, confirmed[i] ?? undefined),
      };
    }
    cursor = page.nextCursor;
  } while (cursor);
}

export interface StaleSummary {
  total: number;
  stale: number;
  current: string;
  /** Documents per provenance key, most first. */
  byProvenance: { key: string; documents: number }[];
}

export async function staleSummary(store: ContentStore, redis: Redis, keyPrefix: string, current: Provenance): Promise<StaleSummary> {
  const now = provenanceKey(current);
  const counts = new Map<string, number>();
  let total = 0;
  for await (const doc of storedDocuments(store, redis, keyPrefix)) {
    total++;
    counts.set(doc.key, (counts.get(doc.key) ?? 0) + 1);
  }
  return {
    total,
    stale: total - (counts.get(now) ?? 0),
    current: now,
    byProvenance: [...counts].map(([key, documents]) => ({ key, documents })).sort((a, b) => b.documents - a.documents),
  };
}
