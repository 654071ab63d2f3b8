import iconv from 'iconv-lite';
import { parseInput } from '../../../src/formats/index.js';
import { ninjsProblems } from '../../../src/ninjs/validate-ninjs.js';
import { runText } from '../../helpers/fixture-pipeline.js';

const parse = (text: string | Buffer) => parseInput(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'), { fileName: 'x', maxBytes: 1e7 });

// own fixtures, written for these tests
const ANPA_STORY = '\x16\x16\x01a0417\x1fwire\nu a\x13\x11 BC-Harbour-Crane 2ndLd-Writethru   01-05 0062\n\x02^BC-Harbour-Crane, 2nd Ld-Writethru,62<\n' +
  '^Portvale raises its tallest crane<\n^Eds: Updates with the mayor\'s comment.<\n^By MARA LINDQVIST=\n^Associated Press=\n' +
  '\t   PORTVALE (AP) _ Workers on Monday raised the tallest crane the harbour\nhas ever had.\n \n\t   ``It is a big day,\'\' the mayor said.\n\x03AP-WF-01-05-26 1200GMT<\n';
const ANPA_AGATE = '\x16\x16\x01s0285\x1f-----\nr s\x14\x12 BC-BBO--Standings     01-05 \r\n\x02^BC-BBO--Standings<\r\n^League Standings=\r\n^By The Associated Press=\r\n' +
  '\x08^\x1f\x1e W\x1e \x1e L\r\n\x08Portvale\x10 Docks\x1f\x1e 10\x1e \x1e 2\r\n\x08Riverton\x1f\x1e 7\x1e \x1e 5\r\n\x03\r\n';
const ANPA_FLASH = '\x16\x16\x01W1645\x1fwire\nf a\x13\x11 BC-APNewsAlert     01-05 0020\n\x02^BC-APNewsAlert,20<\n\t   PORTVALE (AP) _ The harbour crane has collapsed, officials say.\n\x03\n';

describe('ANPA-1312', () => {
  test('reads the header line: priority, category, slug, take key, word count; ^ lines: headline, ednote, byline', () => {
    const s = parse(ANPA_STORY);
    expect(s).toMatchObject({ format: 'anpa-1312', urgency: 3, category: 'a', slugline: 'BC-Harbour-Crane', takeKey: '2ndLd-Writethru', wordCount: 62,
      headline: 'Portvale raises its tallest crane', byline: 'By MARA LINDQVIST', ednote: "Eds: Updates with the mayor's comment." });
    expect(s.blocks.map((b) => b.text)).toEqual(['PORTVALE (AP) _ Workers on Monday raised the tallest crane the harbour has ever had.', "``It is a big day,'' the mayor said."]);
  });

  test('an agate table (preformatted flag) becomes a table block as text and HTML', () => {
    const s = parse(ANPA_AGATE);
    const table = s.blocks.find((b) => b.kind === 'table')!;
    expect(table.text).toBe('\tW\tL\nPortvale Docks\t10\t2\nRiverton\t7\t5');
    expect(table.html).toContain('<tr><td>Portvale Docks</td><td>10</td><td>2</td></tr>');
    const { envelope } = runText(ANPA_AGATE, 'agate.tst');
    expect(envelope.ninjs.bodies.find((b) => b.contenttype === 'text/html')?.value).toContain('<table>');
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
  });

  test('a flash alert has urgency 1 and its sentence as headline', () => {
    const s = parse(ANPA_FLASH);
    expect(s.urgency).toBe(1);
    expect(s.headline).toBe('PORTVALE (AP) _ The harbour crane has collapsed, officials say.');
  });
});

describe('IPTC 7901', () => {
  const text = '\x01exw0042 3 i 120 ccccb   exw 042\r\n\r\nHarbour/cranes/\r\n\x021ST LEAD\r\nPortvale raises its tallest crane\r\nBy Mara Lindqvist, exw =\r\n\r\n' +
    '   Portvale (exw) - Workers on Monday raised the tallest crane the\r\nharbour has ever had.\r\n\r\n   It took six weeks to build.\r\n\r\n* * * *\r\nThe following information is not intended for publication\r\nContact: desk@example.test\r\n\r\nexw ml ab\r\n\x03121200 GMT Jan 05\r\n';
  test('reads keywords, take key, headline, byline, body, and keeps the not-for-publication note out of the body', () => {
    const s = parse(text);
    expect(s).toMatchObject({ format: 'iptc7901', urgency: 3, category: 'i', takeKey: '1ST LEAD', headline: 'Portvale raises its tallest crane', byline: 'By Mara Lindqvist, exw' });
    expect(s.keywords).toEqual(['Harbour', 'cranes']);
    expect(s.blocks.map((b) => b.text)).toEqual(['Portvale (exw) - Workers on Monday raised the tallest crane the harbour has ever had.', 'It took six weeks to build.']);
    expect(s.ednote).toMatch(/^The following information is not intended for publication Contact/);
  });

  test('Latin-1 copy without a declaration is read as Windows-1252', () => {
    const s = parse(Buffer.concat([Buffer.from('\x01exw0043 4 s 20 ccccb   exw 043\r\n\r\nFootball/\r\n\x02M\xfcller scores twice =\r\n\r\n   M\xfcnchen (exw) - M\xfcller scored.\r\n', 'latin1')]));
    expect(s.headline).toBe('Müller scores twice');
    expect(s.blocks[0]!.text).toBe('München (exw) - Müller scored.');
  });
});

describe('AAP ZCZC', () => {
  test('reads the keyed header lines and the body up to NNNN, keeping a results list preformatted', () => {
    const s = parse('ZCZC EXW\r\n%A\r\n#PM headlines\r\n$Portvale headlines round-up Jan 05, 1800\r\n:1800\r\n*04000000\r\n@QLD\r\nLatest headlines from the harbour.\r\n\r\n  3.00 Dream Crane\r\n  4.50 Dock Star\r\n  9.00 Quay Runner\r\n\r\nNNNN\r\n');
    expect(s).toMatchObject({ format: 'aap-zczc', headline: 'Portvale headlines round-up Jan 05, 1800', slugline: 'PM headlines', takeKey: '1800', located: 'QLD' });
    expect(s.subjects).toEqual([{ code: 'subj:04000000', scheme: 'subj' }]);
    expect(s.blocks.map((b) => b.kind)).toEqual(['p', 'pre']);
    expect(s.blocks[1]!.text).toBe('  3.00 Dream Crane\n  4.50 Dock Star\n  9.00 Quay Runner');
  });
});

describe('NewsML 1.2', () => {
  test('maps identification, management, news lines and an NITF body in DataContent', () => {
    const s = parse(`<?xml version="1.0" encoding="UTF-8"?><NewsML><NewsItem><Identification><NewsIdentifier><RevisionId>2</RevisionId>
      <PublicIdentifier>urn:newsml:example.test:20260105:EXW42:2</PublicIdentifier></NewsIdentifier></Identification>
      <NewsManagement><FirstCreated>20260105T100000Z</FirstCreated><Urgency FormalName="2"/><Status FormalName="Canceled"/></NewsManagement>
      <NewsComponent><NewsLines><HeadLine>Crane collapses</HeadLine><ByLine>Mara Lindqvist</ByLine></NewsLines>
      <DescriptiveMetadata><Language FormalName="en"/><SubjectCode><Subject FormalName="04000000"/></SubjectCode></DescriptiveMetadata>
      <ContentItem><MediaType FormalName="Text"/><DataContent><nitf><body><body.content><p>The crane fell.</p></body.content></body></nitf></DataContent></ContentItem>
      <ContentItem Href="crane.jpg"><MediaType FormalName="Photo"/></ContentItem></NewsComponent></NewsItem></NewsML>`);
    expect(s).toMatchObject({ format: 'newsml-1.2', guid: 'urn:newsml:example.test:20260105:EXW42:2', providerVersion: 2, pubStatus: 'canceled', urgency: 2,
      headline: 'Crane collapses', byline: 'Mara Lindqvist', language: 'en', firstCreated: '2026-01-05T10:00:00Z' });
    expect(s.blocks.map((b) => b.text)).toEqual(['The crane fell.']);
    expect(s.associations).toEqual([expect.objectContaining({ type: 'picture', uri: 'crane.jpg' })]);
  });
});

describe('email', () => {
  const mail = (body: string, headers = '') =>
    `From: "Harbour Desk" <desk@example.test>\r\nTo: news@example.test\r\nSubject: =?UTF-8?B?${Buffer.from('Kräne im Hafen – Update').toString('base64')}?=\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\nMessage-ID: <abc123@example.test>\r\nMIME-Version: 1.0\r\n${headers}${body}`;

  test('an RFC 2047 subject is the headline; a quoted-printable Windows-1252 body is decoded', () => {
    const qp = iconv.encode('The “tallest” crane – 92 m.\r\n', 'windows-1252').toString('latin1').replace(/[\x80-\xff=]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
    const s = parse(mail(`\r\n${qp}`, 'Content-Type: text/plain; charset=windows-1252\r\nContent-Transfer-Encoding: quoted-printable\r\n'));
    expect(s).toMatchObject({ format: 'email', headline: 'Kräne im Hafen – Update', guid: 'abc123@example.test', versionCreated: '2026-01-05T10:00:00Z' });
    expect(s.infosources).toEqual(['Harbour Desk']);
    expect(s.blocks.map((b) => b.text)).toEqual(['The “tallest” crane – 92 m.']);
  });

  test('multipart: the text part is the body, a base64 image attachment an association', () => {
    const body = 'Content-Type: multipart/mixed; boundary="XYZ"\r\n\r\npreamble\r\n--XYZ\r\nContent-Type: multipart/alternative; boundary=ALT\r\n\r\n--ALT\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n' +
      Buffer.from('Crane raised in Portvale.\n\nMore to follow.').toString('base64') + '\r\n--ALT\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Crane raised in Portvale.</p>\r\n--ALT--\r\n' +
      '--XYZ\r\nContent-Type: image/jpeg; name="crane.jpg"\r\nContent-Disposition: attachment; filename="crane.jpg"\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4AAQ\r\n--XYZ--\r\n';
    const s = parse(mail(body));
    expect(s.blocks.map((b) => b.text)).toEqual(['Crane raised in Portvale.', 'More to follow.']);
    expect(s.associations).toEqual([expect.objectContaining({ name: 'crane.jpg', type: 'picture', mimetype: 'image/jpeg' })]);
    const { envelope } = runText(mail(body), 'mail.eml');
    expect(ninjsProblems(envelope.ninjs)).toEqual([]);
  });
});
