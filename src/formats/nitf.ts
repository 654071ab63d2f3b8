// NITF 3.x: head/docdata for ids, urgency, status, dates, keywords and subjects; body.head for headlines, byline,
// dateline; body.content for paragraphs and tables (kept as preformatted text and as an HTML table).
import { isoDate } from './dates.js';
import { emptyStory, type Story } from './story.js';
import { pubStatusOf, pushUnique, urgencyOf } from './story-helpers.js';
import { find, findAll, kid, textAt, textOf, xmlBlocks, type XmlElement } from './xml-tree.js';

/** Fills a story from an `<nitf>` element (also used for NITF carried inside NewsML). */
export function nitfInto(story: Story, nitf: XmlElement): Story {
  const head = kid(nitf, 'head');
  const docdata = find(head, 'docdata');
  const meta = new Map(findAll(head, 'meta').map((m) => [m.attrs.name?.toLowerCase() ?? '', m.attrs.content ?? '']));
  const idString = find(docdata, 'doc-id')?.attrs['id-string'];
  if (idString) story.guid ??= idString;
  const status = docdata?.attrs['management-status'] ?? find(docdata, 'doc-scope')?.attrs.value;
  story.pubStatus = pubStatusOf(status) ?? story.pubStatus;
  story.urgency ??= urgencyOf(find(docdata, 'urgency')?.attrs['ed-urg']);
  const issued = isoDate(find(docdata, 'date.issue')?.attrs.norm);
  const release = isoDate(find(docdata, 'date.release')?.attrs.norm);
  story.firstCreated ??= issued;
  story.versionCreated ??= issued;
  if (release && (!issued || release > issued) && release > new Date(0).toISOString()) story.embargoed ??= release;
  const copyright = find(docdata, 'doc.copyright');
  story.copyrightHolder ??= copyright?.attrs.holder;
  if (copyright?.attrs.year && copyright.attrs.holder) story.copyrightNotice ??= `Copyright ${copyright.attrs.year} ${copyright.attrs.holder}`;
  const edMsg = findAll(docdata, 'ed-msg').map((e) => e.attrs.info ?? textOf(e)).filter(Boolean);
  if (edMsg.length) story.ednote ??= edMsg.join(' ');
  const duKey = find(docdata, 'du-key');
  if (duKey?.attrs.version) story.providerVersion ??= Number.parseInt(duKey.attrs.version, 10) || undefined;
  if (duKey?.attrs.key) story.slugline ??= duKey.attrs.key;
  for (const k of findAll(docdata, 'keyword')) pushUnique(story.keywords, k.attrs.key ?? textOf(k));
  for (const s of findAll(head, 'tobject.subject')) {
    const code = s.attrs['tobject.subject.refnum'];
    const name = [s.attrs['tobject.subject.type'], s.attrs['tobject.subject.matter'], s.attrs['tobject.subject.detail']].filter(Boolean).join(' / ');
    if (code || name) story.subjects.push({ code: code ? `subj:${code}` : undefined, name: name || undefined, scheme: 'subj' });
  }
  story.category ??= find(head, 'tobject')?.attrs['tobject.type'] ?? (meta.get('anpa-category') || undefined);
  story.slugline ??= meta.get('anpa-keyword') || undefined;
  story.takeKey ??= meta.get('anpa-takekey') || undefined;
  const wc = Number.parseInt(meta.get('anpa-wordcount') ?? '', 10);
  if (wc > 0) story.wordCount ??= wc;
  story.language ??= nitf.attrs['xml:lang'] ?? nitf.attrs.baselang ?? head?.attrs['xml:lang'];
  pushUnique(story.infosources, find(head, 'pubdata')?.attrs.name);

  const body = kid(nitf, 'body');
  const bodyHead = kid(body, 'body.head');
  const hedline = find(bodyHead, 'hedline');
  story.headline ??= textAt(hedline, 'hl1') ?? textAt(head, 'title');
  story.subheadline ??= textAt(hedline, 'hl2');
  const bylines = findAll(bodyHead, 'byline').map((b) => textOf(b)).filter(Boolean);
  if (bylines.length) story.byline ??= bylines.join(', ');
  const dateline = find(bodyHead, 'dateline');
  if (dateline) {
    story.dateline ??= textOf(dateline) || undefined;
    story.located ??= textAt(dateline, 'location') ?? textAt(dateline, 'city');
  }
  pushUnique(story.infosources, find(bodyHead, 'distributor') ? textOf(find(bodyHead, 'distributor')) : undefined);
  const abstract = find(bodyHead, 'abstract');
  if (abstract && textOf(abstract)) story.descriptions.push(textOf(abstract));
  const content = kid(body, 'body.content');
  for (const b of xmlBlocks(content, new Set(['media']))) story.blocks.push(b);
  for (const m of findAll(content, 'media')) {
    const caption = textAt(m, 'media-caption');
    if (caption) story.descriptions.push(caption);
    const ref = find(m, 'media-reference');
    if (ref?.attrs.source) story.associations.push({ name: `media${story.associations.length + 1}`, uri: ref.attrs.source, type: m.attrs['media-type'] === 'image' ? 'picture' : undefined, mimetype: ref.attrs['mime-type'], headline: caption });
  }
  const tagline = textAt(kid(body, 'body.end'), 'tagline');
  if (tagline) story.blocks.push({ text: tagline, kind: 'p' });
  return story;
}

export function parseNitf(root: XmlElement): Story {
  return nitfInto(emptyStory('nitf', false), root);
}
