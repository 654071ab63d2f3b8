// NewsML-G2: news items (in a newsMessage or alone, or a bare contentMeta/contentSet fragment) and packages.
// The first text item is the story; other items of a message and the item references of a package become
// associations. Bodies are NITF or XHTML inside inlineXML, or text in inlineData.
import { isoDate } from './dates.js';
import { nitfInto } from './nitf.js';
import { emptyStory, type NewsType, type Story } from './story.js';
import { paragraphsFromText, pubStatusOf, pushUnique, urgencyOf } from './story-helpers.js';
import { find, findAll, kid, kids, textAt, textOf, xmlBlocks, type XmlElement } from './xml-tree.js';

const ITEM_TYPES: Record<string, NewsType> = {
  text: 'text', picture: 'picture', graphic: 'graphic', video: 'video', audio: 'audio', composite: 'composite', animated: 'video',
};
function itemType(el: XmlElement | undefined): NewsType | undefined {
  const qcode = find(el, 'itemClass')?.attrs.qcode;
  return qcode ? ITEM_TYPES[qcode.replace(/^.*:/, '')] : undefined;
}

function intoStory(story: Story, item: XmlElement): void {
  if (item.attrs.guid) story.guid = item.attrs.guid;
  const v = Number.parseInt(item.attrs.version ?? '', 10);
  if (v > 0) story.providerVersion = v;
  story.language ??= item.attrs['xml:lang'] ?? item.attrs.lang;
  const meta = kid(item, 'itemMeta') ?? find(item, 'itemMeta');
  story.type = itemType(meta) ?? story.type;
  story.pubStatus = pubStatusOf(find(meta, 'pubStatus')?.attrs.qcode) ?? story.pubStatus;
  story.versionCreated = isoDate(textAt(meta, 'versionCreated')) ?? story.versionCreated;
  story.firstCreated = isoDate(textAt(meta, 'firstCreated')) ?? story.firstCreated;
  story.embargoed = isoDate(textAt(meta, 'embargoed')) ?? story.embargoed;
  const ednotes = findAll(meta, 'edNote').concat(findAll(meta, 'ednote')).map(textOf).filter(Boolean);
  if (ednotes.length) story.ednote = ednotes.join(' ');
  pushUnique(story.infosources, textAt(find(meta, 'provider'), 'name') ?? find(meta, 'provider')?.attrs.literal ?? find(meta, 'provider')?.attrs.qcode?.replace(/^.*:/, ''));

  const content = kid(item, 'contentMeta') ?? find(item, 'contentMeta');
  if (content) {
    story.urgency = urgencyOf(textAt(content, 'urgency')) ?? story.urgency;
    const headlines = kids(content, 'headline');
    const main = headlines.find((h) => !h.attrs.role || /main|title|headline/.test(h.attrs.role)) ?? headlines[0];
    if (main) story.headline = textOf(main) || story.headline;
    const sub = headlines.find((h) => h !== main && /sub|alternate|short/.test(h.attrs.role ?? ''));
    if (sub) story.subheadline = textOf(sub) || undefined;
    story.slugline = textAt(content, 'slugline') ?? story.slugline;
    story.byline = kids(content, 'by').map(textOf).filter(Boolean).join(', ') || story.byline;
    story.dateline = textAt(content, 'dateline') ?? story.dateline;
    const located = kid(content, 'located');
    if (located) story.located = textOf(kid(located, 'name')) || located.attrs.literal || located.attrs.qcode?.replace(/^.*:/, '') || story.located;
    story.language = kid(content, 'language')?.attrs.tag ?? story.language;
    story.firstCreated ??= isoDate(textAt(content, 'contentCreated'));
    for (const k of kids(content, 'keyword')) pushUnique(story.keywords, textOf(k));
    for (const s of kids(content, 'subject')) {
      const qcode = s.attrs.qcode;
      const name = textAt(s, 'name');
      if (!qcode && !name) continue;
      story.subjects.push({ code: qcode, uri: s.attrs.uri, name: name ?? undefined, scheme: qcode?.split(':')[0] });
    }
    const genre = kid(content, 'genre');
    if (genre) story.category = genre.attrs.qcode ?? textAt(genre, 'name');
    for (const d of kids(content, 'description')) if (textOf(d)) story.descriptions.push(textOf(d));
    for (const c of kids(content, 'creator').concat(kids(content, 'infoSource'))) pushUnique(story.infosources, textAt(c, 'name') ?? c.attrs.literal);
  }
  const rights = kid(item, 'rightsInfo') ?? find(item, 'rightsInfo');
  if (rights) {
    story.copyrightHolder = textAt(find(rights, 'copyrightHolder'), 'name') ?? find(rights, 'copyrightHolder')?.attrs.literal ?? story.copyrightHolder;
    story.copyrightNotice = textAt(rights, 'copyrightNotice') ?? story.copyrightNotice;
    story.usageTerms = textAt(rights, 'usageTerms') ?? story.usageTerms;
  }

  const set = kid(item, 'contentSet') ?? find(item, 'contentSet');
  const inline = find(set, 'inlineXML');
  const nitf = find(inline, 'nitf');
  if (nitf) {
    // the item's own metadata wins over the NITF copy of it
    const before = { headline: story.headline, byline: story.byline };
    nitfInto(story, nitf);
    story.headline = before.headline ?? story.headline;
    story.byline = before.byline ?? story.byline;
  } else if (inline) {
    const body = find(inline, 'body') ?? inline;
    story.blocks.push(...xmlBlocks(body));
    const wc = Number.parseInt(inline.attrs.wordcount ?? '', 10);
    if (wc > 0) story.wordCount = wc;
  } else {
    const data = find(set, 'inlineData');
    if (data) story.blocks.push(...paragraphsFromText(textOf(data).length ? data.children.filter((c) => typeof c === 'string').join('') : ''));
  }
  for (const r of findAll(set, 'remoteContent')) {
    if (r.attrs.href) story.associations.push({ name: `rendition${story.associations.length + 1}`, uri: r.attrs.href, mimetype: r.attrs.contenttype, type: story.type });
  }
}

