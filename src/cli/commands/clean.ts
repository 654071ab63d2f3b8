// `copydesk clean --completed|--failed --older-than 7d [QUEUE]`: removes old finished jobs from Redis.
// Completed ingest jobs are what recognises the same bytes dropped again: clean them no sooner than a resend
// could still arrive (they expire on their own after 7 days).
import { Option, type Command } from 'commander';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

interface CleanFlags extends ConfigFlags {
  completed?: boolean;
  failed?: boolean;
  olderThan: string;
  json?: boolean;
}

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('clean')
      .description('remove completed or failed jobs older than a given age from a queue (default: all queues)')
      .argument('[queue]', 'ingest or publish'),
  )
    .option('--completed', 'remove completed jobs')
    .option('--failed', 'remove failed jobs (their files stay in failed/ and the archive)')
    .addOption(new Option('--older-than <age>', 'only jobs finished longer ago than this (30m, 12h, 7d)').makeOptionMandatory())
    .option('--json', 'print JSON')
    .action(async (name: string | undefined, flags: CleanFlags) => {
      if (!flags.completed && !flags.failed) throw new CliError('say what to clean: --completed, --failed, or both', 2);
      const { parseDuration } = await import('../../ops/durations.js');
      const olderThanMs = parseDuration(flags.olderThan);
      if (olderThanMs === undefined) throw new CliError(`--older-than ${flags.olderThan}: give an age such as 30m, 12h or 7d`, 2);
      const config = await configFromFlags(flags);
      const { openOpsApp, selectQueues } = await import('../ops-app.js');
      const { cleanFinished } = await import('../../ops/queue-admin.js');
      const app = await openOpsApp(config);
      try {
        const queues = selectQueues(app, name);
        const removed: { state: string; queue: string; jobs: number }[] = [];
        for (const state of ['completed', 'failed'] as const) {
          if (!flags[state]) continue;
          for (const r of await cleanFinished(queues, state, olderThanMs)) removed.push({ state, ...r });
        }
        if (flags.json) process.stdout.write(JSON.stringify({ removed }) + '\n');
        else for (const r of removed) process.stdout.write(`${r.queue}: removed ${r.jobs} ${r.state} job(s) older than ${flags.olderThan}\n`);
      } finally {
        await app.close();
      }
    });
}
