// Turns the bytes of an input file into a Story: checks size, decodes the text (BOM, declared charset, fallback),
// detects the format by content and runs its parser. Every refusal is a PermanentError that names the problem.
import { PermanentError } from '../errors/index.js';
import { parseAgencyJson } from './agency-json.js';
import { assertText, decodeBytes } from './decode.js';
import { detectFormat, type Detection } from './detect.js';
import { parseHtml } from './html.js';
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
type Parser = (text: string, detection: Detection, options: ParseOptions) => Story;
const xml = (f: (root: ReturnType<typeof parseXml>) => Story): Parser => (text, _d, o) => {
  const warnings: string[] = [];
  const story = f(parseXml(text, o.xmlLimits ?? DEFAULT_XML_LIMITS, warnings));
  story.warnings.push(...warnings);
  return story;
};
const PARSERS: Partial<Record<Story['format'], Parser>> = {
  nitf: xml(parseNitf),
  'newsml-g2': xml(parseNewsmlG2),
  'other-xml': xml(parseOtherXml),
  ninjs: (_t, d) => parseNinjs(d.json),
  'agency-json': (_t, d) => parseAgencyJson(d.json),
  html: (text) => parseHtml(text),
  'plain-text': (text) => parsePlainText(text),
};

export function parseInput(bytes: Buffer, options: ParseOptions): Story {
  if (bytes.length === 0) throw new PermanentError('EMPTY_FILE', 'the file is empty (0 bytes)');
  if (bytes.length > options.maxBytes) {
    throw new PermanentError('TOO_LARGE', `the file is ${bytes.length} bytes, over the limit of ${options.maxBytes} bytes (limits.maxFileBytes)`);
  }
  const decoded = decodeBytes(bytes);
  assertText(decoded.text);
  const text = decoded.text.replace(/^\uFEFF/, '');
  const detection = detectFormat(text);
  const parser = PARSERS[detection.format];
  let story: Story;
  if (parser) story = parser(text, detection, options);
  else {
    story = parsePlainText(text.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, ' '));
    story.format = detection.format;
    story.warnings.push(`${detection.format} is read as plain text`);
  }
  story.warnings.unshift(...decoded.warnings);
  return story;
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
