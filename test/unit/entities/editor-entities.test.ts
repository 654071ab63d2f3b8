// Our own wire story in the seed's style (caption, dateline, READ MORE promo, credit line) through the whole
// pipeline: the people, organisations and places an editor would tag, with canonical names and nothing else.
import { runFixture } from '../../helpers/fixture-pipeline.js';

const { envelope } = runFixture('text/grain-corridor.txt');
const body = envelope.ninjs.bodies![0]!.value;
const names = (type: string) => envelope.entities.filter((e) => e.type === type).map((e) => e.name).sort();

describe('entities of a wire story, as an editor would tag them', () => {
  test('people: full names, titles left out, surnames merged into them', () => {
    expect(names('person')).toEqual(['Antonio Guterres', 'Antony Blinken', 'Mykola Solsky', 'Recep Tayyip Erdogan']);
    expect(envelope.entities.find((e) => e.name === 'Antonio Guterres')!.count).toBe(2);
    expect(envelope.entities.find((e) => e.name === 'Mykola Solsky')!.mentions.map((m) => m.text)).toEqual(['Mykola Solsky', 'Solsky']);
  });

  test('organisations: an acronym joins its full name', () => {
    expect(names('organisation')).toEqual(['United Nations', 'World Bank', 'World Food Programme']);
    expect(envelope.entities.find((e) => e.name === 'United Nations')!.mentions.map((m) => m.text)).toEqual(['United Nations', 'U.N.']);
  });

  test('places: "U.S." and "United States" are one place; the dateline is written as a name', () => {
    expect(names('place')).toEqual(['Ankara', 'Black Sea', 'Egypt', 'Geneva', 'Istanbul', 'Lebanon', 'Odesa', 'Turkey', 'Ukraine', 'United States']);
    expect(envelope.entities.find((e) => e.name === 'United States')!.mentions.map((m) => m.text)).toEqual(['U.S.', 'United States']);
  });

  test('nothing from the caption, the promo or the credit line (they are not in the published body)', () => {
    const all = envelope.entities.map((e) => e.name);
    for (const gone of ['Constanta', 'Elena Becatoros', 'Athens', 'Associated Press']) expect(all).not.toContain(gone);
  });

  test('mentions point into the published body', () => {
    for (const e of envelope.entities) for (const m of e.mentions) expect(body.slice(m.start, m.end)).toBe(m.text);
  });

  test('the lead weighs more: the United Nations (lead and a later U.N.) ranks first', () => {
    expect(envelope.entities[0]!.name).toBe('United Nations');
    expect(envelope.entities[0]!.relevance).toBe(1);
    const relevance = (n: string) => envelope.entities.find((e) => e.name === n)!.relevance;
    expect(relevance('Ukraine')).toBeGreaterThan(relevance('Ankara'));
  });

  test('ninjs lists them by kind, and the envelope records the model', () => {
    expect(envelope.ninjs.people!.map((p) => p.name).sort()).toEqual(names('person'));
    expect(envelope.ninjs.organisations!.map((p) => p.name).sort()).toEqual(names('organisation'));
    expect(envelope.ninjs.places!.map((p) => p.name).sort()).toEqual(names('place'));
    expect(envelope.provenance.taggerVersion).toMatch(/^ner-ap2-[0-9a-f]{10}$/);
  });
});
