// NewsML 1.2: Identification (PublicIdentifier, RevisionId), NewsManagement (Status, Urgency, dates,
// StatusWillChange as embargo), NewsLines, DescriptiveMetadata, and the first text ContentItem as the body
// (NITF, XHTML or plain text inside DataContent). Photo and other media ContentItems become associations.
import { isoDate } from './dates.js';
import { nitfInto } from './nitf.js';
import { emptyStory, type NewsType, type Story } from './story.js';
import { paragraphsFromText, pubStatusOf, pushUnique, urgencyOf } from './story-helpers.js';
import { find, findAll, isElement, kid, rawText, textAt, textOf, xmlBlocks, type XmlElement } from './xml-tree.js';

const formal = (el: XmlElement | undefined): string | undefined => el?.attrs.FormalName || undefined;

function mediaType(item: XmlElement): NewsType | undefined {
  const media = formal(kid(item, 'MediaType'))?.toLowerCase();
  const mime = formal(kid(item, 'MimeType'))?.toLowerCase() ?? '';
  if (media === 'photo' || mime.startsWith('image/')) return 'picture';
  if (media === 'graphic') return 'graphic';
  if (media === 'video' || mime.startsWith('video/')) return 'video';
  if (media === 'audio' || mime.startsWith('audio/')) return 'audio';
  if (media === 'text' || /text|xml|html/.test(mime)) return 'text';
  return undefined;
}

export function parseNewsml1(root: XmlElement): Story {
  const story = emptyStory('newsml-1.2', false);
  const item = find(root, 'NewsItem') ?? root;
  const ident = find(item, 'Identification');
  story.guid = textAt(ident, 'PublicIdentifier');
  const rev = Number.parseInt(textAt(ident, 'RevisionId') ?? '', 10);
  if (rev >= 0) story.providerVersion = rev;
  const mgmt = find(item, 'NewsManagement');
  story.pubStatus = pubStatusOf(formal(find(mgmt, 'Status'))) ?? 'usable';
  story.urgency = urgencyOf(formal(find(mgmt, 'Urgency'))) ?? urgencyOf(formal(find(root, 'Priority')));
  story.firstCreated = isoDate(textAt(mgmt, 'FirstCreated'));
  story.versionCreated = isoDate(textAt(mgmt, 'ThisRevisionCreated'));
  const willChange = find(mgmt, 'StatusWillChange');
  if (willChange && /usable/i.test(formal(find(willChange, 'FutureStatus')) ?? '')) story.embargoed = isoDate(textAt(willChange, 'DateAndTime'));
  const notes = findAll(mgmt, 'Instruction').map((i) => formal(i)).filter(Boolean);
  if (notes.length) story.ednote = notes.join(' ');

  const lines = findAll(item, 'NewsLines').find((l) => find(l, 'HeadLine')) ?? find(item, 'NewsLines');
  story.headline = textAt(lines, 'HeadLine');
  story.subheadline = textAt(lines, 'SubHeadLine');
  story.byline = textAt(lines, 'ByLine');
  story.dateline = textAt(lines, 'DateLine');
  story.slugline = textAt(lines, 'SlugLine');
  story.copyrightNotice = textAt(lines, 'CopyrightLine');
  pushUnique(story.infosources, textAt(lines, 'CreditLine'));
  for (const k of findAll(lines, 'KeywordLine')) pushUnique(story.keywords, textOf(k));

  const meta = find(item, 'DescriptiveMetadata');
  story.language = formal(find(meta, 'Language'));
  story.located = formal(find(find(meta, 'Location'), 'Property'))?.trim() ? find(find(meta, 'Location'), 'Property')?.attrs.Value : undefined;
  for (const s of findAll(meta, 'SubjectCode')) {
    const el = kids3(s);
    if (!el) continue;
    const code = formal(el);
    if (code) story.subjects.push({ code: /^\d{8}$/.test(code) ? `subj:${code}` : code, scheme: 'subj' });
  }
  story.category = formal(find(meta, 'Genre'));
  pushUnique(story.infosources, formal(find(find(item, 'Provider'), 'Party')) ?? formal(find(root, 'SentFrom')?.children.find(isElement)));

  const items = findAll(item, 'ContentItem');
  // the body is the longest text item; an item in an Abstract component is a description; style sheets are not text
  const role = (c: XmlElement): string => formal(kid(c.parent, 'Role'))?.toLowerCase() ?? '';
  const textItems = items.filter((c) => mediaType(c) === 'text' && !/css/.test(formal(kid(c, 'MimeType')) ?? '') && !/stylesheet/.test(role(c)) && find(c, 'DataContent'));
  for (const c of textItems) if (role(c) === 'abstract') story.descriptions.push(textOf(find(c, 'DataContent')));
  const size = (c: XmlElement) => rawText(find(c, 'DataContent')!).trim().length;
  const text = textItems.filter((c) => role(c) !== 'abstract').sort((a, b) => size(b) - size(a))[0] ?? items.find((c) => find(c, 'DataContent'));
  const data = find(text, 'DataContent');
  if (data) {
    const nitf = find(data, 'nitf');
    if (nitf) {
      const before = { headline: story.headline, byline: story.byline, guid: story.guid };
      nitfInto(story, nitf);
      Object.assign(story, Object.fromEntries(Object.entries(before).filter(([, v]) => v)));
    } else if (data.children.some(isElement)) story.blocks.push(...xmlBlocks(find(data, 'body') ?? data));
    else story.blocks.push(...paragraphsFromText(rawText(data)));
  }
  for (const c of items) {
    if (c === text) continue;
    const type = mediaType(c);
    if (!type || type === 'text') continue;
    story.associations.push({ name: `${type}${story.associations.length + 1}`, uri: c.attrs.Href, guid: c.attrs.Href, type, mimetype: formal(kid(c, 'MimeType')) });
  }
  if (!story.headline) story.headline = textAt(find(item, 'NewsLines'), 'NewsLineText');
  return story;
}

/** The SubjectCode's most specific child (Subject, SubjectMatter, SubjectDetail). */
function kids3(code: XmlElement): XmlElement | undefined {
  const list = code.children.filter(isElement);
  return list[list.length - 1];
}
