// Two-pass tagging of a whole document: pass 1 tags every sentence from its own features; pass 2 tags again with
// what pass 1 found across the document (the same word tagged elsewhere, in the headline) as extra features.
import { TAG_COUNT } from './bilou.js';
import { documentInfo, pass1Evidence, pass2Features, sentenceFeatures, type TaggerDocument, type TokenFeatures } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import { DecodeScratch, decodeSentence, type Scorer } from './perceptron.js';

export function staticFeatures(doc: TaggerDocument, gazetteer: Gazetteer | undefined): TokenFeatures[] {
  const info = documentInfo(doc);
  return doc.map((s) => sentenceFeatures(s, info, gazetteer));
}

export function decodeAll(scorer: Scorer, feats: readonly TokenFeatures[], scratch = new DecodeScratch()): Uint8Array[] {
  return feats.map((f) => {
    const out = new Uint8Array(f.ids.length);
    decodeSentence(scorer, f, out, scratch);
    return out;
  });
}

export function secondPassFeatures(doc: TaggerDocument, base: readonly TokenFeatures[], pass1: readonly Uint8Array[]): TokenFeatures[] {
  const evidence = pass1Evidence(doc, pass1, TAG_COUNT);
  return doc.map((s, i) => pass2Features(s, pass1[i]!, evidence, base[i]!));
}

/** BILOU tags for every sentence of a document. */
export function tagDocument(doc: TaggerDocument, gazetteer: Gazetteer | undefined, pass1: Scorer, pass2: Scorer | undefined, scratch = new DecodeScratch()): Uint8Array[] {
  const base = staticFeatures(doc, gazetteer);
  const first = decodeAll(pass1, base, scratch);
  if (!pass2) return first;
  return decodeAll(pass2, secondPassFeatures(doc, base, first), scratch);
}
