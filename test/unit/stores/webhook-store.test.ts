import fs from 'node:fs';
import path from 'node:path';
import { PermanentError, TransientError, isPermanent } from '../../../src/errors/index.js';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import { WebhookStore, webhookSignature, type WebhookStoreOptions } from '../../../src/stores/webhook-store.js';
import { makeEnvelope } from '../../helpers/envelopes.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'unit-test-secret-0123456789';

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected the publish to fail');
}

describe('WebhookStore', () => {
  let dirs: TempDirs;
  let receiver: WebhookReceiver;
  let store: WebhookStore;
  const makeStore = (over: Partial<WebhookStoreOptions> = {}) =>
    new WebhookStore({ url: receiver.url, secret: SECRET, payload: 'envelope', timeoutMs: 5000, dataDir: dirs.dataDir, ...over });

  beforeEach(async () => {
    dirs = makeTempDirs();
    receiver = await startWebhookReceiver(SECRET);
    store = makeStore();
    await store.init();
  });
  afterEach(async () => {
    await receiver.close();
    dirs.remove();
  });

  test('POSTs the envelope as signed JSON with an idempotency key, version 1 first', async () => {
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'created', version: 1 });
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req!.signatureValid).toBe(true);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['idempotency-key']).toBe('doc1:1');
    expect(req!.headers['user-agent']).toMatch(/^copydesk\/\d+\.\d+\.\d+/);
    expect(req!.headers['x-copydesk-signature']).toBe(`sha256=${webhookSignature(SECRET, req!.headers['x-copydesk-timestamp'] as string, req!.body)}`);
    const body = req!.json as Envelope;
    expect(body.id).toBe('doc1');
    expect(body.version).toBe(1);
    expect(body.ninjs.version).toBe('1');
    expect(body.ninjs.bodies[0]!.value).toBe('one');
    expect(await store.ledger('doc1')).toMatchObject({ version: 1, contentHash: 'one|usable', canceled: false });
  });

  test('a signature made with another secret does not verify, and the receiver answering 401 is final', async () => {
    const other = makeStore({ secret: 'some-other-secret-abcdef' });
    const err = await rejection(other.publish(makeEnvelope('doc1', 'one')));
    expect(receiver.requests[0]!.signatureValid).toBe(false);
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/answered 401 Unauthorized/);
  });

  test('sends nothing for identical content and version 2 for changed content', async () => {
    await store.publish(makeEnvelope('doc1', 'one'));
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'unchanged', version: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(await store.publish(makeEnvelope('doc1', 'two'))).toEqual({ status: 'updated', version: 2 });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.headers['idempotency-key']).toBe('doc1:2');
    expect((receiver.requests[1]!.json as Envelope).ninjs.version).toBe('2');
  });

  test('POSTs a kill once and keeps the document canceled', async () => {
    await store.publish(makeEnvelope('doc2', 'story'));
    expect(await store.publish(makeEnvelope('doc2', 'story', { pubstatus: 'canceled' }))).toEqual({ status: 'canceled', version: 2 });
    expect((receiver.requests[1]!.json as Envelope).ninjs.pubstatus).toBe('canceled');
    // the same kill again, a different kill, and a late earlier version: nothing is sent
    expect(await store.publish(makeEnvelope('doc2', 'story', { pubstatus: 'canceled' }))).toEqual({ status: 'unchanged', version: 2 });
    expect(await store.publish(makeEnvelope('doc2', '', { pubstatus: 'canceled' }))).toEqual({ status: 'unchanged', version: 2 });
    expect(await store.publish(makeEnvelope('doc2', 'late update'))).toEqual({ status: 'unchanged', version: 2 });
    expect(receiver.requests).toHaveLength(2);
    expect(await store.ledger('doc2')).toMatchObject({ version: 2, canceled: true });
  });

  test('does not send a lower provider version that arrives after a higher one', async () => {
    const wire = (body: string, providerVersion: number): Envelope => ({ ...makeEnvelope('doc11', body), wire: { providerVersion } });
    expect(await store.publish(wire('third take', 3))).toEqual({ status: 'created', version: 1 });
    expect(await store.publish(wire('second take', 2))).toEqual({ status: 'unchanged', version: 1 });
    expect(receiver.requests).toHaveLength(1);
    expect(await store.publish(wire('fourth take', 4))).toEqual({ status: 'updated', version: 2 });
    expect(await store.ledger('doc11')).toMatchObject({ version: 2, providerVersion: 4 });
  });

  test('sends only the ninjs document when configured so', async () => {
    const ninjsStore = makeStore({ payload: 'ninjs' });
    await ninjsStore.publish(makeEnvelope('doc3', 'body'));
    const body = receiver.requests[0]!.json as Envelope['ninjs'];
    expect(body.uri).toBe('urn:copydesk:document:doc3');
    expect(body.version).toBe('1');
    expect(body).not.toHaveProperty('contentHash');
  });

  test('5xx and 429 are transient and leave the ledger alone; the retry sends the same version', async () => {
    receiver.script.push({ status: 503, body: 'maintenance' }, { status: 429 });
    const first = await rejection(store.publish(makeEnvelope('doc4', 'one')));
    expect(first).toBeInstanceOf(TransientError);
    expect(first.message).toMatch(/503.*maintenance/);
    expect(isPermanent(first)).toBe(false);
    expect(await store.ledger('doc4')).toBeUndefined();
    expect(await rejection(store.publish(makeEnvelope('doc4', 'one')))).toBeInstanceOf(TransientError);
    expect(await store.publish(makeEnvelope('doc4', 'one'))).toEqual({ status: 'created', version: 1 });
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['doc4:1', 'doc4:1', 'doc4:1']);
  });

  test('other 4xx fail permanently with the status and the start of the answer as the reason', async () => {
    receiver.script.push({ status: 400, body: `headline missing ${'x'.repeat(2000)}` });
    const err = await rejection(store.publish(makeEnvelope('doc5', 'one')));
    expect(err).toBeInstanceOf(PermanentError);
    expect(isPermanent(err)).toBe(true);
    expect((err as PermanentError).code).toBe('STORE_REJECTED');
    expect(err.message).toMatch(/answered 400 Bad Request: headline missing x+…$/);
    expect(err.message.length).toBeLessThan(800);
    expect(await store.ledger('doc5')).toBeUndefined();
  });

  test('a redirect is not followed (a POST would turn into a GET) but reported', async () => {
    receiver.script.push({ status: 302 });
    const err = await rejection(store.publish(makeEnvelope('doc6', 'one')));
    expect(err).toBeInstanceOf(PermanentError);
    expect(err.message).toMatch(/302.*redirect/);
    expect(receiver.requests).toHaveLength(1);
  });

  test('an endpoint that does not answer in time is a transient failure', async () => {
    const slow = makeStore({ timeoutMs: 200 });
    receiver.script.push({ status: 200, delayMs: 3000 });
    const err = await rejection(slow.publish(makeEnvelope('doc7', 'one')));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/did not answer within 200 ms/);
    expect(await slow.ledger('doc7')).toBeUndefined();
    expect(await slow.publish(makeEnvelope('doc7', 'one'))).toEqual({ status: 'created', version: 1 });
  });

  test('an endpoint that cannot be reached is a transient failure', async () => {
    const url = receiver.url;
    await receiver.close();
    const err = await rejection(makeStore({ url }).publish(makeEnvelope('doc8', 'one')));
    expect(err).toBeInstanceOf(TransientError);
    expect(err.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
    receiver = await startWebhookReceiver(SECRET); // for afterEach
  });

  test('concurrent publishes of one document get one version each, in order', async () => {
    const results = await Promise.all(['a', 'b', 'c', 'a'].map((b) => store.publish(makeEnvelope('doc9', b))));
    expect(results.map((r) => r.version)).toEqual([1, 2, 3, 4]);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual(['doc9:1', 'doc9:2', 'doc9:3', 'doc9:4']);
  });

  test('a document another process is sending is retried later; an expired lock is taken over', async () => {
    const lock = path.join(dirs.dataDir, 'webhook', 'doc10.lock');
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, expiresAt: Date.now() + 60_000 }));
    expect(await rejection(store.publish(makeEnvelope('doc10', 'one')))).toBeInstanceOf(TransientError);
    expect(receiver.requests).toHaveLength(0);
    fs.writeFileSync(lock, JSON.stringify({ pid: 1, expiresAt: Date.now() - 1 }));
    expect(await store.publish(makeEnvelope('doc10', 'one'))).toEqual({ status: 'created', version: 1 });
    expect(fs.existsSync(lock)).toBe(false);
  });

  test('check() accepts a well-formed URL without POSTing and refuses a malformed one', async () => {
    await store.check();
    expect(receiver.requests).toHaveLength(0);
    await expect(makeStore({ url: 'not a url' }).check()).rejects.toThrow(/not a valid URL/);
    await expect(makeStore({ url: 'ftp://cms.example/hook' }).check()).rejects.toThrow(/http or https/);
  });
});
