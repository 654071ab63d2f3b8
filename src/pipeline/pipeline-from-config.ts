// Builds the pipeline from configuration: loads the rules (rule-file.ts), the agencies and the entity tagger once.
import type { Config } from '../config/schema.js';
import { loadRules } from '../text/rule-file.js';
import type { Pipeline } from './pipeline.js';
import { pipelineFromRules } from './pipeline-from-rules.js';

export function pipelineFromConfig(config: Config, options: { clock?: () => number } = {}): Pipeline {
  return pipelineFromRules(config, loadRules(config.rulesFile), options);
}
