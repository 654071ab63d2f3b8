// The tag set of the entity tagger: BILOU (Begin, Inside, Last, Unit, Outside) over four CoNLL types, with the
// conversions to and from the IOB tags of CoNLL files and the transition rule that keeps decoded tags well formed.

export const ENTITY_TYPES = ['PER', 'ORG', 'LOC', 'MISC'] as const;
export type ConllType = (typeof ENTITY_TYPES)[number];

const PREFIXES = ['B', 'I', 'L', 'U'] as const;
export type BilouPrefix = (typeof PREFIXES)[number];

/** Tag names by index: 0 is O, then B/I/L/U for each type in ENTITY_TYPES order. */
export const TAGS: readonly string[] = ['O', ...ENTITY_TYPES.flatMap((t) => PREFIXES.map((p) => `${p}-${t}`))];
export const TAG_COUNT = TAGS.length;
const TAG_INDEX = new Map(TAGS.map((t, i) => [t, i]));

export function tagIndex(tag: string): number {
  const i = TAG_INDEX.get(tag);
  if (i === undefined) throw new RangeError(`unknown BILOU tag: ${tag}`);
  return i;
}

/** The prefix of a tag index (undefined for O). */
export function prefixOf(tag: number): BilouPrefix | undefined {
  return tag === 0 ? undefined : PREFIXES[(tag - 1) % 4];
}

/** The entity type of a tag index (undefined for O). */
export function typeOf(tag: number): ConllType | undefined {
  return tag === 0 ? undefined : ENTITY_TYPES[Math.floor((tag - 1) / 4)];
}

function tagOf(prefix: BilouPrefix, type: ConllType): number {
  return 1 + ENTITY_TYPES.indexOf(type) * 4 + PREFIXES.indexOf(prefix);
}

/** May tag `next` follow tag `prev`? prev = -1 at the start of a sentence. Used by the decoder and its tests. */
export function allowed(prev: number, next: number): boolean {
  const pp = prev < 0 ? undefined : prefixOf(prev);
  const np = prefixOf(next);
  const open = pp === 'B' || pp === 'I';
  if (!open) return np === undefined || np === 'B' || np === 'U';
  return (np === 'I' || np === 'L') && typeOf(prev) === typeOf(next);
}

/** An entity span over token indexes, end exclusive. */
export interface TokenSpan {
  type: ConllType;
  start: number;
  end: number;
}

/** Spans of IOB1 or IOB2 tags (the conlleval chunk rules: a B- or a change of type opens a new chunk). */
export function spansFromIob(tags: readonly string[]): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let cur: TokenSpan | undefined;
  tags.forEach((tag, i) => {
    if (tag === 'O' || !tag.includes('-')) {
      if (cur) spans.push(cur);
      cur = undefined;
      return;
    }
    const [pre, type] = tag.split('-') as [string, ConllType];
    if (pre === 'B' || !cur || cur.type !== type) {
      if (cur) spans.push(cur);
      cur = { type, start: i, end: i + 1 };
    } else cur.end = i + 1;
  });
  if (cur) spans.push(cur);
  return spans;
}

/** BILOU tag indexes for spans over `length` tokens. */
export function bilouFromSpans(spans: readonly TokenSpan[], length: number): number[] {
  const tags = new Array<number>(length).fill(0);
  for (const s of spans) {
    if (s.end - s.start === 1) tags[s.start] = tagOf('U', s.type);
    else {
      tags[s.start] = tagOf('B', s.type);
      for (let i = s.start + 1; i < s.end - 1; i++) tags[i] = tagOf('I', s.type);
      tags[s.end - 1] = tagOf('L', s.type);
    }
  }
  return tags;
}

/** Spans of BILOU tag indexes; tolerant of ill-formed sequences (an unclosed B.. I.. still makes a span). */
export function spansFromBilou(tags: ArrayLike<number>): TokenSpan[] {
  const spans: TokenSpan[] = [];
  let cur: TokenSpan | undefined;
  const close = () => {
    if (cur) spans.push(cur);
    cur = undefined;
  };
  for (let i = 0; i < tags.length; i++) {
    const t = tags[i]!;
    const p = prefixOf(t);
    const type = typeOf(t);
    if (!p || !type) {
      close();
      continue;
    }
    if (p === 'U') {
      close();
      spans.push({ type, start: i, end: i + 1 });
    } else if (p === 'B' || !cur || cur.type !== type) {
      close();
      cur = { type, start: i, end: i + 1 };
      if (p === 'L') close();
    } else {
      cur.end = i + 1;
      if (p === 'L') close();
    }
  }
  close();
  return spans;
}

/** IOB2 tag names (B-PER, I-PER, O) for BILOU tag indexes. */
export function iob2FromBilou(tags: ArrayLike<number>): string[] {
  const out = new Array<string>(tags.length).fill('O');
  for (const s of spansFromBilou(tags)) {
    out[s.start] = `B-${s.type}`;
    for (let i = s.start + 1; i < s.end; i++) out[i] = `I-${s.type}`;
  }
  return out;
}
