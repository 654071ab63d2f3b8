// Learned per-source boilerplate shared through Redis: every worker sees the same counts, a document counts once
// however often it is processed, and one source's furniture never touches another source. Real Redis, real pipeline.
import fs from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createLogger } from '../../../src/logging/logger.js';
import { processIngestJob, type IngestDeps } from '../../../src/pipeline/ingest-processor.js';
import { RedisLineMemory } from '../../../src/pipeline/line-memory.js';
import type { Envelope } from '../../../src/ninjs/envelope.js';
import { fixturePipeline } from '../../helpers/fixture-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { REDIS_URL, deleteKeys, uniquePrefix } from '../../helpers/test-config.js';

const TIP_LINE = 'Got a tip for the Harbour Desk? Write to us any time.';

function story(n: number): string {
  return [
    `Ferry crews on the north route worked through the night on Tuesday to repair pier ${n}, the harbour authority said, after a storm tore loose two of its mooring posts.`,
    '',
    TIP_LINE,
    '',
    `Engineers expect pier ${n} to reopen on Friday if the weather holds, and the operator said timetables for the weekend would be published on Thursday.`,
    '',
  ].join('\n');
}

describe('learned per-source boilerplate in Redis', () => {
  let redis: Redis;
  let prefix: string;
  let dirs: TempDirs;
  let deps: IngestDeps;
  let memory: RedisLineMemory;

  beforeAll(() => {
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
  });
  afterAll(async () => {
    redis.disconnect();
  });
  beforeEach(() => {
    prefix = uniquePrefix();
    dirs = makeTempDirs();
    memory = new RedisLineMemory(redis, prefix, { minDocuments: 3, maxWords: 30, windowMs: 3600_000 });
    deps = {
      pipeline: fixturePipeline(),
      stores: ['filesystem'],
      stagingDir: dirs.dataDir,
      maxFileBytes: 1 << 20,
      enqueuePublish: async () => {},
      logger: createLogger({ level: 'silent' }),
      learnLines: (source, docId, text) => memory.observe(source, docId, text),
    };
    fs.mkdirSync(dirs.dataDir, { recursive: true });
  });
  afterEach(async () => {
    await deleteKeys(redis, prefix);
    dirs.remove();
  });

  /** Runs one document as a worker would and returns its envelope. */
  async function ingest(name: string, text: string, sha256: string): Promise<Envelope> {
    const rawPath = path.join(dirs.root, `${sha256}.raw`);
    fs.writeFileSync(rawPath, text);
    await processIngestJob(sha256, { sha256, rawPath, originalName: name, bytes: text.length, receivedAt: new Date().toISOString(), reason: 'inbox' }, deps);
    return JSON.parse(fs.readFileSync(path.join(dirs.dataDir, `${sha256}.json`), 'utf8')) as Envelope;
  }
  const body = (e: Envelope) => e.ninjs.bodies?.find((b) => b.contenttype === 'text/plain')?.value ?? '';
  const learned = (e: Envelope) => e.removed.filter((r) => r.ruleId === 'learned-repeated-line').map((r) => r.text);

  it('learns a line once three documents of one source carry it, and records the removal', async () => {
    expect(learned(await ingest('harbourdesk__a.txt', story(1), 'doc-a'))).toEqual([]);
    expect(learned(await ingest('harbourdesk__b.txt', story(2), 'doc-b'))).toEqual([]);
    const third = await ingest('harbourdesk__c.txt', story(3), 'doc-c');
    expect(learned(third)).toEqual([TIP_LINE]);
    expect(body(third)).not.toContain('Got a tip');
    expect(body(third)).toContain('Engineers expect pier 3');
  });

  it('counts a document once however often it is processed', async () => {
    for (let i = 0; i < 4; i++) expect(learned(await ingest('harbourdesk__a.txt', story(1), 'doc-a'))).toEqual([]);
    expect(learned(await ingest('harbourdesk__b.txt', story(2), 'doc-b'))).toEqual([]);
  });

  it('learns nothing from files that name no source', async () => {
    for (const n of [1, 2, 3, 4]) expect(learned(await ingest(`story-${n}.txt`, story(n), `doc-${n}`))).toEqual([]);
  });

  it('keeps each source apart', async () => {
    await ingest('harbourdesk__a.txt', story(1), 'doc-a');
    await ingest('harbourdesk__b.txt', story(2), 'doc-b');
    expect(learned(await ingest('otherpaper__c.txt', story(3), 'doc-c'))).toEqual([]);
  });

  it('forgets documents older than the window', async () => {
    const t0 = Date.now();
    await memory.observe('harbourdesk', 'old-1', story(1), t0 - 2 * 3600_000);
    await memory.observe('harbourdesk', 'old-2', story(2), t0 - 2 * 3600_000);
    expect([...(await memory.observe('harbourdesk', 'new-3', story(3), t0))]).toEqual([]);
  });
});
