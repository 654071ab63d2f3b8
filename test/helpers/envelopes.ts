// Small valid envelopes for store tests.
import type { Envelope } from '../../src/ninjs/envelope.js';

export function makeEnvelope(id: string, body: string, overrides: Partial<Envelope['ninjs']> = {}): Envelope {
  return {
    id,
    version: 1,
    source: { path: '/tmp/x', originalName: 'x.txt', sha256: 'a'.repeat(64), format: 'plain-text', bytes: body.length, receivedAt: '2026-01-01T00:00:00.000Z' },
    ninjs: {
      uri: `urn:copydesk:document:${id}`,
      type: 'text',
      version: '1',
      versioncreated: '2026-01-01T00:00:00.000Z',
      pubstatus: 'usable',
      language: 'en',
      headlines: [{ role: 'main', value: `Headline of ${id}` }],
      bodies: [{ role: 'main', contenttype: 'text/plain', value: body }],
      ...overrides,
    },
    entities: [{ type: 'place', name: 'Portvale', mentions: [{ text: 'Portvale', start: 0, end: 8 }], count: 1, relevance: 1 }],
    removed: [],
    credits: [],
    related: [],
    warnings: [],
    provenance: { copydeskVersion: '0.0.0', rulesHash: 'r', taggerVersion: 't' },
    contentHash: `${body}|${overrides.pubstatus ?? 'usable'}`,
  };
}
