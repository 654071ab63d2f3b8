// The PostgreSQL store: the current version of each document in `documents` (envelope and ninjs as JSONB, a
// full-text vector over headline and body), every version in `document_versions`, the current version's entities
// in `document_entities`. The tables live in one schema (postgres.schema), created and upgraded by the migrations
// in postgres-migrations.ts at init. A publish is one transaction that locks the document's row, so concurrent
// publishes of one document give each distinct content one version.
import fs from 'node:fs';
import pg from 'pg';
import type { ConnectionOptions } from 'node:tls';
import type { Logger } from '../logging/logger.js';
import type { Envelope } from '../ninjs/envelope.js';
import {
  InvalidCursorError,
  withVersion,
  type DocumentPage,
  type DocumentQuery,
  type DocumentSummary,
  type PublishResult,
  type ReadableStore,
  type VersionInfo,
} from './content-store.js';
import { migrate, quoteSchema } from './postgres-migrations.js';

export interface PostgresStoreOptions {
  url: string;
  schema: string;
  /** disable | require | verify-ca | verify-full; unset: as the URL's sslmode says. */
  ssl?: 'disable' | 'require' | 'verify-ca' | 'verify-full';
  /** CA certificate file (PEM) for verify-ca / verify-full. */
  sslRootCert?: string;
  poolSize?: number;
  logger?: Logger;
}

/** The text-search configuration for both the stored vectors and the queries. */
const TS_CONFIG = 'english';

/** The pg `ssl` option for a TLS mode (undefined: leave it to the URL). */
export function sslOptions(mode: PostgresStoreOptions['ssl'], rootCertFile?: string): false | ConnectionOptions | undefined {
  if (mode === undefined) return undefined;
  if (mode === 'disable') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  const ca = rootCertFile ? fs.readFileSync(rootCertFile, 'utf8') : undefined;
  return mode === 'verify-ca'
    ? { rejectUnauthorized: true, ca, checkServerIdentity: () => undefined }
    : { rejectUnauthorized: true, ca };
}

/** The URL without its TLS parameters, when the TLS mode is set in config (pg lets the URL's win otherwise). */
export function withoutSslParams(url: string): string {
  const u = new URL(url);
  for (const p of ['ssl', 'sslmode', 'sslcert', 'sslkey', 'sslrootcert', 'uselibpqcompat']) u.searchParams.delete(p);
  return u.toString();
}

/** The URL with its password hidden, for logs. */
export function redactPostgresUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}

/** The plain text of the body that search covers: the text/plain body, or the first body without its tags. */
function searchableBody(envelope: Envelope): string {
  const bodies = envelope.ninjs.bodies ?? [];
  const plain = bodies.find((b) => b.contenttype === 'text/plain');
  if (plain) return plain.value;
  return (bodies[0]?.value ?? '').replace(/<[^>]*>/g, ' ');
}

interface CursorPosition {
  /** updated_at in microseconds since the epoch (exact: a JS Date would lose the microseconds). */
  atMicros: string;
  id: string;
}

function encodeCursor(c: CursorPosition): string {
  return Buffer.from(JSON.stringify([c.atMicros, c.id])).toString('base64url');
}

function decodeCursor(cursor: string): CursorPosition {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && /^-?\d{1,20}$/.test(v[0]) && typeof v[1] === 'string') {
      return { atMicros: v[0], id: v[1] };
    }
  } catch {
    // falls through
  }
  throw new InvalidCursorError('cursor is not one this server handed out (use nextCursor from the previous page)');
}

export class PostgresStore implements ReadableStore {
  readonly name = 'postgres';
  readonly schema: string;
  private readonly pool: pg.Pool;
  private readonly t: { documents: string; versions: string; entities: string };
  private readonly logger?: Logger;
  private readonly redactedUrl: string;

  constructor(options: PostgresStoreOptions) {
    const q = quoteSchema(options.schema);
    this.redactedUrl = redactPostgresUrl(options.url);
    this.schema = options.schema;
    this.logger = options.logger;
    this.t = { documents: `${q}.documents`, versions: `${q}.document_versions`, entities: `${q}.document_entities` };
    const ssl = sslOptions(options.ssl, options.sslRootCert);
    this.pool = new pg.Pool({
      connectionString: ssl === undefined ? options.url : withoutSslParams(options.url),
      ...(ssl === undefined ? {} : { ssl }),
      max: options.poolSize ?? 10,
      application_name: 'copydesk',
      connectionTimeoutMillis: 10_000,
    });
    // an idle connection dropped by the server: the pool replaces it; log rather than crash the process
    this.pool.on('error', (err) => this.logger?.warn({ err: err.message, database: this.redactedUrl }, 'PostgreSQL connection problem'));
  }

