import { runFixture, fixturePipeline } from '../../helpers/fixture-pipeline.js';

describe('the pipeline reports its stages and provenance', () => {
  test('each document comes with parse, clean, tag and build times in ms', () => {
    const { times } = runFixture('text/harbour-fire.txt');
    expect(Object.keys(times).sort()).toEqual(['build', 'clean', 'parse', 'tag']);
    for (const ms of Object.values(times)) {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThan(10_000);
    }
  });

  test('every envelope records the rules hash, config hash, tagger version and copydesk version', () => {
    const { envelope } = runFixture('text/harbour-fire.txt');
    expect(envelope.provenance).toEqual(fixturePipeline().provenance);
    expect(envelope.provenance).toEqual({
      copydeskVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      rulesHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      configHash: expect.stringMatching(/^[0-9a-f]{16}$/),
      taggerVersion: expect.any(String),
    });
    expect(envelope.provenance.rulesHash).not.toBe(envelope.provenance.configHash);
  });
});
