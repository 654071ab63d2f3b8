// unified (retext) plugin: runs the entity tagger on the tree as it stands (the published body: what the earlier
// plugins left) and puts the document-level entities on file.data.entities.
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { bodyText } from '../text/nlcst-blocks.js';
import type { EntityTagger } from './types.js';

export interface RetextTagEntitiesOptions {
  /** The tagger (required): createTagger() for the shipped model. */
  tagger: EntityTagger;
  /**
   * The document's headline, which the tagger reads as a headline (tagged, weighs in relevance; its mentions carry
   * no body offsets). Default: file.data.headline, else file.data.story.headline.
   */
  headline?: (file: VFile) => string | undefined;
}

const defaultHeadline = (file: VFile): string | undefined => file.data.headline ?? file.data.story?.headline;

export default function retextTagEntities(options: RetextTagEntitiesOptions) {
  if (!options?.tagger) throw new TypeError('retextTagEntities: missing required option `tagger`');
  const { tagger } = options;
  const headlineOf = options.headline ?? defaultHeadline;
  return (tree: Root, file: VFile): void => {
    const headline = headlineOf(file);
    const body = bodyText(tree, String(file.value));
    file.data.entities = tagger.tagTree ? tagger.tagTree({ tree, body, headline }) : tagger.tag({ headline, body });
  };
}
