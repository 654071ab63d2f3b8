// The shipped model file (models/ner/model.bin.gz): a JSON header (version, gazetteers, aliases, figures) and the
// two passes' packed weights, gzipped. Written by `npm run train:ner`, read once per process by the tagger.
import { gunzipSync, gzipSync } from 'node:zlib';
import { TAG_COUNT, TAGS } from './bilou.js';
import { FEATURE_VERSION, HASH_BITS } from './features.js';
import type { GazetteerLists } from './gazetteer.js';
import { PackedWeights } from './perceptron.js';

const MAGIC = 'copydesk-ner';

export interface ModelHeader {
  format: typeof MAGIC;
  /** Identifies the model in envelopes' provenance ("ner-2026-11-24-5f3a9c"). */
  version: string;
  hashBits: number;
  /** The feature layout the weights were trained for (FEATURE_VERSION). */
  features: number;
  tags: string[];
  gazetteers: GazetteerLists;
  /** The gazetteers compiled (Gazetteer.toIndex()): loading from it is several times faster than from the lists. */
  gazetteerIndex?: string;
  /** lowercase alias ("u.s.", "usa") → canonical place name ("United States"). */
  aliases: Record<string, string>;
  /** Anything worth keeping about the training run (epochs, dev F1, seconds). */
  training: Record<string, unknown>;
  /** Kept rows and the quantisation scale (weight per int16 step) of each pass. */
  passes: { rows: number; scale: number }[];
}

export interface PackedPass {
  rows: Uint32Array;
  weights: Int16Array;
  scale: number;
}

export interface LoadedModel {
  header: ModelHeader;
  passes: PackedWeights[];
}

function writeVarint(out: number[], v: number): void {
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

export function encodeModel(header: Omit<ModelHeader, 'format' | 'passes' | 'tags' | 'hashBits' | 'features'>, passes: PackedPass[]): Buffer {
  const full: ModelHeader = {
    format: MAGIC,
    ...header,
    hashBits: HASH_BITS,
    features: FEATURE_VERSION,
    tags: [...TAGS],
    passes: passes.map((p) => ({ rows: p.rows.length, scale: p.scale })),
  };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const parts: Buffer[] = [];
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  parts.push(len, json);
  // per pass: the rows' feature ids (varint deltas), then the non-zero weights only: a count per row, their tags,
  // their int16 values (3 of 17 per row on average: a third of the dense size, and a third of the gunzip time)
  for (const p of passes) {
    const deltas: number[] = [];
    let last = 0;
    for (const r of p.rows) {
      writeVarint(deltas, r - last);
      last = r;
    }
    const counts = new Uint8Array(p.rows.length);
    const tags: number[] = [];
    const values: number[] = [];
    for (let r = 0; r < p.rows.length; r++) {
      for (let t = 0; t < TAG_COUNT; t++) {
        const v = p.weights[r * TAG_COUNT + t]!;
        if (v === 0) continue;
        counts[r]!++;
        tags.push(t);
        values.push(v);
      }
    }
    const head = Buffer.alloc(8);
    head.writeUInt32LE(deltas.length, 0);
    head.writeUInt32LE(tags.length, 4);
    parts.push(head, Buffer.from(deltas), Buffer.from(counts), Buffer.from(tags), Buffer.from(Int16Array.from(values).buffer));
  }
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

export function decodeModel(gz: Uint8Array): LoadedModel {
  const buf = gunzipSync(gz);
  let pos = 0;
  const jsonLength = buf.readUInt32LE(pos);
  pos += 4;
  const header = JSON.parse(buf.toString('utf8', pos, pos + jsonLength)) as ModelHeader;
  pos += jsonLength;
  if (header.format !== MAGIC) throw new Error(`not a copydesk entity model (format ${String(header.format)})`);
  if (header.hashBits !== HASH_BITS || header.features !== FEATURE_VERSION || header.tags.length !== TAG_COUNT || header.tags.some((t, i) => t !== TAGS[i])) {
    throw new Error(`entity model ${header.version} was trained for another feature layout: retrain with npm run train:ner`);
  }
  const passes = header.passes.map(({ rows }) => {
    const deltaBytes = buf.readUInt32LE(pos);
    const entryCount = buf.readUInt32LE(pos + 4);
    pos += 8;
    const hashRows = new Int32Array(rows);
    let r = 0;
    let k = 0;
    const end = pos + deltaBytes;
    while (pos < end) {
      let v = 0;
      let shift = 0;
      let b: number;
      do {
        b = buf[pos++]!;
        v |= (b & 0x7f) << shift;
        shift += 7;
      } while (b & 0x80);
      r += v;
      if (k < rows) hashRows[k] = r;
      k++;
    }
    if (k !== rows) throw new Error('entity model file is damaged (row count)');
    const counts = buf.subarray(pos, pos + rows);
    pos += rows;
    const tags = buf.subarray(pos, pos + entryCount);
    pos += entryCount;
    const entries = new Int32Array(entryCount);
    for (let e = 0; e < entryCount; e++, pos += 2) entries[e] = (buf.readInt16LE(pos) << 8) | tags[e]!;
    return PackedWeights.fromSparse(hashRows, counts, entries);
  });
  return { header, passes };
}
