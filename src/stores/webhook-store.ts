// The webhook store: POSTs each new version of a document to a CMS endpoint as signed JSON. It keeps a small
// ledger per document (data/webhook/<id>.json: version, contentHash, canceled) so that it knows which version
// number to send and whether anything changed; the ledger moves on only after the endpoint answered 2xx.
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import { PermanentError, TransientError } from '../errors/index.js';
import type { Envelope } from '../ninjs/envelope.js';
import { isStaleProviderVersion } from '../ninjs/wire-mapping.js';
import { redactUrl } from '../queues/redis-connection.js';
import { TurnsByKey } from './turns-by-key.js';
import { createFileExclusive, writeFileAtomic } from './atomic-file.js';
import { withVersion, type ContentStore, type PublishResult } from './content-store.js';

const ID = /^[a-z0-9-]{1,80}$/;
/** How much of a rejecting endpoint's answer is kept as the job's failure reason. */
const REASON_BODY_CHARS = 500;
const userAgent = `copydesk/${(JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string }).version}`;

export interface WebhookStoreOptions {
  url: string;
  secret: string;
  /** What is POSTed: the whole envelope, or only its ninjs document. */
  payload: 'envelope' | 'ninjs';
  timeoutMs: number;
  /** copydesk's data folder: the ledger lives in <dataDir>/webhook/. */
  dataDir: string;
}

/** What the store remembers about a document: the last version the endpoint accepted. */
export interface WebhookLedgerEntry {
  version: number;
  contentHash: string;
  canceled: boolean;
  /** The wire provider's own version number of what was sent, when it numbers them. */
  providerVersion?: number;
  deliveredAt: string;
}

/**
 * The signature a receiver checks: hex HMAC-SHA256, keyed with the shared secret, of `<timestamp>.<body>`, where
 * timestamp is the X-Copydesk-Timestamp header (Unix seconds) and body the exact bytes received.
 */
