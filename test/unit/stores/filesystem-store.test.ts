import fs from 'node:fs';
import path from 'node:path';
import { FilesystemStore } from '../../../src/stores/filesystem-store.js';
import { makeEnvelope } from '../../helpers/envelopes.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

describe('FilesystemStore', () => {
  let dirs: TempDirs;
  let store: FilesystemStore;
  beforeEach(async () => {
    dirs = makeTempDirs();
    store = new FilesystemStore(dirs.dataDir);
    await store.init();
  });
  afterEach(() => dirs.remove());

  test('creates version 1, ignores an identical re-publish, and adds version 2 for changed content', async () => {
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'created', version: 1 });
    expect(await store.publish(makeEnvelope('doc1', 'one'))).toEqual({ status: 'unchanged', version: 1 });
    expect(await store.publish(makeEnvelope('doc1', 'two'))).toEqual({ status: 'updated', version: 2 });
    const current = await store.get('doc1');
    expect(current?.version).toBe(2);
    expect(current?.ninjs.version).toBe('2');
    expect((await store.versions('doc1')).map((v) => v.version)).toEqual([1, 2]);
    expect((await store.getVersion('doc1', 1))?.ninjs.bodies[0]!.value).toBe('one');
  });

  test('keeps a canceled document canceled when an earlier version arrives late', async () => {
    await store.publish(makeEnvelope('doc2', 'story'));
    expect((await store.publish(makeEnvelope('doc2', 'story', { pubstatus: 'canceled' }))).status).toBe('canceled');
    expect((await store.publish(makeEnvelope('doc2', 'late update'))).status).toBe('unchanged');
    expect((await store.get('doc2'))?.ninjs.pubstatus).toBe('canceled');
  });

  test('gives each distinct content one version when many publishes race', async () => {
    const bodies = Array.from({ length: 12 }, (_, i) => `body ${i % 4}`);
    await Promise.all(bodies.map((b) => store.publish(makeEnvelope('doc3', b))));
    const versions = await store.versions('doc3');
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    expect((await store.get('doc3'))?.version).toBe(versions.length);
    // no temporary files are left behind
    const files = fs.readdirSync(path.join(dirs.dataDir, 'documents', 'doc3', 'versions'));
    expect(files.every((f) => /^v\d{6}\.json$/.test(f))).toBe(true);
  });

  test('lists documents filtered by words, entity and type, a page at a time', async () => {
    await store.publish(makeEnvelope('a1', 'fire at the harbour'));
    await store.publish(makeEnvelope('a2', 'budget vote'));
    await store.publish(makeEnvelope('a3', 'harbour budget'));
    expect((await store.list({ q: 'harbour', limit: 10 })).items.map((d) => d.id).sort()).toEqual(['a1', 'a3']);
    expect((await store.list({ entity: 'portvale', limit: 10 })).items).toHaveLength(3);
    expect((await store.list({ type: 'picture', limit: 10 })).items).toHaveLength(0);
    const first = await store.list({ limit: 2 });
    expect(first.items).toHaveLength(2);
    const second = await store.list({ limit: 2, cursor: first.nextCursor });
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeUndefined();
  });

  test('refuses ids that could escape its folder', async () => {
    await expect(store.publish(makeEnvelope('../evil', 'x'))).rejects.toThrow(/invalid document id/);
    expect(await store.get('../../etc')).toBeUndefined();
  });
});
