// `copydesk retry-failed [QUEUE]`: every job that failed for good goes back to waiting, as it was. (To re-run
// from the raw original with today's rules instead, use `copydesk reprocess --failed`.)
import type { Command } from 'commander';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('retry-failed')
      .description('put the failed jobs of a queue (default: all queues) back to waiting')
      .argument('[queue]', 'ingest or publish'),
  )
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, flags: ConfigFlags & { json?: boolean }) => {
      const config = await configFromFlags(flags);
      const { openOpsApp, selectQueues } = await import('../ops-app.js');
      const { retryFailed } = await import('../../ops/queue-admin.js');
      const app = await openOpsApp(config);
      try {
        const result = await retryFailed(selectQueues(app, name));
        if (flags.json) process.stdout.write(JSON.stringify({ retried: result }) + '\n');
        else for (const r of result) process.stdout.write(`${r.queue}: ${r.jobs} failed job(s) back to waiting\n`);
      } finally {
        await app.close();
      }
    });
}
