// Lets each worker module run on its own (`node dist/workers/ingest-worker.js`): config from the environment,
// createApp, the worker, and a graceful stop on SIGINT/SIGTERM. This is an entry point: it may exit.
import { fileURLToPath } from 'node:url';
import type { Worker } from 'bullmq';
import { applyHeapGrowth, createApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';

export async function runAsEntry(moduleUrl: string, start: (app: App) => Worker): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  let app: App;
  try {
    const config = loadConfig();
    applyHeapGrowth(config);
    app = await createApp(config);
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const worker = start(app);
  const stop = async () => {
    setTimeout(() => process.exit(1), 30_000).unref();
    await worker.close();
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
