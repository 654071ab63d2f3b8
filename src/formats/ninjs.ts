// ninjs as input: 1.x (headline, body_text/body_html, byline, subject[], associations as an object) and 2.x
// (headlines[], bodies[], by, subjects[], associations as an array); also a search result wrapping items.
import { parseHtmlFragment } from './html.js';
import { isoDate } from './dates.js';
import { emptyStory, type NewsType, type Story } from './story.js';
import { paragraphsFromText, pubStatusOf, pushUnique, urgencyOf } from './story-helpers.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);
const TYPES: NewsType[] = ['text', 'audio', 'video', 'picture', 'graphic', 'composite', 'component'];

/** ninjs-like JSON: has a uri or guid and a headline or body in either version's names. */
export function looksLikeNinjs(json: unknown): boolean {
  const item = unwrap(json);
  if (!item) return false;
  const id = 'uri' in item || 'guid' in item;
  const content = ['headline', 'headlines', 'body_text', 'body_html', 'body_xhtml', 'bodies', 'descriptions', 'renditions'].some((k) => k in item);
  return id && content;
}

function unwrap(json: unknown): Json | undefined {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const j = json as Json;
  if (Array.isArray(j.item) && j.item[0] && typeof j.item[0] === 'object') return j.item[0] as Json;
  return j;
}

export function htmlBlocks(html: string) {
  return parseHtmlFragment(html).filter((b) => b.text.trim());
}

export function parseNinjs(json: unknown): Story {
  const item = unwrap(json)!;
  const story = emptyStory('ninjs', false);
  story.guid = str(item.guid) ?? str(item.uri);
  const version = Number.parseInt(str(item.version) ?? '', 10);
  if (version >= 0) story.providerVersion = version;
  const type = str(item.type);
  story.type = type && (TYPES as string[]).includes(type) ? (type as NewsType) : 'text';
  if (type && !TYPES.includes(type as NewsType)) story.category = type;
  story.pubStatus = pubStatusOf(str(item.pubstatus)) ?? 'usable';
  story.urgency = urgencyOf(item.urgency) ?? urgencyOf(item.priority);
  story.embargoed = isoDate(str(item.embargoed));
  story.firstCreated = isoDate(str(item.firstcreated));
  story.versionCreated = isoDate(str(item.versioncreated));
  const headlines = arr(item.headlines);
  story.headline = str(item.headline) ?? str(headlines.find((h) => !h.role || h.role === 'main')?.value) ?? str(headlines[0]?.value) ?? str(item.title);
  story.subheadline = str(headlines.find((h) => h.role === 'sub' || h.role === 'subheadline')?.value);
  story.byline = str(item.by) ?? str(item.byline);
  story.located = str(item.located);
  story.language = str(item.language);
  story.slugline = str(item.slugline);
  story.ednote = str(item.ednote);
  story.copyrightHolder = str(item.copyrightholder);
  story.copyrightNotice = str(item.copyrightnotice);
  story.usageTerms = str(item.usageterms);
  for (const k of Array.isArray(item.keywords) ? item.keywords : []) pushUnique(story.keywords, str(k));
  for (const s of [...arr(item.subjects), ...arr(item.subject)]) {
    const code = str(s.code) ?? str(s.literal) ?? str(s.qcode);
    story.subjects.push({ name: str(s.name), uri: str(s.uri), code, scheme: str(s.scheme) });
  }
  const genre = arr(item.genres)[0] ?? arr(item.genre)[0];
  if (genre) story.category ??= str(genre.name) ?? str(genre.literal) ?? str(genre.code);
  pushUnique(story.infosources, str(item.source), ...arr(item.infosources).map((s) => str(s.name)));
  for (const d of arr(item.descriptions)) if (str(d.value) && d.role !== 'creditline') story.descriptions.push(str(d.value)!);
  if (str(item.description_text)) story.descriptions.push(str(item.description_text)!);

  const bodies = arr(item.bodies);
  const html = str(item.body_html) ?? str(item.body_xhtml) ?? str(bodies.find((b) => /html/.test(str(b.contenttype) ?? ''))?.value);
  const text = str(item.body_text) ?? str(bodies.find((b) => !/html/.test(str(b.contenttype) ?? 'text/plain'))?.value);
  if (html) story.blocks.push(...htmlBlocks(html));
  if (!story.blocks.length && text) story.blocks.push(...paragraphsFromText(text));

  const associations = Array.isArray(item.associations)
    ? arr(item.associations).map((a, i) => [str(a.name) ?? `item${i + 1}`, a] as const)
    : Object.entries((item.associations as Json | undefined) ?? {}).filter((e): e is [string, Json] => !!e[1] && typeof e[1] === 'object');
  for (const [name, a] of associations) {
    const t = str(a.type);
    story.associations.push({
      name,
      guid: str(a.guid),
      uri: str(a.uri),
      type: t && (TYPES as string[]).includes(t) ? (t as NewsType) : undefined,
      headline: str(a.headline) ?? str(arr(a.headlines)[0]?.value) ?? str(arr(a.descriptions)[0]?.value) ?? str(a.description_text),
      mimetype: str(a.mimetype),
    });
  }
  return story;
}
