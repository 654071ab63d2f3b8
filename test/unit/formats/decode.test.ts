import { execFileSync } from 'node:child_process';
import iconv from 'iconv-lite';
import { decodeBytes, declaredCharset, plainUtf8 } from '../../../src/formats/decode.js';

describe('decodeBytes', () => {
  test('reads Latin-1 text without a declaration as Windows-1252 and says so', () => {
    const r = decodeBytes(Buffer.from('Caf\xe9 cr\xe8me in M\xfcnchen', 'latin1'));
    expect(r.text).toBe('Café crème in München');
    expect(r.by).toBe('fallback');
    expect(r.warnings.join()).toMatch(/Windows-1252/);
  });

  test('reads Windows-1252 smart quotes and dashes', () => {
    const r = decodeBytes(Buffer.from([0x93, 0x48, 0x69, 0x94, 0x20, 0x96, 0x20, 0x85]));
    expect(r.text).toBe('\u201cHi\u201d \u2013 \u2026');
  });

  test('keeps a page of UTF-8 with one stray byte: the stray byte alone is read as Windows-1252', () => {
    const bytes = Buffer.concat([Buffer.from('Zürich – “quoted” '), Buffer.from([0x92]), Buffer.from('s end')]);
    const r = decodeBytes(bytes);
    expect(r.text).toBe('Zürich – “quoted” ’s end');
    expect(r.text).not.toContain('\uFFFD');
    expect(r.by).toBe('mixed');
  });

  test.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('Grüße aus Köln', 'utf-16le')])],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode('Grüße aus Köln', 'utf-16be')])],
    ['UTF-16LE without BOM', iconv.encode('Grüße aus Köln', 'utf-16le')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Grüße aus Köln')])],
  ])('reads %s', (_name, bytes) => {
    expect(decodeBytes(bytes).text).toBe('Grüße aus Köln');
  });

  test.each([
    ['ASCII', 'Plain wire copy, 12 lines.\n'],
    ['Latin-1 letters', 'Zürich, Malmö and São Paulo'],
    ['letters beyond Latin-1 and astral ones', 'Kyiv (Київ) – “quoted” 𝔸 🙂 end'],
    ['a NUL-free control mix', 'tab\there\r\nline'],
  ])('reads valid UTF-8 (%s) exactly as a strict TextDecoder does', (_name, text) => {
    const bytes = Buffer.from(text, 'utf8');
    const r = decodeBytes(bytes);
    expect(r.text).toBe(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    expect(r).toMatchObject({ encoding: 'utf-8', by: 'utf-8', warnings: [] });
  });

  test('a file marked twice loses both byte order marks, as it did when a strict TextDecoder read it', () => {
    const r = decodeBytes(Buffer.from('\uFEFF\uFEFFDouble-marked copy – ok', 'utf8'));
    expect(r.text).toBe('Double-marked copy – ok');
    expect(r.by).toBe('bom');
  });

  test.each([
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['an overlong slash', [0xc0, 0xaf]],
  ])('%s encoded in UTF-8 is not valid UTF-8: read byte by byte, without U+FFFD', (_name, bad) => {
    const r = decodeBytes(Buffer.concat([Buffer.from('café '), Buffer.from(bad), Buffer.from(' ok')]));
    expect(r.text).not.toContain('\uFFFD');
    expect(r.text.startsWith('café ')).toBe(true);
    expect(r.by).toBe('mixed');
  });

  test('honours the charset an XML prolog declares', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="ISO-8859-15"?><a>5 \u20ac</a>', 'iso-8859-15');
    expect(decodeBytes(bytes).text).toContain('5 \u20ac');
    expect(declaredCharset('<?xml version="1.0" encoding="UTF-8"?>')).toBe('utf-8');
    expect(declaredCharset('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">')).toBe('windows-1252');
  });

  test('a charset given by the container (a MIME header) wins', () => {
    expect(decodeBytes(iconv.encode('Ærø', 'iso-8859-1'), 'iso-8859-1').text).toBe('Ærø');
  });
});

describe('binary data', () => {
  test('bytes with many zeros that do not read as UTF-16 text are refused as binary, not decoded', async () => {
    const { parseInput } = await import('../../../src/formats/index.js');
    const bytes = Buffer.alloc(400);
    for (let i = 0; i < bytes.length; i += 2) bytes[i] = (i * 37 + 11) % 256 < 32 ? 200 : (i * 37 + 11) % 256 | 0x80;
    expect(() => parseInput(bytes, { fileName: 'x.bin', maxBytes: 1e6 })).toThrow(/binary/);
  });
});

describe('iconv-lite is loaded only for legacy charsets', () => {
  // run in a fresh Node process over the compiled module: whether iconv-lite was required shows in require.cache
  const probe = (bytesExpr: string): { loaded: boolean; encoding: string } => {
    const script = `
      import { createRequire } from 'node:module';
      const { decodeBytes } = await import('./dist/src/formats/decode.js');
      const r = decodeBytes(${bytesExpr});
      const cache = createRequire(import.meta.url).cache;
      const loaded = Object.keys(cache).some((k) => k.includes('iconv-lite'));
      process.stdout.write(JSON.stringify({ loaded, encoding: r.encoding }));`;
    return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })) as { loaded: boolean; encoding: string };
  };

  test('UTF-8 text, declared UTF-8 or not, does not load it', () => {
    expect(probe(`Buffer.from('<meta charset="utf-8"><p>Caf\\u00e9</p>')`)).toEqual({ loaded: false, encoding: 'utf-8' });
    expect(probe(`Buffer.from('plain caf\\u00e9 text')`)).toEqual({ loaded: false, encoding: 'utf-8' });
  });

  test('a declared legacy charset loads it and decodes with it', () => {
    expect(probe(`Buffer.from('<meta charset="koi8-r"><p>\\xe1</p>', 'latin1')`)).toEqual({ loaded: true, encoding: 'koi8-r' });
  });
});

describe('plainUtf8', () => {
  test('gives the bytes decodeBytes reads as UTF-8 without a warning, and nothing for the rest', () => {
    const page = Buffer.from('<html><body><p>Straße — “quoted”</p></body></html>', 'utf8');
    expect(plainUtf8(page)).toBe(page);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), page]);
    expect(plainUtf8(withBom)?.equals(page)).toBe(true);
    expect(decodeBytes(withBom).text).toBe(page.toString('utf8'));
    expect(plainUtf8(Buffer.from('<meta charset="utf-8"><p>x</p>'))).toBeDefined();
    // another charset, declared or in a UTF-16 form, or bytes that are not UTF-8: decodeBytes reads them otherwise
    expect(plainUtf8(Buffer.from('<meta charset="iso-8859-2"><p>x</p>'))).toBeUndefined();
    expect(plainUtf8(Buffer.from('<meta charset="x-unheard-of"><p>x</p>'))).toBeUndefined();
    expect(plainUtf8(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toBeUndefined();
    expect(plainUtf8(iconv.encode('Plain words of a wire story, written in UTF-16 without a byte order mark.', 'utf-16le'))).toBeUndefined();
    expect(plainUtf8(Buffer.from([0x3c, 0x70, 0x3e, 0x93, 0x71, 0x94]))).toBeUndefined();
  });
});
