// What the tagger reads of a text parsed by the text processor: the published body's sentences of tokens and the
// headline's (parsed here: the processor does not parse the headline). Built where the text is parsed, so that the
// tagging itself can run elsewhere: `copydesk process` builds it in a parse thread and tags in the main thread.
import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { bodySentences, packBodySentences, packSentences, treeSentences, type TokenSentence } from './nlcst-tokens.js';
import type { Entity, EntityTagger, TaggerInput, TagTreeInput } from './types.js';

const parser = unified().use(retextEnglish).freeze();

/** A headline's sentences of tokens, offsets into the trimmed headline (none for a missing or blank one). */
export function headlineSentences(headline: string | undefined): TokenSentence[] {
  return headline?.trim() ? treeSentences(parser.parse(headline.trim()) as Root) : [];
}

/**
 * The tagger's input from a parsed tree whose paragraphs are the published `body`; `source`, the text the tree was
 * parsed from, lets the tokens be read off the nodes' positions.
 */
export function taggerInput({ tree, body, headline }: TagTreeInput, source?: string): TaggerInput {
  const sentences = (source !== undefined ? packBodySentences(tree, source) : undefined) ?? packSentences(bodySentences(tree));
  return { body, headline, sentences, headlineSentences: packSentences(headlineSentences(headline)) };
}

/** Tags `input` with `tagger`: its sentences when it takes them, else the body text and headline. */
export function tagInput(tagger: EntityTagger, input: TaggerInput): Entity[] {
  return tagger.tagSentences ? tagger.tagSentences(input) : tagger.tag({ headline: input.headline, body: input.body });
}
