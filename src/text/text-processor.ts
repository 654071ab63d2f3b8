// The text pipeline as one frozen unified processor: parse blocks into an NLCST tree (retext-english), strip
// boilerplate, read the dateline, collect what the entity tagger reads (the pipeline tags in its next stage), and
// compile the published plain-text body.
import { unified, type Processor } from 'unified';
import retextEnglish from 'retext-english';
import type { Root } from 'nlcst';
import { VFile, type DataMap } from 'vfile';
import retextTagEntities from '../entities/retext-tag-entities.js';
import type { Story } from '../formats/story.js';
import type { Agencies } from './agencies.js';
import extractDateline from './extract-dateline.js';
import markBlocks from './mark-blocks.js';
import { blocksToText, bodyText } from './nlcst-blocks.js';
import type { RuleSet } from './rules.js';
import stripBoilerplate from './strip-boilerplate.js';

export interface TextProcessorOptions {
  ruleSet: RuleSet;
  agencies: Agencies;
}

/**
 * unified compiler: the paragraphs left in the tree, separated by a blank line (as retext-tag-entities has joined
 * them already for the tagger's input).
 */
function compileBody(this: Processor) {
  this.compiler = (tree, file) => file.data.taggerInput?.body ?? bodyText(tree as Root, String(file.value));
}

export function createTextProcessor(options: TextProcessorOptions) {
  return unified()
    .use(retextEnglish)
    .use(markBlocks)
    .use(stripBoilerplate, { ruleSet: options.ruleSet })
    .use(extractDateline, { agencies: options.agencies })
    .use(retextTagEntities)
    .use(compileBody)
    .freeze();
}
export type TextProcessor = ReturnType<typeof createTextProcessor>;

/** Runs the processor on a story; the result's `value` is the published body and `data` carries the rest. */
export function processStory(processor: TextProcessor, story: Story, repeatedLines?: ReadonlySet<string>): VFile {
  const file = new VFile({ value: blocksToText(story.blocks).text, data: repeatedLines ? { story, repeatedLines } : { story } });
  return processor.processSync(file) as VFile;
}

/** What the text processor found, without the story it was given. */
export type TextData = Omit<Partial<DataMap>, 'story' | 'repeatedLines'>;

/** The text processor's result as plain data (it crosses from a parse thread): the published body, data, warnings. */
export interface CleanText {
  body: string;
  data: TextData;
  /** The processor's warnings (file.message); its notes (file.info, one per removed line) stay in `data.removed`. */
  warnings: string[];
}

export function cleanTextOf(file: VFile): CleanText {
  const { story: _story, repeatedLines: _repeated, ...data } = file.data;
  return { body: String(file.value), data, warnings: file.messages.filter((m) => m.fatal === false).map((m) => m.reason) };
}
