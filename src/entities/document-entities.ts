// From tagged mentions to the entities of a document: titles stripped, the same entity's mentions merged ("al-Sistani"
// into "Ali al-Sistani", "U.S." into "United States"), a canonical name, offsets into the published body, a count and
// a relevance score in which the headline and the lead weigh more.
import type { ConllType } from './bilou.js';
import type { Entity, EntityMention, EntityType } from './types.js';

export interface TaggedMention {
  type: ConllType;
  /** Offsets into the body, or into the headline when `headline` is set. */
  start: number;
  end: number;
  headline: boolean;
  /** Index of the body sentence (-1.. for headline sentences). */
  sentence: number;
  tokens: string[];
}

export interface DocumentEntityOptions {
  body: string;
  headline: string;
  /** lowercase alias → canonical place name (from the gazetteer data in the model). */
  aliases: ReadonlyMap<string, string>;
  /** How a name in capitals is properly written, when known (from the gazetteers: "GENEVA" → "Geneva"). */
  writtenAs?: (name: string) => string | undefined;
}

const TYPE: Partial<Record<ConllType, EntityType>> = { PER: 'person', ORG: 'organisation', LOC: 'place' };

/** Titles and honorifics that precede a person's name but are not part of it. */
const TITLES = new Set(
  (
    'mr mrs ms miss dr prof professor sir dame lord lady president vice prime minister premier chancellor secretary ' +
    'general gen lt col colonel maj major capt captain sgt cmdr admiral adm brig commander marshal ' +
    'senator sen rep representative congressman congresswoman gov governor mayor judge justice ' +
    'king queen prince princess emperor sultan emir sheikh shaikh crown pope cardinal archbishop bishop father ' +
    'rev reverend rabbi imam cleric grand ayatollah mullah chairman chairwoman chief executive ceo coach ' +
    'st saint foreign finance defence defense interior deputy acting former late'
  ).split(' '),
);

/** Capitalised function words a tagger sometimes takes for a one-word name at the start of a sentence. */
const NOT_NAMES = new Set(
  'a an the he she it we they i you his her its our their this that these those there here in on at by for from of to with as if but and or so then when while after before since until although though what who which why how no not yes mr mrs ms'.split(' '),
);

const norm = (s: string) => s.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').trim().toLowerCase();
/** A name token for matching parts of names: "al-Sistani" and "Sistani" match. */
const nameToken = (s: string) => norm(s).replace(/^(al|el|ad|ar|as|ash|at|az|an|ul)-/, '');

interface Form {
  text: string;
  tokens: string[];
  mention: TaggedMention & { text: string };
}

interface Group {
  key: string;
  types: Map<ConllType, number>;
  forms: Form[];
  firstType: ConllType;
}

