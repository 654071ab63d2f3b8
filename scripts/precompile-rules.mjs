#!/usr/bin/env node
// Compiles the shipped rule files (config/rules/*.json) as loadRules would, and writes each compiled set to
// dist/rules/<sha256 of the file's bytes>.json, which loadRules reads instead of validating the file and deriving its
// prefilters again (src/text/rule-file.ts). A rule file edited after the build has other bytes, so it is compiled
// when it is loaded, as any other rule file is. Run by `npm run build`, after tsc.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMPILED_RULES_DIR, compiledRuleFile, compileRules } from '../dist/src/text/rule-file.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const rulesDir = path.join(root, 'config', 'rules');
fs.rmSync(COMPILED_RULES_DIR, { recursive: true, force: true });
fs.mkdirSync(COMPILED_RULES_DIR, { recursive: true });
for (const name of fs.readdirSync(rulesDir).filter((f) => f.endsWith('.json'))) {
  const file = path.join(rulesDir, name);
  const bytes = fs.readFileSync(file);
  const compiled = compiledRuleFile(compileRules(JSON.parse(bytes.toString('utf8')), file));
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  fs.writeFileSync(path.join(COMPILED_RULES_DIR, `${sha256}.json`), JSON.stringify(compiled));
}
