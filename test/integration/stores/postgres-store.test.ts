// The PostgreSQL store against the real server at 127.0.0.1:5432, in a schema of its own that is dropped afterwards.
import pg from 'pg';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import { InvalidCursorError } from '../../../src/stores/content-store.js';
import { loadMigrations, migrate } from '../../../src/stores/postgres-migrations.js';
import { PostgresStore } from '../../../src/stores/postgres-store.js';
import { makeEnvelope } from '../../helpers/envelopes.js';
import { PG_URL, dropSchema, uniqueSchema } from '../../helpers/test-postgres.js';

function withEntity(env: Envelope, name: string, type: 'person' | 'organisation' | 'place' = 'place'): Envelope {
  return { ...env, entities: [...env.entities, { type, name, mentions: [], count: 1, relevance: 0.5 }] };
}

describe('PostgresStore', () => {
  const schema = uniqueSchema();
  let store: PostgresStore;
  let pool: pg.Pool;

  beforeAll(async () => {
    store = new PostgresStore({ url: PG_URL, schema, poolSize: 4 });
    await store.init();
    pool = new pg.Pool({ connectionString: PG_URL, max: 2 });
  });
  afterAll(async () => {
    await store.close();
    await pool.end();
    await dropSchema(schema);
  });

  test('creates version 1, ignores an identical re-publish, and adds version 2 for changed content', async () => {
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'created', version: 1 });
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'unchanged', version: 1 });
    expect(await store.publish(makeEnvelope('doc1', 'two'))).toEqual({ status: 'updated', version: 2 });
    const current = await store.get('doc1');
    expect(current?.version).toBe(2);
    expect(current?.ninjs.version).toBe('2');
    expect(current?.ninjs.bodies[0]!.value).toBe('two');
    const versions = await store.versions('doc1');
    expect(versions.map((v) => [v.version, v.contentHash, v.pubstatus])).toEqual([
      [1, 'one|usable', 'usable'],
      [2, 'two|usable', 'usable'],
    ]);
    expect(Number.isNaN(Date.parse(versions[0]!.publishedAt))).toBe(false);
    expect((await store.getVersion('doc1', 1))?.ninjs.bodies[0]!.value).toBe('one');
    expect((await store.getVersion('doc1', 1))?.version).toBe(1);
    expect(await store.getVersion('doc1', 3)).toBeUndefined();
    const row = await pool.query(`SELECT version, status, type, headline, content_hash, ninjs->>'version' AS nv FROM "${schema}".documents WHERE id = 'doc1'`);
    expect(row.rows).toEqual([{ version: 2, status: 'usable', type: 'text', headline: 'Headline of doc1', content_hash: 'two|usable', nv: '2' }]);
  });

  test('answers undefined and [] for a document it does not have', async () => {
    expect(await store.get('nothing-here')).toBeUndefined();
    expect(await store.versions('nothing-here')).toEqual([]);
    expect(await store.getVersion('nothing-here', 1)).toBeUndefined();
  });

  test('marks a canceled document canceled and keeps it so when an earlier version arrives late', async () => {
    await store.publish(makeEnvelope('doc2', 'story'));
    expect(await store.publish(makeEnvelope('doc2', 'story', { pubstatus: 'canceled' }))).toEqual({ status: 'canceled', version: 2 });
    expect(await store.publish(makeEnvelope('doc2', 'late update'))).toEqual({ status: 'unchanged', version: 2 });
    expect((await store.get('doc2'))?.ninjs.pubstatus).toBe('canceled');
    const row = await pool.query(`SELECT status, version FROM "${schema}".documents WHERE id = 'doc2'`);
    expect(row.rows).toEqual([{ status: 'canceled', version: 2 }]);
    expect((await store.versions('doc2')).map((v) => v.pubstatus)).toEqual(['usable', 'canceled']);
  });

  test('gives each distinct content one version when many publishes of one document race', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `body ${i % 3}`);
    const results = await Promise.all(bodies.map((b) => store.publish(makeEnvelope('doc3', b))));
    const versions = await store.versions('doc3');
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    // consecutive versions always differ, and exactly one publish created the document
    for (let i = 1; i < versions.length; i++) expect(versions[i]!.contentHash).not.toBe(versions[i - 1]!.contentHash);
    expect(results.filter((r) => r.status === 'created')).toHaveLength(1);
    expect(results.filter((r) => r.status !== 'unchanged')).toHaveLength(versions.length);
    expect((await store.get('doc3'))?.version).toBe(versions.length);
  });

  describe('list', () => {
    // its own documents, told apart from the other tests' by type
    const type = 'composite' as const;
    beforeAll(async () => {
      await store.publish(withEntity(makeEnvelope('s1', 'Fires burned near the harbour all night.', { type }), 'Eastmoor'));
      await store.publish(withEntity(makeEnvelope('s2', 'The council held a budget vote.', { type }), 'Ada Lovelace', 'person'));
      await store.publish(withEntity(makeEnvelope('s3', 'The harbour budget was cut.', { type, headlines: [{ role: 'main', value: 'Siege of the harbour' }] }), 'eastmoor'));
      await store.publish(makeEnvelope('s4', 'Nothing to see.', { type }));
      await store.publish(makeEnvelope('s5', 'A quiet day.', { type }));
    });
    const ids = (page: { items: { id: string }[] }) => page.items.map((d) => d.id).sort();

    test('finds words in body and headline, with stemming and web-search syntax', async () => {
      expect(ids(await store.list({ type, q: 'harbour', limit: 10 }))).toEqual(['s1', 's3']);
      expect(ids(await store.list({ type, q: 'fire', limit: 10 }))).toEqual(['s1']);
      expect(ids(await store.list({ type, q: 'sieges', limit: 10 }))).toEqual(['s3']);
      expect(ids(await store.list({ type, q: 'harbour -budget', limit: 10 }))).toEqual(['s1']);
      expect(ids(await store.list({ type, q: '"budget vote"', limit: 10 }))).toEqual(['s2']);
      expect(ids(await store.list({ type, q: 'volcano', limit: 10 }))).toEqual([]);
    });

    test('filters by canonical entity name, whatever its case', async () => {
      expect(ids(await store.list({ type, entity: 'EASTMOOR', limit: 10 }))).toEqual(['s1', 's3']);
      expect(ids(await store.list({ type, entity: 'ada lovelace', limit: 10 }))).toEqual(['s2']);
      expect(ids(await store.list({ type, entity: 'Portvale', limit: 10 }))).toEqual(['s1', 's2', 's3', 's4', 's5']);
      expect(ids(await store.list({ type, entity: 'Ada', limit: 10 }))).toEqual([]);
    });

    test('filters by type and since', async () => {
      expect(ids(await store.list({ type, limit: 10 }))).toEqual(['s1', 's2', 's3', 's4', 's5']);
      expect(ids(await store.list({ type: 'picture', limit: 10 }))).toEqual([]);
      const s4 = (await pool.query(`SELECT updated_at FROM "${schema}".documents WHERE id = 's4'`)).rows[0].updated_at as Date;
      const since = await store.list({ type, since: s4.toISOString(), limit: 10 });
      expect(ids(since)).toEqual(['s4', 's5']);
      expect(ids(await store.list({ type, since: '2999-01-01T00:00:00Z', limit: 10 }))).toEqual([]);
    });

    test('pages newest first with a keyset cursor: every document once, then no cursor', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.list({ type, limit: 2, cursor });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((d) => d.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 10);
      expect(pages).toBe(3);
      expect(seen).toEqual(['s5', 's4', 's3', 's2', 's1']);
      const first = (await store.list({ type, limit: 1 })).items[0]!;
      expect(first).toMatchObject({ id: 's5', version: 1, headline: 'Headline of s5', pubstatus: 'usable', type, versioncreated: '2026-01-01T00:00:00.000Z' });
    });

    test('keeps its place when a document on a later page is updated meanwhile', async () => {
      const first = await store.list({ type, limit: 2 });
      expect(first.items.map((d) => d.id)).toEqual(['s5', 's4']);
      // s1 moves to the front: the next page goes on after s4 without showing s4 again
      await store.publish(withEntity(makeEnvelope('s1', 'Fires burned near the harbour all night and day.', { type }), 'Eastmoor'));
      const second = await store.list({ type, limit: 10, cursor: first.nextCursor });
      expect(second.items.map((d) => d.id)).toEqual(['s3', 's2']);
    });

    test('refuses a cursor it did not hand out', async () => {
      await expect(store.list({ type, limit: 2, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(store.list({ type, limit: 2, cursor: Buffer.from('["x","y"]').toString('base64url') })).rejects.toBeInstanceOf(InvalidCursorError);
    });
  });

  test('keeps the current version’s entities only', async () => {
    await store.publish(withEntity(makeEnvelope('doc4', 'first text'), 'Northfold'));
    await store.publish(withEntity(makeEnvelope('doc4', 'second text'), 'Southfold'));
    const rows = await pool.query(`SELECT type, name FROM "${schema}".document_entities WHERE document_id = 'doc4' ORDER BY name`);
    expect(rows.rows).toEqual([
      { type: 'place', name: 'Portvale' },
      { type: 'place', name: 'Southfold' },
    ]);
    expect((await store.list({ entity: 'northfold', limit: 10 })).items).toEqual([]);
  });

  test('init names the database (password hidden) when it cannot reach it', async () => {
    const unreachable = new PostgresStore({ url: 'postgres://postgres:s3cret@127.0.0.1:1/test', schema, poolSize: 1 });
    try {
      await expect(unreachable.init()).rejects.toThrow(/^cannot prepare the PostgreSQL store at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test \(schema cdtest_\w+\): connect ECONNREFUSED/);
    } finally {
      await unreachable.close();
    }
  });

  test('check() passes on a migrated schema', async () => {
    await expect(store.check()).resolves.toBeUndefined();
  });
});