/** Strips leading titles (persons) and surrounding punctuation; undefined when nothing name-like is left. */
function cleanMention(m: TaggedMention, source: string): (TaggedMention & { text: string }) | undefined {
  let { start, end } = m;
  let tokens = [...m.tokens];
  if (m.type === 'PER') {
    while (tokens.length > 1 && TITLES.has(tokens[0]!.replace(/\.$/, '').toLowerCase())) {
      const skip = source.indexOf(tokens[0]!, start) + tokens[0]!.length;
      tokens = tokens.slice(1);
      start = source.indexOf(tokens[0]!, skip);
    }
  }
  // trailing possessive or punctuation that slipped into a span
  while (tokens.length > 1 && /^(['’]s?|[.,;:!?)\]-])$/.test(tokens[tokens.length - 1]!)) {
    tokens = tokens.slice(0, -1);
    const last = tokens[tokens.length - 1]!;
    end = source.lastIndexOf(last, end - 1) + last.length;
  }
  const text = source.slice(start, end);
  if (tokens.length === 1 && NOT_NAMES.has(tokens[0]!.toLowerCase())) return undefined;
  if (!/\p{Lu}/u.test(text) || !/\p{L}.*\p{L}/u.test(text)) return undefined;
  // written out rather than spread: this runs for every mention
  return { type: m.type, start, end, headline: m.headline, sentence: m.sentence, tokens, text };
}

function majority(types: Map<ConllType, number>, fallback: ConllType): ConllType {
  let best = fallback;
  for (const [t, n] of types) if (n > (types.get(best) ?? 0)) best = t;
  return best;
}

/** Is `short` (tokens, lowercase) a contiguous part of `long`? */
function isPart(short: readonly string[], long: readonly string[]): boolean {
  if (short.length >= long.length) return false;
  outer: for (let i = 0; i + short.length <= long.length; i++) {
    for (let j = 0; j < short.length; j++) if (short[j] !== long[i + j]) continue outer;
    return true;
  }
  return false;
}

export function documentEntities(mentions: readonly TaggedMention[], options: DocumentEntityOptions): Entity[] {
  const { body, headline, aliases } = options;
  const leadEnd = (() => {
    const i = body.indexOf('\n\n');
    return i < 0 ? body.length : i;
  })();

  // 1. group by normalised name (places through the alias table)
  const groups = new Map<string, Group>();
  for (const raw of mentions) {
    if (!TYPE[raw.type]) continue;
    const m = cleanMention(raw, raw.headline ? headline : body);
    if (!m) continue;
    const n = norm(m.text);
    const key = aliases.get(n) !== undefined && m.type === 'LOC' ? `alias:${aliases.get(n)}` : n;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, types: new Map(), forms: [], firstType: m.type }));
    g.types.set(m.type, (g.types.get(m.type) ?? 0) + 1);
    g.forms.push({ text: m.text, tokens: m.tokens.map(nameToken), mention: m });
  }

  // 2. a person named in part ("al-Sistani", "Sistani") joins the one fuller name that contains it
  const list = [...groups.values()];
  const typeOf = new Map(list.map((g) => [g, majority(g.types, g.firstType)]));
  const people = list.filter((g) => typeOf.get(g) === 'PER');
  const longest = (g: Group) => g.forms.reduce((a, f) => (f.tokens.length > a.tokens.length ? f : a), g.forms[0]!);
  const mergedInto = new Map<Group, Group>();
  for (const g of people.sort((a, b) => longest(a).tokens.length - longest(b).tokens.length)) {
    const own = longest(g).tokens;
    const fuller = people.filter((o) => o !== g && !mergedInto.has(o) && isPart(own, longest(o).tokens));
    const roots = new Set(fuller.map((o) => resolve(o)));
    if (roots.size === 1) mergedInto.set(g, [...roots][0]!);
  }
  // an acronym ("U.N.", "WFP") joins the one organisation or place of the document whose initials it is
  const initials = (f: Form) => f.text.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('').toUpperCase();
  for (const g of list) {
    const t = typeOf.get(g);
    if (t === 'PER' || mergedInto.has(g)) continue;
    const acronym = longest(g).text.replace(/\./g, '');
    if (!/^\p{Lu}{2,6}$/u.test(acronym)) continue;
    const full = list.filter((o) => o !== g && !mergedInto.has(o) && typeOf.get(o) === t && o.forms.some((f) => f.tokens.length >= 2 && initials(f) === acronym));
    if (full.length === 1) mergedInto.set(g, full[0]!);
  }
  function resolve(g: Group): Group {
    let r = g;
    while (mergedInto.has(r)) r = mergedInto.get(r)!;
    return r;
  }
  for (const [g] of mergedInto) {
    const root = resolve(g);
    root.forms.push(...g.forms);
    for (const [t, n] of g.types) root.types.set(t, (root.types.get(t) ?? 0) + n);
  }

  // 3. one entity per group left: canonical name, mentions in the body, count, relevance
  const entities: (Entity & { first: number; score: number })[] = [];
  for (const g of list) {
    if (mergedInto.has(g)) continue;
    const type = TYPE[majority(g.types, g.firstType)]!;
    const bodyForms = g.forms.filter((f) => !f.mention.headline);
    const candidates = bodyForms.length ? bodyForms : g.forms;
    const best = candidates.reduce((a, f) => (f.tokens.length > a.tokens.length || (f.tokens.length === a.tokens.length && f.text.length > a.text.length) ? f : a), candidates[0]!);
    let name = g.key.startsWith('alias:') ? g.key.slice(6) : best.text.replace(/\s+/g, ' ');
    // a name only ever seen in capitals (a dateline, a headline) takes its usual spelling when a gazetteer knows it
    if (!/\p{Ll}/u.test(name) && name.replace(/[^\p{L}]/gu, '').length > 3) name = options.writtenAs?.(name) ?? name;
    const mentionsInBody: EntityMention[] = bodyForms
      .map((f) => ({ text: f.text, start: f.mention.start, end: f.mention.end }))
      .sort((a, b) => a.start - b.start);
    const inHeadline = g.forms.some((f) => f.mention.headline);
    let score = 0;
    for (const f of g.forms) score += f.mention.headline ? 3 : f.mention.start < leadEnd ? 2 : 1;
    const entity: Entity & { first: number; score: number } = {
      type,
      name,
      mentions: mentionsInBody,
      count: g.forms.length,
      relevance: 0,
      first: inHeadline ? -1 : (mentionsInBody[0]?.start ?? 0),
      score,
    };
    if (inHeadline) entity.inHeadline = true;
    entities.push(entity);
  }
  const max = Math.max(1, ...entities.map((e) => e.score));
  return entities
    .map((e) => ({ ...e, relevance: Math.round((e.score / max) * 100) / 100 }))
    .sort((a, b) => b.relevance - a.relevance || a.first - b.first)
    .map(({ first: _f, score: _s, ...e }) => e);
}
