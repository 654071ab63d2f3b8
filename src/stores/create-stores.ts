// Builds the configured publish targets, in the configured order (the first is the primary store).
import type { Config } from '../config/schema.js';
import type { Logger } from '../logging/logger.js';
import type { ContentStore } from './content-store.js';
import { FilesystemStore } from './filesystem-store.js';
import { PostgresStore } from './postgres-store.js';
import { WebhookStore } from './webhook-store.js';

export function createStores(config: Config, logger: Logger): Map<string, ContentStore> {
  const stores = new Map<string, ContentStore>();
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
        // url and secret are present: the config schema refuses the webhook store without them
        stores.set(name, new WebhookStore({ ...config.webhook, url: config.webhook.url!, secret: config.webhook.secret!, dataDir: config.dataDir }));
        break;
    }
  }
  return stores;
}
