// `copydesk eval entities FILE`: the entity tagger on a labelled CoNLL-2003 file — P/R/F1 per type and tokens/s
// of tagging time (one core). A table for people, --json for tools.
import fs from 'node:fs';
import type { Command } from 'commander';
import { CliError } from '../cli-error.js';

export function register(evalCommand: Command): void {
  evalCommand
    .command('entities')
    .description('entity tagging on a labelled CoNLL-2003 file: P/R/F1 per type and tagging speed')
    .argument('<file>', 'CoNLL-2003 file with gold tags in the last column (IOB1 or IOB2)')
    .option('--model <file>', 'model file (default: models/ner/model.bin.gz)')
    .option('--json', 'print the figures as JSON')
    .action(async (file: string, flags: { model?: string; json?: boolean }) => {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`cannot read ${file}: ${(err as Error).message}`);
      }
      const { evaluateConll } = await import('../../entities/eval-conll.js');
      const r = evaluateConll(text, flags.model);
      if (flags.json) {
        process.stdout.write(JSON.stringify(r, null, 2) + '\n');
        return;
      }
      const pct = (x: number) => (100 * x).toFixed(1).padStart(5);
      const lines = [`model ${r.model}: ${r.documents} documents, ${r.tokens} tokens`, 'type          P      R     F1     tp    fp    fn'];
      for (const [type, s] of Object.entries(r.scores)) {
        lines.push(`${type.padEnd(11)} ${pct(s.precision)}  ${pct(s.recall)}  ${pct(s.f1)}  ${String(s.tp).padStart(5)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}`);
      }
      lines.push(`tagging: ${r.tokensPerSecond.toLocaleString('en-US')} tokens/s (${(r.seconds * 1000).toFixed(0)} ms for ${r.tokens} tokens, one core); ${r.tokensPerCpuSecond.toLocaleString('en-US')} tokens/s of CPU time (${(r.cpuSeconds * 1000).toFixed(0)} ms)`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}