export function webhookSignature(secret: string, timestamp: string, body: string | Buffer): string {
  return crypto.createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

export class WebhookStore implements ContentStore {
  readonly name = 'webhook';
  readonly ledgerDir: string;
  /** Publishes of one document in this process run one after another (other processes: see lock()). */
  private readonly turns = new TurnsByKey();

  constructor(private readonly options: WebhookStoreOptions) {
    this.ledgerDir = path.join(options.dataDir, 'webhook');
  }

  async init(): Promise<void> {
    await fsp.mkdir(this.ledgerDir, { recursive: true });
  }

  /** Readiness without side effects on the receiver: the URL is well-formed and the ledger can be written. */
  async check(): Promise<void> {
    let url: URL;
    try {
      url = new URL(this.options.url);
    } catch {
      throw new Error('the webhook URL is not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the webhook URL must be http or https, not ${url.protocol}`);
    await fsp.mkdir(this.ledgerDir, { recursive: true });
    await fsp.access(this.ledgerDir, fs.constants.W_OK);
  }

  async close(): Promise<void> {}

  private file(id: string, ext: string): string {
    if (!ID.test(id)) throw new PermanentError('STORE_REJECTED', `invalid document id: ${JSON.stringify(id)}`);
    return path.join(this.ledgerDir, `${id}${ext}`);
  }

  /** The last version the endpoint accepted, if any. */
  async ledger(id: string): Promise<WebhookLedgerEntry | undefined> {
    try {
      return JSON.parse(await fsp.readFile(this.file(id, '.json'), 'utf8')) as WebhookLedgerEntry;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async publish(envelope: Envelope): Promise<PublishResult> {
    return this.turns.run(envelope.id, () => this.lock(envelope.id, () => this.deliver(envelope)));
  }

  /**
   * Holds <id>.lock while `fn` runs, so that two worker processes never send the same version number with
   * different content. A lock older than its expiry (a worker killed mid-POST) is taken over; a live one held by
   * another process makes this publish a transient failure, retried with backoff.
   */
  private async lock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const lockFile = this.file(id, '.lock');
    const expiresAt = Date.now() + 2 * this.options.timeoutMs + 10_000;
    const content = JSON.stringify({ pid: process.pid, expiresAt });
    await fsp.mkdir(this.ledgerDir, { recursive: true });
    if (!(await createFileExclusive(lockFile, content))) {
      const held = await fsp.readFile(lockFile, 'utf8').then((t) => JSON.parse(t) as { expiresAt?: number }).catch(() => undefined);
      if (held && (held.expiresAt ?? 0) > Date.now()) {
        throw new TransientError(`another worker is sending document ${id} to the webhook; will retry`);
      }
      await fsp.rm(lockFile, { force: true });
      if (!(await createFileExclusive(lockFile, content))) {
        throw new TransientError(`another worker is sending document ${id} to the webhook; will retry`);
      }
    }
    try {
      return await fn();
    } finally {
      await fsp.rm(lockFile, { force: true });
    }
  }

  private async deliver(envelope: Envelope): Promise<PublishResult> {
    const current = await this.ledger(envelope.id);
    const canceling = envelope.ninjs.pubstatus === 'canceled';
    if (current && current.contentHash === envelope.contentHash) return { status: 'unchanged', version: current.version };
    // a kill is final: a late or repeated earlier version must not bring the story back, nor a second kill be sent
    if (current?.canceled) return { status: 'unchanged', version: current.version };
    // a lower provider version arriving after a higher one (feeds resend, queues reorder) is not sent
    if (isStaleProviderVersion(current, { providerVersion: envelope.wire?.providerVersion, pubstatus: envelope.ninjs.pubstatus })) {
      return { status: 'unchanged', version: current!.version };
    }
    const version = (current?.version ?? 0) + 1;
    const stored = withVersion(envelope, version);
    await this.post(this.options.payload === 'ninjs' ? stored.ninjs : stored, envelope.id, version);
    const entry: WebhookLedgerEntry = {
      version,
      contentHash: envelope.contentHash,
      canceled: canceling,
      providerVersion: envelope.wire?.providerVersion ?? current?.providerVersion,
      deliveredAt: new Date().toISOString(),
    };
    await writeFileAtomic(this.file(envelope.id, '.json'), JSON.stringify(entry) + '\n');
    return { status: canceling ? 'canceled' : version === 1 ? 'created' : 'updated', version };
  }

  /** One signed POST; resolves on 2xx, throws TransientError (retry) or PermanentError (give up) otherwise. */
  private async post(payload: unknown, id: string, version: number): Promise<void> {
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const where = redactUrl(this.options.url);
    let response: Response;
    let text: string;
    try {
      response = await fetch(this.options.url, {
        method: 'POST',
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': userAgent,
          'Idempotency-Key': `${id}:${version}`,
          'X-Copydesk-Timestamp': timestamp,
          'X-Copydesk-Signature': `sha256=${webhookSignature(this.options.secret, timestamp, body)}`,
          'X-Copydesk-Document-Id': id,
          'X-Copydesk-Version': String(version),
        },
      });
      text = await response.text();
    } catch (err) {
      const e = err as Error & { cause?: { code?: string; message?: string } };
      if (e.name === 'TimeoutError' || e.name === 'AbortError') {
        throw new TransientError(`webhook ${where} did not answer within ${this.options.timeoutMs} ms`, { cause: err });
      }
      const detail = e.cause?.code ?? e.cause?.message ?? e.message;
      throw new TransientError(`webhook ${where} could not be reached (${detail})`, { cause: err });
    }
    if (response.ok) return;
    const answer = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const excerpt = text.length > REASON_BODY_CHARS ? `${text.slice(0, REASON_BODY_CHARS)}…` : text;
    const reason = `webhook ${where} answered ${answer}${excerpt.trim() ? `: ${excerpt.trim()}` : ''}`;
    if (response.status >= 500 || response.status === 429 || response.status === 408) throw new TransientError(reason);
    if (response.status >= 300 && response.status < 400) {
      throw new PermanentError('STORE_REJECTED', `${reason} (a redirect to ${response.headers.get('location') ?? '?'}; configure the final URL)`);
    }
    throw new PermanentError('STORE_REJECTED', reason);
  }
}
