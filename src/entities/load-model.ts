// Loads the shipped entity model once per process (a gunzip and typed-array views): the weights of both passes,
// the gazetteers and the place aliases compiled into it at training time.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
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

/** models/ner/model.bin.gz of the project, found from this module's location in src/ or dist/src/. */
export function defaultModelPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'models', 'ner', 'model.bin.gz');
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
