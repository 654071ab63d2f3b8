// unified plugin: reads the dateline that opens the story ("BAGHDAD –", "WASHINGTON (Reuters) -", "(CNN)",
// "NEW YORK (AP) _") into file.data.dateline/located/agency. The dateline stays in the first paragraph.
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { paragraphText, paragraphs } from './nlcst-blocks.js';
import type { Agencies } from './agencies.js';

export interface ExtractDatelineOptions {
  agencies: Agencies;
}

// PLACE[, Region][, Mon. D[, YYYY]] [(AGENCY) or /WIRE/] dash|underscore  ("AUSTIN, Texas, Feb. 1, 2031 /PR Wire/ --")
const PLACE_DATELINE =
  /^(?<place>[A-Z][A-Z\p{Lu}.'’ -]{1,40}?(?:,\s+[A-Z][\p{L}.'’ ]{1,30}?)*)(?:,\s+(?<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2})(?:,\s+\d{4})?)?\s*(?:\((?<agency>[^)]{1,40})\)|\/(?<wire>[^/\n]{2,40})\/)?\s*(?:[–—-]{1,2}|_)\s+\S/u;
// (CNN) The ...   /   (Reuters) - ...
const AGENCY_DATELINE = /^\((?<agency>[A-Za-z][A-Za-z .-]{1,30})\)\s*(?:[–—-]\s*)?\S/u;

export interface Dateline {
  text: string;
  place?: string;
  agency?: string;
}

/** Finds a dateline at the start of a paragraph. */
export function parseDateline(text: string, agencies: Agencies): Dateline | undefined {
  const m = PLACE_DATELINE.exec(text);
  if (m?.groups) {
    const place = m.groups.place!.trim();
    // the place must be written in capitals ("BAGHDAD", "NEW YORK", "SAITAMA, Japan")
    const head = place.split(',')[0]!;
    if (head === head.toUpperCase() && /\p{Lu}{2}/u.test(head)) {
      const alias = m.groups.agency ?? m.groups.wire;
      return { text: m[0].slice(0, -1).trim(), place: titleCase(place), agency: alias ? agencies.resolve(alias) ?? alias : undefined };
    }
  }
  const a = AGENCY_DATELINE.exec(text);
  if (a?.groups) {
    const name = agencies.resolve(a.groups.agency!);
    if (name) return { text: a[0].slice(0, -1).trim(), agency: name };
  }
  return undefined;
}

/** "NEW YORK" → "New York"; "SAITAMA, Japan" → "Saitama, Japan". */
export function titleCase(place: string): string {
  return place.replace(/\p{Lu}[\p{Lu}'’.-]*/gu, (w) => (w.length > 1 && w === w.toUpperCase() ? w[0] + w.slice(1).toLowerCase() : w));
}

export default function extractDateline(options: ExtractDatelineOptions) {
  if (!options?.agencies) throw new TypeError('extractDateline: missing required option `agencies`');
  const { agencies } = options;
  return (tree: Root, file: VFile): void => {
    const first = paragraphs(tree)[0];
    if (first) {
      const d = parseDateline(paragraphText(first, String(file.value)), agencies);
      if (d) {
        file.data.dateline = d.text;
        if (d.place) file.data.located = d.place;
        if (d.agency) file.data.agency = d.agency;
      }
    }
    if (!file.data.agency) {
      for (const line of file.data.credits ?? []) {
        const name = agencies.findIn(line);
        if (name) {
          file.data.agency = name;
          break;
        }
      }
    }
  };
}
