// Loads the shipped entity model once per process (a gunzip, or the build's unpacked copy, and typed-array views): the weights of both passes,
// the gazetteers and the place aliases compiled into it at training time.
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../config/project-root.js';
import type { Gazetteer } from './gazetteer.js';
import { decodeModel, type ModelHeader } from './model-file.js';
import type { PackedWeights } from './perceptron.js';

export interface EntityModel {
  header: ModelHeader;
  gazetteer: Gazetteer;
  pass1: PackedWeights;
  pass2: PackedWeights;
  aliases: ReadonlyMap<string, string>;
}

/** Where `npm run build` unpacks the shipped model, relative to the project root (scripts/unpack-model.mjs). */
export const UNPACKED_MODEL = path.join('dist', 'models', 'ner', 'model.bin');
/** Beside the unpacked copy: the size and modification time of the file it was unpacked from. */
export const UNPACKED_FROM = '.source.json';

/**
 * The project's model: models/ner/model.bin.gz, or the copy of it that the build unpacked while that copy is of the
 * shipped file as it is now (gunzipping the model was a tenth of the start-up of `copydesk process`; a model
 * retrained or replaced after the build is read instead).
 */
export function defaultModelPath(): string {
  return unpackedCopyOr(path.join(projectRoot, UNPACKED_MODEL), path.join(projectRoot, 'models', 'ner', 'model.bin.gz'));
}

/** What unpackedCopyOr compares: the original's size and modification time. */
export function sourceStamp(original: string): { size: number; mtimeMs: number } {
  const { size, mtimeMs } = fs.statSync(original);
  return { size, mtimeMs };
}

/** `copy` if it exists and was unpacked from `original` as it is now (its stamp beside it matches), else `original`. */
export function unpackedCopyOr(copy: string, original: string): string {
  try {
    const from = JSON.parse(fs.readFileSync(copy + UNPACKED_FROM, 'utf8')) as { size: number; mtimeMs: number };
    const now = sourceStamp(original);
    return from.size === now.size && from.mtimeMs === now.mtimeMs && fs.existsSync(copy) ? copy : original;
  } catch {
    return original; // no copy, or no stamp
  }
}

const cache = new Map<string, EntityModel>();

export function loadModel(modelPath = defaultModelPath()): EntityModel {
  let m = cache.get(modelPath);
  if (!m) {
    const { header, passes, gazetteer } = decodeModel(fs.readFileSync(modelPath), { gzipped: modelPath.endsWith('.gz') });
    m = {
      header,
      gazetteer,
      pass1: passes[0]!,
      pass2: passes[1]!,
      aliases: new Map(Object.entries(header.aliases)),
    };
    cache.set(modelPath, m);
  }
  return m;
}
