// The shipped model file (models/ner/model.bin.gz), gzipped: a JSON header (version, aliases, figures), then the
// two passes' weight tables and the compiled gazetteer exactly as they are in memory (little-endian int32), so loading
// is a gunzip and typed-array views, with nothing to parse or insert. Written by `npm run train:ner`.
import { endianness } from 'node:os';
import { gunzipSync, gzipSync } from 'node:zlib';
import { TAG_COUNT, TAGS } from './bilou.js';
import { FEATURE_VERSION, HASH_BITS } from './features.js';
import { Gazetteer } from './gazetteer.js';
import { PackedWeights } from './perceptron.js';

const MAGIC = 'copydesk-ner';
/** Bump when the in-memory layout of the weight or gazetteer tables (and so of the file) changes. */
const TABLE_LAYOUT = 2;

export interface ModelHeader {
  format: typeof MAGIC;
  /** Identifies the model in envelopes' provenance ("ner-2026-11-24-5f3a9c"). */
  version: string;
  hashBits: number;
  /** The feature layout the weights were trained for (FEATURE_VERSION). */
  features: number;
  /** The layout of the tables that follow the header (TABLE_LAYOUT). */
  tableLayout: number;
  tags: string[];
  /** lowercase alias ("u.s.", "usa") → canonical place name ("United States"). */
  aliases: Record<string, string>;
  /** Anything worth keeping about the training run (epochs, dev F1, seconds). */
  training: Record<string, unknown>;
  /** Kept rows and the quantisation scale (weight per int16 step) of each pass, and its tables' lengths (int32). */
  passes: { rows: number; scale: number; slots: number; overflow: number }[];
  /** Lengths of the compiled gazetteer's table (int32) and text (bytes). */
  gazetteer: { table: number; text: number };
}

export interface PackedPass {
  rows: Uint32Array;
  weights: Int16Array;
  scale: number;
}

export interface LoadedModel {
  header: ModelHeader;
  passes: PackedWeights[];
  gazetteer: Gazetteer;
}

/** A pass's weights as the tagger's table: rows' non-zero weights as (weight << 8 | tag) entries. */
function packedTable(p: PackedPass): PackedWeights {
  const counts = new Uint8Array(p.rows.length);
  const entries: number[] = [];
  for (let r = 0; r < p.rows.length; r++) {
    for (let t = 0; t < TAG_COUNT; t++) {
      const v = p.weights[r * TAG_COUNT + t]!;
      if (v === 0) continue;
      counts[r]!++;
      entries.push((v << 8) | t);
    }
  }
  return PackedWeights.fromSparse(p.rows, counts, Int32Array.from(entries));
}

const bytesOf = (a: Int32Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
const padding = (n: number): Buffer => Buffer.alloc((4 - (n % 4)) % 4);

export function encodeModel(
  header: Omit<ModelHeader, 'format' | 'passes' | 'tags' | 'hashBits' | 'features' | 'tableLayout' | 'gazetteer'>,
  passes: PackedPass[],
  gazetteer: Gazetteer,
): Buffer {
  if (endianness() !== 'LE') throw new Error('entity model files are written on little-endian machines only');
  const tables = passes.map(packedTable);
  const gaz = gazetteer.compiled();
  const full: ModelHeader = {
    format: MAGIC,
    ...header,
    hashBits: HASH_BITS,
    features: FEATURE_VERSION,
    tableLayout: TABLE_LAYOUT,
    tags: [...TAGS],
    passes: passes.map((p, i) => ({ rows: p.rows.length, scale: p.scale, slots: tables[i]!.slots.length, overflow: tables[i]!.overflow.length })),
    gazetteer: { table: gaz.table.length, text: gaz.text.length },
  };
  const json = Buffer.from(JSON.stringify(full), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  const parts: Buffer[] = [len, json, padding(json.length)];
  for (const t of tables) parts.push(bytesOf(t.slots), bytesOf(t.overflow));
  parts.push(bytesOf(gaz.table), bytesOf(gaz.text));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** Reads a model file's bytes: the shipped gzip, or (`gzipped: false`) the copy `npm run build` unpacks (load-model.ts). */
export function decodeModel(bytes: Uint8Array, { gzipped = true }: { gzipped?: boolean } = {}): LoadedModel {
  let buf = gzipped ? gunzipSync(bytes) : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the int32 tables are views on the buffer: they need it 4-byte aligned
  if (buf.byteOffset % 4 !== 0) buf = Buffer.from(buf);
  let pos = 0;
  const jsonLength = buf.readUInt32LE(pos);
  pos += 4;
  const header = JSON.parse(buf.toString('utf8', pos, pos + jsonLength)) as ModelHeader;
  pos += jsonLength + padding(jsonLength).length;
  if (header.format !== MAGIC) throw new Error(`not a copydesk entity model (format ${String(header.format)})`);
  if (
    header.hashBits !== HASH_BITS || header.features !== FEATURE_VERSION || header.tableLayout !== TABLE_LAYOUT ||
    header.tags.length !== TAG_COUNT || header.tags.some((t, i) => t !== TAGS[i])
  ) {
    throw new Error(`entity model ${header.version} was written for another feature or table layout: retrain with npm run train:ner`);
  }
  const int32s = (count: number): Int32Array => {
    if (pos + count * 4 > buf.length) throw new Error('entity model file is damaged (too short)');
    let view: Int32Array;
    if (endianness() === 'LE') view = new Int32Array(buf.buffer, buf.byteOffset + pos, count);
    else {
      view = new Int32Array(count);
      for (let i = 0; i < count; i++) view[i] = buf.readInt32LE(pos + i * 4);
    }
    pos += count * 4;
    return view;
  };
  const passes = header.passes.map((p) => {
    const slots = int32s(p.slots);
    return new PackedWeights(slots, int32s(p.overflow));
  });
  const table = int32s(header.gazetteer.table);
  if (pos + header.gazetteer.text > buf.length) throw new Error('entity model file is damaged (too short)');
  const text = new Uint8Array(buf.buffer, buf.byteOffset + pos, header.gazetteer.text);
  return { header, passes, gazetteer: new Gazetteer({ table, text }, true) };
}
