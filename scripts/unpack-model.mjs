#!/usr/bin/env node
// Unpacks the shipped entity model (models/ner/model.bin.gz) to dist/models/ner/model.bin, which the CLI and the
// workers read instead while it is at least as new as the shipped file (src/entities/load-model.ts): reading 6.5 MB
// costs a few milliseconds, gunzipping it about 25. Run by `npm run build`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const shipped = path.join(root, 'models', 'ner', 'model.bin.gz');
const unpacked = path.join(root, 'dist', 'models', 'ner', 'model.bin');
fs.mkdirSync(path.dirname(unpacked), { recursive: true });
// written whole under another name, then renamed: a process reading the model never sees half a file
fs.writeFileSync(`${unpacked}.tmp`, gunzipSync(fs.readFileSync(shipped)));
fs.renameSync(`${unpacked}.tmp`, unpacked);
