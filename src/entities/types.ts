// Entities as the rest of copydesk sees them: document-level, merged, with offsets into the published body.

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

export interface EntityTagger {
  /** Identifies the model: goes into every envelope's provenance. */
  readonly version: string;
  tag(input: TagInput): Entity[];
}