/** A package's item references as associations, one per itemRef, named after their group role. */
function packageAssociations(story: Story, pkg: XmlElement): void {
  for (const group of findAll(pkg, 'group')) {
    for (const ref of kids(group, 'itemRef')) {
      const type = itemType(ref);
      story.associations.push({
        name: `${(group.attrs.role ?? 'item').replace(/^.*:/, '')}${story.associations.length + 1}`,
        guid: ref.attrs.residref,
        uri: ref.attrs.href,
        type,
        headline: textAt(ref, 'title') ?? textAt(ref, 'headline'),
        mimetype: ref.attrs.contenttype,
      });
    }
  }
}

export function parseNewsmlG2(root: XmlElement): Story {
  const story = emptyStory('newsml-g2', false);
  const items = findAll(root, 'newsItem');
  const packages = findAll(root, 'packageItem');
  const main = items.find((i) => (itemType(i) ?? 'text') === 'text') ?? items[0] ?? packages[0] ?? root;
  intoStory(story, main);
  if (main.name === 'packageItem') {
    story.type = 'composite';
    packageAssociations(story, main);
    const descriptions = findAll(main, 'description').map(textOf).filter(Boolean);
    for (const d of descriptions) if (!story.descriptions.includes(d)) story.descriptions.push(d);
  } else {
    for (const other of [...items, ...packages]) {
      if (other === main) continue;
      story.associations.push({ name: `${itemType(other) ?? 'item'}${story.associations.length + 1}`, guid: other.attrs.guid, type: itemType(other), headline: textAt(find(other, 'contentMeta'), 'headline') });
    }
  }
  return story;
}
