// The clean-copy metric (the same as ../shared/scoring/clean.mjs): positive class = gold `body` lines; a line counts
// as kept when the pipeline left it in the body. Per folder and overall: line P/R/F1, the share of documents with
// every line right, and the share of non-body lines kept out of the body.
import type { ExplainRow } from './explain.js';

export interface GoldLine {
  /** 1-based line number in the source file. */
  n: number;
  label: string;
}

export interface CleanCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  docs: number;
  perfect: number;
}

export const emptyCounts = (): CleanCounts => ({ tp: 0, fp: 0, fn: 0, tn: 0, docs: 0, perfect: 0 });

/** Adds one document's lines to `counts`; returns the lines it got wrong. A failed document keeps nothing. */
export function scoreDocument(counts: CleanCounts, gold: readonly GoldLine[], rows: readonly ExplainRow[] | undefined): GoldLine[] {
  const kept = new Set((rows ?? []).filter((r) => r.status === 'kept').map((r) => r.line));
  const wrong: GoldLine[] = [];
  for (const line of gold) {
    const isBody = line.label === 'body';
    const isKept = kept.has(line.n);
    if (isBody && isKept) counts.tp++;
    else if (isBody) (counts.fn++, wrong.push(line));
    else if (isKept) (counts.fp++, wrong.push(line));
    else counts.tn++;
  }
  counts.docs++;
  if (!wrong.length) counts.perfect++;
  return wrong;
}

export function summarize(c: CleanCounts) {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1;
  const f1 = p + r ? (2 * p * r) / (p + r) : 0;
  const pct = (x: number) => Math.round(x * 1000) / 10;
  return {
    docs: c.docs,
    precision: pct(p),
    recall: pct(r),
    f1: pct(f1),
    perfectDocs: pct(c.docs ? c.perfect / c.docs : 0),
    nonBodyRemoved: pct(c.tn + c.fp ? c.tn / (c.tn + c.fp) : 1),
  };
}
