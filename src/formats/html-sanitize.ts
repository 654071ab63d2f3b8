// The published HTML body: hast sanitized with hast-util-sanitize (GitHub's schema, which allows no script, style,
// iframe, form control, event handler attribute or javascript:/data: URL) and serialized with hast-util-to-html.
import type { Element, Root } from 'hast';
import { defaultSchema, sanitize, type Schema } from 'hast-util-sanitize';
import { toHtml } from 'hast-util-to-html';

const schema: Schema = {
  ...defaultSchema,
  // no checkboxes in a story; figure captions are story markup
  tagNames: [...(defaultSchema.tagNames ?? []).filter((t) => t !== 'input'), 'figure', 'figcaption'],
  // ids and names are page plumbing, not story markup
  clobber: [],
  attributes: { ...defaultSchema.attributes, '*': (defaultSchema.attributes?.['*'] ?? []).filter((a) => a !== 'id' && a !== 'name') },
};

/** Sanitized HTML of one element (or a whole tree); '' when nothing safe is left. */
export function sanitizedHtml(node: Element | Root): string {
  const clean = sanitize(node, schema);
  return toHtml(clean).trim();
}
