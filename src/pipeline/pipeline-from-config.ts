// Builds the pipeline from configuration: loads the rules, the agencies and the entity tagger once.
import crypto from 'node:crypto';
import type { Config } from '../config/schema.js';
import { CapitalisedSpanTagger } from '../entities/capitalised-span-tagger.js';
import { loadAgencies } from '../text/agencies.js';
import { loadRules } from '../text/rules.js';
import { createPipeline, type Pipeline } from './pipeline.js';

export function pipelineFromConfig(config: Config): Pipeline {
  const configHash = crypto.createHash('sha256').update(JSON.stringify({ maxFileBytes: config.limits.maxFileBytes })).digest('hex');
  return createPipeline({
    ruleSet: loadRules(config.rulesFile),
    agencies: loadAgencies(),
    tagger: new CapitalisedSpanTagger(),
    maxFileBytes: config.limits.maxFileBytes,
    configHash,
  });
}
