// `copydesk serve`: the HTTP server alone (read API, dashboard, metrics, health), for front ends and monitoring.
import { Option, type Command } from 'commander';
import { addConfigOptions, configFromFlags, type ConfigFlags } from '../config-options.js';

interface ServeFlags extends ConfigFlags {
  port?: string;
  host?: string;
}

export function register(program: Command): void {
  addConfigOptions(program.command('serve').description('serve the read API, the queue dashboard and metrics over HTTP'))
    .addOption(new Option('--port <port>', 'port to listen on').env('COPYDESK_PORT'))
    .addOption(new Option('--host <address>', 'address to bind (default 127.0.0.1)').env('COPYDESK_HOST'))
    .action(async (flags: ServeFlags) => {
      const config = await configFromFlags(flags, {
        ...(flags.port ? { 'http.port': Number(flags.port) } : {}),
        ...(flags.host ? { 'http.host': flags.host } : {}),
      });
      const { createApp } = await import('../../app.js');
      const { startServer } = await import('../../http/server.js');
      const { runUntilSignal } = await import('../run-service.js');
      const app = await createApp(config);
      const { server } = await startServer(app, config.http);
      await runUntilSignal(app, [{ name: 'HTTP server', stop: () => server.close() }]);
    });
}
