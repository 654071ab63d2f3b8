// What a rerun would change in a published document, for `copydesk reprocess --dry-run`: body lines that the
// current rules now remove or restore, entities added or dropped, and whether the headline changes.
import type { Envelope } from '../ninjs/envelope.js';

export interface DocumentChange {
  /** True when the rerun's content differs from the stored document (same test as the store's). */
  changed: boolean;
  /** Lines of the stored body that the rerun no longer has. */
  bodyLinesRemoved: string[];
  /** Lines the rerun has that the stored body does not. */
  bodyLinesRestored: string[];
  entitiesAdded: string[];
  entitiesDropped: string[];
  headline?: { before?: string; after?: string };
}

const bodyLines = (e: Envelope) => (e.ninjs.bodies[0]?.value ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
const entityKeys = (e: Envelope) => e.entities.map((x) => `${x.type}: ${x.name}`);
const headlineOf = (e: Envelope) => e.ninjs.headlines?.find((h) => h.role === 'main')?.value;

/** Items of `a` missing from `b`, counting repeats (a line that appears twice and then once is one removal). */
function missing(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
}

export function diffEnvelopes(stored: Envelope, rerun: Envelope): DocumentChange {
  const before = bodyLines(stored);
  const after = bodyLines(rerun);
  const change: DocumentChange = {
    changed: stored.contentHash !== rerun.contentHash,
    bodyLinesRemoved: missing(before, after),
    bodyLinesRestored: missing(after, before),
    entitiesAdded: [...new Set(missing(entityKeys(rerun), entityKeys(stored)))],
    entitiesDropped: [...new Set(missing(entityKeys(stored), entityKeys(rerun)))],
  };
  if (headlineOf(stored) !== headlineOf(rerun)) change.headline = { before: headlineOf(stored), after: headlineOf(rerun) };
  return change;
}
