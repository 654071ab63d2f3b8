// The `copydesk` command line: parses arguments with commander and hands each command to its module.
// This is an entry point: it alone turns errors into exit codes.
import { Command, CommanderError } from 'commander';
import { commands } from './commands/index.js';
import { CliError } from './cli-error.js';

const program = new Command()
  .name('copydesk')
  .description('Content-ingestion pipeline for newsrooms: wire copy and scraped pages in, clean IPTC ninjs out.')
  .showHelpAfterError()
  .exitOverride();

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // help and version exit 0; usage errors exit 2 (commander already printed the message)
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else if (err instanceof CliError) {
    process.stderr.write(`copydesk: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else if (err instanceof Error && err.name === 'ConfigError') {
    // a setting found wrong once it is used (a rule file that does not exist or does not compile): no stack trace
    process.stderr.write(`copydesk: ${err.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`copydesk: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  }
}
