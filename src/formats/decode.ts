// Turns the bytes of an input into a JavaScript string: BOM, declared charset (XML prolog, HTML/NITF meta),
// UTF-16 without BOM, strict UTF-8, and a Windows-1252 fallback for undeclared 8-bit text. Never fails on a stray
// byte: a lone invalid byte in otherwise UTF-8 text is read as Windows-1252 and reported.
import { isAscii, isUtf8, transcode } from 'node:buffer';
import type Iconv from 'iconv-lite';
import { PermanentError } from '../errors/index.js';
import { lazyRequire } from './lazy-require.js';

// loaded on the first legacy-charset (or UTF-16) text: iconv-lite's tables are a large module, and a run of UTF-8
// pages and text never needs them
const iconv = lazyRequire<typeof Iconv>('iconv-lite');

export interface Decoded {
  text: string;
  /** The encoding the text was read as (iconv-lite name). */
  encoding: string;
  /** How the encoding was found. */
  by: 'bom' | 'declared' | 'utf-8' | 'utf-16-pattern' | 'fallback' | 'mixed';
  warnings: string[];
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Valid UTF-8 as a string, or undefined: what a strict TextDecoder gives, leading byte order mark dropped. ASCII
 * (checked with SIMD) is read byte for byte; other text is converted to UTF-16 by ICU (transcode), a third faster
 * than TextDecoder on pages that are nearly all ASCII (23 MB of pages: 33 ms against 46 ms).
 */
export function utf8Text(bytes: Buffer): string | undefined {
  if (isAscii(bytes)) return bytes.toString('latin1');
  if (!isUtf8(bytes)) return undefined;
  const text = transcode(bytes, 'utf8', 'ucs2').toString('ucs2');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The charset a text declares in its first 1 KB (XML prolog, meta http-equiv / charset), lower case. */
export function declaredCharset(head: string): string | undefined {
  const prolog = /^\s*<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
  if (prolog) return prolog[1]!.toLowerCase();
  const meta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  if (meta) return meta[1]!.toLowerCase();
  return undefined;
}

/** Normalises charset labels iconv-lite does not know under that name ("utf8" is fine, "x-mac-roman" is not). */
export function charsetName(label: string): string | undefined {
  const l = label.trim().toLowerCase().replace(/^x-/, '');
  const alias: Record<string, string> = { 'us-ascii': 'utf-8', ascii: 'utf-8', 'iso-8859-1': 'windows-1252', latin1: 'windows-1252', 'iso_8859-1': 'windows-1252' };
  // ISO-8859-1 labels are read as Windows-1252, as browsers do: the C1 range is never used for controls in copy
  const name = alias[l] ?? l;
  if (name === 'utf-8' || name === 'utf8') return name;
  return iconv().encodingExists(name) ? name : undefined;
}

/**
 * The bytes decodeBytes reads as UTF-8 without a warning (a byte order mark left off), or undefined when it would read
 * them otherwise: a UTF-16 order mark or pattern, another declared charset (or one it does not know), bytes that
 * are not UTF-8. For a caller that decodes part of the bytes only (parseInput, for HTML pages).
 */
export function plainUtf8(bytes: Buffer): Buffer | undefined {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  if (body === bytes && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksUtf16(bytes))) return undefined;
  if (body === bytes) {
    const label = declaredCharset(bytes.subarray(0, 1024).toString('latin1'));
    if (label && !['utf-8', 'utf8'].includes(charsetName(label) ?? '')) return undefined;
  }
  return isAscii(body) || isUtf8(body) ? body : undefined;
}

function looksUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 512);
  if (n < 4) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  const guess = oddZero / pairs > 0.7 && evenZero / pairs < 0.02 ? 'utf-16le' : evenZero / pairs > 0.7 && oddZero / pairs < 0.02 ? 'utf-16be' : undefined;
  if (!guess) return undefined;
  // binary data with many zero bytes must not pass for UTF-16: the sample has to read as text
  const sample = iconv().decode(bytes.subarray(0, n), guess);
  const texty = [...sample].filter((c) => /[\p{L}\p{N}\p{P}\p{Zs}\n\r\t]/u.test(c)).length;
  return texty / sample.length > 0.9 ? guess : undefined;
}

