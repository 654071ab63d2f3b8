// Pure rules for mapping wire metadata into ninjs: which ids are URIs, IPTC codes as URIs with names, and
// whether an arriving provider version is stale next to the one a store already holds.
import { fullFormats } from 'ajv-formats/dist/formats.js';

const uriFormat = fullFormats.uri as (s: string) => boolean;

/** True when `s` is an absolute URI the ninjs schema accepts ("urn:newsml:…", "tag:…", "https://…"). */
export function isAbsoluteUri(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(s) && uriFormat(s);
}

const SCHEMES: Record<string, string> = {
  subj: 'http://cv.iptc.org/newscodes/subjectcode/',
  medtop: 'http://cv.iptc.org/newscodes/mediatopic/',
  genre: 'http://cv.iptc.org/newscodes/genre/',
  ninat: 'http://cv.iptc.org/newscodes/ninature/',
};

/** IPTC top-level subject codes (the same numbers head the Media Topics) and their names. */
const TOP_LEVEL: Record<string, string> = {
  '01000000': 'arts, culture and entertainment', '02000000': 'crime, law and justice', '03000000': 'disaster and accident',
  '04000000': 'economy, business and finance', '05000000': 'education', '06000000': 'environmental issue', '07000000': 'health',
  '08000000': 'human interest', '09000000': 'labour', '10000000': 'lifestyle and leisure', '11000000': 'politics',
  '12000000': 'religion and belief', '13000000': 'science and technology', '14000000': 'social issue', '15000000': 'sport',
  '16000000': 'unrest, conflicts and war', '17000000': 'weather',
};

/** A real URI for a subject code: IPTC qcodes ("subj:04000000", "medtop:20000106", bare 8-digit codes) or undefined. */
export function subjectUri(code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (isAbsoluteUri(code) && /^(https?|urn):/i.test(code)) return code;
  const m = /^([a-z]+):(\S+)$/i.exec(code);
  if (m && SCHEMES[m[1]!.toLowerCase()]) return SCHEMES[m[1]!.toLowerCase()]! + m[2];
  if (/^\d{8}$/.test(code)) return SCHEMES.subj + code;
  return undefined;
}

/** The name of an IPTC top-level subject code, when the code is one. */
export function subjectName(code: string | undefined): string | undefined {
  const digits = code?.replace(/^(subj|medtop):/i, '');
  return digits ? TOP_LEVEL[digits] : undefined;
}

/**
 * True when an incoming envelope is older than the one stored: the provider's version is lower. A kill is never
 * stale (a cancel must always land); versions the provider does not number are never compared.
 */
export function isStaleProviderVersion(
  stored: { providerVersion?: number } | undefined,
  incoming: { providerVersion?: number; pubstatus?: string },
): boolean {
  if (incoming.pubstatus === 'canceled') return false;
  if (stored?.providerVersion === undefined || incoming.providerVersion === undefined) return false;
  return incoming.providerVersion < stored.providerVersion;
}
