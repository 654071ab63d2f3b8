// The pure processing pipeline: raw bytes in, envelope out. No Redis, no store: the worker and
// `copydesk process` both call it, and tests call it directly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import { PermanentError } from '../errors/index.js';
import type { EntityTagger } from '../entities/types.js';
import type { Story } from '../formats/story.js';
import { tagInput } from '../entities/tagger-input.js';
import { buildEnvelope } from '../ninjs/build-envelope.js';
import type { Envelope, Provenance } from '../ninjs/envelope.js';
import { ninjsProblems } from '../ninjs/validate-ninjs.js';
import type { Agencies } from '../text/agencies.js';
import type { RuleSet } from '../text/rules.js';
import { refusingDeepNesting } from './parse-stage.js';
import { createPrepareStage, type PrepareInput, type PreparedInput } from './prepare-stage.js';

const pkg = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { version: string };

export interface PipelineOptions {
  ruleSet: RuleSet;
  agencies: Agencies;
  tagger: EntityTagger;
  maxFileBytes: number;
  /** Hash of the settings that change output besides the rules (provenance.configHash). */
  configHash?: string;
  /** The clock stage times are read from, in ms (default performance.now; the benchmark passes CPU time). */
  clock?: () => number;
}

export interface PipelineInput extends PrepareInput {
  /** Where the raw original is (archive path, or the path given to `copydesk process`). */
  path: string;
  receivedAt: Date;
}

/** Time spent in each stage of one document, in ms (for metrics and the benchmark). */
export interface StageTimes {
  parse: number;
  /** The text processor: boilerplate, dateline, structure, and the tagger's tokens. */
  clean: number;
  /** The entity tagger. */
  tag: number;
  build: number;
}

export interface PipelineResult {
  envelope: Envelope;
  story: Story;
  times: StageTimes;
}

/** What the last stage needs of the input besides what the stages before it made of it. */
export type PipelineSource = Pick<PipelineInput, 'path' | 'originalName' | 'receivedAt'>;

export interface Pipeline {
  readonly provenance: Provenance;
  /** Every stage: prepare(input), then finish. */
  run(input: PipelineInput): PipelineResult;
  /** The stages before the tagger: parse, then the text rules (createPrepareStage with this pipeline's rules, limits and clock). */
  prepare(input: PrepareInput): PreparedInput;
  /** The rest: tagger, envelope and its validation, on what prepare (here or in another thread) gave. */
  finish(prepared: PreparedInput, source: PipelineSource): PipelineResult;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  const now = options.clock ?? (() => performance.now());
  const { tagger } = options;
  const prepare = createPrepareStage({ ...options, now });
  const rulesHash = crypto.createHash('sha256').update(options.ruleSet.hash).digest('hex').slice(0, 16);
  const configHash = crypto.createHash('sha256').update(options.configHash ?? '').digest('hex').slice(0, 16);
  const provenance: Provenance = Object.freeze({ copydeskVersion: pkg.version, rulesHash, configHash, taggerVersion: tagger.version });

  const finish = (prepared: PreparedInput, source: PipelineSource): PipelineResult => refusingDeepNesting(() => finishOnce(prepared, source));
  return {
    provenance,
    prepare,
    finish,
    run: (input) => finish(prepare(input), input),
  };

  function finishOnce({ story, sha256, bytes, parseMs, text, cleanMs }: PreparedInput, input: PipelineSource): PipelineResult {
    const t2 = now();
    const entities = text.data.taggerInput ? tagInput(tagger, text.data.taggerInput) : [];
    const t3 = now();
    const envelope = buildEnvelope({
      story,
      text,
      entities,
      source: { path: input.path, originalName: input.originalName, sha256, format: story.format, bytes, receivedAt: input.receivedAt.toISOString() },
      provenance,
      now: input.receivedAt,
    });
    const problems = ninjsProblems(envelope.ninjs);
    if (problems.length) throw new PermanentError('INTERNAL', `the document built is not valid ninjs 2.2: ${problems.join('; ')}`);
    return { envelope, story, times: { parse: parseMs, clean: cleanMs, tag: t3 - t2, build: now() - t3 } };
  }
}
