// AAP ZCZC teletype: "ZCZC" start, header lines keyed by their first character (% selectors, # slug, $ headline,
// : take key / keyword, * subject code, ~ service, @ located), the body, "NNNN" end.
import { emptyStory, type Story } from './story.js';
import { pushUnique, teletypeBlocks } from './story-helpers.js';

export function parseAapZczc(text: string): Story {
  const story = emptyStory('aap-zczc', false);
  let t = text.replace(/\r\n?/g, '\n').replace(/^\s*ZCZC[^\n]*\n/, '');
  const end = t.search(/\n\s*NNNN\s*(\n|$)/);
  if (end >= 0) t = t.slice(0, end);
  const lines = t.split('\n');
  let i = 0;
  const takes: string[] = [];
  for (; i < lines.length; i++) {
    const l = lines[i]!.trimEnd();
    const m = /^([%#$:*~@])(.*)$/.exec(l);
    if (!m) {
      // a routing line of two-letter codes ("YY TDR") belongs to the header too
      if (i === 0 && /^[A-Z]{2}(\s+[A-Z]{2,4})*$/.test(l.trim())) continue;
      break;
    }
    const value = m[2]!.trim();
    if (!value) continue;
    switch (m[1]) {
      case '$':
        if (value.length > 3) story.headline = value;
        break;
      case '#':
        story.slugline = value;
        break;
      case ':':
        takes.push(value);
        break;
      case '*':
        if (/^\d{8}$/.test(value)) story.subjects.push({ code: `subj:${value}`, scheme: 'subj' });
        else story.category = value;
        break;
      case '@':
        story.located = value;
        break;
      case '~':
        pushUnique(story.keywords, value);
        break;
      default:
        break;
    }
  }
  if (takes.length) story.takeKey = takes.join(' ');
  story.blocks.push(...teletypeBlocks(lines.slice(i).join('\n')));
  if (!story.headline) {
    const first = story.blocks[0];
    // a first paragraph that is one short line without a full stop is the headline (media releases)
    if (first && first.kind === 'p' && first.text.length < 140 && !/[.!?]["”’]?$/.test(first.text) && !/\s[-–]\s/.test(first.text) && story.blocks.length > 1) {
      story.headline = first.text;
      story.blocks.shift();
    } else {
      story.headline = takes.map((k) => k.replace(/^[A-Z]+\s*:/, '').trim()).filter((k) => k.length > 8).pop();
    }
  }
  pushUnique(story.infosources, 'AAP');
  return story;
}
