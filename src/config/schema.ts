// The shape of copydesk's configuration, every default filled in, validated once at start-up.
// a namespace import lets esbuild leave out zod's 60-odd unused locales (757 KB of bundle to 150 KB); English stays the default
import * as z from 'zod';

export const configSchema = z
  .object({
    /** Folder that editors and feeds drop files into. */
    inbox: z.string().min(1),
    /** copydesk's own data folder: raw originals, pending markers, the filesystem store. */
    dataDir: z.string().min(1),
    /** Where files that fail permanently go, with a `.error.json` beside each; default: `failed/` next to the inbox. */
    failedDir: z.string().min(1).optional(),
    redisUrl: z.string().regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL'),
    /** Prefix of every Redis key; wrap it in braces ("{copydesk}") to keep all keys in one Redis Cluster slot. */
    keyPrefix: z.string().min(1).regex(/^[^\s:]+$/, 'must not contain spaces or colons'),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    worker: z.strictObject({
      /** Jobs one worker process runs at once. */
      concurrency: z.number().int().min(1).max(256),
      /** Tries for a job that fails with a transient fault. */
      attempts: z.number().int().min(1).max(100),
      /** First retry delay; doubles each time. */
      backoffMs: z.number().int().min(0),
      /** A job whose worker stops answering (killed, frozen) is taken back after this long. */
      stalledMs: z.number().int().min(1000),
      /**
       * How far V8 lets the heap of a service process grow past what the last full collection kept, in percent
       * (V8's --heap-growing-percent). A busy worker makes garbage fast, and V8 left alone grows its heap up to 4x
       * the live data; a lower value keeps the resident memory down at some CPU for more collections. 0: V8 decides.
       */
      heapGrowthPercent: z.number().int().min(0).max(1000),
    }),
    limits: z.strictObject({
      /** Largest input file accepted, in bytes. */
      maxFileBytes: z.number().int().min(1),
    }),
    watcher: z.strictObject({
      /** A file counts as written once its size has not changed for this long. */
      stabilityMs: z.number().int().min(0),
      /** How often a growing file's size is checked. */
      pollMs: z.number().int().min(10),
    }),
    http: z.strictObject({
      /** Port of the read API, dashboard and metrics (0: any free port). */
      port: z.number().int().min(0).max(65535),
      /** Bind address: loopback unless you mean to expose it. */
      host: z.string().min(1),
      /** Bearer token required by every route but /healthz when set (COPYDESK_TOKEN or COPYDESK_TOKEN_FILE). */
      token: z.string().min(16, 'must be at least 16 characters').optional(),
    }),
    /** The boilerplate rule file (relative to the project root or absolute). */
    rulesFile: z.string().min(1),
    /** Learned per-source boilerplate: short lines that recur verbatim across documents of one source. */
    learning: z.strictObject({
      /** Off: only the rules in rulesFile remove lines. */
      enabled: z.boolean(),
      /** A line is learned once this many different documents of one source carry it (this one included). */
      minDocuments: z.number().int().min(2).max(1000),
      /** Longer lines are never learned: a story paragraph quoted in several stories must not vanish. */
      maxWords: z.number().int().min(1).max(100),
      /** Documents older than this no longer count (workers share the counts in Redis). */
      windowHours: z.number().min(1).max(24 * 365),
    }),
    /** Publish targets; the first is the primary store that the read API serves from. */
    stores: z.array(z.enum(['filesystem', 'postgres', 'webhook'])).min(1),
    /** The PostgreSQL store (used when `stores` includes "postgres"). */
    postgres: z.strictObject({
      /** postgres://user:password@host:port/database (DATABASE_URL); required when the store is configured. */
      url: z.string().regex(/^postgres(ql)?:\/\/\S+$/, 'must be a postgres:// or postgresql:// URL').optional(),
      /** The schema that holds copydesk's tables (created and migrated at start-up). */
      schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL name: letters, digits and _, not starting with a digit, at most 63 characters'),
      /**
       * TLS (PGSSLMODE): disable; require (encrypted, certificate not checked); verify-ca (certificate checked
       * against sslRootCert or the system CAs); verify-full (and the host name too). Unset: as the URL's sslmode says.
       */
      ssl: z
        .enum(['disable', 'require', 'verify-ca', 'verify-full'], 'must be one of disable, require, verify-ca, verify-full (prefer and allow are not supported: choose)')
        .optional(),
      /** A CA certificate file (PEM) to check the server's certificate against (PGSSLROOTCERT). */
      sslRootCert: z.string().min(1).optional(),
      /** Connections each process keeps open at most. */
      poolSize: z.number().int().min(1).max(100),
    }),
    /** The webhook store: POSTs each new version to a CMS endpoint (see README, "Webhook store"). */
    webhook: z.strictObject({
      /** Endpoint that receives the POSTs (COPYDESK_WEBHOOK_URL). */
      url: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional(),
      /** HMAC-SHA256 key of the signature header (COPYDESK_WEBHOOK_SECRET or COPYDESK_WEBHOOK_SECRET_FILE); never logged. */
      secret: z.string().min(16, 'must be at least 16 characters').optional(),
      /** What is POSTed: the whole envelope, or only its ninjs document. */
      payload: z.enum(['envelope', 'ninjs']),
      /** A POST that has not been answered after this long is abandoned and retried. */
      timeoutMs: z.number().int().min(100).max(300_000),
      /** Tries of each POST that fails transiently (worker.backoffMs doubling: 10 tries wait 8.5 minutes in all). */
      attempts: z.number().int().min(1).max(100),
    }),
  })
  .strict()
  // checked even when other keys are invalid, so that every problem is listed at once
  .superRefine(
    (c, ctx) => {
      const stores: unknown[] = Array.isArray(c.stores) ? c.stores : [];
      if (stores.includes('postgres') && !c.postgres?.url) {
        ctx.addIssue({ code: 'custom', path: ['postgres', 'url'], message: 'required when stores includes "postgres": set DATABASE_URL (postgres://user:password@host:5432/database)' });
      }
      if (stores.includes('webhook')) {
        if (stores[0] === 'webhook') ctx.addIssue({ code: 'custom', path: ['stores', 0], message: 'the webhook store cannot be read back, so it cannot be the primary (first) store; list filesystem or postgres first' });
        if (!c.webhook?.url) ctx.addIssue({ code: 'custom', path: ['webhook', 'url'], message: 'the webhook store needs COPYDESK_WEBHOOK_URL' });
        if (!c.webhook?.secret) ctx.addIssue({ code: 'custom', path: ['webhook', 'secret'], message: 'the webhook store needs COPYDESK_WEBHOOK_SECRET (or COPYDESK_WEBHOOK_SECRET_FILE) to sign its requests' });
      }
    },
    { when: () => true },
  );

export type Config = Readonly<z.infer<typeof configSchema>> & { readonly failedDir: string };
