import { sniffUrgency } from '../../../src/formats/sniff-urgency.js';

describe('sniffUrgency reads urgency from the first bytes', () => {
  test.each([
    ['an ANPA flash', '\x16\x16\x01W1645\x1fwire\nf a\x13\x11 BC-APNewsAlert     01-05 0020\n', 1],
    ['an ANPA bulletin', '\x16\x16\x01W1645\x1fwire\nb a\x13\x11 BC-Slug     01-05 0020\n', 2],
    ['an ANPA routine story', '\x16\x16\x01W2607\x1fwire\nr a\x13\x11 BC-Slug 1stLd-Writethru   11-13 1693\n', 5],
    ['an IPTC 7901 priority 1', '\x01exw062 1 i 211 ccccb   exw 061\r\n', 1],
    ['an IPTC 7901 without SOH', 'exw00075 3 i 510    exw 1003\n', 3],
    ['a NewsML-G2 urgency', '<newsItem><contentMeta><urgency>2</urgency>', 2],
    ['an NITF ed-urg', '<nitf><head><docdata><urgency ed-urg="1"/>', 1],
    ['plain text', 'PORTVALE – Nothing urgent here.', undefined],
  ])('%s', (_name, head, urgency) => {
    expect(sniffUrgency(Buffer.from(head, 'latin1'))).toBe(urgency);
  });
});
