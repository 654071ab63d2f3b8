// Entity-level precision, recall and F1 (exact spans, conlleval rules), per type and micro over PER+ORG+LOC.
import { ENTITY_TYPES, type TokenSpan } from './bilou.js';

export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export type EntityScores = Record<(typeof ENTITY_TYPES)[number] | 'PER+ORG+LOC' | 'all', Prf>;

function prf(tp: number, fp: number, fn: number): Prf {
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/** Counts per type, accumulated over sentences. */
export class EntityScorer {
  private readonly counts = new Map<string, { tp: number; fp: number; fn: number }>(ENTITY_TYPES.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));

  add(gold: readonly TokenSpan[], predicted: readonly TokenSpan[]): void {
    const key = (s: TokenSpan) => `${s.type}:${s.start}:${s.end}`;
    const g = new Set(gold.map(key));
    const p = new Set(predicted.map(key));
    for (const s of predicted) this.counts.get(s.type)![g.has(key(s)) ? 'tp' : 'fp']++;
    for (const s of gold) if (!p.has(key(s))) this.counts.get(s.type)!.fn++;
  }

  scores(): EntityScores {
    const sum = (types: readonly string[]) => {
      let tp = 0, fp = 0, fn = 0;
      for (const t of types) {
        const c = this.counts.get(t)!;
        tp += c.tp;
        fp += c.fp;
        fn += c.fn;
      }
      return prf(tp, fp, fn);
    };
    return {
      PER: sum(['PER']),
      ORG: sum(['ORG']),
      LOC: sum(['LOC']),
      MISC: sum(['MISC']),
      'PER+ORG+LOC': sum(['PER', 'ORG', 'LOC']),
      all: sum(ENTITY_TYPES),
    };
  }
}
