// The real PostgreSQL the integration tests use (PGURL or DATABASE_URL; trust auth on 127.0.0.1 by default) and a
// unique schema per test run, dropped afterwards.
import crypto from 'node:crypto';
import pg from 'pg';

export const PG_URL = process.env.PGURL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export function uniqueSchema(): string {
  return `cdtest_${crypto.randomBytes(5).toString('hex')}`;
}

export async function dropSchema(schema: string): Promise<void> {
  if (!/^cdtest_[0-9a-f]+$/.test(schema)) throw new Error(`not a test schema: ${schema}`);
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
