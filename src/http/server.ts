// The one HTTP server of copydesk (fastify): the read API for front ends and the monitoring endpoints share
// its port and bind address. Each area is a fastify plugin in its own module, registered here — after the
// token check, which is installed on the root instance first so that it covers every route but /healthz.
import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { installAuth } from './auth.js';
import { monitoringRoutes } from './monitoring.js';

export interface HttpOptions {
  port: number;
  /** Bind address; 127.0.0.1 unless set (COPYDESK_HOST). */
  host: string;
  /** When set, every route but /healthz requires it (Authorization: Bearer <token>, or the /login cookie). */
  token?: string;
}

export interface ServerParts {
  /** The queue dashboard at /admin/queues (default on). */
  dashboard?: boolean;
}

/** Builds the server with every route registered (not listening yet: tests use inject()). */
export async function buildServer(app: App, options: HttpOptions, parts: ServerParts = {}): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  // 1. the token check, on the root instance, before any route plugin
  await installAuth(server, options.token);
  // 2. monitoring: /healthz, /readyz, /metrics, /admin/queues
  await server.register(monitoringRoutes, { app, dashboard: parts.dashboard });
  // 3. the read API registers here
  return server;
}

/** Builds and starts listening; resolves with the server and the address it listens on. */
export async function startServer(app: App, options: HttpOptions, parts: ServerParts = {}): Promise<{ server: FastifyInstance; url: string }> {
  const server = await buildServer(app, options, parts);
  const url = await server.listen({ port: options.port, host: options.host });
  app.logger.info({ url, auth: options.token ? 'token' : 'none' }, 'HTTP server listening');
  return { server, url };
}
