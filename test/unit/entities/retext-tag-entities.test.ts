import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { VFile } from 'vfile';
import retextTagEntities from '../../../src/entities/retext-tag-entities.js';
import { createTagger } from '../../../src/entities/tagger.js';
import type { Entity, EntityTagger, TagInput, TagTreeInput } from '../../../src/entities/types.js';

const text = 'Angela Merkel met Emmanuel Macron in Paris on Monday.\n\nMerkel said the European Union would act.';

function run(options: Parameters<typeof retextTagEntities>[0], data: VFile['data'] = {}) {
  const processor = unified().use(retextEnglish).use(retextTagEntities, options).freeze();
  const file = new VFile({ value: text, data });
  processor.runSync(processor.parse(file), file);
  return file;
}

describe('retext-tag-entities', () => {
  test('the tagger option is required', () => {
    expect(() => unified().use(retextEnglish).use(retextTagEntities, {} as never).freeze()).toThrow(TypeError);
  });

  test('a tagger that takes trees gets the tree, the published body and the headline', () => {
    const seen: TagTreeInput[] = [];
    const tagger: EntityTagger = {
      version: 'fake-1',
      tag: () => [],
      tagTree: (input) => {
        seen.push(input);
        return [{ type: 'place', name: 'Paris', mentions: [], count: 1, relevance: 1 }];
      },
    };
    const file = run({ tagger }, { headline: 'Merkel and Macron meet' });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toBe(text);
    expect(seen[0]!.headline).toBe('Merkel and Macron meet');
    expect((seen[0]!.tree as Root).type).toBe('RootNode');
    expect(file.data.entities!.map((e) => e.name)).toEqual(['Paris']);
  });

  test('the headline option overrides file.data; a text-only tagger gets the body text', () => {
    const seen: TagInput[] = [];
    const tagger: EntityTagger = { version: 'fake-2', tag: (input) => (seen.push(input), [] as Entity[]) };
    run({ tagger, headline: () => 'From the option' }, { headline: 'From the data' });
    expect(seen).toEqual([{ headline: 'From the option', body: text }]);
  });

  test('with the shipped model: people, places and organisations with offsets into the body', () => {
    const file = run({ tagger: createTagger() });
    const entities = file.data.entities!;
    const names = entities.map((e) => `${e.type}:${e.name}`);
    expect(names).toEqual(expect.arrayContaining(['person:Angela Merkel', 'person:Emmanuel Macron', 'place:Paris', 'organisation:European Union']));
    expect(names.filter((n) => n.includes('Merkel'))).toEqual(['person:Angela Merkel']);
    for (const e of entities) for (const m of e.mentions) expect(text.slice(m.start, m.end)).toBe(m.text);
    expect(entities.find((e) => e.name === 'Angela Merkel')!.count).toBe(2);
  });
});

describe('createTagger', () => {
  test('has a model version and tags plain text the same way as a parsed tree', () => {
    const tagger = createTagger();
    expect(tagger.version).toMatch(/^ner-/);
    const tree = unified().use(retextEnglish).parse(text) as Root;
    expect(tagger.tag({ body: text })).toEqual(tagger.tagTree!({ tree, body: text }));
  });

  test('loads the model once and fast', () => {
    const t = performance.now();
    const again = createTagger();
    expect(again.version).toMatch(/^ner-/);
    expect(performance.now() - t).toBeLessThan(50);
  });

  test('a missing model file is a clear error', () => {
    expect(() => createTagger({ modelPath: '/nonexistent/model.bin.gz' }).version).toThrow(/ENOENT|no such file/);
  });
});
