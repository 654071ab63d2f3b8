// IPTC 7901 (dpa and other European services): SOH, a header line (service and sequence, priority digit, category,
// word count, selectors, source), a keyword line ("Germany-politics/"), STX, take-key lines ("1ST LEAD"),
// the headline and a byline ending with " =", the body, notes "not intended for publication" (ednote), ETX.
import { emptyStory, type Story } from './story.js';
import { pushUnique, teletypeBlocks } from './story-helpers.js';

const HEADER = /^\s*([a-z]{2,4}\d{2,6})\s+(\d)\s+([a-z]{1,3})\s+(\d+)\s+(?:([a-z]{2,12})\s+)?([\w-]+)\s+(\d+)\s*$/i;
const TAKE = /^(\d+(ST|ND|RD|TH)\s+(LEAD|NET|ADD|WRITETHRU)|REFILE|CORRECTION|URGENT|UPDATE|ADVISORY|SUMMARY|FACTBOX|BACKGROUND|EMBARGOED.*)$/i;
const NOT_FOR_PUBLICATION = /not (intended )?for publication|nicht zur veröffentlichung|pas pour publication|not for pub\b/i;

export function parseIptc7901(text: string): Story {
  const story = emptyStory('iptc7901', false);
  let t = text.replace(/\r\n?/g, '\n').replace(/^\x01/, '');
  const etx = t.indexOf('\x03');
  if (etx >= 0) t = t.slice(0, etx);
  const lines = t.split('\n');
  const header = HEADER.exec(lines[0] ?? '');
  if (header) {
    story.urgency = Number(header[2]) || undefined;
    story.category = header[3];
    if (Number(header[4]) > 0) story.wordCount = Number(header[4]);
    pushUnique(story.infosources, header[6]);
  }
  let i = 1;
  while (i < lines.length && !lines[i]!.trim()) i++;
  // keyword line: slash-separated keywords, before STX
  if (i < lines.length && !lines[i]!.includes('\x02') && /\/\s*$/.test(lines[i]!)) {
    const kw = lines[i]!.trim();
    story.slugline = kw.replace(/^\/|\/$/g, '');
    for (const k of kw.split('/')) pushUnique(story.keywords, k);
    i++;
  }
  // heading block up to the first blank line after a line ending with " =" (headline / byline)
  const headLines: string[] = [];
  while (i < lines.length) {
    const l = lines[i]!.replace(/\x02/g, '').trim();
    i++;
    if (!l) {
      if (headLines.some((h) => /=\s*$/.test(h))) break;
      continue;
    }
    headLines.push(l);
    if (/=\s*$/.test(l) && !/^By\s/i.test(l) && headLines.length > 1 && /^By\s/i.test(lines[i]?.trim() ?? '')) continue;
  }
  const takes: string[] = [];
  for (const h of headLines) {
    const clean = h.replace(/\s*=\s*$/, '').trim();
    if (TAKE.test(clean)) takes.push(clean);
    else if (/^By\s/i.test(clean)) story.byline = story.byline ? `${story.byline}; ${clean}` : clean;
    else if (!story.headline) story.headline = clean;
    else story.subheadline ??= clean;
  }
  if (takes.length) story.takeKey = takes.join(' ');
  let rest = lines.slice(i).join('\n');
  const note = NOT_FOR_PUBLICATION.exec(rest);
  if (note) {
    const start = rest.lastIndexOf('\n', note.index);
    const noteText = rest.slice(start + 1);
    story.ednote = noteText.replace(/\s+/g, ' ').trim();
    rest = rest.slice(0, Math.max(0, start)).replace(/\n[ \t]*(\* ?){3,}\s*$/, '');
  }
  // trailer: the desk's initials line ("dpa al rmo") at the end
  rest = rest.replace(/\n[ \t]*[a-z-]{2,8}( [a-z]{2,4})+\s*$/, '');
  story.blocks.push(...teletypeBlocks(rest));
  return story;
}
