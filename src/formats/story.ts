// The common intermediate story: every format parser produces one, every later stage reads only this.

/** Formats copydesk recognises by content. */
export type FormatName =
  | 'plain-text'
  | 'html'
  | 'nitf'
  | 'newsml-g2'
  | 'newsml-1.2'
  | 'ninjs'
  | 'anpa-1312'
  | 'iptc7901'
  | 'aap-zczc'
  | 'email'
  | 'agency-json'
  | 'other-xml';

/** ninjs `type` values. */
export type NewsType = 'text' | 'audio' | 'video' | 'picture' | 'graphic' | 'composite' | 'component';
export type PubStatus = 'usable' | 'withheld' | 'canceled';

/** One block of the body in reading order: a paragraph, a subheading, a preformatted table... */
export interface Block {
  text: string;
  /** What the block is; `p` when unknown. */
  kind: 'p' | 'heading' | 'pre' | 'table' | 'caption' | 'quote' | 'list';
  /** For tables and other markup that should survive into the HTML body (already sanitized). */
  html?: string;
  /** 1-based line number in the source where the block starts (plain-text pages), for the audit. */
  line?: number;
}

export interface Subject {
  name?: string;
  uri?: string;
  /** e.g. "medtop:20000106" or "subj:04000000" */
  code?: string;
  scheme?: string;
}

export interface Association {
  name: string;
  /** The provider's id of the associated item. */
  guid?: string;
  uri?: string;
  type?: NewsType;
  headline?: string;
  mimetype?: string;
}

export interface Story {
  format: FormatName;
  type: NewsType;
  /** The provider's globally unique id of the item (all versions share it); absent for scraped pages. */
  guid?: string;
  /** The provider's version number, when it sends one. */
  providerVersion?: number;
  /** The provider's category code (ANPA category letter, NITF/NewsML genre) when it sends one. */
  category?: string;
  /** Take key / update marker ("1stLd-Writethru", "2ND LEAD"). */
  takeKey?: string;
  /** Word count the provider declares. */
  wordCount?: number;
  pubStatus: PubStatus;
  /** 1 (flash) .. 9 (lowest), ninjs semantics. */
  urgency?: number;
  /** ISO 8601 date-time before which the story must not be published. */
  embargoed?: string;
  firstCreated?: string;
  versionCreated?: string;
  headline?: string;
  subheadline?: string;
  byline?: string;
  /** The dateline as printed ("BAGHDAD, Sept 1 (AP) -"). */
  dateline?: string;
  /** The dateline's place ("BAGHDAD"). */
  located?: string;
  /** BCP 47 */
  language?: string;
  slugline?: string;
  keywords: string[];
  subjects: Subject[];
  /** Agencies and other sources the story came through ("Associated Press"). */
  infosources: string[];
  copyrightHolder?: string;
  copyrightNotice?: string;
  usageTerms?: string;
  /** Editor's notes: kept out of the body. */
  ednote?: string;
  /** Captions and other descriptions of the item or its media. */
  descriptions: string[];
  /** The body in reading order. */
  blocks: Block[];
  /**
   * True for text scraped from a publisher's page (plain text one block per line, HTML): the body still carries
   * the page's boilerplate and goes through the full rule set. False for agency copy whose body is the story.
   */
  scraped: boolean;
  associations: Association[];
  /** Things a person should know about the parse (odd charset guessed, unknown element skipped...). */
  warnings: string[];
}

/** A story with every list present, for parsers to fill in. */
export function emptyStory(format: FormatName, scraped: boolean): Story {
  return {
    format,
    type: 'text',
    pubStatus: 'usable',
    keywords: [],
    subjects: [],
    infosources: [],
    descriptions: [],
    blocks: [],
    scraped,
    associations: [],
    warnings: [],
  };
}
