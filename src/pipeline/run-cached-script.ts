// Runs a CommonJS file with V8's code cache: the bytecode of its functions, saved from an earlier run, so that they are
// not parsed and compiled again. Node 20 caches no compiled code for modules it loads itself (node:module's compile
// cache is Node 22), so the bundle's parse thread is built as one CommonJS file that is run this way
// (parse-thread-loader.ts). V8 refuses a cache made by another V8 or under other flags (the script then compiles as
// usual), but it checks the source only by its length: the cache file starts with the sha256 of the source it was
// made from, and is not used for any other. A stale or refused cache costs time, never correctness.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface CachedScript {
  /** What the file set module.exports to. */
  exports: unknown;
  /** The compiled script: writeCodeCache after a run saves the functions that ran. */
  script: vm.Script;
  /** True when there was a cache and it was not used (made from other source, or refused by V8); false when it was used; undefined without a cache. */
  cacheRejected: boolean | undefined;
}

const DIGEST_BYTES = 32;
const digestOf = (source: string): Buffer => crypto.createHash('sha256').update(source).digest();

/** Runs `file` (CommonJS) in this thread, with the code cache in `cacheFile` when there is one made from this source. */
export function runCachedScript(file: string, cacheFile: string): CachedScript {
  const source = fs.readFileSync(file, 'utf8');
  let cache: Buffer | undefined;
  try {
    cache = fs.readFileSync(cacheFile);
  } catch {
    // no cache (not built yet): compiled as usual
  }
  const fits = cache !== undefined && cache.length > DIGEST_BYTES && cache.subarray(0, DIGEST_BYTES).equals(digestOf(source));
  const cachedData = fits ? cache!.subarray(DIGEST_BYTES) : undefined;
  // the wrapper Node puts around a CommonJS module
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cacheRejected: cache === undefined ? undefined : !fits || script.cachedDataRejected === true };
}

/** Writes the code cache of `script`, run from `file` (after it has run, so that it holds the functions that ran). */
export function writeCodeCache(script: vm.Script, file: string, cacheFile: string): void {
  // written whole under another name, then renamed: a thread starting meanwhile never reads half a cache
  fs.writeFileSync(`${cacheFile}.tmp`, Buffer.concat([digestOf(fs.readFileSync(file, 'utf8')), script.createCachedData()]));
  fs.renameSync(`${cacheFile}.tmp`, cacheFile);
}