describe('PostgreSQL migrations', () => {
  const schema = uniqueSchema();
  let pools: pg.Pool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.end()));
    await dropSchema(schema);
  });

  test('run once when several processes start at the same time, and do nothing the second time', async () => {
    pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: PG_URL, max: 1 }));
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.id)).toContain('0001-documents');
    const reports = await Promise.all(pools.map((p) => migrate(p, schema)));
    const applied = reports.map((r) => r.applied);
    expect(applied.filter((a) => a.length)).toEqual([migrations.map((m) => m.id)]);
    const again = await migrate(pools[0]!, schema);
    expect(again).toEqual({ applied: [], changed: [], unknown: [] });
    const recorded = await pools[0]!.query(`SELECT id FROM "${schema}".schema_migrations ORDER BY id`);
    expect(recorded.rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
  });

  test('report a recorded migration whose file changed, and one this build does not know', async () => {
    const [first] = await loadMigrations();
    const report = await migrate(pools[0]!, schema, [{ ...first!, checksum: 'edited' }, { id: '9999-later', sql: 'SELECT 1', checksum: 'x' }]);
    expect(report.changed).toEqual([first!.id]);
    expect(report.applied).toEqual(['9999-later']);
    const report2 = await migrate(pools[0]!, schema);
    expect(report2.unknown).toEqual(['9999-later']);
  });

  test('roll back a failing migration entirely', async () => {
    await expect(migrate(pools[0]!, schema, [{ id: '9998-broken', sql: 'CREATE TABLE half (x int); SELECT no_such_function()', checksum: 'b' }])).rejects.toThrow(
      /migration 9998-broken failed/,
    );
    const tables = await pools[0]!.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'half'`, [schema]);
    expect(tables.rowCount).toBe(0);
  });
});
