#!/usr/bin/env node
// Unpacks the shipped entity model (models/ner/model.bin.gz) to dist/models/ner/model.bin, which the CLI and the
// workers read instead while the shipped file is the one it was unpacked from (its size and modification time,
// written beside the copy: src/entities/load-model.ts): reading 6.5 MB costs a few milliseconds, gunzipping it about
// 25. Run by `npm run build`, after tsc.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { sourceStamp, UNPACKED_FROM } from '../dist/src/entities/load-model.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const shipped = path.join(root, 'models', 'ner', 'model.bin.gz');
const unpacked = path.join(root, 'dist', 'models', 'ner', 'model.bin');
fs.mkdirSync(path.dirname(unpacked), { recursive: true });
// written whole under another name, then renamed: a process reading the model never sees half a file
fs.rmSync(unpacked + UNPACKED_FROM, { force: true });
fs.writeFileSync(`${unpacked}.tmp`, gunzipSync(fs.readFileSync(shipped)));
fs.renameSync(`${unpacked}.tmp`, unpacked);
// the stamp last: a copy without one is never read
fs.writeFileSync(unpacked + UNPACKED_FROM, JSON.stringify(sourceStamp(shipped)));
