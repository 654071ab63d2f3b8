// Turns the bytes of an input file into a Story: checks size, decodes the text (BOM, declared charset, fallback),
// detects the format by content and runs its parser. Every refusal is a PermanentError that names the problem.
import { PermanentError } from '../errors/index.js';
import { parseAapZczc } from './aap-zczc.js';
import { parseAgencyJson } from './agency-json.js';
import { parseAnpa } from './anpa-1312.js';
import { assertText, decodeBytes, plainUtf8, utf8Text } from './decode.js';
import { detectFormat, startsAsHtmlPage, type Detection } from './detect.js';
import { parseEmail } from './email.js';
import { parseHtml } from './html.js';
import { stripRawUtf8 } from './html-tree.js';
import { parseIptc7901 } from './iptc-7901.js';
import { parseNewsml1 } from './newsml-1.js';
import { parseNewsmlG2 } from './newsml-g2.js';
import { parseNinjs } from './ninjs.js';
import { parseNitf } from './nitf.js';
import { parseOtherXml } from './other-xml.js';
import { parsePlainText } from './plain-text.js';
import type { Story } from './story.js';
import { DEFAULT_XML_LIMITS, parseXml, type XmlLimits } from './xml-tree.js';

export interface ParseOptions {
  /** The file's original name (a hint only: formats are detected by content). */
  fileName: string;
  /** Largest accepted input in bytes. */
  maxBytes: number;
  xmlLimits?: XmlLimits;
}

/** Parsers by format; formats without one of their own yet are read by the nearest general parser. */
type Parser = (text: string, detection: Detection, options: ParseOptions, bytes: Buffer) => Story;
const xml = (f: (root: ReturnType<typeof parseXml>) => Story): Parser => (text, _d, o) => {
  const warnings: string[] = [];
  const story = f(parseXml(text, o.xmlLimits ?? DEFAULT_XML_LIMITS, warnings));
  story.warnings.push(...warnings);
  return story;
};
const PARSERS: Partial<Record<Story['format'], Parser>> = {
  nitf: xml(parseNitf),
  'newsml-g2': xml(parseNewsmlG2),
  'newsml-1.2': xml(parseNewsml1),
  'other-xml': xml(parseOtherXml),
  ninjs: (_t, d) => parseNinjs(d.json),
  'agency-json': (_t, d) => parseAgencyJson(d.json),
  'anpa-1312': (text) => parseAnpa(text),
  iptc7901: (text) => parseIptc7901(text),
  'aap-zczc': (text) => parseAapZczc(text),
  // MIME parts carry their own charsets: the email parser reads the bytes, not the whole file's decoding
  email: (_t, _d, _o, bytes) => parseEmail(bytes.toString('latin1')),
  html: (text) => parseHtml(text),
  'plain-text': (text) => parsePlainText(text),
};

export function parseInput(bytes: Buffer, options: ParseOptions): Story {
  if (bytes.length === 0) throw new PermanentError('EMPTY_FILE', 'the file is empty (0 bytes)');
  if (bytes.length > options.maxBytes) {
    throw new PermanentError('TOO_LARGE', `the file is ${bytes.length} bytes, over the limit of ${options.maxBytes} bytes (limits.maxFileBytes)`);
  }
  const page = utf8Page(bytes);
  if (page) {
    // an HTML page in UTF-8 (most pages): cut before it is decoded, as detectFormat and decodeBytes would read it
    assertText(page.toString('utf8', 0, Math.min(page.length, TEXT_CHECKED_BYTES)));
    return parseHtml(stripRawUtf8(page, (b) => utf8Text(b)!));
  }
  const decoded = decodeBytes(bytes);
  assertText(decoded.text);
  const text = decoded.text.replace(/^\uFEFF/, '');
  const detection = detectFormat(text);
  const parser = PARSERS[detection.format];
  let story: Story;
  if (parser) story = parser(text, detection, options, bytes);
  else {
    story = parsePlainText(text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, ' '));
    story.format = detection.format;
    story.warnings.push(`${detection.format} is read as plain text`);
  }
  story.warnings.unshift(...decoded.warnings);
  return story;
}

/** Bytes enough for the characters assertText reads (8,192, at most 4 bytes each). */
const TEXT_CHECKED_BYTES = 4 * 8192;

/**
 * The bytes of a page that decodeBytes reads as UTF-8 without a warning and detectFormat takes for HTML by its start
 * (<!doctype html, <html, <body, ... after ASCII white space), or undefined: anything else, or anything less certain
 * (a start after other white space), takes the general way.
 */
function utf8Page(bytes: Buffer): Buffer | undefined {
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (start < bytes.length && (bytes[start] === 0x20 || (bytes[start]! >= 0x09 && bytes[start]! <= 0x0d))) start++;
  // the start first: plainUtf8 reads the whole file
  if (bytes[start] !== 0x3c || !startsAsHtmlPage(bytes.toString('latin1', start, start + 64).toLowerCase())) return undefined;
  return plainUtf8(bytes);
}

/** NUL bytes or a high share of control characters in the first 8 KB mean binary data. */
export function looksBinary(bytes: Buffer): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 27)) control++;
  }
  return control / n > 0.1;
}
