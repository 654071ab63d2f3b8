import { ninjsProblems } from '../../../src/ninjs/validate-ninjs.js';
import { parseInput } from '../../../src/formats/index.js';
import { runFixture, runText } from '../../helpers/fixture-pipeline.js';
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';

const parse = (rel: string) => parseInput(fs.readFileSync(path.join(fixturesDir, rel)), { fileName: rel, maxBytes: 1e7 });

describe('NewsML-G2', () => {
  test('maps guid, version, status, urgency, metadata and the XHTML body', () => {
    const s = parse('wire/harbour-update.g2.xml');
    expect(s).toMatchObject({
      format: 'newsml-g2', type: 'text', guid: 'tag:example-wire.test,2026:harbour-crane', providerVersion: 3, pubStatus: 'usable',
      urgency: 2, located: 'Portvale', byline: 'By Mara Lindqvist', slugline: 'Harbour-Crane', language: 'en',
      headline: 'Portvale harbour raises its tallest crane', ednote: "Corrects the crane's height in the second paragraph.", wordCount: 41,
    });
    expect(s.keywords).toEqual(['harbour', 'cranes']);
    expect(s.blocks.map((b) => b.text)[1]).toBe('The crane was shipped in three parts & assembled on the quay over six weeks.');
  });

  test('the envelope is valid ninjs: guid as uri and altid, subjects as IPTC URIs with names, no keywords in ninjs', () => {
    const { envelope } = runFixture('wire/harbour-update.g2.xml');
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
    expect(envelope.ninjs.uri).toBe('tag:example-wire.test,2026:harbour-crane');
    expect(envelope.ninjs.altids).toContainEqual({ role: 'guid', value: 'tag:example-wire.test,2026:harbour-crane' });
    expect(envelope.ninjs.subjects).toEqual([
      { name: 'economy, business and finance', uri: 'http://cv.iptc.org/newscodes/mediatopic/04000000' },
      { name: 'sport', uri: 'http://cv.iptc.org/newscodes/subjectcode/15000000' },
    ]);
    expect(envelope.ninjs).not.toHaveProperty('keywords');
    expect(envelope.wire).toMatchObject({ keywords: ['harbour', 'cranes'], providerVersion: 3, wordCount: 41 });
    expect(envelope.ninjs.ednote).toMatch(/Corrects/);
    expect(envelope.ninjs.bodies[0]!.value).not.toMatch(/Corrects/);
  });

  test('a kill with an empty body is valid input and builds a canceled document on the same id', () => {
    const update = runFixture('wire/harbour-update.g2.xml').envelope;
    const kill = runFixture('wire/harbour-kill.g2.xml').envelope;
    expect(kill.ninjs.pubstatus).toBe('canceled');
    expect(kill.id).toBe(update.id);
    expect(ninjsProblems(kill.ninjs)).toEqual([]);
  });

  test('a package becomes a composite with one association per item reference, each with an absolute uri', () => {
    const xml = `<packageItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.test:pkg1" version="1">
      <itemMeta><itemClass qcode="ninat:composite"/><pubStatus qcode="stat:usable"/></itemMeta>
      <contentMeta><headline>Harbour in pictures</headline></contentMeta>
      <groupSet root="G1"><group id="G1" role="group:main">
        <itemRef residref="urn:newsml:example.test:text1"><itemClass qcode="ninat:text"/><title>The story</title></itemRef>
        <itemRef residref="photo-77"><itemClass qcode="ninat:picture"/><title>The crane at dusk</title></itemRef>
      </group></groupSet></packageItem>`;
    const { envelope } = runText(xml, 'pkg.xml');
    expect(envelope.ninjs.type).toBe('composite');
    expect(envelope.ninjs.associations?.map((a) => [a.type, a.uri])).toEqual([
      ['text', 'urn:newsml:example.test:text1'],
      ['picture', expect.stringMatching(/^urn:copydesk:association:/)],
    ]);
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
  });
});

