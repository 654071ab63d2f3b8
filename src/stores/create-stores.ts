// Builds the configured publish targets, in the configured order (the first is the primary store).
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors/index.js';
import type { Logger } from '../logging/logger.js';
import type { ContentStore } from './content-store.js';
import { FilesystemStore } from './filesystem-store.js';
import { PostgresStore } from './postgres-store.js';

export function createStores(config: Config, logger: Logger): Map<string, ContentStore> {
  const stores = new Map<string, ContentStore>();
  const problems: string[] = [];
  for (const name of config.stores) {
    switch (name) {
      case 'filesystem':
        stores.set(name, new FilesystemStore(config.dataDir));
        break;
      case 'postgres':
        // the URL is required by the config schema when "postgres" is in stores
        stores.set(name, new PostgresStore({ ...config.postgres, url: config.postgres.url!, logger: logger.child({ store: name }) }));
        break;
      case 'webhook':
        problems.push(`stores: the "${name}" store is not available in this build`);
        break;
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return stores;
}
