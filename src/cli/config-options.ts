// The options every command shares (--inbox, --data, --redis, --config) and the config they produce.
// The config modules (zod and the schema) are loaded by the command that runs, not by every command's definition:
// `copydesk --help` and the CLI's start do not need them.
import { Command, Option } from 'commander';
import type { Config } from '../config/schema.js';
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
export async function configFromFlags(flags: ConfigFlags, extra: Record<string, unknown> = {}): Promise<Config> {
  const [{ loadConfig }, { ConfigError }] = await Promise.all([import('../config/load-config.js'), import('../errors/index.js')]);
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
