// `copydesk start`, `copydesk watch`, `copydesk worker`: the pipeline's long-running services, all in one
// process (start: the embedded default) or separately to scale out.
import { Option, type Command } from 'commander';
import type { Logger } from '../../logging/logger.js';
import { CliError } from '../cli-error.js';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';
import type { Part } from '../run-service.js';

interface ServiceFlags extends ConfigFlags {
  concurrency?: string;
  queues?: string;
  redisAutostart?: boolean;
  http?: boolean;
  port?: string;
  metricsPort?: string;
}

type Role = 'watch' | 'ingest' | 'publish';

async function runServices(roles: Role[], flags: ServiceFlags): Promise<void> {
  const extra = {
    ...(flags.concurrency ? { 'worker.concurrency': Number(flags.concurrency) } : {}),
    ...(flags.port ? { 'http.port': Number(flags.port) } : {}),
  };
  const config = await configFromFlags(flags, extra);
  const { createLogger } = await import('../../logging/logger.js');
  const logger: Logger = createLogger({ level: config.logLevel });
  const parts: Part[] = [];
  if (flags.redisAutostart !== false) {
    const { ensureRedis } = await import('../local-redis.js');
    const local = await ensureRedis(config.redisUrl, config.dataDir, logger);
    if (local) parts.push({ name: 'local redis-server', stop: () => local.stop() });
  }
  const { applyHeapGrowth, createApp } = await import('../../app.js');
  applyHeapGrowth(config);
  const app = await createApp(config, { logger });
  if (roles.includes('ingest')) {
    const { startIngestWorker } = await import('../../../workers/ingest-worker.js');
    const w = startIngestWorker(app);
    parts.push({ name: 'ingest worker', stop: () => w.close() });
  }
  if (roles.includes('publish')) {
    const { startPublishWorker } = await import('../../../workers/publish-worker.js');
    const w = startPublishWorker(app);
    parts.push({ name: 'publish worker', stop: () => w.close() });
  }
  if (roles.includes('watch')) {
    const { InboxWatcher } = await import('../../watcher/inbox-watcher.js');
    const { sniffUrgency } = await import('../../formats/sniff-urgency.js');
    const { priorityForUrgency } = await import('../../queues/queues.js');
    const { waitForRedis } = await import('../../queues/redis-connection.js');
    const watcher = new InboxWatcher({
      inbox: config.inbox,
      stabilityMs: config.watcher.stabilityMs,
      pollMs: config.watcher.pollMs,
      archive: app.archive,
      failed: app.failed,
      logger,
      enqueue: (job, priority) => app.enqueueIngest(job, priority),
      priorityOf: (head) => priorityForUrgency(sniffUrgency(head)),
      waitForQueue: () => waitForRedis(app.redis, { url: config.redisUrl, logger, who: 'the inbox watcher', meanwhile: 'files stay in the inbox until it answers' }),
    });
    await watcher.start();
    parts.push({ name: 'inbox watcher', stop: () => watcher.stop() });
  }
  if (flags.http !== false && roles.includes('watch')) {
    const { startServer } = await import('../../http/server.js');
    const { server } = await startServer(app, config.http);
    parts.push({ name: 'HTTP server', stop: () => server.close() });
  }
  if (flags.metricsPort !== undefined && !roles.includes('watch')) {
    // a worker on its own serves its own counters and stage timings (and /healthz, /readyz) for Prometheus
    const port = Number(flags.metricsPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--metrics-port must be a port number, not ${flags.metricsPort}`, 2);
    const { startServer } = await import('../../http/server.js');
    const { server } = await startServer(app, { ...config.http, port }, { dashboard: false, readApi: false });
    parts.push({ name: 'metrics server', stop: () => server.close() });
  }
  logger.info({ roles, inbox: config.inbox, dataDir: config.dataDir, failed: config.failedDir, stores: config.stores }, 'copydesk is running; Ctrl-C stops it');
  const { runUntilSignal } = await import('../run-service.js');
  await runUntilSignal(app, parts);
}

function serviceCommand(program: Command, name: string, description: string): Command {
  return addConfigOptions(program.command(name).description(description))
    .addOption(new Option('--concurrency <n>', 'jobs each worker runs at once').env('COPYDESK_CONCURRENCY'))
    .option('--no-redis-autostart', 'never start a local redis-server');
}

export function register(program: Command): void {
  serviceCommand(program, 'start', 'watch the inbox and run the workers and the HTTP server in this process (the embedded default)')
    .addOption(new Option('--port <port>', 'HTTP port (read API, dashboard, metrics)').env('COPYDESK_PORT'))
    .option('--no-http', 'do not start the HTTP server')
    .action((flags: ServiceFlags) =>
    runServices(['watch', 'ingest', 'publish'], flags),
  );
  serviceCommand(program, 'watch', 'watch the inbox and queue each file (run workers elsewhere)').action((flags: ServiceFlags) =>
    runServices(['watch'], flags),
  );
  serviceCommand(program, 'worker', 'run workers for the queues (scale out by running more)')
    .option('--queues <names>', 'comma-separated: ingest,publish', 'ingest,publish')
    .addOption(new Option('--metrics-port <port>', "serve this worker's /metrics, /healthz and /readyz on this port (same host and token as the HTTP server)").env('COPYDESK_METRICS_PORT'))
    .action((flags: ServiceFlags) => {
      const roles = (flags.queues ?? 'ingest,publish').split(',').map((s) => s.trim()) as Role[];
      const bad = roles.filter((r) => r !== 'ingest' && r !== 'publish');
      if (bad.length) throw new CliError(`unknown queue(s): ${bad.join(', ')} (queues: ingest, publish)`, 2);
      return runServices(roles, flags);
    });
}
