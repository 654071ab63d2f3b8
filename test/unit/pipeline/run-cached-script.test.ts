// Running a CommonJS file with V8's code cache (the bundle's parse thread runs this way): the same exports with a
// cache, without one, and with a cache V8 refuses.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCachedScript, writeCodeCache } from '../../../src/pipeline/run-cached-script.js';

describe('runCachedScript', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-code-cache-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('runs the file as CommonJS, then with the cache it wrote, then despite a stale or damaged cache', () => {
    const file = path.join(dir, 'job.cjs');
    const cache = path.join(dir, 'job.cache');
    fs.writeFileSync(file, "const { join } = require('node:path');\nmodule.exports = { where: join(__dirname, 'x'), twice: (n) => n * 2 };\n");
    const first = runCachedScript(file, cache);
    expect(first.cacheRejected).toBeUndefined();
    const exports = first.exports as { where: string; twice: (n: number) => number };
    expect(exports.where).toBe(path.join(dir, 'x'));
    expect(exports.twice(21)).toBe(42);
    writeCodeCache(first.script, file, cache);
    expect(fs.statSync(cache).size).toBeGreaterThan(0);

    const second = runCachedScript(file, cache);
    expect(second.cacheRejected).toBe(false);
    expect((second.exports as typeof exports).twice(4)).toBe(8);

    // V8 keeps the scripts an isolate has compiled: the files below have new source, so the caches are read. A
    // change of the same length is not told by V8 (it checks the length only), but by the cache's digest
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('n * 2', 'n * 3'));
    const sameLength = runCachedScript(file, cache);
    expect(sameLength.cacheRejected).toBe(true);
    expect((sameLength.exports as typeof exports).twice(2)).toBe(6);

    fs.appendFileSync(file, '// changed after its cache was made\n');
    const stale = runCachedScript(file, cache);
    expect(stale.cacheRejected).toBe(true);
    expect((stale.exports as typeof exports).twice(5)).toBe(15);

    fs.appendFileSync(file, '// changed again\n');
    fs.writeFileSync(cache, 'not a code cache');
    const damaged = runCachedScript(file, cache);
    expect(damaged.cacheRejected).toBe(true);
    expect((damaged.exports as typeof exports).twice(6)).toBe(18);
  });
});
