// The dry run's per-document report for people: what a rerun would remove, restore, add or drop.
import type { DryRunOutcome } from './reprocess.js';

function quote(line: string, max = 110): string {
  return JSON.stringify(line.length > max ? `${line.slice(0, max - 1)}…` : line);
}

/** The per-document report of a dry run, for people. */
export function formatOutcome(o: DryRunOutcome): string {
  const head = `${o.documentId ?? '-'}  ${o.sourceFile}`;
  switch (o.status) {
    case 'fails':
      return `${head}: would FAIL: ${o.error}`;
    case 'new':
      return `${head}: not in the store yet; would be created`;
    case 'unchanged':
      return `${head}: no change`;
    case 'changed': {
      const c = o.change!;
      const lines = [`${head}: ${c.bodyLinesRemoved.length} body line(s) removed, ${c.bodyLinesRestored.length} restored; entities +${c.entitiesAdded.length} −${c.entitiesDropped.length}`];
      if (c.headline) lines.push(`    headline: ${quote(c.headline.before ?? '')} → ${quote(c.headline.after ?? '')}`);
      for (const l of c.bodyLinesRemoved) lines.push(`    - removed   ${quote(l)}`);
      for (const l of c.bodyLinesRestored) lines.push(`    + restored  ${quote(l)}`);
      for (const e of c.entitiesAdded) lines.push(`    + entity    ${e}`);
      for (const e of c.entitiesDropped) lines.push(`    - entity    ${e}`);
      return lines.join('\n');
    }
  }
}