  async init(): Promise<void> {
    let report;
    try {
      report = await migrate(this.pool, this.schema);
    } catch (err) {
      throw new Error(`cannot prepare the PostgreSQL store at ${this.redactedUrl} (schema ${this.schema}): ${(err as Error).message}`, { cause: err });
    }
    if (report.applied.length) this.logger?.info({ schema: this.schema, applied: report.applied }, 'PostgreSQL migrations applied');
    if (report.changed.length) this.logger?.warn({ schema: this.schema, changed: report.changed }, 'PostgreSQL migrations edited after they ran (not run again)');
    if (report.unknown.length) this.logger?.warn({ schema: this.schema, unknown: report.unknown }, 'the schema has migrations this copydesk does not know (a newer version migrated it)');
  }

  async check(): Promise<void> {
    await this.pool.query(`SELECT 1 FROM ${this.t.documents} LIMIT 1`);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async publish(envelope: Envelope): Promise<PublishResult> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await this.publishIn(client, envelope);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch((e: Error) => (broken = e));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private async publishIn(client: pg.PoolClient, envelope: Envelope): Promise<PublishResult> {
    const { documents } = this.t;
    for (;;) {
      const found = await client.query<{ version: number; content_hash: string; status: string }>(
        `SELECT version, content_hash, status FROM ${documents} WHERE id = $1 FOR UPDATE`,
        [envelope.id],
      );
      const current = found.rows[0];
      if (!current) {
        // first version: the insert waits for a concurrent first insert of the same id and then does nothing,
        // in which case the row now exists and the loop locks it
        const stored = withVersion(envelope, 1);
        const inserted = await client.query(
          `INSERT INTO ${documents} (id, version, status, type, headline, envelope, ninjs, content_hash, search)
           VALUES ($1, 1, $2, $3, $4, $5, $6, $7, ${this.searchSql(8)})
           ON CONFLICT (id) DO NOTHING`,
          [envelope.id, envelope.ninjs.pubstatus, envelope.ninjs.type, headlineOf(envelope) ?? null, JSON.stringify(stored), JSON.stringify(stored.ninjs), envelope.contentHash, headlineOf(envelope) ?? '', searchableBody(envelope)],
        );
        if (!inserted.rowCount) continue;
        await this.addVersion(client, stored);
        return { status: envelope.ninjs.pubstatus === 'canceled' ? 'canceled' : 'created', version: 1 };
      }
      if (current.content_hash === envelope.contentHash) return { status: 'unchanged', version: current.version };
      // a kill is final: a late or repeated earlier version must not bring the story back
      if (current.status === 'canceled' && envelope.ninjs.pubstatus !== 'canceled') return { status: 'unchanged', version: current.version };
      const version = current.version + 1;
      const stored = withVersion(envelope, version);
      await client.query(
        `UPDATE ${documents}
            SET version = $2, status = $3, type = $4, headline = $5, envelope = $6, ninjs = $7, content_hash = $8,
                search = ${this.searchSql(9)}, updated_at = now()
          WHERE id = $1`,
        [envelope.id, version, envelope.ninjs.pubstatus, envelope.ninjs.type, headlineOf(envelope) ?? null, JSON.stringify(stored), JSON.stringify(stored.ninjs), envelope.contentHash, headlineOf(envelope) ?? '', searchableBody(envelope)],
      );
      await this.addVersion(client, stored);
      return { status: envelope.ninjs.pubstatus === 'canceled' ? 'canceled' : 'updated', version };
    }
  }

  /** The tsvector expression over parameters $n (headline) and $n+1 (body). */
  private searchSql(n: number): string {
    return `setweight(to_tsvector('${TS_CONFIG}', $${n}), 'A') || setweight(to_tsvector('${TS_CONFIG}', $${n + 1}), 'B')`;
  }

  /** Records a version and makes its entities the document's. */
  private async addVersion(client: pg.PoolClient, stored: Envelope): Promise<void> {
    await client.query(
      `INSERT INTO ${this.t.versions} (id, version, content_hash, envelope, pubstatus) VALUES ($1, $2, $3, $4, $5)`,
      [stored.id, stored.version, stored.contentHash, JSON.stringify(stored), stored.ninjs.pubstatus],
    );
    await client.query(`DELETE FROM ${this.t.entities} WHERE document_id = $1`, [stored.id]);
    if (stored.entities.length) {
      await client.query(
        `INSERT INTO ${this.t.entities} (document_id, type, name, count, relevance)
         SELECT $1, e.type, e.name, max(e.count), max(e.relevance)
           FROM jsonb_to_recordset($2::jsonb) AS e(type text, name text, count integer, relevance real)
          GROUP BY e.type, e.name`,
        [stored.id, JSON.stringify(stored.entities.map((e) => ({ type: e.type, name: e.name, count: e.count, relevance: e.relevance })))],
      );
    }
  }

  async get(id: string): Promise<Envelope | undefined> {
    const r = await this.pool.query<{ envelope: Envelope }>(`SELECT envelope FROM ${this.t.documents} WHERE id = $1`, [id]);
    return r.rows[0]?.envelope;
  }

  async getVersion(id: string, version: number): Promise<Envelope | undefined> {
    if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647) return undefined;
    const r = await this.pool.query<{ envelope: Envelope }>(`SELECT envelope FROM ${this.t.versions} WHERE id = $1 AND version = $2`, [id, version]);
    return r.rows[0]?.envelope;
  }

