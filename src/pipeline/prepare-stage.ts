// The pipeline's stages before the entity tagger, on their own: bytes to Story (parse-stage.ts), then the text
// processor (boilerplate rules, dateline, structure, the tagger's tokens). Plain data out, and a module without the
// tagger, the envelope or its validator, so that the parse threads of `copydesk process` (process-file-worker.ts)
// run it without loading the entity model (nor the rule file's schema: they are given the compiled rules).
import { PermanentError } from '../errors/index.js';
import type { Agencies } from '../text/agencies.js';
import type { RuleSet } from '../text/rules.js';
import { cleanTextOf, createTextProcessor, processStory, type CleanText } from '../text/text-processor.js';
import { parseStage, refusingDeepNesting, type ParsedInput } from './parse-stage.js';

/** What the stages before the tagger hand on: plain data, so it can cross from a parse thread. */
export interface PreparedInput extends ParsedInput {
  /** The text processor's result; its data carries the tagger's input. */
  text: CleanText;
  /** Time the text processor took, in ms of the pipeline's clock. */
  cleanMs: number;
}

/** What the stages before the tagger read of an input. */
export interface PrepareInput {
  bytes: Buffer;
  originalName: string;
  /** sha256 of bytes, when the caller has it already. */
  sha256?: string;
  /** Lines learned as boilerplate of this input's source (src/text/repeated-lines.ts). */
  repeatedLines?: ReadonlySet<string>;
}

export interface PrepareStageOptions {
  ruleSet: RuleSet;
  agencies: Agencies;
  maxFileBytes: number;
  /** The clock stage times are read from, in ms (default performance.now). */
  now?: () => number;
}

export type PrepareStage = (input: PrepareInput) => PreparedInput;

/** The text stage on its own: the text processor on a parsed input, with the lines learned for its source. */
export type CleanStage = (parsed: ParsedInput, repeatedLines?: ReadonlySet<string>) => PreparedInput;

export function createCleanStage(options: Omit<PrepareStageOptions, 'maxFileBytes'>): CleanStage {
  const processor = createTextProcessor(options);
  const now = options.now ?? (() => performance.now());
  return (parsed, repeatedLines) => {
    const { story } = parsed;
    const t1 = now();
    // a page must have text; a kill may come with an empty body, a picture or package need not have text, and a
    // wire item that carries only metadata is published as such (with a warning)
    const needsBody = story.type === 'text' && story.pubStatus !== 'canceled' && story.scraped;
    if (!needsBody && story.type === 'text' && story.pubStatus !== 'canceled' && story.blocks.length === 0) story.warnings.push(`the ${story.format} item carries no body text`);
    if (needsBody && story.blocks.length === 0) {
      throw new PermanentError('NO_CONTENT', `the ${story.format} file has no body text`);
    }
    // tree walkers recurse: input nested deeper than the stack allows is refused, not retried
    const file = refusingDeepNesting(() => processStory(processor, story, story.scraped ? repeatedLines : undefined));
    if (needsBody && String(file.value).trim() === '') {
      throw new PermanentError('NO_CONTENT', `nothing of the ${story.format} file is left once boilerplate is removed (${file.data.removed?.length ?? 0} lines removed)`);
    }
    return { ...parsed, text: cleanTextOf(file), cleanMs: now() - t1 };
  };
}

export function createPrepareStage(options: PrepareStageOptions): PrepareStage {
  const clean = createCleanStage(options);
  const now = options.now;
  return ({ bytes, originalName, sha256, repeatedLines }) => clean(parseStage(bytes, { originalName, maxFileBytes: options.maxFileBytes, sha256, now }), repeatedLines);
}
