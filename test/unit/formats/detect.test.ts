import { PermanentError } from '../../../src/errors/index.js';
import { detectFormat } from '../../../src/formats/detect.js';

describe('detectFormat reads the content, not the name', () => {
  test.each([
    ['<?xml version="1.0"?>\n<!-- c --><nitf><head/></nitf>', 'nitf'],
    ['<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/"/>', 'newsml-g2'],
    ['<ns0:packageItem xmlns:ns0="http://iptc.org/std/nar/2006-10-01/"/>', 'newsml-g2'],
    ['<?xml version="1.0"?><!DOCTYPE NewsML SYSTEM "x.dtd"><NewsML Version="1.2"/>', 'newsml-1.2'],
    ['<rss><channel/></rss>', 'other-xml'],
    ['<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    ['{"uri":"urn:x:1","headlines":[{"value":"h"}]}', 'ninjs'],
    ['{"guid":"1","headline":"h","body_text":"b"}', 'ninjs'],
    ['{"data":{"item":{"headline":"h"}}}', 'agency-json'],
    ['{"format":"digitalwires@0.9","headline":"h"}', 'agency-json'],
    ['\x16\x16\x01a0001\x1fwire\nr a\x13\x11 BC-Slug     01-05 0100\n\x02\tTEXT\x03', 'anpa-1312'],
    ['\x01abc123 4 i 211 ccccb   xyz 061\n\nslug/\n\x02Headline =\n', 'iptc7901'],
    ['ZCZC ABC\n%A\n$Headline\n', 'aap-zczc'],
    ['From: a@b.test\nTo: c@d.test\nSubject: hi\nDate: Mon, 5 Jan 2026 10:00:00 +0000\n\nbody', 'email'],
    ['Just a line of copy.\nAnother line.', 'plain-text'],
  ])('%j is %s', (text, format) => {
    expect(detectFormat(text).format).toBe(format);
  });

  test('JSON of no known shape fails naming what was seen and what is supported', () => {
    expect(() => detectFormat('{"foo": 1, "bar": 2}')).toThrow(PermanentError);
    expect(() => detectFormat('{"foo": 1, "bar": 2}')).toThrow(/detected JSON \(top-level keys: foo, bar\).*supported: NITF, NewsML-G2/);
  });
});
