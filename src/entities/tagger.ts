// The entity tagger as the rest of copydesk uses it: createTagger() loads the shipped model (lazily, once per
// process), tags plain text, an already parsed NLCST tree or its tokens (tagger-input.ts), and returns document-level
// entities.
import type { Root } from 'nlcst';
import { unified } from 'unified';
import retextEnglish from 'retext-english';
import { iob2FromBilou, spansFromBilou } from './bilou.js';
import { documentEntities, type TaggedMention } from './document-entities.js';
import type { TaggerDocument } from './features.js';
import { defaultModelPath, loadModel } from './load-model.js';
import { treeSentences, unpackSentences, type Token, type TokenSentence } from './nlcst-tokens.js';
import { DecodeScratch } from './perceptron.js';
import { tagDocument } from './sequence-tagger.js';
import { headlineSentences, taggerInput } from './tagger-input.js';
import type { Entity, EntityTagger, TaggerInput, TagInput, TagTreeInput } from './types.js';

export interface TaggerOptions {
  /** The model file; default models/ner/model.bin.gz of the project. */
  modelPath?: string;
}

export interface Tagger extends EntityTagger {
  /** Document-level entities of a plain-text body (parsed here) and headline. */
  tag(input: TagInput): Entity[];
  /** Document-level entities of an already parsed tree (no second parse). */
  tagTree(input: TagTreeInput): Entity[];
  /** Document-level entities of an already tokenised text. */
  tagSentences(input: TaggerInput): Entity[];
  /** IOB2 tags (B-PER, I-ORG, ..., O; MISC included) for a tokenised document: the CoNLL interface. */
  tagTokens(doc: TaggerDocument): string[][];
}

const parser = unified().use(retextEnglish).freeze();

/** The tagged spans of sentences (the first `headlineCount` are the headline's) as mentions with offsets. */
export function taggedMentions(sentences: readonly TokenSentence[], headlineCount: number, tags: readonly Uint8Array[]): TaggedMention[] {
  const mentions: TaggedMention[] = [];
  sentences.forEach((s, i) => {
    for (const span of spansFromBilou(tags[i]!)) {
      const first: Token = s.tokens[span.start]!;
      const last: Token = s.tokens[span.end - 1]!;
      const tokens: string[] = [];
      for (let k = span.start; k < span.end; k++) tokens.push(s.tokens[k]!.text);
      mentions.push({ type: span.type, start: first.start, end: last.end, headline: i < headlineCount, sentence: i - headlineCount, tokens });
    }
  });
  return mentions;
}

export function createTagger(options: TaggerOptions = {}): Tagger {
  const modelPath = options.modelPath ?? defaultModelPath();
  const scratch = new DecodeScratch();

  const run = (sentences: TokenSentence[], headline: TokenSentence[]): TaggedMention[] => {
    const m = loadModel(modelPath);
    const all = headline.length ? [...headline, ...sentences] : sentences;
    const doc: TaggerDocument = all.map((s, i) => ({ tokens: s.tokens.map((t) => t.text), headline: i < headline.length }));
    return taggedMentions(all, headline.length, tagDocument(doc, m.gazetteer, m.pass1, m.pass2, scratch));
  };

  const entities = (mentions: TaggedMention[], body: string, headline: string | undefined) =>
    documentEntities(mentions, {
      body,
      headline: headline?.trim() ?? '',
      aliases: loadModel(modelPath).aliases,
      writtenAs: (name) => loadModel(modelPath).gazetteer.writtenAs(name),
    });

  const tagSentences = ({ body, headline, sentences, headlineSentences: inHeadline }: TaggerInput): Entity[] =>
    entities(run(unpackSentences(sentences, body), unpackSentences(inHeadline, headline?.trim() ?? '')), body, headline);

  return {
    get version() {
      return loadModel(modelPath).header.version;
    },

    tag({ headline, body }) {
      const sentences = treeSentences(parser.parse(body) as Root);
      return entities(run(sentences, headlineSentences(headline)), body, headline);
    },

    tagTree: (input) => tagSentences(taggerInput(input)),

    tagSentences,

    tagTokens(doc) {
      const m = loadModel(modelPath);
      return tagDocument(doc, m.gazetteer, m.pass1, m.pass2, scratch).map((t) => iob2FromBilou(t));
    },
  };
}
