#!/usr/bin/env node
// Top entries of a V8 CPU profile (node --cpu-prof): self time per function, and per file or package.
// node scripts/profile-top.mjs FILE.cpuprofile [N]
import fs from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-top.mjs FILE.cpuprofile [N]');
  process.exit(2);
}
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map();
const dt = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fns = new Map();
const files = new Map();
const where = (url) => {
  if (!url) return '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  return url.replace(/^file:\/\/.*?\/(dist\/)/, '$1').replace(/^node:/, 'node:');
};
for (const [id, us] of self) {
  const { callFrame: cf } = byId.get(id);
  const key = `${cf.functionName || '(anonymous)'} ${where(cf.url)}${cf.url && !cf.url.includes('node_modules') ? `:${cf.lineNumber + 1}` : ''}`;
  fns.set(key, (fns.get(key) ?? 0) + us);
  const f = where(cf.url);
  files.set(f, (files.get(f) ?? 0) + us);
}
const show = (title, map) => {
  console.log(`\n${title} (of ${(total / 1000).toFixed(0)} ms sampled)`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, Number(n))) console.log(`${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`);
};
show('self time by function', fns);
show('self time by file or package', files);
