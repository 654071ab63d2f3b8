#!/usr/bin/env node
// Bundles the compiled CLI (dist/src/cli/main.js) and the parse thread of `copydesk process` into dist/bundle/ with
// esbuild, which bin/copydesk.js runs. Node loads an ES module graph file by file (resolve, read, compile): about
// 340 modules for a `copydesk process` run, a third of its start-up. The bundle is a few dozen files (chunks split
// at the CLI's dynamic imports, so a command still loads only what it uses). Run by `npm run build`; the tests run
// the TypeScript sources, and the CLI tests run this bundle through bin/copydesk.js.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

// Left to node_modules: packages that load files from their own folder at run time (BullMQ's Lua scripts, pino's
// transport threads), those copydesk requires lazily through createRequire (Ajv, saxes, libmime, libqp, iconv-lite), and the
// services' servers and clients, which `copydesk start` loads once for a long run.
const external = [
  'bullmq', 'ioredis', 'pino', 'pino-pretty', 'thread-stream', 'fastify', '@fastify/*', '@bull-board/*', 'pg', 'prom-client',
  'ajv', 'ajv/*', 'ajv-formats', 'saxes', 'libmime', 'libqp', 'iconv-lite',
];

fs.rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  // the parse thread is an entry of its own, beside the chunks: src/pipeline/parse-thread-boot.ts starts it by a URL
  // relative to its own module; in the bundle it is the loader that runs the thread's job from its code cache
  entryPoints: { boot: 'dist/src/cli/boot.js', main: 'dist/src/cli/main.js', 'process-file-worker': 'dist/src/pipeline/parse-thread-loader.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external,
  // CommonJS packages inside an ES module bundle call require() for Node's own modules
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  logLevel: 'warning',
});
// the parse thread's job as one CommonJS file, which parse-thread-loader.ts runs with V8's code cache
// (scripts/build-code-cache.mjs makes the cache); import.meta.url is the file's own URL, as it is in the chunks
await build({
  absWorkingDir: root,
  entryPoints: { 'parse-thread-job': 'dist/src/pipeline/parse-thread-job.js' },
  outdir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external,
  define: { 'import.meta.url': '__moduleUrl' },
  // strict, as the ES modules it is made of are (a directive counts only at the file's start, before the banner's code)
  banner: { js: "'use strict';\nvar __moduleUrl = require('node:url').pathToFileURL(__filename).href;" },
  logLevel: 'warning',
});
// files that modules find beside themselves (a URL relative to import.meta.url): the generated ninjs validator and
// the PostgreSQL migrations
fs.copyFileSync(path.join(root, 'dist', 'src', 'ninjs', 'ninjs-schema-validator.cjs'), path.join(outdir, 'ninjs-schema-validator.cjs'));
fs.cpSync(path.join(root, 'src', 'stores', 'migrations'), path.join(outdir, 'migrations'), { recursive: true });
