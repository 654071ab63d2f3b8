// Monitoring routes: /healthz (the process is alive), /readyz (Redis answers and every store can be written),
// /metrics (Prometheus text format) and the queue dashboard at /admin/queues (bull-board: inspect, retry,
// clean jobs from the browser). A fastify plugin; the server registers it after the token check.
import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';

export interface MonitoringOptions {
  app: App;
  /** Serve the queue dashboard (the main server does; a worker's metrics port does not). */
  dashboard?: boolean;
  /** Time allowed to each readiness check. */
  checkTimeoutMs?: number;
}

export const DASHBOARD_PATH = '/admin/queues';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Readiness {
  ready: boolean;
  checks: Record<string, 'ok' | string>;
}

/** Redis answers PING and every configured store passes its write check. */
export async function readiness(app: App, timeoutMs = 2000): Promise<Readiness> {
  const checks: Record<string, string> = {};
  const run = async (name: string, check: () => Promise<unknown>) => {
    try {
      await withTimeout(check(), timeoutMs, name);
      checks[name] = 'ok';
    } catch (err) {
      checks[name] = (err as Error).message;
    }
  };
  await Promise.all([run('redis', () => app.redis.ping()), ...[...app.stores].map(([name, store]) => run(`store:${name}`, () => store.check()))]);
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks };
}

export async function monitoringRoutes(server: FastifyInstance, options: MonitoringOptions): Promise<void> {
  const { app } = options;
  server.get('/healthz', async () => ({ status: 'ok' }));
  server.get('/readyz', async (_request, reply) => {
    const r = await readiness(app, options.checkTimeoutMs);
    return reply.code(r.ready ? 200 : 503).send({ status: r.ready ? 'ready' : 'not ready', checks: r.checks });
  });
  server.get('/metrics', async (_request, reply) => {
    const body = await app.metrics.registry.metrics();
    return reply.type(app.metrics.registry.contentType).send(body);
  });
  if (options.dashboard !== false) {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/fastify'),
    ]);
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: [new BullMQAdapter(app.queues.ingest), new BullMQAdapter(app.queues.publish)],
      serverAdapter,
      options: { uiConfig: { boardTitle: 'copydesk' } },
    });
    await server.register(serverAdapter.registerPlugin(), { prefix: DASHBOARD_PATH });
  }
}
