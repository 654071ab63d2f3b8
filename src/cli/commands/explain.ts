// `copydesk explain FILE`: the audit an editor reads — each line (or block) of the source, kept, removed or moved,
// and by which rule. `--json` prints the same rows for tools.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('explain')
      .description('show, line by line, what the pipeline keeps, removes or moves in a file, and by which rule')
      .argument('<file>', 'input file')
      .option('--json', 'print the rows as JSON'),
  ).action(async (file: string, flags: ConfigFlags & { json?: boolean }) => {
    const config = await configFromFlags(flags);
    const { pipelineFromConfig } = await import('../../pipeline/pipeline-from-config.js');
    const { explainDocument, formatExplanation } = await import('../../pipeline/explain.js');
    const bytes = fs.readFileSync(file);
    const { envelope, story } = pipelineFromConfig(config).run({ bytes, path: file, originalName: path.basename(file), receivedAt: new Date() });
    const rows = explainDocument(story, envelope);
    if (flags.json) {
      process.stdout.write(JSON.stringify({ source: { path: file, format: envelope.source.format }, documentId: envelope.id, rows }) + '\n');
    } else {
      const width = Math.max(40, (process.stdout.columns ?? 120) - 40);
      process.stdout.write(formatExplanation(rows, { width, colour: Boolean(process.stdout.isTTY) }));
    }
  });
}
