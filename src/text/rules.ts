// Boilerplate rules as the pipeline uses them: compiled from config/ by rule-file.ts, matched line by line here.
import type { RuleSpec } from './rule-file.js';

export type { RuleSpec } from './rule-file.js';
export const RULE_KINDS = ['boilerplate', 'caption', 'credit', 'byline', 'related', 'embed', 'headline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export interface Rule extends RuleSpec {
  regex: RegExp;
}
export interface RuleSet {
  rules: Rule[];
  /** sha256 of the rule file's content: goes into every envelope's provenance. */
  hash: string;
}

/** The first rule that matches a line, or undefined. */
export function matchRule(rules: readonly Rule[], text: string, scraped: boolean): Rule | undefined {
  for (const rule of rules) {
    if (!scraped && rule.scope !== 'all') continue;
    if (rule.maxLength !== undefined && text.length > rule.maxLength) continue;
    if (rule.regex.test(text)) return rule;
  }
  return undefined;
}
