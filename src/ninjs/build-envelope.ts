// Builds the published document from a parsed story and the text processor's results: ninjs 2.2 plus the
// envelope's provenance, entities, credits and the audit of what was removed.
import crypto from 'node:crypto';
import type { Entity } from '../entities/types.js';
import type { Story } from '../formats/story.js';
import type { CleanText } from '../text/text-processor.js';
import { documentId } from './document-id.js';
import { isAbsoluteUri, subjectName, subjectUri } from './wire-mapping.js';
import type { Envelope, Ninjs, Provenance, SourceInfo } from './envelope.js';

export interface BuildInput {
  story: Story;
  /** The text processor's output: the plain-text body, and data with removed/credits/dateline/... */
  text: CleanText;
  /** The entity tagger's output. */
  entities: Entity[];
  source: SourceInfo;
  provenance: Provenance;
  /** When the envelope is built (versioncreated when the provider gives none). */
  now: Date;
}

// ninjs 2.2 has no relevance on people/organisations/places: the envelope's `entities` carries it, in order
const NINJS_REL = 'mentioned';

function ninjsEntities(entities: Entity[], type: Entity['type']) {
  const list = entities
    .filter((e) => e.type === type)
    .map((e) => ({ name: e.name, rel: NINJS_REL }));
  return list.length ? list : undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Drops undefined fields so the JSON is tidy and the schema sees only what is set. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** sha256 over what a reader sees: equal hashes mean a re-send changed nothing. */
export function contentHash(ninjs: Ninjs, entities: Entity[]): string {
  const { version: _v, versioncreated: _vc, ...stable } = ninjs;
  return crypto.createHash('sha256').update(JSON.stringify({ stable, entities })).digest('hex');
}

export function buildEnvelope({ story, text, entities, source, provenance, now }: BuildInput): Envelope {
  const { data, body } = text;
  const id = documentId({ guid: story.guid, originalName: source.originalName });
  const headline = story.headline ?? data.headline;
  const agency = data.agency;
  const infosources = [...new Set([...(story.infosources ?? []), ...(agency ? [agency] : [])])];
  const descriptions = [...story.descriptions, ...(data.descriptions ?? [])];

  const bodies: Ninjs['bodies'] = [{ role: 'main', contenttype: 'text/plain', value: body }];
  // HTML pages: every kept block carries its sanitized markup; other formats: tables and preformatted blocks
  const page = story.format === 'html';
  const tables = story.blocks.filter((b) => b.html && (page || b.kind === 'table' || b.kind === 'pre'));
  const bodyHtml = (story as Story & { bodyHtml?: string }).bodyHtml;
  if (bodyHtml) bodies.push({ role: 'main', contenttype: 'text/html', value: bodyHtml });
  else if (tables.length || (page && body)) {
    // tables and preformatted blocks take their place in reading order; a table the text stage changed is appended
    const key = (t: string) => t.split('\n').map((l) => l.trim()).join('\n').trim();
    const byText = new Map(tables.map((t) => [key(t.text), t.html!]));
    const used = new Set<string>();
    const html = body.split('\n\n').map((p) => {
      const t = byText.get(key(p));
      if (t) used.add(key(p));
      return t ?? `<p>${escapeHtml(p)}</p>`;
    });
    // (a page block the text stage removed stays out)
    if (!page) for (const t of tables) if (!used.has(key(t.text))) html.push(t.html!);
    bodies.push({ role: 'main', contenttype: 'text/html', value: html.join('\n') });
  }

  const guid = story.guid?.trim() || undefined;
  const altids = [
    ...(guid ? [{ role: 'guid', value: guid }] : []),
    ...(story.takeKey ? [{ role: 'takekey', value: story.takeKey }] : []),
  ];
  const ninjs: Ninjs = compact({
    uri: guid && isAbsoluteUri(guid) ? guid : `urn:copydesk:document:${id}`,
    type: story.type,
    version: '1',
    versioncreated: story.versionCreated ?? now.toISOString(),
    firstcreated: story.firstCreated,
    embargoed: story.embargoed,
    pubstatus: story.pubStatus,
    urgency: story.urgency,
    language: story.language ?? 'en',
    headlines: headline ? [{ role: 'main', value: headline }, ...(story.subheadline ? [{ role: 'sub', value: story.subheadline }] : [])] : undefined,
    descriptions: descriptions.length
      ? descriptions.map((value, i) => ({ role: i < story.descriptions.length && story.type === 'text' ? 'summary' : 'caption', value }))
      : undefined,
    bodies,
    by: story.byline ?? data.byline,
    located: story.located ?? data.located,
    slugline: story.slugline,
    ednote: story.ednote,
    copyrightholder: story.copyrightHolder,
    copyrightnotice: story.copyrightNotice,
    usageterms: story.usageTerms,
    people: ninjsEntities(entities, 'person'),
    organisations: ninjsEntities(entities, 'organisation'),
    places: ninjsEntities(entities, 'place'),
    subjects: story.subjects.length
      ? story.subjects.map((s) => {
          const uri = s.uri && isAbsoluteUri(s.uri) ? s.uri : subjectUri(s.code);
          return compact({ name: s.name ?? subjectName(s.code), uri, literal: uri ? undefined : s.code });
        })
      : undefined,
    genres: story.category ? [{ literal: story.category }] : undefined,
    altids: altids.length ? altids : undefined,
    infosources: infosources.length ? infosources.map((name) => ({ name, role: 'source' })) : undefined,
    associations: story.associations.length
      ? story.associations.map((a) =>
          compact({
            name: a.name,
            uri: a.uri && isAbsoluteUri(a.uri) ? a.uri : a.guid && isAbsoluteUri(a.guid) ? a.guid : `urn:copydesk:association:${id}:${encodeURIComponent(a.guid ?? a.uri ?? a.name)}`,
            type: a.type,
            headlines: a.headline ? [{ value: a.headline }] : undefined,
            altids: a.guid ? [{ role: 'guid', value: a.guid }] : undefined,
          }),
        )
      : undefined,
  });

  const wire = compact({
    guid,
    providerVersion: story.providerVersion,
    keywords: story.keywords.length ? story.keywords : undefined,
    takeKey: story.takeKey,
    category: story.category,
    wordCount: story.wordCount,
    dateline: story.dateline,
  });
  return {
    id,
    version: 1,
    source,
    ninjs,
    ...(Object.keys(wire).length ? { wire } : {}),
    entities,
    removed: data.removed ?? [],
    credits: data.credits ?? [],
    related: data.related ?? [],
    warnings: [...story.warnings, ...text.warnings],
    provenance,
    contentHash: contentHash(ninjs, entities),
  };
}
