// What copydesk's unified plugins put on `file.data`: one declaration for the whole text pipeline.
import type { Entity, TaggerInput } from '../entities/types.js';
import type { Story } from '../formats/story.js';
import type { Removal } from '../ninjs/envelope.js';

declare module 'vfile' {
  interface DataMap {
    /** The parsed story the text came from (set before the processor runs). */
    story: Story;
    /** Lines learned as this source's boilerplate (they recur across its documents); set before the processor runs. */
    repeatedLines: ReadonlySet<string>;
    /** Everything removed from or moved out of the body, in order. */
    removed: Removal[];
    /** Captions moved out of the body. */
    descriptions: string[];
    /** Contributor credit lines moved out of the body. */
    credits: string[];
    /** Promos for other stories, kept as related items. */
    related: { text: string; url?: string }[];
    /** Author line found in the text. */
    byline: string;
    /** Headline found at the top of the text. */
    headline: string;
    /** The dateline as printed ("BAGHDAD –", "WASHINGTON (Reuters) -"). */
    dateline: string;
    /** The dateline's place. */
    located: string;
    /** The agency named by the dateline or a credit ("Associated Press"). */
    agency: string;
    /** Document-level entities of the published body. */
    entities: Entity[];
    /** What the entity tagger reads, when the text processor ran without one (retext-tag-entities.ts). */
    taggerInput: TaggerInput;
  }
}
