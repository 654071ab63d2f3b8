import type { ConllType } from '../../../src/entities/bilou.js';
import { documentEntities, type TaggedMention } from '../../../src/entities/document-entities.js';

const aliases = new Map([
  ['u.s.', 'United States'],
  ['us', 'United States'],
  ['united states', 'United States'],
]);

/** Mentions of the given surface forms, found in order in the text (body, or headline with `^`). */
function mentionsOf(headline: string, body: string, spans: [ConllType, string][]): TaggedMention[] {
  const cursor = { body: 0, headline: 0 };
  return spans.map(([type, form]) => {
    const inHeadline = form.startsWith('^');
    const text = inHeadline ? form.slice(1) : form;
    const source = inHeadline ? headline : body;
    const where = inHeadline ? 'headline' : 'body';
    const start = source.indexOf(text, cursor[where]);
    if (start < 0) throw new Error(`${text} not in ${where}`);
    cursor[where] = start + text.length;
    return { type, start, end: start + text.length, headline: inHeadline, sentence: 0, tokens: text.replace(/(['’]s)\b/g, ' $1').split(/\s+/) };
  });
}

describe('document entities', () => {
  const headline = 'Sistani calls for calm';
  const body =
    'Grand Ayatollah Ali al-Sistani called for calm on Sunday, U.S. officials said.\n\n' +
    'Al-Sistani spoke in Najaf. The United States welcomed it; al-Sistani said more.';
  const entities = documentEntities(
    mentionsOf(headline, body, [
      ['PER', '^Sistani'],
      ['PER', 'Grand Ayatollah Ali al-Sistani'],
      ['LOC', 'U.S.'],
      ['PER', 'Al-Sistani'],
      ['LOC', 'Najaf'],
      ['LOC', 'United States'],
      ['PER', 'al-Sistani'],
    ]),
    { body, headline, aliases },
  );
  const byName = new Map(entities.map((e) => [e.name, e]));

  test('titles are stripped and partial names join the full name', () => {
    const sistani = byName.get('Ali al-Sistani')!;
    expect(sistani).toBeDefined();
    expect(sistani.type).toBe('person');
    expect(sistani.inHeadline).toBe(true);
    expect(sistani.count).toBe(4);
    expect(sistani.mentions.map((m) => m.text)).toEqual(['Ali al-Sistani', 'Al-Sistani', 'al-Sistani']);
    expect([...byName.keys()].filter((n) => /sistani/i.test(n))).toEqual(['Ali al-Sistani']);
  });

  test('every mention points at its text in the published body', () => {
    for (const e of entities) for (const m of e.mentions) expect(body.slice(m.start, m.end)).toBe(m.text);
  });

  test('aliases make one place with the canonical name', () => {
    const us = byName.get('United States')!;
    expect(us.type).toBe('place');
    expect(us.mentions.map((m) => m.text)).toEqual(['U.S.', 'United States']);
  });

  test('relevance: the headline and the lead weigh more, sorted best first', () => {
    expect(entities[0]!.name).toBe('Ali al-Sistani');
    expect(entities[0]!.relevance).toBe(1);
    // U.S. (lead 2 + body 1 = 3) over Najaf (body 1)
    expect(byName.get('United States')!.relevance).toBeGreaterThan(byName.get('Najaf')!.relevance);
    expect(entities.map((e) => e.relevance)).toEqual([...entities.map((e) => e.relevance)].sort((a, b) => b - a));
  });

  test('MISC mentions and junk spans are left out', () => {
    const b = 'He met the French envoy. -- 1996';
    const e = documentEntities(mentionsOf('', b, [['PER', 'He'], ['MISC', 'French'], ['ORG', '1996']]), { body: b, headline: '', aliases });
    // a pronoun or a number tagged as a name is never one; MISC (nationalities, events) has no ninjs list
    expect(e).toEqual([]);
  });

  test('two different people sharing a surname are not merged', () => {
    const b = 'Bill Clinton and Hillary Clinton arrived. Clinton spoke.';
    const e = documentEntities(mentionsOf('', b, [['PER', 'Bill Clinton'], ['PER', 'Hillary Clinton'], ['PER', 'Clinton']]), { body: b, headline: '', aliases });
    expect(e.map((x) => x.name).sort()).toEqual(['Bill Clinton', 'Clinton', 'Hillary Clinton']);
  });

  test('a name tagged with different types takes the majority type', () => {
    const b = 'Reuters said. Reuters reported. Reuters added.';
    const e = documentEntities(mentionsOf('', b, [['ORG', 'Reuters'], ['PER', 'Reuters'], ['ORG', 'Reuters']]), { body: b, headline: '', aliases });
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ type: 'organisation', name: 'Reuters', count: 3 });
  });
});

describe('acronyms', () => {
  test('an acronym joins the organisation whose initials it is', () => {
    const b = 'The United Nations said on Monday that the U.N. would send staff, and the World Food Programme agreed. WFP trucks left.';
    const e = documentEntities(
      mentionsOf('', b, [['ORG', 'United Nations'], ['ORG', 'U.N.'], ['ORG', 'World Food Programme'], ['ORG', 'WFP']]),
      { body: b, headline: '', aliases },
    );
    expect(e.map((x) => [x.name, x.count])).toEqual([
      ['United Nations', 2],
      ['World Food Programme', 2],
    ]);
  });
});
