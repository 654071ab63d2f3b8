// unified plugin: runs the entity tagger on the published body (what is left in the tree) and puts the
// document-level entities on file.data.entities.
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import type { EntityTagger } from '../entities/types.js';
import { bodyText } from './nlcst-blocks.js';

export interface TagEntitiesOptions {
  tagger: EntityTagger;
}

export default function tagEntities(options: TagEntitiesOptions) {
  if (!options?.tagger) throw new TypeError('tagEntities: missing required option `tagger`');
  const { tagger } = options;
  return (tree: Root, file: VFile): void => {
    const headline = file.data.headline ?? file.data.story?.headline;
    file.data.entities = tagger.tag({ headline, body: bodyText(tree) });
  };
}
