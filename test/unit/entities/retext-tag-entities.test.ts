import type { Root } from 'nlcst';
import retextEnglish from 'retext-english';
import { unified } from 'unified';
import { VFile } from 'vfile';
import retextTagEntities from '../../../src/entities/retext-tag-entities.js';
import { createTagger } from '../../../src/entities/tagger.js';
import { unpackSentences } from '../../../src/entities/nlcst-tokens.js';
import { tagInput } from '../../../src/entities/tagger-input.js';
import type { Entity, EntityTagger, TaggerInput, TagInput } from '../../../src/entities/types.js';

const text = 'Angela Merkel met Emmanuel Macron in Paris on Monday.\n\nMerkel said the European Union would act.';

function run(options: Parameters<typeof retextTagEntities>[0], data: VFile['data'] = {}) {
  const processor = unified().use(retextEnglish).use(retextTagEntities, options).freeze();
  const file = new VFile({ value: text, data });
  processor.runSync(processor.parse(file), file);
  return file;
}

describe('retext-tag-entities', () => {
  test("without a tagger, it leaves the tagger's input: tokens by sentence as offsets into the body and the headline", () => {
    const file = run({}, { headline: '  Merkel and Macron meet ' });
    expect(file.data.entities).toBeUndefined();
    const input = file.data.taggerInput!;
    expect(input.body).toBe(text);
    const words = (packed: TaggerInput['sentences'], source: string) => unpackSentences(packed, source).map((s) => s.tokens.map((t) => t.text).join(' '));
    expect(words(input.sentences, text)).toEqual(['Angela Merkel met Emmanuel Macron in Paris on Monday .', 'Merkel said the European Union would act .']);
    expect(words(input.headlineSentences, 'Merkel and Macron meet')).toEqual(['Merkel and Macron meet']);
    for (const s of unpackSentences(input.sentences, text)) for (const t of s.tokens) expect(text.slice(t.start, t.end)).toBe(t.text);
    // the input crosses threads as it is: no objects per token
    expect(input.sentences.offsets).toBeInstanceOf(Int32Array);
    expect(input.sentences.sentenceEnds).toEqual(Int32Array.of(10, 18));
  });

  test('a tagger that takes tokens gets the input the plugin leaves without one, and tags it the same', () => {
    const seen: TaggerInput[] = [];
    const tagger: EntityTagger = {
      version: 'fake-1',
      tag: () => [],
      tagSentences: (input) => {
        seen.push(input);
        return [{ type: 'place', name: 'Paris', mentions: [], count: 1, relevance: 1 }];
      },
    };
    const file = run({ tagger }, { headline: 'Merkel and Macron meet' });
    expect(seen).toEqual([run({}, { headline: 'Merkel and Macron meet' }).data.taggerInput]);
    expect(file.data.entities!.map((e) => e.name)).toEqual(['Paris']);
    // the tokens read off the tree's positions, tagged by the shipped model, against the model's own parse of the text
    const shipped = createTagger();
    const input = run({}, { headline: 'Merkel and Macron meet' }).data.taggerInput!;
    const fromText = shipped.tag({ body: text, headline: 'Merkel and Macron meet' });
    expect(fromText.length).toBeGreaterThan(2);
    expect(tagInput(shipped, input)).toEqual(fromText);
    expect(run({ tagger: shipped }, { headline: 'Merkel and Macron meet' }).data.entities).toEqual(fromText);
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
    expect(tagger.tag({ body: text })).toEqual(tagger.tagTree({ tree, body: text }));
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
