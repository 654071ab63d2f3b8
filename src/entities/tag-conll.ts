// The CoNLL interface of the tagger: every line of a CoNLL-2003 file back, token lines with the predicted IOB2 tag.
// Loads only the model and the tagging core (no parser): `copydesk tag --conll` must start in milliseconds.
import { iob2FromBilou } from './bilou.js';
import { annotateConll, conllTaggerDocument, parseConll } from './conll.js';
import { loadModel } from './load-model.js';
import { DecodeScratch } from './perceptron.js';
import { tagDocument } from './sequence-tagger.js';

export function tagConll(text: string, modelPath?: string): string {
  const model = loadModel(modelPath);
  const scratch = new DecodeScratch();
  const { lines, documents } = parseConll(text);
  return annotateConll(lines, documents, (doc) =>
    tagDocument(conllTaggerDocument(doc), model.gazetteer, model.pass1, model.pass2, scratch).map((t) => iob2FromBilou(t)),
  );
}
