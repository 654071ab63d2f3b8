// `copydesk resume [QUEUE]`: undoes `copydesk pause`.
import type { Command } from 'commander';
import { addConfigOptions, type ConfigFlags } from '../config-options.js';
import { setPausedCommand } from './pause.js';

export function register(program: Command): void {
  addConfigOptions(
    program
      .command('resume')
      .description('resume a paused queue (default: all)')
      .argument('[queue]', 'ingest or publish'),
  ).action((name: string | undefined, flags: ConfigFlags) => setPausedCommand(name, flags, false));
}
