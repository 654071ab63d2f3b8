// `copydesk status`: the queues at a glance — counts by state, throughput, oldest waiting job, workers,
// latest failures, and how many documents are stale. A table for people, --json for tools, --watch to refresh.
import { Option, type Command } from 'commander';
import type { App } from '../../app.js';
import type { StatusReport } from '../../ops/status-report.js';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

interface StatusFlags extends ConfigFlags {
  json?: boolean;
  watch?: boolean;
  interval: string;
  documents: boolean;
  failures: string;
}

// counting documents reads the whole primary store: with --watch, at most this often
const DOCUMENTS_EVERY_MS = 30_000;
let lastDocuments: { at: number; report: Pick<StatusReport, 'documents' | 'documentsError'> } | undefined;

async function collect(app: App, flags: StatusFlags): Promise<StatusReport> {
  const { queuesStatus } = await import('../../ops/queue-status.js');
  const { staleSummary } = await import('../../ops/provenance.js');
  const { redactUrl } = await import('../../queues/redis-connection.js');
  const report: StatusReport = {
    at: new Date().toISOString(),
    redis: redactUrl(app.config.redisUrl),
    keyPrefix: app.config.keyPrefix,
    queues: await queuesStatus([app.queues.ingest, app.queues.publish], app.redis, { failures: Number(flags.failures) }),
  };
  if (flags.documents) {
    if (!lastDocuments || Date.now() - lastDocuments.at >= DOCUMENTS_EVERY_MS) {
      const [name, store] = [...app.stores][0]!;
      try {
        lastDocuments = { at: Date.now(), report: { documents: { store: name, ...(await staleSummary(store, app.redis, app.config.keyPrefix, app.pipeline().provenance)) } } };
      } catch (err) {
        lastDocuments = { at: Date.now(), report: { documentsError: (err as Error).message } };
      }
    }
    Object.assign(report, lastDocuments.report);
  }
  return report;
}

export function register(program: Command): void {
  addConfigOptions(program.command('status').description('queue counts, throughput, oldest waiting job, workers, latest failures and stale documents'))
    .option('--json', 'print JSON (one object; with --watch, one per line)')
    .option('--watch', 'refresh until Ctrl-C')
    .addOption(new Option('--interval <seconds>', 'refresh interval for --watch').default('2'))
    .option('--no-documents', 'do not count documents and stale ones (reads the whole primary store)')
    .addOption(new Option('--failures <n>', 'latest failures listed per queue').default('5'))
    .action(async (flags: StatusFlags) => {
      const interval = Number(flags.interval);
      if (!(interval > 0)) throw new CliError('--interval must be a number of seconds above 0', 2);
      if (!(Number(flags.failures) >= 0)) throw new CliError('--failures must be a number', 2);
      const config = await configFromFlags(flags);
      const { openOpsApp } = await import('../ops-app.js');
      const { formatStatus } = await import('../../ops/status-report.js');
      const app = await openOpsApp(config, { stores: flags.documents });
      const print = (report: StatusReport) => {
        if (flags.json) process.stdout.write(JSON.stringify(report, null, flags.watch ? undefined : 2) + '\n');
        else if (flags.watch && process.stdout.isTTY) process.stdout.write(`\x1b[H\x1b[2J${formatStatus(report)}\n(refreshing every ${interval}s; Ctrl-C stops)\n`);
        else process.stdout.write(formatStatus(report) + (flags.watch ? '\n' : ''));
      };
      try {
        print(await collect(app, flags));
        if (!flags.watch) return;
        await new Promise<void>((resolve, reject) => {
          let timer: NodeJS.Timeout;
          const stop = () => {
            clearTimeout(timer);
            resolve();
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
          const tick = () => {
            timer = setTimeout(async () => {
              try {
                print(await collect(app, flags));
                tick();
              } catch (err) {
                reject(err);
              }
            }, interval * 1000);
          };
          tick();
        });
      } catch (err) {
        if (err instanceof CliError) throw err;
        throw new CliError(`status failed: ${(err as Error).message}`, 1);
      } finally {
        await app.close();
      }
    });
}
