// unified plugin: tags every paragraph of the parsed tree with the index of the story block it came from.
import type { Root } from 'nlcst';
import type { VFile } from 'vfile';
import { blocksToText, paragraphs, type ParagraphData } from './nlcst-blocks.js';

export default function markBlocks() {
  return (tree: Root, file: VFile): void => {
    const { starts } = blocksToText(file.data.story?.blocks ?? []);
    let b = 0;
    for (const p of paragraphs(tree)) {
      const offset = p.position?.start.offset ?? 0;
      while (b + 1 < starts.length && starts[b + 1]! <= offset) b++;
      p.data = { ...(p.data ?? {}), block: b } as ParagraphData;
    }
  };
}
