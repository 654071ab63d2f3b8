// The shape of copydesk's configuration, every default filled in, validated once at start-up.
import { z } from 'zod';

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
    /** Publish targets; the first is the primary store that the read API serves from. */
    stores: z.array(z.enum(['filesystem', 'postgres', 'webhook'])).min(1),
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
    }),
  })
  .strict()
  // checked even when other keys are invalid, so that every problem is listed at once
  .superRefine(
    (c, ctx) => {
      if (!Array.isArray(c.stores) || !c.stores.includes('webhook')) return;
      if (c.stores[0] === 'webhook') ctx.addIssue({ code: 'custom', path: ['stores', 0], message: 'the webhook store cannot be read back, so it cannot be the primary (first) store; list filesystem or postgres first' });
      if (!c.webhook?.url) ctx.addIssue({ code: 'custom', path: ['webhook', 'url'], message: 'the webhook store needs COPYDESK_WEBHOOK_URL' });
      if (!c.webhook?.secret) ctx.addIssue({ code: 'custom', path: ['webhook', 'secret'], message: 'the webhook store needs COPYDESK_WEBHOOK_SECRET (or COPYDESK_WEBHOOK_SECRET_FILE) to sign its requests' });
    },
    { when: () => true },
  );

export type Config = Readonly<z.infer<typeof configSchema>> & { readonly failedDir: string };
