// Acceptance: `COPYDESK_STORES=filesystem,postgres copydesk start` with a story dropped into the inbox publishes it
// to both stores, and the read API on its HTTP port finds it by id, by entity and by words; `copydesk serve` with
// PostgreSQL first serves the same document from PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { cliEnv, cliPath } from '../../helpers/run-cli.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { deleteKeys, testConfig } from '../../helpers/test-config.js';
import { PG_URL, dropSchema, uniqueSchema } from '../../helpers/test-postgres.js';
import { waitFor } from '../../helpers/wait-for.js';
import { createRedis } from '../../../src/queues/redis-connection.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('copydesk start with the filesystem and PostgreSQL stores', () => {
  const schema = uniqueSchema();
  let dirs: TempDirs;
  let start: ChildProcess | undefined;
  let serve: ChildProcess | undefined;
  let keyPrefix: string;
  beforeAll(() => {
    dirs = makeTempDirs();
  });
  afterAll(async () => {
    await stop(start);
    await stop(serve);
    const redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    await deleteKeys(redis, keyPrefix);
    redis.disconnect();
    await dropSchema(schema);
    dirs.remove();
  });

  test('the story dropped into the inbox is found by id, by ?entity= and by ?q=', async () => {
    const config = testConfig(dirs);
    keyPrefix = config.keyPrefix;
    const port = await freePort();
    const env = cliEnv(config, { COPYDESK_STORES: 'filesystem,postgres', DATABASE_URL: PG_URL, COPYDESK_POSTGRES_SCHEMA: schema, COPYDESK_PORT: String(port) });
    start = spawn(process.execPath, [cliPath, 'start', '--no-redis-autostart'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    start.stderr!.on('data', (d) => (stderr += d));
    const api = (url: string) => fetch(`http://127.0.0.1:${port}${url}`);
    await waitFor(async () => (await api('/healthz')).ok, `copydesk start's HTTP server (${stderr})`, 30_000, 200);

    fs.copyFileSync(path.join(fixturesDir, 'text/hill-town-siege.txt'), path.join(dirs.inbox, 'hill-town-siege.txt'));
    const byEntity = await waitFor(async () => {
      const res = await api('/documents?entity=Veloria');
      const body = (await res.json()) as { items: { id: string; headline?: string }[] };
      return body.items.length > 0 && body.items;
    }, 'the story to be published and found by entity', 30_000, 200);
    expect(byEntity).toHaveLength(1);
    const id = byEntity[0]!.id;

    const doc = await api(`/documents/${id}`);
    expect(doc.status).toBe(200);
    const envelope = (await doc.json()) as { id: string; version: number; ninjs: { bodies: { value: string }[] } };
    expect(envelope.id).toBe(id);
    expect(envelope.version).toBe(1);
    expect(envelope.ninjs.bodies[0]!.value).toMatch(/broke a six-week siege/);
    // the boilerplate is gone from what the API serves
    expect(envelope.ninjs.bodies[0]!.value).not.toMatch(/READ MORE|Get breaking/);

    const bySearch = (await (await api('/documents?q=siege')).json()) as { items: { id: string }[] };
    expect(bySearch.items.map((d) => d.id)).toEqual([id]);
    expect(((await (await api('/documents?q=volcano')).json()) as { items: unknown[] }).items).toEqual([]);
    expect((await api(`/documents/${id}/versions/1`)).status).toBe(200);
    expect((await api('/documents/no-such-story')).status).toBe(404);

    // the PostgreSQL store has it too: rows in the configured schema, and `copydesk serve` with it first serves it.
    // Each store has its own publish job, so the row may land a moment after the filesystem copy the API served.
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      const rows = await waitFor(async () => {
        const r = await client.query(`SELECT d.version, d.status, e.name FROM "${schema}".documents d JOIN "${schema}".document_entities e ON e.document_id = d.id WHERE d.id = $1 AND e.name = 'Veloria'`, [id]);
        return r.rows.length > 0 && r.rows;
      }, 'the PostgreSQL store to publish the story', 30_000, 200);
      expect(rows).toEqual([{ version: 1, status: 'usable', name: 'Veloria' }]);
    } finally {
      await client.end();
    }
    const servePort = await freePort();
    serve = spawn(process.execPath, [cliPath, 'serve', '--port', String(servePort)], {
      env: { ...env, COPYDESK_STORES: 'postgres,filesystem', COPYDESK_PORT: '' },
      stdio: 'ignore',
    });
    const fromPostgres = await waitFor(async () => {
      const res = await fetch(`http://127.0.0.1:${servePort}/documents?entity=veloria&q=siege`);
      return res.ok && ((await res.json()) as { items: { id: string }[] }).items;
    }, 'copydesk serve to answer from PostgreSQL', 30_000, 200);
    expect(fromPostgres.map((d) => d.id)).toEqual([id]);
  });
});
