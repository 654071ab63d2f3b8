// Agency API JSON: AP Media API items ({data: {item}} with the body in nitf.body_html or the item) and dpa
// digitalwires entries (article_html, dateline, embargoed, ednotes).
import { isoDate } from './dates.js';
import { htmlBlocks } from './ninjs.js';
import { emptyStory, type NewsType, type Story } from './story.js';
import { pubStatusOf, pushUnique, urgencyOf } from './story-helpers.js';

type Json = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);
const TYPES: NewsType[] = ['text', 'audio', 'video', 'picture', 'graphic', 'composite', 'component'];

export function agencyJsonKind(json: unknown): 'ap' | 'digitalwires' | undefined {
  const j = obj(json);
  if (!j) return undefined;
  if (obj(obj(j.data)?.item)) return 'ap';
  if (typeof j.format === 'string' && j.format.startsWith('digitalwires')) return 'digitalwires';
  return undefined;
}

export function parseAgencyJson(json: unknown): Story {
  const j = obj(json)!;
  const story = emptyStory('agency-json', false);
  if (agencyJsonKind(j) === 'ap') {
    const item = obj(obj(j.data)!.item)!;
    story.guid = str(obj(item.altids)?.itemid) ?? str(item.uri);
    story.providerVersion = Number(item.version) >= 0 ? Number(item.version) : undefined;
    const t = str(item.type);
    story.type = t && (TYPES as string[]).includes(t) ? (t as NewsType) : 'text';
    story.pubStatus = pubStatusOf(str(item.pubstatus)) ?? 'usable';
    story.urgency = urgencyOf(item.urgency);
    story.language = str(item.language);
    story.firstCreated = isoDate(str(item.firstcreated));
    story.versionCreated = isoDate(str(item.versioncreated));
    story.embargoed = isoDate(str(item.embargoed));
    story.headline = str(item.headline) ?? str(item.title);
    story.subheadline = str(item.headline_extended);
    story.slugline = str(item.slugline);
    story.ednote = str(item.ednote);
    story.byline = arr(item.bylines).map((b) => str(b.by)).filter(Boolean).join(', ') || undefined;
    story.located = str(item.located);
    story.copyrightNotice = str(item.copyrightnotice);
    story.usageTerms = Array.isArray(item.usageterms) ? item.usageterms.map(str).filter(Boolean).join(' ') || undefined : str(item.usageterms);
    for (const k of Array.isArray(item.keywords) ? item.keywords : []) pushUnique(story.keywords, str(k));
    for (const s of arr(item.subject)) story.subjects.push({ name: str(s.name), code: str(s.code), scheme: str(s.scheme) });
    pushUnique(story.infosources, ...arr(item.infosource).map((s) => str(s.name)), str(item.provider));
    const html = str(obj(j.nitf)?.body_html) ?? str(item.body_html);
    if (html) story.blocks.push(...htmlBlocks(html));
    for (const [name, a] of Object.entries(obj(item.associations) ?? {})) {
      const ao = obj(a);
      if (ao) story.associations.push({ name, uri: str(ao.uri), guid: str(obj(ao.altids)?.itemid), type: TYPES.includes(str(ao.type) as NewsType) ? (str(ao.type) as NewsType) : undefined, headline: str(ao.headline) });
    }
    return story;
  }
  // dpa digitalwires
  story.guid = str(j.urn) ?? str(j.entry_id);
  story.providerVersion = Number(j.version) >= 0 ? Number(j.version) : undefined;
  story.type = 'text';
  story.pubStatus = pubStatusOf(str(j.pubstatus)) ?? 'usable';
  story.urgency = urgencyOf(j.urgency);
  story.language = str(j.language);
  story.versionCreated = isoDate(str(j.version_created));
  story.embargoed = isoDate(str(j.embargoed));
  story.headline = str(j.headline);
  story.subheadline = str(j.subhead);
  story.slugline = str(j.kicker);
  story.dateline = str(j.dateline)?.replace(/\s*[-–]\s*$/, '');
  story.byline = str(j.byline);
  story.copyrightNotice = str(j.copyrightnotice);
  story.usageTerms = str(j.usageterms);
  const notes = arr(j.ednotes).map((e) => str(e.ednote)).filter(Boolean);
  if (notes.length) story.ednote = notes.join(' ');
  if (str(j.teaser)) story.descriptions.push(str(j.teaser)!);
  pushUnique(story.infosources, str(j.creditline));
  for (const k of Array.isArray(j.keyword_names) ? j.keyword_names : []) pushUnique(story.keywords, str(k));
  for (const c of arr(j.categories)) {
    const qcode = str(c.qcode);
    if (qcode && !/^(stat|dnltype):/.test(qcode) && !/pubstatus/.test(str(c.type) ?? '')) story.subjects.push({ code: qcode, name: str(c.name), scheme: qcode.split(':')[0] });
  }
  const html = str(j.article_html);
  if (html) story.blocks.push(...htmlBlocks(html));
  // the dateline is sent apart from the body: put it back at the start of the first paragraph, as printed
  if (story.dateline && story.blocks[0] && !story.blocks[0].text.startsWith(story.dateline)) story.blocks[0] = { ...story.blocks[0], text: `${str(j.dateline)} ${story.blocks[0].text}`.replace(/\s+/g, ' ') };
  for (const a of arr(j.associations)) story.associations.push({ name: `item${story.associations.length + 1}`, uri: str(a.urn), guid: str(a.urn), type: TYPES.includes(str(a.type) as NewsType) ? (str(a.type) as NewsType) : undefined, headline: str(a.headline) ?? str(a.caption) });
  return story;
}
