// `copydesk pause [QUEUE]`: workers finish the jobs they hold and take no new ones until `copydesk resume`.
// New files are still admitted and queued, so nothing is lost while paused.
import type { Command } from 'commander';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

export async function setPausedCommand(name: string | undefined, flags: ConfigFlags, paused: boolean): Promise<void> {
  const config = await configFromFlags(flags);
  const { openOpsApp, selectQueues } = await import('../ops-app.js');
  const { setPaused } = await import('../../ops/queue-admin.js');
  const app = await openOpsApp(config);
  try {
    for (const r of await setPaused(selectQueues(app, name), paused)) {
      const state = paused ? 'paused' : 'running';
      process.stdout.write(`${r.queue}: ${r.changed ? `now ${state}` : `already ${state}`}\n`);
    }
  } finally {
    await app.close();
  }
}

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('pause')
      .description('pause a queue (default: all): jobs in hand finish, no new ones start; files keep queueing')
      .argument('[queue]', 'ingest or publish'),
  ).action((name: string | undefined, flags: ConfigFlags) => setPausedCommand(name, flags, true));
}
