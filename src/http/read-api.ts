// The read API for front ends (the "headless" side): documents as JSON from the primary store (the first of
// `stores`), searched, filtered and paged. A fastify plugin; the server registers it after the token check.
//   GET /documents?q=&entity=&type=&since=&limit=&cursor=   summaries, newest first, { items, nextCursor }
//   GET /documents/:id                                       the current envelope (ninjs inside)
//   GET /documents/:id/versions                              { id, versions: [{ version, contentHash, publishedAt, pubstatus }] }
//   GET /documents/:id/versions/:n                           the envelope as version n was published
import type { FastifyInstance, FastifyReply } from 'fastify';
// a namespace import lets esbuild leave out zod's 60-odd unused locales (757 KB of bundle to 150 KB); English stays the default
import * as z from 'zod';
import type { App } from '../app.js';
import { InvalidCursorError, isReadable, type DocumentQuery, type ReadableStore } from '../stores/content-store.js';

export interface ReadApiOptions {
  app: App;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

const NINJS_TYPES = ['text', 'audio', 'video', 'picture', 'graphic', 'composite', 'component'] as const;

/** ISO 8601: a date, or a date and time with an optional offset ("2026-03-01", "2026-03-01T12:00:00Z"). */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const listQuerySchema = z.strictObject({
  q: z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  entity: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  type: z.enum(NINJS_TYPES, `must be one of ${NINJS_TYPES.join(', ')}`).optional(),
  since: z
    .string()
    .refine((s) => ISO_TIME.test(s) && !Number.isNaN(Date.parse(s)), 'must be an ISO 8601 date or time, e.g. 2026-03-01 or 2026-03-01T12:00:00Z')
    .optional(),
  limit: z
    .string()
    .regex(/^\d{1,4}$/, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_PAGE_SIZE, `must be a whole number from 1 to ${MAX_PAGE_SIZE}`)
    .optional(),
  cursor: z.string().min(1, 'must not be empty').max(1000, 'is not one this server handed out').optional(),
});

/** The query string as a DocumentQuery, or every problem with it. */
export function parseListQuery(raw: unknown): { query: DocumentQuery } | { problems: string[] } {
  const params = (raw ?? {}) as Record<string, unknown>;
  // ?q=a&q=b arrives as an array: say so rather than "expected string"
  const repeated = Object.keys(params).filter((k) => Array.isArray(params[k]));
  if (repeated.length) return { problems: repeated.map((k) => `${k}: give it once`) };
  const r = listQuerySchema.safeParse(params);
  if (!r.success) {
    return {
      problems: r.error.issues.map((i) =>
        i.code === 'unrecognized_keys'
          ? `unknown parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')} (known: q, entity, type, since, limit, cursor)`
          : `${i.path.join('.')}: ${i.message}`,
      ),
    };
  }
  const v = r.data;
  return {
    query: {
      limit: v.limit ?? DEFAULT_PAGE_SIZE,
      ...(v.q ? { q: v.q } : {}),
      ...(v.entity ? { entity: v.entity } : {}),
      ...(v.type ? { type: v.type } : {}),
      // the stores compare instants: a date means its midnight UTC
      ...(v.since ? { since: new Date(v.since).toISOString() } : {}),
      ...(v.cursor ? { cursor: v.cursor } : {}),
    },
  };
}

function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send({ statusCode: 400, error: 'Bad Request', message });
}

function notFound(reply: FastifyReply, message: string) {
  return reply.code(404).send({ statusCode: 404, error: 'Not Found', message });
}

export async function readApiRoutes(server: FastifyInstance, options: ReadApiOptions): Promise<void> {
  const { app } = options;
  const primaryName = app.config.stores[0]!;
  const primary = app.stores.get(primaryName);
  const store: ReadableStore | undefined = primary && isReadable(primary) ? primary : undefined;

  // the store to read, or a 503 saying why there is none
  const readable = (reply: FastifyReply): ReadableStore | undefined => {
    if (!store) void reply.code(503).send({ statusCode: 503, error: 'Service Unavailable', message: `the primary store "${primaryName}" cannot be read; list a readable store (filesystem, postgres) first in stores` });
    return store;
  };

  server.get('/documents', async (request, reply) => {
    const parsed = parseListQuery(request.query);
    if ('problems' in parsed) return badRequest(reply, parsed.problems.join('; '));
    const s = readable(reply);
    if (!s) return reply;
    try {
      return await s.list(parsed.query);
    } catch (err) {
      if (err instanceof InvalidCursorError) return badRequest(reply, `cursor: ${err.message}`);
      throw err;
    }
  });

  server.get<{ Params: { id: string } }>('/documents/:id', async (request, reply) => {
    const s = readable(reply);
    if (!s) return reply;
    const doc = await s.get(request.params.id);
    return doc ?? notFound(reply, `no document ${JSON.stringify(request.params.id)}`);
  });

  server.get<{ Params: { id: string } }>('/documents/:id/versions', async (request, reply) => {
    const s = readable(reply);
    if (!s) return reply;
    const versions = await s.versions(request.params.id);
    if (!versions.length) return notFound(reply, `no document ${JSON.stringify(request.params.id)}`);
    return { id: request.params.id, versions };
  });

  server.get<{ Params: { id: string; n: string } }>('/documents/:id/versions/:n', async (request, reply) => {
    const { id, n } = request.params;
    if (!/^[1-9]\d{0,8}$/.test(n)) return badRequest(reply, `version: must be a whole number from 1, not ${JSON.stringify(n)}`);
    const s = readable(reply);
    if (!s) return reply;
    const doc = await s.getVersion(id, Number(n));
    return doc ?? notFound(reply, `document ${JSON.stringify(id)} has no version ${n}`);
  });
}
