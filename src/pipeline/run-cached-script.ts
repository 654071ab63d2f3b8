// Runs a CommonJS file with V8's code cache: the bytecode of its functions, saved from an earlier run, so that they are
// not parsed and compiled again. Node 20 caches no compiled code for modules it loads itself (node:module's compile
// cache is Node 22), so the bundle's parse thread is built as one CommonJS file that is run this way
// (parse-thread-loader.ts). V8 refuses a cache made by another V8, for other flags or for other source (the script
// then compiles as usual), so a stale cache costs time, never correctness.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

export interface CachedScript {
  /** What the file set module.exports to. */
  exports: unknown;
  /** The compiled script: createCachedData() after a run gives the cache with the functions that ran. */
  script: vm.Script;
  /** True when there was a cache and V8 refused it; false when it was used; undefined without a cache. */
  cacheRejected: boolean | undefined;
}

/** Runs `file` (CommonJS) in this thread, with the code cache in `cacheFile` when there is one. */
export function runCachedScript(file: string, cacheFile: string): CachedScript {
  const source = fs.readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // no cache (not built yet): compiled as usual
  }
  // the wrapper Node puts around a CommonJS module
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return { exports: module.exports, script, cacheRejected: cachedData ? script.cachedDataRejected : undefined };
}

/** Writes the code cache of `script` (after it has run, so that it holds the functions that ran). */
export function writeCodeCache(script: vm.Script, cacheFile: string): void {
  // written whole under another name, then renamed: a thread starting meanwhile never reads half a cache
  fs.writeFileSync(`${cacheFile}.tmp`, script.createCachedData());
  fs.renameSync(`${cacheFile}.tmp`, cacheFile);
}
