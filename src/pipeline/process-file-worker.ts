// A worker thread of `copydesk process` (run by piscina): builds its own pipeline from the run's config
// (workerData), then turns each file it is given into its JSON line (process-files.ts).
import { workerData } from 'node:worker_threads';
import type { Config } from '../config/schema.js';
import { pipelineFromConfig } from './pipeline-from-config.js';
import { processFile, type FileLine, type ProcessTask } from './process-files.js';

const pipeline = pipelineFromConfig((workerData as { config: Config }).config);

export default function processFileTask({ file, repeatedLines }: ProcessTask): FileLine {
  return processFile(pipeline, file, repeatedLines);
}
