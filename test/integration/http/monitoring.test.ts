// The monitoring endpoints and the token check, on the real Redis, through fastify's inject().
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer, routesOf } from '../../../src/http/server.js';
import { SESSION_COOKIE } from '../../../src/http/auth.js';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';

const TOKEN = 'test-token-0123456789abcdef';
const bearer = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample in Prometheus text, 0 when absent. */
function sample(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && labels.split(',').every((kv) => l.includes(kv)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('monitoring over HTTP', () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  let server: FastifyInstance;
  beforeEach(async () => {
    dirs = makeTempDirs();
    running = await startPipeline(testConfig(dirs, { 'http.token': TOKEN }));
    server = await buildServer(running.app, running.app.config.http);
  });
  afterEach(async () => {
    await server.close();
    await running.stop();
    dirs.remove();
  });

  test('/healthz is open; /metrics, /readyz and the dashboard need the token', async () => {
    expect((await server.inject({ url: '/healthz' })).statusCode).toBe(200);
    for (const url of ['/metrics', '/readyz', '/admin/queues', '/admin/queues/api/queues']) {
      const res = await server.inject({ url });
      expect([url, res.statusCode]).toEqual([url, 401]);
      expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    expect((await server.inject({ url: '/metrics', headers: { authorization: 'Bearer wrong-token-0123456789' } })).statusCode).toBe(401);
    expect((await server.inject({ url: '/metrics', headers: bearer })).statusCode).toBe(200);
    const ready = await server.inject({ url: '/readyz', headers: bearer });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { redis: 'ok', 'store:filesystem': 'ok' } });
  });

  test('every route the server has, whichever module registered it, needs the token but /healthz and the login form', async () => {
    await server.ready();
    const routes = routesOf(server);
    expect(routes.length).toBeGreaterThan(10);
    const open = new Set(['GET /healthz', 'GET /login', 'POST /login', 'POST /logout']);
    const checked: string[] = [];
    for (const { method, url } of routes) {
      const key = `${method} ${url}`;
      if (open.has(key)) continue;
      // fill path parameters and wildcards with something plausible
      const concrete = url.replace(/:[A-Za-z_]+/g, 'x').replace(/\*/g, 'x');
      const res = await server.inject({ method: method as 'GET', url: concrete });
      expect([key, res.statusCode]).toEqual([key, 401]);
      checked.push(key);
    }
    expect(checked).toEqual(expect.arrayContaining(['GET /metrics', 'GET /readyz', 'GET /admin/queues', 'PUT /admin/queues/api/queues/:queueName/retry/:queueStatus']));
  });

  test('a browser is sent to the login form, and the cookie it sets opens the dashboard', async () => {
    const page = await server.inject({ url: '/admin/queues', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
    const wrong = await server.inject({ method: 'POST', url: '/login', payload: 'token=nope&next=%2Fadmin%2Fqueues', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(wrong.statusCode).toBe(303);
    expect(wrong.headers.location).toMatch(/^\/login\?failed=1/);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const login = await server.inject({ method: 'POST', url: '/login', payload: `token=${TOKEN}&next=%2Fadmin%2Fqueues`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(login.statusCode).toBe(303);
    expect(login.headers.location).toBe('/admin/queues');
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=`));
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    const dashboard = await server.inject({ url: '/admin/queues', headers: { cookie, accept: 'text/html' } });
    expect(dashboard.statusCode).toBe(200);
    expect(dashboard.body).toMatch(/<html/i);
    const api = await server.inject({ url: '/admin/queues/api/queues', headers: { cookie } });
    expect(api.statusCode).toBe(200);
    expect((api.json() as { queues: { name: string }[] }).queues.map((q) => q.name).sort()).toEqual(['ingest', 'publish']);
  });

  test('the copydesk counters, stage histograms and queue gauges move while a file flows', async () => {
    const before = (await server.inject({ url: '/metrics', headers: bearer })).body;
    expect(sample(before, 'copydesk_documents_ingested_total', 'format="plain-text"')).toBe(0);
    fs.copyFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), path.join(dirs.inbox, 'harbour-fire.txt'));
    fs.writeFileSync(path.join(dirs.inbox, 'empty.txt'), '');
    const after = await waitFor(async () => {
      const text = (await server.inject({ url: '/metrics', headers: bearer })).body;
      // the failed counter moves in the worker's failed event, a moment before BullMQ has the job in its failed set
      return (
        sample(text, 'copydesk_documents_published_total', 'status="created"') === 1 &&
        sample(text, 'copydesk_documents_failed_total', 'code="EMPTY_FILE"') === 1 &&
        sample(text, 'copydesk_queue_jobs', 'queue="ingest",state="failed"') === 1 &&
        text
      );
    }, 'the published and failed counters and the failed-jobs gauge');
    expect(sample(after, 'copydesk_documents_ingested_total', 'format="plain-text"')).toBe(1);
    expect(sample(after, 'copydesk_documents_published_total', 'store="filesystem",status="created"')).toBe(1);
    expect(sample(after, 'copydesk_documents_failed_total', 'queue="ingest",code="EMPTY_FILE"')).toBe(1);
    for (const stage of ['parse', 'clean', 'tag', 'build', 'publish']) {
      expect([stage, sample(after, 'copydesk_stage_duration_seconds_count', `stage="${stage}"`)]).toEqual([stage, 1]);
    }
    expect(sample(after, 'copydesk_queue_jobs', 'queue="ingest",state="failed"')).toBe(1);
    expect(after).toMatch(/copydesk_queue_oldest_waiting_seconds\{queue="ingest"\} 0/);
  });

  test('/readyz says which check fails when a store cannot be written', async () => {
    fs.rmSync(path.join(dirs.dataDir, 'documents'), { recursive: true });
    fs.writeFileSync(path.join(dirs.dataDir, 'documents'), 'not a folder');
    const res = await server.inject({ url: '/readyz', headers: bearer });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ status: 'not ready', checks: { redis: 'ok' } });
    expect(res.json().checks['store:filesystem']).toMatch(/EEXIST|ENOTDIR/);
  });
});
