import { baseName, documentId } from '../../../src/ninjs/document-id.js';

describe('documentId', () => {
  test('uses the provider guid when there is one, whatever the file is called', () => {
    expect(documentId({ guid: 'urn:newsml:example.com:2026:story-1', originalName: 'a.xml' })).toBe(
      documentId({ guid: 'urn:newsml:example.com:2026:story-1', originalName: 'b.xml' }),
    );
  });

  test('uses the file name without extension or copy suffix when there is no guid', () => {
    expect(baseName('Harbour Fire (1).txt')).toBe('harbour fire');
    expect(documentId({ originalName: 'harbour-fire.txt' })).toBe(documentId({ originalName: 'harbour-fire (2).txt' }));
    expect(documentId({ originalName: 'harbour-fire.txt' })).not.toBe(documentId({ originalName: 'other.txt' }));
  });

  test('is 20 lower-case hex characters', () => {
    expect(documentId({ originalName: 'x.txt' })).toMatch(/^[0-9a-f]{20}$/);
  });
});
