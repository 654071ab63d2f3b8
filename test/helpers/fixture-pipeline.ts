// The real pipeline with the shipped rules, for unit tests that run text through it.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.js';
import { pipelineFromConfig } from '../../src/pipeline/pipeline-from-config.js';
import type { Pipeline } from '../../src/pipeline/pipeline.js';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

let shared: Pipeline | undefined;
export function fixturePipeline(): Pipeline {
  return (shared ??= pipelineFromConfig(loadConfig({ env: {} })));
}

export function runFixture(relative: string) {
  const file = path.join(fixturesDir, relative);
  return fixturePipeline().run({ bytes: fs.readFileSync(file), path: file, originalName: path.basename(file), receivedAt: new Date('2026-01-02T03:04:05Z') });
}

export function runText(text: string, originalName = 'story.txt') {
  return fixturePipeline().run({ bytes: Buffer.from(text), path: originalName, originalName, receivedAt: new Date('2026-01-02T03:04:05Z') });
}
