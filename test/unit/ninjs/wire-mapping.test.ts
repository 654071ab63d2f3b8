import { isAbsoluteUri, isStaleProviderVersion, subjectName, subjectUri } from '../../../src/ninjs/wire-mapping.js';

describe('wire mapping rules', () => {
  test.each([
    ['urn:newsml:example.test:2026:1', true],
    ['tag:reuters.com,2016:newsml_L1N14N0FF', true],
    ['https://example.test/item/1', true],
    ['EXW.2026.0042', false],
    ['fd8e441b-a698-4411-9246-7d5de21cced9', false],
  ])('isAbsoluteUri(%s) is %s', (s, expected) => expect(isAbsoluteUri(s)).toBe(expected));

  test('IPTC codes become IPTC URIs; other codes get none', () => {
    expect(subjectUri('subj:04000000')).toBe('http://cv.iptc.org/newscodes/subjectcode/04000000');
    expect(subjectUri('medtop:20000106')).toBe('http://cv.iptc.org/newscodes/mediatopic/20000106');
    expect(subjectUri('01000000')).toBe('http://cv.iptc.org/newscodes/subjectcode/01000000');
    expect(subjectUri('e')).toBeUndefined();
    expect(subjectUri('category:planning')).toBeUndefined();
    expect(subjectName('subj:17000000')).toBe('weather');
  });

  test('a lower provider version after a higher one is stale; a kill never is; unnumbered versions are not compared', () => {
    expect(isStaleProviderVersion({ providerVersion: 4 }, { providerVersion: 3 })).toBe(true);
    expect(isStaleProviderVersion({ providerVersion: 4 }, { providerVersion: 5 })).toBe(false);
    expect(isStaleProviderVersion({ providerVersion: 4 }, { providerVersion: 3, pubstatus: 'canceled' })).toBe(false);
    expect(isStaleProviderVersion({}, { providerVersion: 3 })).toBe(false);
    expect(isStaleProviderVersion(undefined, { providerVersion: 3 })).toBe(false);
  });
});
