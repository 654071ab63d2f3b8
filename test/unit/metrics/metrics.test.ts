import { createMetrics } from '../../../src/metrics/metrics.js';

describe('createMetrics', () => {
  test('stage times in ms are observed in seconds under their stage label', async () => {
    const m = createMetrics({ processMetrics: false });
    m.observeStages({ parse: 2, clean: 4, tag: 1, build: 3 });
    m.observeStages({ publish: 250 });
    const text = await m.registry.metrics();
    expect(text).toContain('copydesk_stage_duration_seconds_count{stage="parse"} 1');
    expect(text).toContain('copydesk_stage_duration_seconds_sum{stage="publish"} 0.25');
    expect(text).toMatch(/copydesk_stage_duration_seconds_bucket\{le="0.005",stage="clean"\} 1/);
  });

  test('a source label is a short slug, and past 50 distinct sources everything new is "other"', () => {
    const m = createMetrics({ processMetrics: false });
    expect(m.sourceLabel('Associated Press')).toBe('associated-press');
    expect(m.sourceLabel(undefined)).toBe('unknown');
    expect(m.sourceLabel('  ')).toBe('unknown');
    for (let i = 0; i < 60; i++) m.sourceLabel(`Agency ${i}`);
    expect(m.sourceLabel('A brand new wire')).toBe('other');
    expect(m.sourceLabel('Associated Press')).toBe('associated-press');
  });

  test('each app has its own registry: two metric sets do not share counts', async () => {
    const a = createMetrics({ processMetrics: false });
    const b = createMetrics({ processMetrics: false });
    a.ingested.inc({ format: 'plain-text', source: 'x' });
    expect(await a.registry.metrics()).toContain('copydesk_documents_ingested_total{format="plain-text",source="x"} 1');
    expect(await b.registry.metrics()).not.toContain('copydesk_documents_ingested_total{');
  });
});
