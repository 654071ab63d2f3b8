// `copydesk process FILE...`: the whole pipeline in this process, without Redis; one envelope per input as
// JSON Lines on stdout, in input order. The scoring scripts call this.
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('process')
      .description('run the pipeline on files in this process (no Redis) and print one envelope per file as JSON Lines')
      .argument('<files...>', 'input files'),
  ).action(async (files: string[], flags: ConfigFlags) => {
    const config = configFromFlags(flags);
    const { pipelineFromConfig } = await import('../../pipeline/pipeline-from-config.js');
    const { errorCode, PermanentError } = await import('../../errors/index.js');
    const pipeline = pipelineFromConfig(config);
    const { learnRepeatedLines } = await import('../../pipeline/learn-repeated-lines.js');
    const { sourceOfPath } = await import('../../text/repeated-lines.js');
    // learned per-source boilerplate: the files of this run are the sample (a source is the folder a file is in)
    const { enabled, minDocuments, maxWords } = config.learning;
    const learned = enabled ? learnRepeatedLines(files, config.limits.maxFileBytes, { minDocuments, maxWords }) : new Map<string, Set<string>>();
    let failed = 0;
    const out: string[] = [];
    const flush = () => {
      if (out.length) process.stdout.write(out.join(''));
      out.length = 0;
    };
    for (const file of files) {
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile()) throw new PermanentError('NOT_A_FILE', `${file} is not a regular file`);
        const bytes = fs.readFileSync(file);
        const { envelope } = pipeline.run({ bytes, path: file, originalName: path.basename(file), receivedAt: stat.mtime, repeatedLines: learned.get(sourceOfPath(file)) });
        out.push(JSON.stringify(envelope) + '\n');
      } catch (err) {
        failed++;
        // a file that cannot be read reports the system's code (ENOENT, EACCES); the pipeline's errors their own
        const code = errorCode(err) === 'INTERNAL' ? ((err as NodeJS.ErrnoException).code ?? 'INTERNAL') : errorCode(err);
        const message = err instanceof Error ? err.message : String(err);
        out.push(JSON.stringify({ source: { path: file }, error: { code, message } }) + '\n');
      }
      if (out.length >= 64) flush();
    }
    flush();
    if (failed) process.exitCode = 1;
  });
}
