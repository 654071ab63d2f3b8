// RFC 822 / MIME email: headers unfolded and RFC 2047-decoded (libmime), multipart bodies split by boundary,
// base64 and quoted-printable (libqp) decoded, each part read in its declared charset. The subject is the
// headline, the first text/plain part (else text/html) the body; attachments become associations.
import type Libmime from 'libmime';
import type Libqp from 'libqp';
import { isoDate } from './dates.js';
import { decodeBytes } from './decode.js';
import { htmlBlocks } from './ninjs.js';
import { lazyRequire } from './lazy-require.js';
import { emptyStory, type NewsType, type Story } from './story.js';
import { paragraphsFromText, pushUnique } from './story-helpers.js';

// loaded on the first email: a run of pages and plain text never loads the MIME libraries
const libmime = lazyRequire<typeof Libmime>('libmime');
const libqp = lazyRequire<typeof Libqp>('libqp');

interface Part {
  headers: Map<string, string>;
  /** The raw body as a byte-preserving (latin1) string. */
  body: string;
}

function splitHeaders(raw: string): Part {
  const m = /\r?\n\r?\n/.exec(raw);
  const head = m ? raw.slice(0, m.index) : raw;
  const body = m ? raw.slice(m.index + m[0].length) : '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(i + 1).trim());
  }
  return { headers, body };
}

function contentType(part: Part): { value: string; params: Record<string, string> } {
  const parsed = libmime().parseHeaderValue(part.headers.get('content-type') ?? 'text/plain');
  return { value: parsed.value.toLowerCase(), params: parsed.params as Record<string, string> };
}

/** The leaf parts of a message in order (multiparts flattened, nested messages included). */
function leaves(part: Part, depth = 0): Part[] {
  const ct = contentType(part);
  if (ct.value.startsWith('multipart/') && ct.params.boundary && depth < 20) {
    const boundary = `--${ct.params.boundary}`;
    const chunks = part.body.split(new RegExp(`(?:^|\\r?\\n)${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \\t]*(?:\\r?\\n|$)`));
    return chunks.slice(1).filter((c) => c.trim()).flatMap((c) => leaves(splitHeaders(c), depth + 1));
  }
  if (ct.value === 'message/rfc822' && depth < 20) return leaves(splitHeaders(part.body), depth + 1);
  return [part];
}

function partBytes(part: Part): Buffer {
  const cte = (part.headers.get('content-transfer-encoding') ?? '').toLowerCase().trim();
  if (cte === 'base64') return Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  if (cte === 'quoted-printable') return libqp().decode(part.body);
  return Buffer.from(part.body, 'latin1');
}

function partText(part: Part): string {
  const charset = contentType(part).params.charset;
  return decodeBytes(partBytes(part), charset).text;
}

function fileName(part: Part): string | undefined {
  const disposition = part.headers.get('content-disposition');
  const name = (disposition ? (libmime().parseHeaderValue(disposition).params as Record<string, string>).filename : undefined) ?? contentType(part).params.name;
  return name ? libmime().decodeWords(name) : undefined;
}

const decodeHeader = (v: string | undefined): string | undefined => (v ? libmime().decodeWords(v).replace(/\s+/g, ' ').trim() || undefined : undefined);

/** `raw` is the message as a byte-preserving latin1 string, so each part can be decoded in its own charset. */
export function parseEmail(raw: string): Story {
  const story = emptyStory('email', false);
  const message = splitHeaders(raw.replace(/^(?:[ \t]*\r?\n)+/, ''));
  // headers may carry raw 8-bit UTF-8 (or the charset of the first text part): decode them as such
  const header = (name: string) => {
    const v = message.headers.get(name);
    return v === undefined ? undefined : decodeHeader(decodeBytes(Buffer.from(v, 'latin1')).text);
  };
  story.headline = header('subject')?.replace(/^((re|fwd?|aw|wg)\s*:\s*)+/i, '');
  story.versionCreated = isoDate(header('date'));
  const messageId = header('message-id')?.replace(/^<|>$/g, '');
  if (messageId) story.guid = messageId;
  const from = header('from');
  if (from) pushUnique(story.infosources, from.replace(/\s*<[^>]*>\s*/, '').replace(/^"|"$/g, '') || from);
  story.language = header('content-language');

  const parts = leaves(message);
  const isAttachment = (p: Part) => /attachment/i.test(p.headers.get('content-disposition') ?? '') || (!!fileName(p) && !contentType(p).value.startsWith('text/'));
  const plain = parts.filter((p) => contentType(p).value === 'text/plain' && !isAttachment(p));
  const html = parts.filter((p) => contentType(p).value === 'text/html' && !isAttachment(p));
  const textAttachments = parts.filter((p) => isAttachment(p) && /^text\/(plain|html)/.test(contentType(p).value));
  let blocks = plain.length ? plain.flatMap((p) => paragraphsFromText(partText(p))) : html.flatMap((p) => htmlBlocks(partText(p)));
  const words = (bs: typeof blocks) => bs.reduce((n, b) => n + b.text.split(/\s+/).length, 0);
  for (const a of textAttachments) {
    const t = partText(a);
    const ab = contentType(a).value === 'text/html' ? htmlBlocks(t) : paragraphsFromText(t);
    if (words(ab) > words(blocks) * 2) blocks = ab;
  }
  story.blocks.push(...blocks);
  if (!story.blocks.length && html.length) story.blocks.push(...html.flatMap((p) => htmlBlocks(partText(p))));
  for (const p of parts) {
    if (!isAttachment(p)) continue;
    const mime = contentType(p).value;
    const type: NewsType | undefined = mime.startsWith('image/') ? 'picture' : mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : mime.startsWith('text/') ? 'text' : undefined;
    const name = fileName(p) ?? `attachment${story.associations.length + 1}`;
    story.associations.push({ name, guid: name, type, mimetype: mime, headline: name });
  }
  return story;
}
