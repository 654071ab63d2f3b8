// unified (retext) plugin: tags entities in the tree as it stands (the published body: what the earlier plugins
// left) and puts the document-level entities on file.data.entities. Without a tagger it stops short of tagging and
// leaves what the tagger reads on file.data.taggerInput (plain data): the pipeline tags in a later stage, which
// `copydesk process` runs in another thread than the text rules.
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { bodyText } from '../text/nlcst-blocks.js';
import { tagInput, taggerInput } from './tagger-input.js';
import type { EntityTagger } from './types.js';

export interface RetextTagEntitiesOptions {
  /** The tagger: createTagger() for the shipped model. Without one, file.data.taggerInput is set instead. */
  tagger?: EntityTagger;
  /**
   * The document's headline, which the tagger reads as a headline (tagged, weighs in relevance; its mentions carry
   * no body offsets). Default: file.data.headline, else file.data.story.headline.
   */
  headline?: (file: VFile) => string | undefined;
}

const defaultHeadline = (file: VFile): string | undefined => file.data.headline ?? file.data.story?.headline;

export default function retextTagEntities(options: RetextTagEntitiesOptions = {}) {
  const { tagger } = options;
  const headlineOf = options.headline ?? defaultHeadline;
  return (tree: Root, file: VFile): void => {
    const headline = headlineOf(file);
    const source = String(file.value);
    const body = bodyText(tree, source);
    // a tagger that reads the body text itself is not given tokens it would not read
    if (tagger && !tagger.tagSentences) {
      file.data.entities = tagger.tag({ headline, body });
      return;
    }
    const input = taggerInput({ tree, body, headline }, source);
    if (tagger) file.data.entities = tagInput(tagger, input);
    else file.data.taggerInput = input;
  };
}
