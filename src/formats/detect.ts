// Detects a file's format from its content (never its name): control-character framing, teletype headers,
// the XML root element, the JSON shape, mail headers, HTML markup; plain text otherwise.
import { PermanentError } from '../errors/index.js';
import { agencyJsonKind } from './agency-json.js';
import { looksLikeNinjs } from './ninjs.js';
import type { FormatName } from './story.js';

export const SUPPORTED_FORMATS = 'NITF, NewsML-G2, NewsML 1.2, ninjs 1.x/2.x, AP/dpa agency JSON, ANPA-1312, IPTC 7901, AAP ZCZC, RFC 822/MIME email, HTML, other XML and plain text';

export interface Detection {
  format: FormatName;
  /** Parsed JSON, when the format is JSON based (parsed once here). */
  json?: unknown;
  /** The XML root element's local name, for XML formats. */
  root?: string;
}

const G2_ROOTS = new Set(['newsItem', 'packageItem', 'newsMessage', 'conceptItem', 'knowledgeItem', 'planningItem', 'contentSet', 'contentMeta', 'itemMeta']);

/** The local name of the first element, skipping the prolog, comments, processing instructions and DOCTYPE. */
export function xmlRootName(text: string): string | undefined {
  const s = text.slice(0, 20000).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi, '');
  const m = /^\s*<([A-Za-z_][\w.:-]*)/.exec(s);
  return m ? m[1]!.replace(/^.*:/, '') : undefined;
}

const HEADER = /^[A-Za-z][A-Za-z0-9-]*:[ \t]*\S/;
const MAIL_HEADERS = /^(received|delivered-to|return-path|from|to|subject|date|message-id|mime-version|content-type|x-[\w-]+|reply-to|sender|cc):/i;

/** At least three RFC 822 headers at the start, including a well-known mail header. */
function looksLikeEmail(text: string): boolean {
  const lines = text.replace(/^(?:[ \t]*\r?\n)+/, '').split(/\r?\n/, 40);
  let headers = 0;
  let known = 0;
  for (const line of lines) {
    if (line === '') break;
    if (/^[ \t]/.test(line)) continue;
    if (!HEADER.test(line)) return false;
    headers++;
    if (MAIL_HEADERS.test(line)) known++;
  }
  return headers >= 3 && known >= 2;
}

/** Whether a text that starts with `<` starts as an HTML page does (`head`: its start, lower-cased). */
export function startsAsHtmlPage(head: string): boolean {
  return /^(?:<!doctype html|<html|<(?:body|div|p|article|head|meta|section)[\s>])/.test(head);
}

export function detectFormat(text: string): Detection {
  const t = text.replace(/^\uFEFF/, '');
  const start = t.trimStart();
  // ANPA-1312: SYN SYN SOH framing, or SOH + selector + priority/category line with DC3/DC4 bytes
  if (/^\x16*\x01/.test(t) && /[\x13\x14][\x11\x12]/.test(t.slice(0, 200))) return { format: 'anpa-1312' };
  // IPTC 7901: (SOH) "eca062 4 i 211 ..." — service id + number, priority digit, category letter, word count
  if (/^\x01?\s*[a-z]{2,4}\d{2,6}\s+\d\s+[a-z]{1,3}\s+\d+/i.test(t.slice(0, 100))) return { format: 'iptc7901' };
  if (/^\s*ZCZC\b/.test(t)) return { format: 'aap-zczc' };
  if (start.startsWith('{') || start.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(start);
    } catch (err) {
      throw new PermanentError('MALFORMED', `the file looks like JSON but does not parse: ${(err as Error).message}`);
    }
    if (agencyJsonKind(json)) return { format: 'agency-json', json };
    if (looksLikeNinjs(json)) return { format: 'ninjs', json };
    const keys = json && typeof json === 'object' ? Object.keys(json).slice(0, 8).join(', ') : typeof json;
    throw new PermanentError('UNKNOWN_FORMAT', `detected JSON (top-level keys: ${keys}) that is neither ninjs nor a known agency API item; supported: ${SUPPORTED_FORMATS}`);
  }
  if (start.startsWith('<')) {
    if (startsAsHtmlPage(start.slice(0, 2000).toLowerCase())) return { format: 'html' };
    const root = xmlRootName(start);
    if (root === 'nitf') return { format: 'nitf', root };
    if (root && G2_ROOTS.has(root)) return { format: 'newsml-g2', root };
    if (root === 'NewsML') return { format: 'newsml-1.2', root };
    if (root === 'html') return { format: 'html', root };
    if (root) return { format: 'other-xml', root };
  }
  if (looksLikeEmail(t)) return { format: 'email' };
  const head = start.slice(0, 2000).toLowerCase();
  if (/<(html|body|div|p|article)[\s>]/.test(head)) return { format: 'html' };
  return { format: 'plain-text' };
}
