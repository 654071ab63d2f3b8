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

/**
 * The project's model: models/ner/model.bin.gz, or the copy of it that the build unpacked when that copy is at least
 * as new (gunzipping the model was a tenth of the start-up of `copydesk process`; a model retrained after the build
 * is newer than the copy, and is read instead).
 */
export function defaultModelPath(): string {
  return newerOf(path.join(projectRoot, UNPACKED_MODEL), path.join(projectRoot, 'models', 'ner', 'model.bin.gz'));
}

/** `copy` if it exists and is at least as new as `original`, else `original`. */
export function newerOf(copy: string, original: string): string {
  const c = fs.statSync(copy, { throwIfNoEntry: false });
  return c && c.mtimeMs >= (fs.statSync(original, { throwIfNoEntry: false })?.mtimeMs ?? 0) ? copy : original;
}

const cache = new Map<string, EntityModel>();

export function loadModel(modelPath = defaultModelPath()): EntityModel {
  let m = cache.get(modelPath);
  if (!m) {
    const { header, passes, gazetteer } = decodeModel(fs.readFileSync(modelPath));
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
