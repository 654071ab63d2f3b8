// Access control for the HTTP server: when a token is configured (COPYDESK_TOKEN), every route but /healthz needs
// it, as `Authorization: Bearer <token>` (tools, Prometheus) or as the session cookie a small login form sets
// (people opening the dashboard in a browser). Tokens are compared in constant time.
import crypto from 'node:crypto';
import cookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'copydesk_session';
/** Paths anyone may open: liveness, and the login form itself. */
const OPEN_PATHS = new Set(['/healthz', '/login', '/logout']);
const SESSION_HOURS = 12;

const digest = (value: string) => crypto.createHash('sha256').update(value).digest();

/** Constant-time equality of two secrets (hashed first, so their lengths leak nothing either). */
export function safeEqual(given: string, expected: string): boolean {
  return crypto.timingSafeEqual(digest(given), digest(expected));
}

/** The cookie value for a token: derived from it, so the token itself never sits in the browser. */
export function sessionValue(token: string): string {
  return crypto.createHmac('sha256', token).update('copydesk dashboard session v1').digest('base64url');
}

export function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** A path to return to after login: only a path on this server (no //host, no scheme). */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/admin/queues';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(next: string, failed: boolean): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>copydesk — sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px system-ui,sans-serif;max-width:24rem;margin:4rem auto;padding:0 1rem}label,input,button{display:block;width:100%;box-sizing:border-box}input{margin:.5rem 0 1rem;padding:.5rem}button{padding:.5rem}.error{color:#b00020}</style>
</head><body>
<h1>copydesk</h1>
${failed ? '<p class="error" role="alert">That token is not right.</p>' : ''}
<form method="post" action="/login">
<label for="token">Access token (COPYDESK_TOKEN)</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<input type="hidden" name="next" value="${escapeHtml(next)}">
<button type="submit">Sign in</button>
</form>
</body></html>
`;
}

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === 'GET' && /text\/html/.test(request.headers.accept ?? '');
}

/**
 * Installs the token check on the root instance: call it before registering any route plugin, so that every
 * route registered after it (monitoring, dashboard, read API) is covered. Without a token it does nothing.
 */
export async function installAuth(server: FastifyInstance, token: string | undefined): Promise<void> {
  if (!token) return;
  const session = sessionValue(token);
  await server.register(cookie);
  server.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });

  server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    if (OPEN_PATHS.has(path)) return;
    const bearer = bearerToken(request.headers.authorization);
    if (bearer !== undefined && safeEqual(bearer, token)) return;
    const cookieValue = request.cookies?.[SESSION_COOKIE];
    if (cookieValue !== undefined && safeEqual(cookieValue, session)) return;
    if (wantsHtml(request)) return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 302);
    return reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="copydesk"')
      .send({ error: 'unauthorized', message: 'this server needs its token: send "Authorization: Bearer <COPYDESK_TOKEN>", or sign in at /login' });
  });

  server.get('/login', async (request, reply) => {
    const query = request.query as { next?: string; failed?: string };
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(loginPage(safeNext(query.next), query.failed === '1'));
  });
  server.post('/login', async (request, reply) => {
    const body = (request.body ?? {}) as { token?: string; next?: string };
    const next = safeNext(body.next);
    if (typeof body.token !== 'string' || !safeEqual(body.token, token)) {
      return reply.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`, 303);
    }
    reply.setCookie(SESSION_COOKIE, session, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      maxAge: SESSION_HOURS * 3600,
    });
    return reply.redirect(next, 303);
  });
  server.post('/logout', async (_request, reply) => {
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/login', 303);
  });
}