/** Reads UTF-8 where the bytes are valid UTF-8 and every other byte as Windows-1252. */
function decodeMixed(bytes: Buffer): { text: string; invalid: number; multibyte: number } {
  let out = '';
  let invalid = 0;
  let multibyte = 0;
  let start = 0;
  let i = 0;
  const flush = (end: number) => {
    if (end > start) out += bytes.toString('utf8', start, end);
  };
  while (i < bytes.length) {
    const b = bytes[i]!;
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) len = 3;
    else if (b >= 0xf0 && b <= 0xf4) len = 4;
    let ok = len > 0 && i + len <= bytes.length;
    for (let k = 1; ok && k < len; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) ok = false;
    if (ok && len > 1) {
      try {
        utf8Strict.decode(bytes.subarray(i, i + len));
      } catch {
        ok = false;
      }
    }
    if (ok) {
      if (len > 1) multibyte++;
      i += len;
      continue;
    }
    flush(i);
    out += iconv().decode(bytes.subarray(i, i + 1), 'windows-1252');
    invalid++;
    i++;
    start = i;
  }
  flush(i);
  return { text: out, invalid, multibyte };
}

/**
 * Decodes bytes to text. `declared` is a charset the container already named (a MIME header); otherwise the
 * text's own declaration is read. The result never contains U+FFFD that was not in the source.
 */
export function decodeBytes(bytes: Buffer, declared?: string): Decoded {
  const warnings: string[] = [];
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { ...decodeMixedOrUtf8(bytes.subarray(3), warnings), by: 'bom', warnings };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv().decode(bytes.subarray(2), 'utf-16le'), encoding: 'utf-16le', by: 'bom', warnings };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv().decode(bytes.subarray(2), 'utf-16be'), encoding: 'utf-16be', by: 'bom', warnings };
  const utf16 = looksUtf16(bytes);
  if (utf16) return { text: iconv().decode(bytes, utf16), encoding: utf16, by: 'utf-16-pattern', warnings };

  const label = declared ?? declaredCharset(bytes.subarray(0, 1024).toString('latin1'));
  if (label) {
    const name = charsetName(label);
    if (!name) warnings.push(`the declared charset "${label}" is not known; read as UTF-8 or Windows-1252`);
    else if (name !== 'utf-8' && name !== 'utf8') return { text: iconv().decode(bytes, name), encoding: name, by: 'declared', warnings };
  }
  const r = decodeMixedOrUtf8(bytes, warnings);
  return { ...r, warnings };
}

function decodeMixedOrUtf8(bytes: Buffer, warnings: string[]): { text: string; encoding: string; by: Decoded['by'] } {
  const utf8 = utf8Text(bytes);
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8', by: 'utf-8' };
  const { text, invalid, multibyte } = decodeMixed(bytes);
  if (multibyte === 0) {
    warnings.push('the file declares no charset and is not UTF-8: read as Windows-1252');
    return { text: iconv().decode(bytes, 'windows-1252'), encoding: 'windows-1252', by: 'fallback' };
  }
  warnings.push(`${invalid} byte(s) that are not UTF-8 were read as Windows-1252`);
  return { text, encoding: 'utf-8', by: 'mixed' };
}

// teletype framing (SOH STX ETX EOT, BS, DLE..SYN, FS..US) is part of ANPA/IPTC 7901 copy, not a sign of binary
const TELETYPE = new Set([1, 2, 3, 4, 8, 16, 17, 18, 19, 20, 21, 22, 28, 29, 30, 31]);

/** Refuses text that still holds NUL or many control characters once decoded (binary data). */
export function assertText(text: string): void {
  const n = Math.min(text.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0) throw new PermanentError('BINARY', 'the file is binary data, not text: copydesk accepts text, XML, JSON, HTML and email files');
    if ((c < 9 || (c > 13 && c < 32 && c !== 27)) && !TELETYPE.has(c)) control++;
  }
  if (n && control / n > 0.1) throw new PermanentError('BINARY', 'the file is binary data, not text: copydesk accepts text, XML, JSON, HTML and email files');
}
