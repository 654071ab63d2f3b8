import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { processPublishJob } from '../../../src/pipeline/publish-processor.js';
import { FilesystemStore } from '../../../src/stores/filesystem-store.js';
import { fixturePipeline, fixturesDir } from '../../helpers/fixture-pipeline.js';

describe('processPublishJob and provider versions', () => {
  let dir: string;
  let store: FilesystemStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cd-publish-'));
    store = new FilesystemStore(dir);
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Builds the envelope of `xml` with the real pipeline, stages it, and runs the publish job on the real store. */
  const publish = async (xml: string, name: string) => {
    const { envelope } = fixturePipeline().run({ bytes: Buffer.from(xml), path: name, originalName: name, receivedAt: new Date() });
    const envelopePath = path.join(dir, `${name}.json`);
    fs.writeFileSync(envelopePath, JSON.stringify(envelope));
    const result = await processPublishJob(name, { documentId: envelope.id, ingestJobId: name, envelopePath, contentHash: envelope.contentHash, store: 'fs', sourceFile: name, format: 'newsml-g2' }, { stores: new Map([['fs', store]]), logger: pino({ level: 'silent' }) });
    return { result, id: envelope.id };
  };

  test('a lower provider version arriving after a higher one changes nothing; a higher one adds a version', async () => {
    const v3 = fs.readFileSync(path.join(fixturesDir, 'wire/harbour-update.g2.xml'), 'utf8');
    const first = await publish(v3, 'v3');
    expect(first.result).toMatchObject({ status: 'created', version: 1 });
    expect((await publish(v3.replace('version="3"', 'version="2"').replace('six weeks', 'five weeks'), 'v2')).result).toMatchObject({ status: 'unchanged', version: 1 });
    expect((await publish(v3.replace('version="3"', 'version="4"').replace('six weeks', 'seven weeks'), 'v4')).result).toMatchObject({ status: 'updated', version: 2 });
    expect((await store.get(first.id))?.wire?.providerVersion).toBe(4);
  });
});
