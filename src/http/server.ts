// The one HTTP server of copydesk (fastify): the read API for front ends and the monitoring endpoints share
// its port and bind address. Each area is a fastify plugin in its own module, registered here — after the
// token check, which is installed on the root instance first so that it covers every route but /healthz.
import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { installAuth } from './auth.js';
import { monitoringRoutes } from './monitoring.js';
import { readApiRoutes } from './read-api.js';

export interface HttpOptions {
  port: number;
  /** Bind address; 127.0.0.1 unless set (COPYDESK_HOST). */
  host: string;
  /** When set, every route but /healthz requires it (Authorization: Bearer <token>, or the /login cookie). */
  token?: string;
}

// every route each server registers (method and URL), for the start-up log and for the test that checks the token
// covers all of them
const registeredRoutes = new WeakMap<FastifyInstance, { method: string; url: string }[]>();

/** The routes registered on a server built by buildServer (HEAD routes left out). */
export function routesOf(server: FastifyInstance): { method: string; url: string }[] {
  return registeredRoutes.get(server) ?? [];
}

export interface ServerParts {
  /** The queue dashboard at /admin/queues (default on). */
  dashboard?: boolean;
  /** The read API at /documents (default on; a worker's metrics port leaves it out). */
  readApi?: boolean;
}

/** Builds the server with every route registered (not listening yet: tests use inject()). */
export async function buildServer(app: App, options: HttpOptions, parts: ServerParts = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  const routes: { method: string; url: string }[] = [];
  registeredRoutes.set(server, routes);
  server.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, url: route.url });
  });
  // 1. the token check, on the root instance, before any route plugin
  await installAuth(server, options.token);
  // 2. monitoring: /healthz, /readyz, /metrics, /admin/queues
  await server.register(monitoringRoutes, { app, dashboard: parts.dashboard });
  // 3. the read API: /documents from the primary store
  if (parts.readApi !== false) await server.register(readApiRoutes, { app });
  return server;
}

/** Builds and starts listening; resolves with the server and the address it listens on. */
export async function startServer(app: App, options: HttpOptions, parts: ServerParts = {}): Promise<{ server: FastifyInstance; url: string }> {
  const server = await buildServer(app, options, parts);
  const url = await server.listen({ port: options.port, host: options.host });
  app.logger.info({ url, auth: options.token ? 'token' : 'none' }, 'HTTP server listening');
  app.logger.debug({ routes: routesOf(server).map((r) => `${r.method} ${r.url}`) }, 'HTTP routes');
  return { server, url };
}
