import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../../src/logging/logger.js';
import { processIngestJob, type IngestDeps } from '../../../src/pipeline/ingest-processor.js';
import type { PublishJobData } from '../../../src/queues/queues.js';
import { fixturePipeline, fixturesDir } from '../../helpers/fixture-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

describe('processIngestJob staging', () => {
  let dirs: TempDirs;
  beforeEach(() => {
    dirs = makeTempDirs();
    fs.mkdirSync(dirs.dataDir, { recursive: true });
  });
  afterEach(() => dirs.remove());

  async function ingest(stores: string[]): Promise<PublishJobData[]> {
    const jobs: PublishJobData[] = [];
    const deps: IngestDeps = {
      pipeline: fixturePipeline(),
      stores,
      stagingDir: dirs.dataDir,
      maxFileBytes: 1 << 20,
      enqueuePublish: async (job) => void jobs.push(job),
      logger: createLogger({ level: 'silent' }),
    };
    const rawPath = path.join(fixturesDir, 'text/hill-town-siege.txt');
    const bytes = fs.statSync(rawPath).size;
    await processIngestJob('job-1', { sha256: 'abc', rawPath, originalName: 'hill-town-siege.txt', bytes, receivedAt: new Date().toISOString(), reason: 'inbox' }, deps);
    return jobs;
  }

  test('one store: its publish job reads the staged envelope', async () => {
    const jobs = await ingest(['filesystem']);
    expect(jobs.map((j) => path.basename(j.envelopePath))).toEqual(['job-1.json']);
    expect(fs.readdirSync(dirs.dataDir)).toEqual(['job-1.json']);
  });

  test('several stores: each publish job has its own link to the same envelope, and no other file is left', async () => {
    const jobs = await ingest(['filesystem', 'postgres']);
    expect(jobs.map((j) => [j.store, path.basename(j.envelopePath)])).toEqual([
      ['filesystem', 'job-1.filesystem.json'],
      ['postgres', 'job-1.postgres.json'],
    ]);
    expect(fs.readdirSync(dirs.dataDir).sort()).toEqual(['job-1.filesystem.json', 'job-1.postgres.json']);
    const [a, b] = jobs.map((j) => fs.statSync(j.envelopePath));
    expect(a!.ino).toBe(b!.ino);
    expect(JSON.parse(fs.readFileSync(jobs[0]!.envelopePath, 'utf8')).source.originalName).toBe('hill-town-siege.txt');
  });
});
