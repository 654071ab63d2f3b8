// The options every command shares (--inbox, --data, --redis, --config) and the config they produce.
import { Command, Option } from 'commander';
import { loadConfig } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors/index.js';
import { CliError } from './cli-error.js';

export interface ConfigFlags {
  inbox?: string;
  data?: string;
  redis?: string;
  config?: string;
  logLevel?: string;
}

export function addConfigOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--inbox <dir>', 'inbox folder to watch').env('COPYDESK_INBOX'))
    .addOption(new Option('--data <dir>', "copydesk's data folder").env('COPYDESK_DATA_DIR'))
    .addOption(new Option('--redis <url>', 'Redis URL').env('REDIS_URL'))
    .addOption(new Option('--config <file>', 'a JSON config file over config/default.json').env('COPYDESK_CONFIG'))
    .addOption(new Option('--log-level <level>', 'log level').env('COPYDESK_LOG_LEVEL'));
}

/** Loads the one validated config for a command; invalid settings stop the command with every problem listed. */
export function configFromFlags(flags: ConfigFlags, extra: Record<string, unknown> = {}): Config {
  try {
    return loadConfig({
      configFile: flags.config,
      overrides: { inbox: flags.inbox, dataDir: flags.data, redisUrl: flags.redis, logLevel: flags.logLevel, ...extra },
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, 2);
    throw err;
  }
}
