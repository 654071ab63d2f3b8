// The content-store interface every publish target implements (filesystem, PostgreSQL, webhook).
import type { Envelope } from '../ninjs/envelope.js';

export type PublishStatus = 'created' | 'updated' | 'unchanged' | 'canceled';

export interface PublishResult {
  status: PublishStatus;
  /** The document's version after the publish. */
  version: number;
}

export interface VersionInfo {
  version: number;
  contentHash: string;
  publishedAt: string;
  pubstatus: string;
}

export interface DocumentSummary {
  id: string;
  version: number;
  headline?: string;
  pubstatus: string;
  type: string;
  versioncreated: string;
  updatedAt: string;
}

export interface DocumentQuery {
  /** Words to find in headline and body. */
  q?: string;
  /** Canonical entity name. */
  entity?: string;
  /** ninjs type. */
  type?: string;
  /** Only documents updated at or after this time (ISO). */
  since?: string;
  limit: number;
  /** Opaque cursor from the previous page. */
  cursor?: string;
}

/** A `cursor` that no page handed out: the read API answers 400. */
export class InvalidCursorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidCursorError';
  }
}

export interface DocumentPage {
  items: DocumentSummary[];
  nextCursor?: string;
}

export interface ContentStore {
  readonly name: string;
  /** Creates folders, tables or checks the endpoint; called once at start-up. */
  init(): Promise<void>;
  /**
   * Publishes an envelope idempotently: identical content (same contentHash as the current version) changes
   * nothing; changed content adds version current+1; once a document is canceled it stays canceled.
   */
  publish(envelope: Envelope): Promise<PublishResult>;
  /** Readiness: throws when the store cannot be written. */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** A store that can also be read: serves the read API. */
export interface ReadableStore extends ContentStore {
  get(id: string): Promise<Envelope | undefined>;
  versions(id: string): Promise<VersionInfo[]>;
  getVersion(id: string, version: number): Promise<Envelope | undefined>;
  list(query: DocumentQuery): Promise<DocumentPage>;
}

export function isReadable(store: ContentStore): store is ReadableStore {
  return typeof (store as ReadableStore).get === 'function' && typeof (store as ReadableStore).list === 'function';
}

/** The envelope as stored for a given version: version fields set, everything else as built. */
export function withVersion(envelope: Envelope, version: number): Envelope {
  return { ...envelope, version, ninjs: { ...envelope.ninjs, version: String(version) } };
}
