// `copydesk eval ...`: score copydesk against labelled samples. Each metric is its own module exporting
// `register(evalCommand)`; add it to `metrics` below.
import type { Command } from 'commander';
import { register as clean } from './eval-clean.js';
import { register as entities } from './eval-entities.js';

const metrics: Array<(evalCommand: Command) => void> = [clean, entities];

export function register(program: Command): void {
  const evalCommand = program
    .command('eval')
    .description('score copydesk on your own labelled samples (same metrics as the reference scorers)');
  for (const registerMetric of metrics) registerMetric(evalCommand);
}
