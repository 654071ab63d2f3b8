// `copydesk process FILE...`: the whole pipeline without Redis; one envelope per input as JSON Lines on stdout, in
// input order (src/pipeline/process-files.ts; a big batch is parsed and cleaned ahead on a worker thread). The scoring
// scripts call this.
import { Option, type Command } from 'commander';
import { bootForCommandLine, endParseThreads } from '../../pipeline/parse-thread-boot.js';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

// A run of `copydesk process` on many files has its parse thread booted from the raw arguments (by bin/copydesk.js,
// before the CLI loads, or else now), so that the thread loads its modules (about 0.1 s) while the CLI loads the
// rest of itself and reads the configuration; processFiles ends it if the run turns out not to want it (--threads 0,
// or fewer files than the arguments counted).
const booted = bootForCommandLine();

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('process')
      .description('run the pipeline on files in this process (no Redis) and print one envelope per file as JSON Lines')
      .argument('<files...>', 'input files')
      .addOption(new Option('--threads <n>', 'parse threads (worker threads that read, parse and clean files ahead); 0 runs every file in this thread (default: 1 for 12 files or more on 2 cores or more)')),
  ).action(async (files: string[], flags: ConfigFlags & { threads?: string }) => {
    try {
      const config = await configFromFlags(flags);
      const threads = flags.threads === undefined ? undefined : Number(flags.threads);
      if (threads !== undefined && !(Number.isInteger(threads) && threads >= 0 && threads <= 64)) throw new CliError(`--threads must be a whole number from 0 to 64, not ${flags.threads}`, 2);
      const { processFiles } = await import('../../pipeline/process-files.js');
      const failed = await processFiles(files, config, (text) => process.stdout.write(text), { threads, booted, warn: (message) => process.stderr.write(`copydesk: ${message}\n`) });
      if (failed) process.exitCode = 1;
    } catch (err) {
      // a thread booted early for a run that does not start would keep the process alive
      if (booted) await endParseThreads(booted);
      throw err;
    }
  });
}
