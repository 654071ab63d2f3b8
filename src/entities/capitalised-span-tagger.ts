// A first entity tagger: runs of capitalised words, typed by a few cue words. Replaced by the trained tagger.
import type { Entity, EntityMention, EntityTagger, EntityType, TagInput } from './types.js';

const ORG_CUES = /\b(Party|Council|Ministry|Army|Police|Foundation|Association|University|Company|Corp|Inc|Bank|Agency|Guard|Mission|Committee|Crescent|Press|Reuters|Nations|Union|Court|Department|Group|State)\b/;
const STOP = new Set(['The', 'A', 'An', 'In', 'On', 'At', 'But', 'And', 'Since', 'It', 'He', 'She', 'They', 'We', 'Also', 'This', 'That', 'Some', 'Shops', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday', 'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December', 'Jan', 'Feb', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']);

export class CapitalisedSpanTagger implements EntityTagger {
  readonly version = 'capitalised-span-0';

  tag({ body }: TagInput): Entity[] {
    const byKey = new Map<string, Entity>();
    const re = /\b\p{Lu}[\p{L}.'’-]*(?:\s+(?:al-|of\s+the\s+|of\s+)?\p{Lu}[\p{L}.'’-]*)*/gu;
    for (const m of body.matchAll(re)) {
      let text = m[0].replace(/['’]s$/, '');
      let start = m.index!;
      const first = text.split(/\s+/)[0]!;
      if (STOP.has(first)) {
        const rest = text.slice(first.length).trimStart();
        if (!rest) continue;
        start += text.length - rest.length;
        text = rest;
      }
      if (text.length < 3 || /^\p{Lu}+$/u.test(text) === false && text.split(/\s+/).length === 1 && text.length < 4) continue;
      const type: EntityType = ORG_CUES.test(text) || /^[A-Z.]{2,6}$/.test(text) ? 'organisation' : text.split(/\s+/).length >= 2 ? 'person' : 'place';
      const mention: EntityMention = { text, start, end: start + text.length };
      const key = `${type}:${text}`;
      const e = byKey.get(key) ?? { type, name: text, mentions: [], count: 0, relevance: 0 };
      e.mentions.push(mention);
      e.count++;
      byKey.set(key, e);
    }
    const list = [...byKey.values()];
    const max = Math.max(1, ...list.map((e) => e.count));
    for (const e of list) e.relevance = Math.round((e.count / max) * 100) / 100;
    return list.sort((a, b) => b.relevance - a.relevance);
  }
}
