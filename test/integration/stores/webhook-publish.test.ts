// The webhook store through real BullMQ queues and workers on the real Redis, POSTing to a real local HTTP
// endpoint: signatures, idempotency keys, versions, and what retries and permanent failures do to the jobs.
import fs from 'node:fs';
import path from 'node:path';
import type { Job } from 'bullmq';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import type { PublishJobData } from '../../../src/queues/queues.js';
import type { PublishResult } from '../../../src/stores/content-store.js';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';
import { waitFor } from '../../helpers/wait-for.js';
import { startWebhookReceiver, type ScriptedAnswer, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

const SECRET = 'integration-secret-0123456789';
const story = fs.readFileSync(path.join(fixturesDir, 'text/harbour-fire.txt'), 'utf8');

describe('publishing to a webhook through the queues', () => {
  let dirs: TempDirs;
  let receiver: WebhookReceiver;
  let running: RunningPipeline | undefined;

  async function start(script: ScriptedAnswer[] = [], webhook: Record<string, unknown> = {}): Promise<RunningPipeline> {
    receiver = await startWebhookReceiver(SECRET, script);
    const overrides = { stores: ['filesystem', 'webhook'], 'webhook.url': receiver.url, 'webhook.secret': SECRET, ...webhook };
    running = await startPipeline(testConfig(dirs, overrides));
    return running;
  }

  /** The publish jobs of one store that have finished (completed or failed), oldest first. */
  async function finished(store: string): Promise<Job<PublishJobData, PublishResult>[]> {
    const jobs = (await running!.app.queues.publish.getJobs(['completed', 'failed'])) as Job<PublishJobData, PublishResult>[];
    return jobs.filter((j) => j?.data.store === store).sort((a, b) => a.finishedOn! - b.finishedOn!);
  }

  const waitForFinished = (store: string, n: number) => waitFor(async () => ((await finished(store)).length === n ? finished(store) : undefined), `${n} finished ${store} publish job(s)`);

  const drop = (name: string, text: string) => fs.writeFileSync(path.join(dirs.inbox, name), text);

  beforeEach(() => {
    dirs = makeTempDirs();
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await receiver.close();
    dirs.remove();
  });

  test('sends a signed version 1 with an idempotency key, nothing for identical content, version 2 for changed content', async () => {
    await start();
    drop('harbour-fire.txt', story);
    const [first] = await waitForFinished('webhook', 1);
    expect(await first!.getState()).toBe('completed');
    expect(first!.returnvalue).toEqual({ status: 'created', version: 1 });
    const id = first!.data.documentId;
    expect(receiver.requests).toHaveLength(1);
    const [req] = receiver.requests;
    expect(req!.signatureValid).toBe(true);
    expect(req!.headers['idempotency-key']).toBe(`${id}:1`);
    expect((req!.json as Envelope).ninjs.bodies[0]!.value).toMatch(/^PORTVALE – Fire crews/);

    // the same story re-sent (other bytes, same content): the job completes, nothing is POSTed
    drop('harbour-fire (1).txt', `${story}\n`);
    const jobs = await waitForFinished('webhook', 2);
    expect(jobs[1]!.data.documentId).toBe(id);
    expect(jobs[1]!.returnvalue).toEqual({ status: 'unchanged', version: 1 });
    expect(receiver.requests).toHaveLength(1);

    drop('harbour-fire (2).txt', story.replace('Fire crews', 'Fire crews from four stations'));
    const after = await waitForFinished('webhook', 3);
    expect(after[2]!.returnvalue).toEqual({ status: 'updated', version: 2 });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.signatureValid).toBe(true);
    expect(receiver.requests[1]!.headers['idempotency-key']).toBe(`${id}:2`);
    expect((receiver.requests[1]!.json as Envelope).ninjs.bodies[0]!.value).toMatch(/^PORTVALE – Fire crews from four stations/);
  });

  test('a webhook that answers 503 twice and then 200 ends delivered exactly once', async () => {
    await start([{ status: 503, body: 'deploying' }, { status: 503, body: 'deploying' }]);
    drop('harbour-fire.txt', story);
    const [job] = await waitForFinished('webhook', 1);
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toEqual({ status: 'created', version: 1 });
    expect(receiver.requests.map((r) => r.answered)).toEqual([503, 503, 200]);
    // every attempt carried the same version's key, so a receiver dedupes even a 2xx whose answer was lost
    expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key']))).toEqual(new Set([`${job!.data.documentId}:1`]));
    expect(fs.readdirSync(dirs.failedDir).filter((f) => f.endsWith('.error.json'))).toEqual([]);
    // both stores have it: the staged envelope (one link per store's job) is gone
    await waitFor(() => fs.readdirSync(running!.app.stagingDir).length === 0, 'data/staged to empty');
  });

  test('a webhook that answers 400 fails its job with the reason while the filesystem store still publishes', async () => {
    await start([{ status: 400, body: 'unknown section "harbour"' }]);
    drop('harbour-fire.txt', story);
    const [job] = await waitForFinished('webhook', 1);
    const [fsJob] = await waitForFinished('filesystem', 1);
    expect(await job!.getState()).toBe('failed');
    expect(job!.failedReason).toMatch(/answered 400 Bad Request: unknown section "harbour"/);
    expect(job!.attemptsMade).toBe(1); // not retried
    expect(receiver.requests).toHaveLength(1);
    expect(await fsJob!.getState()).toBe('completed');
    const current = JSON.parse(fs.readFileSync(path.join(dirs.dataDir, 'documents', job!.data.documentId, 'current.json'), 'utf8')) as Envelope;
    expect(current.version).toBe(1);
    // the reason is also on record in failed/, naming the store
    const records = fs.readdirSync(dirs.failedDir).filter((f) => f.endsWith('.error.json'));
    expect(records).toHaveLength(1);
    const record = JSON.parse(fs.readFileSync(path.join(dirs.failedDir, records[0]!), 'utf8')) as { code: string; reason: string };
    expect(record.code).toBe('STORE_REJECTED');
    expect(record.reason).toMatch(/^publishing to the webhook store failed: .*400 Bad Request/);
    // the failed job keeps its link to the staged envelope (retry-failed needs it); the completed one's is gone
    const webhookLink = path.basename(job!.data.envelopePath);
    expect(webhookLink).toBe(`${job!.data.ingestJobId}.webhook.json`);
    await waitFor(() => !fs.existsSync(fsJob!.data.envelopePath), "the filesystem job's link to be removed");
    expect(fs.readdirSync(running!.app.stagingDir)).toEqual([webhookLink]);
    expect((JSON.parse(fs.readFileSync(job!.data.envelopePath, 'utf8')) as Envelope).id).toBe(job!.data.documentId);
  });

  test('the webhook store has its own budget of tries, apart from the other stores', async () => {
    await start(Array.from({ length: 10 }, () => ({ status: 503 })), { 'webhook.attempts': 3, 'worker.attempts': 1 });
    drop('harbour-fire.txt', story);
    const [job] = await waitForFinished('webhook', 1);
    expect(await job!.getState()).toBe('failed');
    expect(job!.opts.attempts).toBe(3);
    expect(job!.failedReason).toMatch(/answered 503/);
    expect(receiver.requests).toHaveLength(3);
    const [fsJob] = await waitForFinished('filesystem', 1);
    expect(fsJob!.opts.attempts).toBe(1);
  });

  test('a webhook that does not answer in time is retried', async () => {
    await start([{ status: 200, delayMs: 5000 }], { 'webhook.timeoutMs': 300 });
    drop('harbour-fire.txt', story);
    const [job] = await waitForFinished('webhook', 1);
    expect(await job!.getState()).toBe('completed');
    expect(job!.returnvalue).toEqual({ status: 'created', version: 1 });
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0]!.answered).toBeUndefined(); // abandoned by the sender
    expect(receiver.requests[1]!.answered).toBe(200);
  });
});
