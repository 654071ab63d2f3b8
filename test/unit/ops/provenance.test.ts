import { effectiveKey, provenanceKey } from '../../../src/ops/provenance.js';

describe('provenance keys', () => {
  const p = { copydeskVersion: '0.1.0', rulesHash: 'aaaa', configHash: 'cccc', taggerVersion: 'tagger-1' };

  test('rules, config and tagger decide staleness; the copydesk version alone does not', () => {
    expect(provenanceKey(p)).toBe('rules=aaaa config=cccc tagger=tagger-1');
    expect(provenanceKey({ ...p, copydeskVersion: '0.2.0' })).toBe(provenanceKey(p));
    expect(provenanceKey({ ...p, rulesHash: 'bbbb' })).not.toBe(provenanceKey(p));
    expect(provenanceKey({ ...p, configHash: undefined })).toBe('rules=aaaa config=? tagger=tagger-1');
  });

  test('a provenance confirmed in Redis after an unchanged rerun wins over the stored envelope', () => {
    expect(effectiveKey({ provenance: p }, undefined)).toBe(provenanceKey(p));
    expect(effectiveKey({ provenance: p }, 'rules=new config=new tagger=new')).toBe('rules=new config=new tagger=new');
  });
});
