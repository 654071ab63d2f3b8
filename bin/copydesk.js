#!/usr/bin/env node
// The `copydesk` command: runs the bundled CLI (dist/bundle/, built by `npm run build`, which `npm ci` runs through
// `prepare`; scripts/bundle-cli.mjs says why it is bundled).
import '../dist/bundle/main.js';
