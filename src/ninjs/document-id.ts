// Stable document ids: the provider's guid when there is one, otherwise the file's name, so that a story
// re-sent with changes becomes a new version of the same document.
import crypto from 'node:crypto';
import path from 'node:path';

/** A file's name without folder, extension, or the copy suffixes that downloads add ("story (1).txt"). */
export function baseName(originalName: string): string {
  const ext = path.extname(originalName);
  return path.basename(originalName, ext.length <= 6 ? ext : '').replace(/\s*\(\d+\)$/, '').replace(/[-_ ]copy( \d+)?$/i, '').trim().toLowerCase();
}

/** 20 hex characters of sha256 over a namespaced key. */
export function documentId(input: { guid?: string; originalName: string }): string {
  const key = input.guid ? `guid:${input.guid.trim()}` : `name:${baseName(input.originalName)}`;
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 20);
}
