// The read API through fastify's inject(), served from the primary store: PostgreSQL (in a schema of its own, dropped
// afterwards) or the filesystem store.
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { createApp, type App } from '../../../src/app.js';
import { buildServer, routesOf } from '../../../src/http/server.js';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import { makeEnvelope } from '../../helpers/envelopes.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { deleteKeys, testConfig } from '../../helpers/test-config.js';
import { PG_URL, dropSchema, uniqueSchema } from '../../helpers/test-postgres.js';

function withEntity(env: Envelope, name: string): Envelope {
  return { ...env, entities: [...env.entities, { type: 'place', name, mentions: [], count: 1, relevance: 0.5 }] };
}

describe.each(['postgres', 'filesystem'] as const)('read API served from the %s store', (primary) => {
  const schema = uniqueSchema();
  let dirs: TempDirs;
  let app: App;
  let server: FastifyInstance;
  const get = async (url: string) => {
    const res = await server.inject({ url });
    return { status: res.statusCode, body: res.json() as Record<string, any> };
  };

  beforeAll(async () => {
    dirs = makeTempDirs();
    const stores = primary === 'postgres' ? ['postgres', 'filesystem'] : ['filesystem', 'postgres'];
    app = await createApp(testConfig(dirs, { stores, 'postgres.url': PG_URL, 'postgres.schema': schema }), { logger: pino({ level: 'silent' }) });
    server = await buildServer(app, app.config.http);
    const store = app.stores.get(primary)!;
    await store.publish(withEntity(makeEnvelope('river-town', 'The siege of Marrowby ended when the river rose.'), 'Marrowby'));
    await store.publish(withEntity(makeEnvelope('river-town', 'The siege of Marrowby ended when the river rose at dawn.'), 'Marrowby'));
    await store.publish(makeEnvelope('budget-vote', 'The council passed the budget.'));
    await store.publish(makeEnvelope('harbour-photo', 'Boats in the harbour.', { type: 'picture' }));
  });
  afterAll(async () => {
    await server.close();
    await deleteKeys(app.redis, app.config.keyPrefix);
    await app.close();
    await dropSchema(schema);
    dirs.remove();
  });

  test('registers the four routes', async () => {
    await server.ready();
    const urls = routesOf(server).filter((r) => r.url.startsWith('/documents')).map((r) => `${r.method} ${r.url}`);
    expect(urls.sort()).toEqual(['GET /documents', 'GET /documents/:id', 'GET /documents/:id/versions', 'GET /documents/:id/versions/:n']);
  });

  test('/readyz checks both stores', async () => {
    const { status, body } = await get('/readyz');
    expect(status).toBe(200);
    expect(body.checks).toMatchObject({ 'store:postgres': 'ok', 'store:filesystem': 'ok' });
  });

  test('GET /documents/:id answers the current envelope, 404 for an unknown id', async () => {
    const { status, body } = await get('/documents/river-town');
    expect(status).toBe(200);
    expect(body.id).toBe('river-town');
    expect(body.version).toBe(2);
    expect(body.ninjs.bodies[0].value).toMatch(/at dawn/);
    const missing = await get('/documents/no-such-story');
    expect(missing).toEqual({ status: 404, body: { statusCode: 404, error: 'Not Found', message: 'no document "no-such-story"' } });
  });

  test('GET /documents/:id/versions lists every version; /versions/:n answers one', async () => {
    const { status, body } = await get('/documents/river-town/versions');
    expect(status).toBe(200);
    expect(body.id).toBe('river-town');
    expect(body.versions.map((v: { version: number; pubstatus: string }) => [v.version, v.pubstatus])).toEqual([
      [1, 'usable'],
      [2, 'usable'],
    ]);
    const v1 = await get('/documents/river-town/versions/1');
    expect(v1.status).toBe(200);
    expect(v1.body.version).toBe(1);
    expect(v1.body.ninjs.bodies[0].value).toBe('The siege of Marrowby ended when the river rose.');
    expect((await get('/documents/river-town/versions/3')).status).toBe(404);
    expect((await get('/documents/no-such-story/versions')).status).toBe(404);
    const bad = await get('/documents/river-town/versions/first');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/version: must be a whole number/);
    expect((await get('/documents/river-town/versions/0')).status).toBe(400);
  });

  test('GET /documents searches by words, entity and type', async () => {
    const ids = async (qs: string) => {
      const { status, body } = await get(`/documents${qs}`);
      expect([qs, status]).toEqual([qs, 200]);
      return (body.items as { id: string }[]).map((d) => d.id).sort();
    };
    expect(await ids('?q=siege')).toEqual(['river-town']);
    expect(await ids('?entity=marrowby')).toEqual(['river-town']);
    expect(await ids('?entity=Marrowby&q=budget')).toEqual([]);
    expect(await ids('?type=picture')).toEqual(['harbour-photo']);
    expect(await ids('?since=2999-01-01')).toEqual([]);
    expect(await ids('')).toEqual(['budget-vote', 'harbour-photo', 'river-town']);
    const one = (await get('/documents?q=siege')).body.items[0];
    expect(one).toMatchObject({ id: 'river-town', version: 2, headline: 'Headline of river-town', pubstatus: 'usable', type: 'text' });
  });

  test('GET /documents pages with limit and cursor', async () => {
    const first = await get('/documents?limit=2');
    expect(first.body.items).toHaveLength(2);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await get(`/documents?limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
    expect(second.status).toBe(200);
    expect(second.body.items).toHaveLength(1);
    expect(second.body.nextCursor).toBeUndefined();
    const all = [...first.body.items, ...second.body.items].map((d: { id: string }) => d.id).sort();
    expect(all).toEqual(['budget-vote', 'harbour-photo', 'river-town']);
  });

  test('GET /documents answers 400 with a readable message for bad parameters', async () => {
    const cases: [string, RegExp][] = [
      ['?limit=0', /limit: must be a whole number from 1 to 100/],
      ['?limit=1000', /limit: must be a whole number from 1 to 100/],
      ['?limit=ten', /limit: must be a whole number/],
      ['?type=poem', /type: must be one of text, audio/],
      ['?since=yesterday', /since: must be an ISO 8601 date or time/],
      ['?since=2026-13-45', /since: must be an ISO 8601/],
      ['?q=', /q: must not be empty/],
      ['?q=a&q=b', /q: give it once/],
      ['?entitty=Marrowby', /unknown parameter entitty/],
      ['?cursor=garbage!', /cursor: .*not one this server handed out/],
      ['?limit=0&type=poem', /type: .*; limit: |limit: .*; type: /],
    ];
    for (const [qs, message] of cases) {
      const { status, body } = await get(`/documents${qs}`);
      expect([qs, status, body.error]).toEqual([qs, 400, 'Bad Request']);
      expect([qs, body.message]).toEqual([qs, expect.stringMatching(message)]);
    }
  });
});
