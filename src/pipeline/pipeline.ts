// The pure processing pipeline: raw bytes in, envelope out. No Redis, no store: the worker and
// `copydesk process` both call it, and tests call it directly.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import { PermanentError } from '../errors/index.js';
import type { EntityTagger } from '../entities/types.js';
import type { Story } from '../formats/story.js';
import { buildEnvelope } from '../ninjs/build-envelope.js';
import type { Envelope, Provenance } from '../ninjs/envelope.js';
import { ninjsProblems } from '../ninjs/validate-ninjs.js';
import type { Agencies } from '../text/agencies.js';
import type { RuleSet } from '../text/rules.js';
import { createTextProcessor, processStory, type TextProcessor } from '../text/text-processor.js';
import { parseStage, refusingDeepNesting, type ParsedInput } from './parse-stage.js';

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

export interface PipelineInput {
  bytes: Buffer;
  /** Where the raw original is (archive path, or the path given to `copydesk process`). */
  path: string;
  originalName: string;
  receivedAt: Date;
  /** sha256 of bytes, when the caller has it already. */
  sha256?: string;
  /** Lines learned as boilerplate of this input's source (src/text/repeated-lines.ts). */
  repeatedLines?: ReadonlySet<string>;
}

/** Time spent in each stage of one document, in ms (for metrics and the benchmark). */
export interface StageTimes {
  parse: number;
  /** The text processor minus the tagger: boilerplate, dateline, structure. */
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

/** What the stages after parsing need of the input besides the Story. */
export type PipelineSource = Pick<PipelineInput, 'path' | 'originalName' | 'receivedAt' | 'repeatedLines'>;

export interface Pipeline {
  readonly provenance: Provenance;
  /** Both stages: parse(input), then finish. */
  run(input: PipelineInput): PipelineResult;
  /** The first stage, bytes to Story (parseStage with this pipeline's limits and clock). */
  parse(input: PipelineInput): ParsedInput;
  /** The rest: text rules, tagger, envelope and its validation, on what parse (here or in another thread) gave. */
  finish(parsed: ParsedInput, source: PipelineSource): PipelineResult;
}

export function createPipeline(options: PipelineOptions): Pipeline {
  // the tagger runs inside the text processor: time it there, so clean and tag are reported apart
  let tagMs = 0;
  const now = options.clock ?? (() => performance.now());
  const timed = <I, O>(f: (input: I) => O) => (input: I): O => {
    const t = now();
    try {
      return f(input);
    } finally {
      tagMs += now() - t;
    }
  };
  const inner = options.tagger;
  const tagger: EntityTagger = {
    version: inner.version,
    tag: timed((input) => inner.tag(input)),
    ...(inner.tagTree ? { tagTree: timed((input) => inner.tagTree!(input)) } : {}),
  };
  const processor: TextProcessor = createTextProcessor({ ...options, tagger });
  const rulesHash = crypto.createHash('sha256').update(options.ruleSet.hash).digest('hex').slice(0, 16);
  const configHash = crypto.createHash('sha256').update(options.configHash ?? '').digest('hex').slice(0, 16);
  const provenance: Provenance = Object.freeze({ copydeskVersion: pkg.version, rulesHash, configHash, taggerVersion: options.tagger.version });

  const parse = (input: PipelineInput): ParsedInput =>
    parseStage(input.bytes, { originalName: input.originalName, maxFileBytes: options.maxFileBytes, sha256: input.sha256, now });
  // tree walkers recurse: input nested deeper than the stack allows is refused, not retried
  const finish = (parsed: ParsedInput, source: PipelineSource): PipelineResult => refusingDeepNesting(() => finishOnce(parsed, source));
  return {
    provenance,
    parse,
    finish,
    run: (input) => finish(parse(input), input),
  };

  function finishOnce({ story, sha256, bytes, parseMs }: ParsedInput, input: PipelineSource): PipelineResult {
    const t1 = now();
    // a page must have text; a kill may come with an empty body, a picture or package need not have text, and a
    // wire item that carries only metadata is published as such (with a warning)
    const needsBody = story.type === 'text' && story.pubStatus !== 'canceled' && story.scraped;
    if (!needsBody && story.type === 'text' && story.pubStatus !== 'canceled' && story.blocks.length === 0) story.warnings.push(`the ${story.format} item carries no body text`);
    if (needsBody && story.blocks.length === 0) {
      throw new PermanentError('NO_CONTENT', `the ${story.format} file has no body text`);
    }
    tagMs = 0;
    const file = processStory(processor, story, story.scraped ? input.repeatedLines : undefined);
    const tagged = tagMs;
    const t2 = now();
    if (needsBody && String(file.value).trim() === '') {
      throw new PermanentError('NO_CONTENT', `nothing of the ${story.format} file is left once boilerplate is removed (${file.data.removed?.length ?? 0} lines removed)`);
    }
    const envelope = buildEnvelope({
      story,
      file,
      source: { path: input.path, originalName: input.originalName, sha256, format: story.format, bytes, receivedAt: input.receivedAt.toISOString() },
      provenance,
      now: input.receivedAt,
    });
    const problems = ninjsProblems(envelope.ninjs);
    if (problems.length) throw new PermanentError('INTERNAL', `the document built is not valid ninjs 2.2: ${problems.join('; ')}`);
    const t3 = now();
    return { envelope, story, times: { parse: parseMs, clean: t2 - t1 - tagged, tag: tagged, build: t3 - t2 } };
  }
}
