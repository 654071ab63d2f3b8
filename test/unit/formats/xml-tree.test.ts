import { PermanentError } from '../../../src/errors/index.js';
import { parseInput } from '../../../src/formats/index.js';
import { find, parseXml, textOf } from '../../../src/formats/xml-tree.js';

const refusal = (f: () => unknown): PermanentError => {
  try {
    f();
  } catch (err) {
    return err as PermanentError;
  }
  throw new Error('expected a refusal');
};

describe('parseXml refuses hostile XML', () => {
  test('billion laughs: entity declarations in the DOCTYPE are refused, nothing is expanded', () => {
    const lol = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">` +
      `<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><nitf><body>&lol3;</body></nitf>`;
    const err = refusal(() => parseXml(lol));
    expect(err.code).toBe('UNSAFE_XML');
    expect(err.message).toMatch(/declares entities/);
  });

  test('an external entity pointing at /etc/passwd is refused and its content appears nowhere', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><nitf><head><title>t</title></head><body><body.content><p>&xxe;</p></body.content></body></nitf>`;
    const err = refusal(() => parseInput(Buffer.from(xxe), { fileName: 'x.xml', maxBytes: 1e6 }));
    expect(err.code).toBe('UNSAFE_XML');
    expect(err.message).toMatch(/external entity/);
    expect(JSON.stringify(err) + err.message).not.toMatch(/root:|\/bin\/(ba)?sh/);
  });

  test('10,000-deep nesting is refused naming the limit', () => {
    const deep = '<a>'.repeat(10_000) + 'x' + '</a>'.repeat(10_000);
    const err = refusal(() => parseXml(deep));
    expect(err.code).toBe('UNSAFE_XML');
    expect(err.message).toMatch(/deeper than 256 levels/);
  });

  test('an external DTD and parameter entities are neither fetched nor expanded, and the document still parses', () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE NewsML PUBLIC "x" "http://127.0.0.1:1/never.dtd" [<!ENTITY % nitf SYSTEM "../nitf.dtd"> %nitf;]><NewsML><p>ok</p></NewsML>`;
    expect(textOf(find(parseXml(xml), 'p'))).toBe('ok');
  });

  test('malformed XML is a permanent failure that says where', () => {
    const err = refusal(() => parseXml('<nitf><p>unclosed</nitf>'));
    expect(err.code).toBe('MALFORMED');
    expect(err.message).toMatch(/not well-formed: \d+:\d+/);
  });

  test('undeclared HTML entities common in wire XHTML are read, an unknown one does not fail the file', () => {
    const warnings: string[] = [];
    const root = parseXml('<p>A&nbsp;&mdash;&amp; B &bogus; C</p>', undefined, warnings);
    expect(textOf(root)).toBe("A \u2014& B &bogus; C");
    expect(warnings).toEqual([expect.stringMatching(/undefined entity/)]);
  });
});
