// Literal prefilters for the boilerplate rules: the substrings a rule's regular expression cannot match without, read
// off the pattern itself when the rules are compiled. Most lines match no rule, and several rules are unanchored
// case-insensitive patterns with bounded `.{0,160}` gaps that V8 tries at every position of the line; a few indexOf
// calls on the line (lower-cased once per line) rule most lines out before the regular expression runs. A prefilter
// only ever skips a regular expression that could not have matched, so the rules match exactly the same lines.
import { RegExpParser, type AST } from '@eslint-community/regexpp';
import type { LiteralPrefilter } from './rules.js';

/** The literals `pattern` (compiled with `flags` + `u`) cannot match without, or undefined when none are known. */
export function literalPrefilter(pattern: string, flags: string): LiteralPrefilter | undefined {
  const ast = new RegExpParser({ ecmaVersion: 2022 }).parsePattern(pattern, 0, pattern.length, { unicode: true });
  // A pattern anchored at the line's start fails at its first characters on most lines, faster than indexOf calls
  // could rule them out; the prefilters pay for the patterns V8 has to try at every position of the line.
  if (anchoredAtStart(ast.alternatives)) return undefined;
  const ignoreCase = flags.includes('i');
  const clauses = disjunctionClauses(ast.alternatives, ignoreCase);
  if (!clauses.length) return undefined;
  // one clause is enough to rule most lines out; each further one costs more indexOf calls on every line than the
  // regular expression it would rarely spare. A clause of short literals (' ', 'ap') rules out almost nothing.
  const best = bestClause(clauses);
  return shortest(best) >= MIN_LITERAL_LENGTH ? { folded: ignoreCase, anyOf: best } : undefined;
}

const MIN_LITERAL_LENGTH = 3;

/** The clause whose shortest literal is longest (the likeliest to be missing from a line), then the one with fewest. */
function bestClause(clauses: readonly string[][]): string[] {
  let best = clauses[0]!;
  for (const clause of clauses) {
    const byLength = shortest(clause) - shortest(best);
    if (byLength > 0 || (byLength === 0 && clause.length < best.length)) best = clause;
  }
  return best;
}

/** True when every alternative starts with `^` (directly or in a group at its start). */
function anchoredAtStart(alternatives: readonly AST.Alternative[]): boolean {
  return alternatives.every((alternative) => {
    const first = alternative.elements[0];
    if (!first) return false;
    if (first.type === 'Assertion') return first.kind === 'start';
    if (first.type === 'Group' || first.type === 'CapturingGroup') return anchoredAtStart(first.alternatives);
    return false;
  });
}

/** Printable ASCII: the only characters taken into literals, so that case folding is foldCase's (rules.ts). */
function isPrintableAscii(codePoint: number): boolean {
  return codePoint >= 0x20 && codePoint <= 0x7e;
}

/** Any of the alternatives may match: one clause made of one clause of each (the one with the longest shortest string). */
function disjunctionClauses(alternatives: readonly AST.Alternative[], ignoreCase: boolean): string[][] {
  if (alternatives.length === 1) return sequenceClauses(alternatives[0]!.elements, ignoreCase);
  const union = new Set<string>();
  for (const alternative of alternatives) {
    const clauses = sequenceClauses(alternative.elements, ignoreCase);
    if (!clauses.length) return [];
    for (const literal of bestClause(clauses)) union.add(literal);
  }
  return [withoutImplied([...union])];
}

/** A clause without the literals that contain another of its literals ('January' when it has 'Jan'): those can
 * only be found where the shorter one is. */
export function withoutImplied(clause: readonly string[]): string[] {
  return clause.filter((literal, i) => !clause.some((other, j) => j !== i && literal.includes(other) && (other !== literal || j < i)));
}

function shortest(clause: readonly string[]): number {
  return Math.min(...clause.map((literal) => literal.length));
}

/** The clauses of a sequence: its runs of literal characters and the clauses of the groups it cannot skip. */
function sequenceClauses(elements: readonly AST.Element[], ignoreCase: boolean): string[][] {
  const clauses: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run) clauses.push([run]);
    run = '';
  };
  for (const element of elements) {
    if (element.type === 'Character' && isPrintableAscii(element.value)) {
      const char = String.fromCodePoint(element.value);
      run += ignoreCase ? char.toLowerCase() : char;
      continue;
    }
    endRun();
    // zero-width assertions, classes, sets, back-references and optional parts add nothing (ending a run is always safe)
    if (element.type === 'Group' || element.type === 'CapturingGroup') {
      clauses.push(...disjunctionClauses(element.alternatives, ignoreCase));
    } else if (element.type === 'Quantifier' && element.min >= 1) {
      clauses.push(...sequenceClauses([element.element], ignoreCase));
    }
  }
  endRun();
  return clauses;
}
