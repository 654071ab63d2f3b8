#!/usr/bin/env node
// Makes the code cache of the bundle's parse thread (dist/bundle/parse-thread-job.cache; src/pipeline/parse-thread-loader.ts
// reads it): runs the thread, as `copydesk process` does, on the test fixtures (pages, text, agency formats), so that
// the cache holds the functions a run compiles, and has it write the cache when its job is done. V8 takes a cache only
// under the compiler flags it was made with, so the flags a run on this machine sets are set first. Run by
// `npm run build`, after scripts/bundle-cli.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { lessCompiling, usesEveryCore } from '../dist/src/pipeline/parse-thread-boot.js';
import { FileQueue } from '../dist/src/pipeline/parse-threads.js';
import { loadRules } from '../dist/src/text/rule-file.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'dist', 'bundle');
const cacheFile = path.join(bundle, 'parse-thread-job.cache');
const fixtures = path.join(root, 'test', 'fixtures');
if (!fs.existsSync(fixtures)) {
  // an install without the tests: the parse thread compiles its code in every run, as without a cache
  console.log('code cache: no test/fixtures to run the parse thread on; none made');
  process.exit(0);
}
const files = fs.readdirSync(fixtures, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile() && /\.(html?|txt|xml|json|eml|anpa|7901|zczc)$/i.test(e.name))
  .map((e) => path.join(e.parentPath ?? e.path, e.name))
  .sort();

if (usesEveryCore(1)) lessCompiling();
fs.rmSync(cacheFile, { force: true });
const { port1, port2 } = new MessageChannel();
const worker = new Worker(pathToFileURL(path.join(bundle, 'process-file-worker.js')), { workerData: { port: port2, codeCacheOut: cacheFile }, transferList: [port2] });
const queue = new FileQueue(files.length);
port1.postMessage({ files, maxFileBytes: 50 * 1024 * 1024, learned: new Map(), shared: queue.shared });
port1.postMessage({ ruleSet: loadRules(path.join(root, 'config', 'rules', 'boilerplate.json')) });
queue.rulesPosted();
// the thread waits for room AHEAD files beyond the file the main thread is on: keep up with it
let posted = 0;
const exited = new Promise((resolve, reject) => {
  worker.on('error', reject);
  worker.on('exit', resolve);
});
const drain = setInterval(() => {
  while (receiveMessageOnPort(port1)) posted++;
  queue.finishing(posted);
}, 5);
const code = await exited;
clearInterval(drain);
if (code !== 0 || !fs.existsSync(cacheFile)) throw new Error(`the parse thread did not write its code cache (exit code ${code})`);
console.log(`code cache: ${path.relative(root, cacheFile)} (${fs.statSync(cacheFile).size} bytes, ${files.length} fixture files)`);