  async versions(id: string): Promise<VersionInfo[]> {
    const r = await this.pool.query<{ version: number; content_hash: string; published_at: Date; pubstatus: string }>(
      `SELECT version, content_hash, published_at, pubstatus FROM ${this.t.versions} WHERE id = $1 ORDER BY version`,
      [id],
    );
    return r.rows.map((row) => ({ version: row.version, contentHash: row.content_hash, publishedAt: row.published_at.toISOString(), pubstatus: row.pubstatus }));
  }

  /** Newest first (updated_at, then id), filtered; the cursor is the last row's position (keyset pagination). */
  async list(query: DocumentQuery): Promise<DocumentPage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (query.q?.trim()) where.push(`d.search @@ websearch_to_tsquery('${TS_CONFIG}', ${param(query.q)})`);
    if (query.entity?.trim()) {
      where.push(`EXISTS (SELECT 1 FROM ${this.t.entities} e WHERE e.document_id = d.id AND lower(e.name) = lower(${param(query.entity.trim())}))`);
    }
    if (query.type) where.push(`d.type = ${param(query.type)}`);
    if (query.since) where.push(`d.updated_at >= ${param(query.since)}::timestamptz`);
    if (query.cursor) {
      const c = decodeCursor(query.cursor);
      where.push(`(d.updated_at, d.id) < (timestamptz 'epoch' + ${param(c.atMicros)}::bigint * interval '1 microsecond', ${param(c.id)})`);
    }
    const limit = Math.max(1, Math.floor(query.limit));
    const r = await this.pool.query<{
      id: string;
      version: number;
      headline: string | null;
      status: string;
      type: string;
      versioncreated: string;
      updated_at: Date;
      at_micros: string;
    }>(
      `SELECT d.id, d.version, d.headline, d.status, d.type, d.ninjs->>'versioncreated' AS versioncreated, d.updated_at,
              ((extract(epoch FROM d.updated_at) * 1000000)::numeric(20, 0))::text AS at_micros
         FROM ${this.t.documents} d
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY d.updated_at DESC, d.id DESC
        LIMIT ${param(limit + 1)}`,
      params,
    );
    const rows = r.rows.slice(0, limit);
    const items: DocumentSummary[] = rows.map((row) => ({
      id: row.id,
      version: row.version,
      ...(row.headline !== null ? { headline: row.headline } : {}),
      pubstatus: row.status,
      type: row.type,
      versioncreated: row.versioncreated,
      updatedAt: row.updated_at.toISOString(),
    }));
    const last = rows.at(-1);
    return { items, ...(r.rows.length > limit && last ? { nextCursor: encodeCursor({ atMicros: last.at_micros, id: last.id }) } : {}) };
  }
}

function headlineOf(envelope: Envelope): string | undefined {
  const h = envelope.ninjs.headlines;
  return (h?.find((x) => x.role === 'main') ?? h?.[0])?.value;
}
