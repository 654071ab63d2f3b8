// Builds the pipeline from configuration: loads the rules (rule-file.ts; or takes them from a caller that has
// loaded them already), the agencies and the entity tagger once.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import type { Config } from '../config/schema.js';
import { createTagger } from '../entities/tagger.js';
import { loadAgencies } from '../text/agencies.js';
import { loadRules } from '../text/rule-file.js';
import { createPipeline, type Pipeline } from './pipeline.js';
import type { RuleSet } from '../text/rules.js';

export interface PipelineFromConfigOptions {
  clock?: () => number;
  /** The rules of config.rulesFile, when the caller has loaded them already. */
  ruleSet?: RuleSet;
}

export function pipelineFromConfig(config: Config, options: PipelineFromConfigOptions = {}): Pipeline {
  // everything besides the rules and the tagger that changes what a document comes out as
  const configHash = crypto
    .createHash('sha256')
    .update(JSON.stringify({ maxFileBytes: config.limits.maxFileBytes }))
    .update(fs.readFileSync(path.join(projectRoot, 'config', 'agencies.json')))
    .digest('hex');
  return createPipeline({
    ruleSet: options.ruleSet ?? loadRules(config.rulesFile),
    agencies: loadAgencies(),
    maxFileBytes: config.limits.maxFileBytes,
    tagger: createTagger(),
    configHash,
    clock: options.clock,
  });
}
