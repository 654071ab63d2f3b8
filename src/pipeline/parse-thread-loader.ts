// The parse thread of the bundled CLI (dist/bundle/process-file-worker.js; parse-thread-boot.ts starts it): runs the
// thread's job (parse-thread-job.ts), bundled as one CommonJS file, from the code cache the build made by running it
// on the test fixtures (scripts/build-code-cache.mjs), so that the parsers' and the text stage's functions are not
// parsed and compiled again in every run (121 pages: about 50 ms less of the thread's time).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { workerData } from 'node:worker_threads';
import type { ParseThreadData } from './parse-thread-boot.js';
import type * as ParseThreadJob from './parse-thread-job.js';
import { runCachedScript, writeCodeCache } from './run-cached-script.js';

/** The job's bundle and its code cache, beside this module in dist/bundle/ (scripts/bundle-cli.mjs). */
export const JOB_BUNDLE = 'parse-thread-job.cjs';
export const JOB_CODE_CACHE = 'parse-thread-job.cache';

const here = path.dirname(fileURLToPath(import.meta.url));
const job = path.join(here, JOB_BUNDLE);
const { exports, script } = runCachedScript(job, path.join(here, JOB_CODE_CACHE));
const { codeCacheOut } = workerData as ParseThreadData;
await (exports as typeof ParseThreadJob).runParseThread(codeCacheOut ? { afterJob: () => writeCodeCache(script, job, codeCacheOut) } : {});
