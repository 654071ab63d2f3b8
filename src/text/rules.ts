// Boilerplate rules: loaded from config/ as data, validated once, compiled to regular expressions.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors/index.js';

export const RULE_KINDS = ['boilerplate', 'caption', 'credit', 'byline', 'related', 'embed', 'headline'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

const ruleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'rule ids are lower-case words joined by dashes'),
  description: z.string().optional(),
  kind: z.enum(RULE_KINDS),
  /** drop: removed and recorded; move: removed from the body and kept in the field its kind goes to. */
  action: z.enum(['drop', 'move']),
  /** any line; leading lines before the first story paragraph; the trailing block after the last one. */
  where: z.enum(['any', 'leading', 'trailing']),
  pattern: z.string(),
  flags: z.string().regex(/^[ims]*$/).optional(),
  maxLength: z.number().int().positive().optional(),
  /** scraped: publisher pages only (default); all: agency copy as well. */
  scope: z.enum(['scraped', 'all']).optional(),
});
const ruleFileSchema = z.object({ $comment: z.string().optional(), version: z.number().int(), rules: z.array(ruleSchema) });

export type RuleSpec = z.infer<typeof ruleSchema>;
export interface Rule extends RuleSpec {
  regex: RegExp;
}
export interface RuleSet {
  rules: Rule[];
  /** sha256 of the rule file's content: goes into every envelope's provenance. */
  hash: string;
}

/** Validates and compiles rules; every problem is listed in one ConfigError. */
export function compileRules(source: unknown, origin = 'rules'): RuleSet {
  const parsed = ruleFileSchema.safeParse(source);
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${origin}: ${i.path.join('.')}: ${i.message}`));
  const problems: string[] = [];
  const seen = new Set<string>();
  const rules: Rule[] = [];
  for (const spec of parsed.data.rules) {
    if (seen.has(spec.id)) problems.push(`${origin}: duplicate rule id "${spec.id}"`);
    seen.add(spec.id);
    try {
      rules.push({ ...spec, regex: new RegExp(spec.pattern, `${spec.flags ?? ''}u`) });
    } catch (err) {
      problems.push(`${origin}: rule "${spec.id}": ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const hash = crypto.createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
  return { rules, hash };
}

export function loadRules(file: string): RuleSet {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
  return compileRules(json, file);
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
