// The published document: IPTC ninjs 2.2 inside an envelope with provenance, entities and the audit of removals.
import type { Entity } from '../entities/types.js';
import type { FormatName, PubStatus } from '../formats/story.js';

/** The subset of ninjs 2.2 that copydesk writes (the official schema validates it in tests). */
export interface Ninjs {
  uri: string;
  type: 'text' | 'audio' | 'video' | 'picture' | 'graphic' | 'composite' | 'component';
  version: string;
  versioncreated: string;
  firstcreated?: string;
  embargoed?: string;
  pubstatus: PubStatus;
  urgency?: number;
  language?: string;
  headlines?: { role: string; value: string; contenttype?: string }[];
  descriptions?: { role: string; value: string; contenttype?: string }[];
  bodies: { role: string; contenttype: string; value: string }[];
  by?: string;
  located?: string;
  slugline?: string;
  ednote?: string;
  copyrightholder?: string;
  copyrightnotice?: string;
  usageterms?: string;
  people?: { name: string; rel?: string }[];
  organisations?: { name: string; rel?: string }[];
  places?: { name: string; rel?: string }[];
  subjects?: { name?: string; uri?: string; rel?: string; literal?: string }[];
  genres?: { name?: string; uri?: string; literal?: string }[];
  infosources?: { name: string; role?: string }[];
  associations?: { name: string; uri: string; type?: string; headlines?: { value: string }[]; altids?: { role: string; value: string }[] }[];
  altids?: { role: string; value: string }[];
}

/** One thing removed from (or moved out of) the body, for editors to audit. */
export interface Removal {
  ruleId: string;
  /** boilerplate | caption | credit | byline | headline | embed | related | dateline | ... */
  kind: string;
  text: string;
  /** 1-based source line (plain text) or block index (other formats). */
  line?: number;
  /** Where it went when it was moved rather than dropped (e.g. "descriptions"). */
  movedTo?: string;
}

export interface SourceInfo {
  /** Path of the raw original (in the archive for queued files; as given for `copydesk process`). */
  path: string;
  originalName: string;
  sha256: string;
  format: FormatName | 'unknown';
  bytes: number;
  receivedAt: string;
}

export interface Provenance {
  copydeskVersion: string;
  /** sha256 (16 hex) of the boilerplate rules that produced the document. */
  rulesHash: string;
  /** sha256 (16 hex) of the settings besides the rules that change output (agencies, limits); absent on old documents. */
  configHash?: string;
  /** The entity tagger's model version. */
  taggerVersion: string;
}

/** What the wire sent that ninjs 2.2 has no field for (ninjs has no keywords; the take key is not an id). */
export interface WireInfo {
  /** The provider's own id of the story (all its versions share it). */
  guid?: string;
  /** The provider's version number: a lower one arriving after a higher one is stale. */
  providerVersion?: number;
  keywords?: string[];
  takeKey?: string;
  category?: string;
  wordCount?: number;
  dateline?: string;
}

export interface Envelope {
  id: string;
  version: number;
  source: SourceInfo;
  ninjs: Ninjs;
  /** Wire metadata outside ninjs; absent for scraped pages. */
  wire?: WireInfo;
  entities: Entity[];
  removed: Removal[];
  credits: string[];
  related: { text: string; url?: string }[];
  warnings: string[];
  provenance: Provenance;
  /** sha256 of the output content (ninjs minus version fields + entities): equal hashes → no new version. */
  contentHash: string;
}
