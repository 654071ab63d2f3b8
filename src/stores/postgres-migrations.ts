// Versioned schema migrations for the PostgreSQL store: plain SQL files in migrations/ (next to this module in
// src/ and, copied by the build, in dist/), run in file-name order, each recorded in <schema>.schema_migrations.
// All of it runs in one transaction under a transaction-scoped advisory lock, so several processes starting at
// once migrate once: the others wait for the lock, then find nothing left to do.
import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Pool } from 'pg';

export interface Migration {
  /** The file name without .sql ("0001-documents"); sorts in the order the migrations run. */
  id: string;
  sql: string;
  /** sha256 (16 hex) of the SQL, recorded to notice a file edited after it ran. */
  checksum: string;
}

export interface MigrationReport {
  /** Migrations this call ran. */
  applied: string[];
  /** Recorded migrations whose file has changed since they ran (they are not run again). */
  changed: string[];
  /** Recorded migrations this build does not know (a newer copydesk migrated the schema). */
  unknown: string[];
}

export const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** `"name"` for a schema name already checked against SCHEMA_NAME. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name: ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

export async function loadMigrations(dir: URL = MIGRATIONS_DIR): Promise<Migration[]> {
  const names = (await fs.readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  if (!names.length) throw new Error(`no migrations found in ${dir.pathname} (was the build's copy step skipped?)`);
  return Promise.all(
    names.map(async (name) => {
      const sql = await fs.readFile(new URL(name, dir), 'utf8');
      return { id: name.slice(0, -4), sql, checksum: crypto.createHash('sha256').update(sql).digest('hex').slice(0, 16) };
    }),
  );
}

/** Creates the schema if missing and runs every migration not yet recorded there. */
export async function migrate(pool: Pool, schema: string, migrations?: Migration[]): Promise<MigrationReport> {
  const q = quoteSchema(schema);
  const all = migrations ?? (await loadMigrations());
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`copydesk.migrations.${schema}`]);
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (!exists.rowCount) await client.query(`CREATE SCHEMA ${q}`);
    await client.query(`SET LOCAL search_path TO ${q}`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${q}.schema_migrations (
      id text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const ran = new Map(
      (await client.query<{ id: string; checksum: string }>(`SELECT id, checksum FROM ${q}.schema_migrations`)).rows.map((r) => [r.id, r.checksum]),
    );
    const report: MigrationReport = { applied: [], changed: [], unknown: [] };
    for (const m of all) {
      const recorded = ran.get(m.id);
      if (recorded !== undefined) {
        if (recorded !== m.checksum) report.changed.push(m.id);
        continue;
      }
      try {
        await client.query(m.sql);
      } catch (err) {
        throw new Error(`migration ${m.id} failed: ${(err as Error).message}`, { cause: err });
      }
      await client.query(`INSERT INTO ${q}.schema_migrations (id, checksum) VALUES ($1, $2)`, [m.id, m.checksum]);
      report.applied.push(m.id);
    }
    const known = new Set(all.map((m) => m.id));
    report.unknown = [...ran.keys()].filter((id) => !known.has(id)).sort();
    await client.query('COMMIT');
    return report;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
