#!/usr/bin/env node
// The `copydesk` command: runs the bundled CLI (dist/bundle/, built by `npm run build`, which `npm ci` runs through
// `prepare`; scripts/bundle-cli.mjs says why it is bundled). The boot module comes first, on its own: a module's
// static imports are all loaded and compiled before any of them runs, so the CLI is imported after it has run.
import '../dist/bundle/boot.js';

await import('../dist/bundle/main.js');
