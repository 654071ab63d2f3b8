#!/usr/bin/env node
// The `copydesk` command: runs the compiled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
import '../dist/src/cli/main.js';
