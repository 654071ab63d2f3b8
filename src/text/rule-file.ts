// The boilerplate rule file (config/rules/): validated once with its schema and compiled to regular expressions
// (rules.ts). Apart from rules.ts so that the worker threads of `copydesk process`, given compiled rules, never
// load the schema library.
import crypto from 'node:crypto';
import fs from 'node:fs';
// a namespace import lets esbuild leave out zod's 60-odd unused locales (757 KB of bundle to 150 KB); English stays the default
import * as z from 'zod';
import { ConfigError } from '../errors/index.js';
import { RULE_KINDS, type Rule, type RuleSet } from './rules.js';
import { literalPrefilter } from './rule-prefilter.js';

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
      const regex = new RegExp(spec.pattern, `${spec.flags ?? ''}u`);
      const prefilter = literalPrefilter(spec.pattern, spec.flags ?? '');
      rules.push(prefilter ? { ...spec, regex, prefilter } : { ...spec, regex });
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