describe('NITF', () => {
  test('reads a Latin-1 file with its declared charset, docdata, headlines, byline, dateline and a table', () => {
    const s = parse('wire/bridge-vote.nitf.xml');
    expect(s).toMatchObject({
      format: 'nitf', guid: 'EXW.2026.0042', urgency: 4, headline: 'Council votes for the new bridge', subheadline: 'Works to start in spring',
      byline: 'By José Martínez', located: 'RIVERTON', copyrightNotice: 'Copyright 2026 Example Wire', category: 'news', takeKey: '1stLd', wordCount: 38,
      ednote: 'Not for publication: photos to follow.',
    });
    expect(s.blocks[0]!.text).toContain('café-lined');
    const table = s.blocks.find((b) => b.kind === 'table')!;
    expect(table.text).toBe('Vote\tCount\nFor\t9\nAgainst\t2');
    expect(table.html).toContain('<td>Against</td><td>2</td>');
  });

  test('the document has the table as preformatted text and as an HTML table, and a non-URI guid as an altid', () => {
    const { envelope } = runFixture('wire/bridge-vote.nitf.xml');
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
    expect(envelope.ninjs.uri).toMatch(/^urn:copydesk:document:/);
    expect(envelope.ninjs.altids).toContainEqual({ role: 'guid', value: 'EXW.2026.0042' });
    expect(envelope.ninjs.bodies.find((b) => b.contenttype === 'text/html')?.value).toContain('<table>');
    expect(envelope.ninjs.genres).toEqual([{ literal: 'news' }]);
  });
});

describe('ninjs and agency JSON input', () => {
  test('ninjs 1.x: headline, body_html, byline, subject codes and the guid', () => {
    const s = parseInput(Buffer.from(JSON.stringify({
      guid: 'urn:example:1', version: '2', type: 'text', urgency: 3, pubstatus: 'usable', headline: 'Quay reopens',
      byline: 'Ana Ruiz', body_html: '<p>The quay reopened on Friday.</p><p>Boats queued at dawn.</p>', subject: [{ code: '04000000', name: 'economy' }],
      embargoed: '2030-01-01T06:00:00+0000',
    })), { fileName: 'a.json', maxBytes: 1e6 });
    expect(s).toMatchObject({ format: 'ninjs', guid: 'urn:example:1', providerVersion: 2, headline: 'Quay reopens', byline: 'Ana Ruiz', embargoed: '2030-01-01T06:00:00Z' });
    expect(s.blocks.map((b) => b.text)).toEqual(['The quay reopened on Friday.', 'Boats queued at dawn.']);
  });

  test('ninjs 2.x: headlines, bodies, a picture item without body publishes with its type', () => {
    const { envelope } = runText(JSON.stringify({ uri: 'http://example.test/pic/1', type: 'picture', headlines: [{ role: 'main', value: 'Crane at dusk' }], descriptions: [{ role: 'caption', value: 'The crane at dusk.' }] }), 'p.json');
    expect(envelope.ninjs).toMatchObject({ type: 'picture', uri: 'http://example.test/pic/1' });
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
  });

  test('dpa digitalwires: the dateline goes back in front of the body, the embargo is kept', () => {
    const s = parseInput(Buffer.from(JSON.stringify({
      format: 'digitalwires@0.9.1', urn: 'urn:newsml:example.test:20260105:1', version: 1, pubstatus: 'usable', embargoed: '2030-01-05T19:00:00+01:00',
      headline: 'Museum opens', dateline: 'Berlin (dpa) - ', article_html: '<section class="main"><p>The museum opened on Monday.</p></section>',
    })), { fileName: 'd.json', maxBytes: 1e6 });
    expect(s.blocks[0]!.text).toBe('Berlin (dpa) - The museum opened on Monday.');
    expect(s.embargoed).toBe('2030-01-05T18:00:00Z');
  });
});
