// Runs long-lived parts (watcher, workers, servers) until SIGINT/SIGTERM, then stops them in reverse order:
// no new work is taken, in-flight jobs finish, connections close. A stop that hangs is forced after a timeout.
import type { App } from '../app.js';

export interface Part {
  name: string;
  stop(): Promise<void>;
}

export async function runUntilSignal(app: App, parts: Part[], graceMs = 30_000): Promise<void> {
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      app.logger.info({ signal }, 'stopping: finishing the jobs in flight');
      const force = setTimeout(() => {
        app.logger.error({ graceMs }, 'stop took too long; exiting (unfinished jobs return to the queue)');
        process.exit(1);
      }, graceMs);
      force.unref();
      for (const part of [...parts].reverse()) {
        try {
          await part.stop();
          app.logger.debug({ part: part.name }, 'stopped');
        } catch (err) {
          app.logger.error({ err, part: part.name }, 'error while stopping');
        }
      }
      await app.close();
      clearTimeout(force);
      resolve();
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  });
}
