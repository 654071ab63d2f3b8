// Entities as the rest of copydesk sees them: document-level, merged, with offsets into the published body.
import type { Root as NlcstRoot } from 'nlcst';
import type { PackedSentences } from './nlcst-tokens.js';

export type EntityType = 'person' | 'organisation' | 'place';

export interface EntityMention {
  /** The text as it appears in the body. */
  text: string;
  /** Character offsets into the published plain-text body (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
}

export interface Entity {
  type: EntityType;
  /** Canonical name: the longest clean form seen in the document ("Ali al-Sistani"). */
  name: string;
  mentions: EntityMention[];
  /** Mentions in the headline and the body. */
  count: number;
  /** 0..1: how central the entity is (headline and lead weigh more). */
  relevance: number;
  /** Mentions in the headline (not part of the body offsets). */
  inHeadline?: boolean;
}

/** What a tagger is given: the published body and, if known, the headline. */
export interface TagInput {
  headline?: string;
  body: string;
}

/** What a tagger is given when the text is already parsed: the text processor's NLCST tree. */
export interface TagTreeInput {
  /** The tree whose paragraphs are the published body. */
  tree: NlcstRoot;
  /** The published body (paragraphs' text, trimmed, joined by a blank line): mention offsets point into it. */
  body: string;
  headline?: string;
}

/**
 * What a tagger reads of an already parsed text (tagger-input.ts): its sentences of tokens, the headline's apart, and
 * the texts their offsets point into. Plain data, packed, so that a text parsed in one thread is cheap to tag in
 * another.
 */
export interface TaggerInput {
  /** The published body: the body sentences' offsets point into it. */
  body: string;
  headline?: string;
  sentences: PackedSentences;
  /** The headline's sentences (offsets into the trimmed headline). */
  headlineSentences: PackedSentences;
}

export interface EntityTagger {
  /** Identifies the model: goes into every envelope's provenance. */
  readonly version: string;
  tag(input: TagInput): Entity[];
  /** Tags an already tokenised text (no second parse); taggers without it get `tag` with the body text. */
  tagSentences?(input: TaggerInput): Entity[];
}
