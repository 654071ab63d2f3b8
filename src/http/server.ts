// The one HTTP server of copydesk (fastify): the read API for front ends and the monitoring endpoints share
// its port and bind address. Each area is a fastify plugin in its own module, registered here.
import Fastify, { type FastifyInstance } from 'fastify';
import type { App } from '../app.js';

export interface HttpOptions {
  port: number;
  /** Bind address; 127.0.0.1 unless set (COPYDESK_HOST). */
  host: string;
  /** When set, every route but /healthz requires it (Authorization: Bearer <token>). */
  token?: string;
}

/** Builds the server with every route registered (not listening yet: tests use inject()). */
export async function buildServer(app: App, options: HttpOptions): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  server.get('/healthz', async () => ({ status: 'ok' }));
  return server;
}

/** Builds and starts listening; resolves with the server and the address it listens on. */
export async function startServer(app: App, options: HttpOptions): Promise<{ server: FastifyInstance; url: string }> {
  const server = await buildServer(app, options);
  const url = await server.listen({ port: options.port, host: options.host });
  app.logger.info({ url }, 'HTTP server listening');
  return { server, url };
}
