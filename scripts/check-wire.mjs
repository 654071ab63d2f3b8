#!/usr/bin/env node
// Runs the real `copydesk process` on every file of a wire corpus (default ../shared/corpus/wire) and prints, per
// format folder, files ok / total, how many outputs have a headline, and how many have a body whose words all come
// from the source (a body made up or mangled would not). Usage: npm run check:wire [-- DIR] [--verbose]
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
// ../shared next to the checkout (a worktree sits one level deeper)
const candidates = [path.join(root, '..', 'shared', 'corpus', 'wire'), path.join(root, '..', '..', 'shared', 'corpus', 'wire')];
const dir = path.resolve(args.find((a) => !a.startsWith('--')) ?? candidates.find((c) => fs.existsSync(c)) ?? candidates[0]);
if (!fs.existsSync(dir)) {
  console.error(`no corpus at ${dir}`);
  process.exit(2);
}
const files = fs
  .readdirSync(dir, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== 'LICENSES')
  .flatMap((d) => fs.readdirSync(path.join(dir, d.name)).map((f) => path.join(dir, d.name, f)))
  .filter((f) => fs.statSync(f).isFile())
  .sort();

let out;
try {
  out = execFileSync(process.execPath, [path.join(root, 'bin', 'copydesk.js'), 'process', ...files], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, COPYDESK_LOG_LEVEL: 'error' } });
} catch (err) {
  out = err.stdout; // exit code 1 when any file failed
}
const lines = out.trim().split('\n').map((l) => JSON.parse(l));
const words = (s) => (s.toLowerCase().normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? []);
const rows = new Map();
for (let i = 0; i < files.length; i++) {
  const file = files[i];
  const group = path.basename(path.dirname(file));
  const r = rows.get(group) ?? { ok: 0, total: 0, headline: 0, body: 0, failures: [] };
  rows.set(group, r);
  r.total++;
  const env = lines[i];
  if (!env || env.error) {
    r.failures.push(`${path.basename(file)}: ${env?.error?.code} ${env?.error?.message}`);
    continue;
  }
  r.ok++;
  if (env.ninjs.headlines?.[0]?.value) r.headline++;
  const body = env.ninjs.bodies?.find((b) => b.contenttype === 'text/plain')?.value ?? '';
  // the source as text: the bytes as the pipeline read them, markup and entities loosely removed
  const source = new Set(words(fs.readFileSync(file, 'latin1') + ' ' + fs.readFileSync(file, 'utf8')));
  const bw = words(body);
  const inSource = bw.filter((w) => source.has(w)).length;
  const faithful = bw.length > 0 ? inSource / bw.length >= 0.98 : env.ninjs.pubstatus === 'canceled' || env.ninjs.type !== 'text';
  if (faithful) r.body++;
  if (verbose) console.log(`${group}/${path.basename(file)}\t${env.source.format}\t${env.ninjs.type}\t${env.ninjs.pubstatus}\theadline=${env.ninjs.headlines?.[0]?.value ? 'yes' : 'no'}\tbodyWords=${bw.length}\tinSource=${bw.length ? (inSource / bw.length).toFixed(3) : '-'}`);
}
let ok = 0;
let total = 0;
console.log('format            ok/total  headline  body-from-source');
for (const [group, r] of [...rows].sort()) {
  ok += r.ok;
  total += r.total;
  console.log(`${group.padEnd(18)}${`${r.ok}/${r.total}`.padStart(8)}${String(r.headline).padStart(10)}${String(r.body).padStart(18)}`);
  for (const f of r.failures) console.log(`    FAILED ${f}`);
}
console.log(`${'all'.padEnd(18)}${`${ok}/${total}`.padStart(8)}`);
process.exitCode = ok === total ? 0 : 1;
