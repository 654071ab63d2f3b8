// Two-pass tagging of a whole document: pass 1 tags every sentence from its own features; pass 2 tags again with
// what pass 1 found across the document (the same word tagged elsewhere, in the headline) as extra features.
import { TAG_COUNT } from './bilou.js';
import { documentInfo, documentWords, pass1Evidence, pass2Features, sentenceFeatures, type TaggerDocument, type TokenFeatures } from './features.js';
import type { Gazetteer } from './gazetteer.js';
import { DecodeScratch, decodePacked, decodeSentence, PackedWeights, type Scorer } from './perceptron.js';

export function staticFeatures(doc: TaggerDocument, gazetteer: Gazetteer | undefined): TokenFeatures[] {
  const words = documentWords(doc);
  const info = documentInfo(doc, words);
  return doc.map((s, i) => sentenceFeatures(s, info, gazetteer, words[i]));
}

export function decodeAll(scorer: Scorer | PackedWeights, feats: readonly TokenFeatures[], scratch = new DecodeScratch()): Uint8Array[] {
  return feats.map((f) => {
    const out = new Uint8Array(f.start.length - 1);
    decodeSentence(scorer, f, out, scratch);
    return out;
  });
}

export function secondPassFeatures(doc: TaggerDocument, base: readonly TokenFeatures[], pass1: readonly Uint8Array[]): TokenFeatures[] {
  const evidence = pass1Evidence(doc, pass1, TAG_COUNT, base.map((f) => f.infos));
  return doc.map((s, i) => pass2Features(s, pass1[i]!, evidence, base[i]!));
}

/** BILOU tags for every sentence of a document. */
export function tagDocument(doc: TaggerDocument, gazetteer: Gazetteer | undefined, pass1: Scorer | PackedWeights, pass2: Scorer | PackedWeights | undefined, scratch = new DecodeScratch()): Uint8Array[] {
  const base = staticFeatures(doc, gazetteer);
  const first = decodeAll(pass1, base, scratch);
  if (!pass2) return first;
  const evidence = pass1Evidence(doc, first, TAG_COUNT, base.map((f) => f.infos));
  return doc.map((s, i) => {
    const feats = base[i]!;
    const out = new Uint8Array(feats.start.length - 1);
    // the shipped weights add the pass-2 features straight from the pass-1 tags, without second feature arrays;
    // other scorers (training), and a sentence the packed decoder cannot take, get pass 2's own features
    const second = { own: first[i]!, evidence, headline: s.headline === true };
    if (!(pass2 instanceof PackedWeights && decodePacked(pass2, feats, out, scratch, second))) {
      decodeSentence(pass2, pass2Features(s, first[i]!, evidence, feats), out, scratch);
    }
    return out;
  });
}
