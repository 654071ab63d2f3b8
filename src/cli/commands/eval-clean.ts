// `copydesk eval clean DIR...`: scores boilerplate stripping on your own labelled samples — NAME.txt beside
// NAME.gold.json ({"lines":[{"n":1,"label":"body"|...}]}, see the README) — with the reference scorer's metric.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

function labelledFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? labelledFiles(path.join(dir, e.name)) : e.name.endsWith('.txt') ? [path.join(dir, e.name)] : []))
    .filter((f) => fs.existsSync(f.replace(/\.txt$/u, '.gold.json')))
    .sort();
}

export function register(evalCommand: Command): void {
  addConfigOptions(
    evalCommand
      .command('clean')
      .description('score boilerplate stripping on labelled samples (NAME.txt + NAME.gold.json): line P/R/F1, perfect documents')
      .argument('<dirs...>', 'folders of labelled samples (searched recursively; one row per sub-folder)')
      .option('--json', 'print the figures as JSON')
      .option('--verbose', 'list every line scored wrong'),
  ).action(async (dirs: string[], flags: ConfigFlags & { json?: boolean; verbose?: boolean }) => {
    const config = await configFromFlags(flags);
    const { pipelineFromConfig } = await import('../../pipeline/pipeline-from-config.js');
    const { learnRepeatedLines } = await import('../../pipeline/learn-repeated-lines.js');
    const { sourceOfPath } = await import('../../text/repeated-lines.js');
    const { explainDocument } = await import('../../pipeline/explain.js');
    const { emptyCounts, scoreDocument, summarize } = await import('../../pipeline/score-clean.js');
    const files = dirs.flatMap((d) => {
      if (!fs.existsSync(d)) throw new CliError(`${d}: no such folder`, 2);
      return labelledFiles(d);
    });
    if (!files.length) throw new CliError(`no labelled samples (NAME.txt with NAME.gold.json) under ${dirs.join(', ')}`, 2);
    const pipeline = pipelineFromConfig(config);
    const learned = learnRepeatedLines(files, config.limits.maxFileBytes);
    const folders = new Map<string, ReturnType<typeof emptyCounts>>();
    const all = emptyCounts();
    let failed = 0;
    for (const file of files) {
      const gold = JSON.parse(fs.readFileSync(file.replace(/\.txt$/u, '.gold.json'), 'utf8')) as { lines: { n: number; label: string }[] };
      let rows;
      try {
        const { envelope, story } = pipeline.run({ bytes: fs.readFileSync(file), path: file, originalName: path.basename(file), receivedAt: new Date(), repeatedLines: learned.get(sourceOfPath(file)) });
        rows = explainDocument(story, envelope);
      } catch {
        failed++;
      }
      const folder = path.basename(path.dirname(file));
      const counts = folders.get(folder) ?? folders.set(folder, emptyCounts()).get(folder)!;
      const wrong = scoreDocument(counts, gold.lines, rows);
      scoreDocument(all, gold.lines, rows);
      if (flags.verbose && !flags.json) for (const w of wrong) process.stderr.write(`${w.label === 'body' ? 'LOST' : `KEPT ${w.label}`} ${file}:${w.n}\n`);
    }
    const perFolder = Object.fromEntries([...folders].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, summarize(c)]));
    const overall = { ...summarize(all), failed };
    if (flags.json) {
      process.stdout.write(JSON.stringify({ folders: perFolder, overall }) + '\n');
      return;
    }
    const rowsOut = ['folder          docs  perfect   P      R      F1   non-body removed'];
    for (const [name, s] of Object.entries(perFolder)) {
      rowsOut.push(`${name.padEnd(15)} ${String(s.docs).padStart(4)}  ${s.perfectDocs.toFixed(1).padStart(6)}%  ${s.precision.toFixed(1).padStart(5)}  ${s.recall.toFixed(1).padStart(5)}  ${s.f1.toFixed(1).padStart(5)}   ${s.nonBodyRemoved.toFixed(1).padStart(5)}%`);
    }
    rowsOut.push(`failed to process: ${failed}`);
    rowsOut.push(`clean: body-line P=${overall.precision.toFixed(1)} R=${overall.recall.toFixed(1)} F1=${overall.f1.toFixed(1)} perfect-docs=${overall.perfectDocs.toFixed(1)}% non-body-removed=${overall.nonBodyRemoved.toFixed(1)}% (${overall.docs} docs, ${failed} failed)`);
    process.stdout.write(rowsOut.join('\n') + '\n');
  });
}
