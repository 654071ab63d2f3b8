// Boilerplate rules as the pipeline uses them: compiled from config/ by rule-file.ts, matched line by line here.
import type { RuleSpec } from './rule-file.js';

export const RULE_KINDS = ['boilerplate', 'caption', 'credit', 'byline', 'related', 'embed', 'headline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface Rule extends RuleSpec {
  regex: RegExp;
  /** substrings the regex cannot match without (rule-prefilter.ts derives them from the pattern); plain data, so
   * compiled rules still pass to worker threads */
  prefilter?: LiteralPrefilter;
}
export interface RuleSet {
  rules: Rule[];
  /** sha256 of the rule file's content: goes into every envelope's provenance. */
  hash: string;
}

/** The first rule that matches a line, or undefined. */
export function matchRule(rules: readonly Rule[], text: string, scraped: boolean): Rule | undefined {
  let folded: string | undefined;
  for (const rule of rules) {
    if (!scraped && rule.scope !== 'all') continue;
    if (rule.maxLength !== undefined && text.length > rule.maxLength) continue;
    if (rule.prefilter && !passesPrefilter(rule.prefilter, rule.prefilter.folded ? (folded ??= foldCase(text)) : text)) continue;
    if (rule.regex.test(text)) return rule;
  }
  return undefined;
}

/**
 * A line the pattern matches contains at least one of `anyOf`. `folded`: the strings are lower-case and are looked
 * for in foldCase(line) (case-insensitive rules).
 */
export interface LiteralPrefilter {
  folded: boolean;
  anyOf: string[];
}

/**
 * The line as a case-insensitive (`iu`) rule's literals are looked for in it. Under `iu` two characters match when
 * their simple case foldings are equal; of the characters that fold to a printable ASCII one, only U+017F LONG S
 * ('ſ', folds to 's') is not lower-cased to it by toLowerCase (U+212A KELVIN SIGN is lower-cased to 'k'). The tests
 * check this over every code point.
 */
export function foldCase(line: string): string {
  const lower = line.toLowerCase();
  return lower.includes('ſ') ? lower.replaceAll('ſ', 's') : lower;
}

/** False when the line (as is, or foldCase(line) for a `folded` prefilter) lacks a literal the rule needs. */
export function passesPrefilter(prefilter: LiteralPrefilter, haystack: string): boolean {
  return prefilter.anyOf.some((literal) => haystack.includes(literal));
}
