// A worker thread of `copydesk process` (run by piscina): builds its own pipeline from the run's config and the
// rules its main thread compiled (workerData), then turns each file it is given into its JSON line (process-files.ts).
import { workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import type { RuleSet } from '../text/rules.js';
import { pipelineFromRules } from './pipeline-from-rules.js';
import { processFile, type FileLine, type ProcessTask } from './process-files.js';

export interface ProcessWorkerData {
  config: Config;
  /** Compiled rules (a RegExp crosses to a thread as its source and flags). */
  ruleSet: RuleSet;
}

const { config, ruleSet } = workerData as ProcessWorkerData;
const pipeline = pipelineFromRules(config, ruleSet);

export default function processFileTask({ file, repeatedLines }: ProcessTask): FileLine {
  return processFile(pipeline, file, repeatedLines);
}
