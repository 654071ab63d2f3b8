// The boilerplate rule file (config/rules/): validated once with its schema and compiled to regular expressions
// (rules.ts), or read as the build compiled it. Apart from rules.ts so that the worker threads of `copydesk
// process`, given compiled rules, never load the schema library.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// a namespace import lets esbuild leave out zod's 60-odd unused locales (757 KB of bundle to 150 KB); English stays the default
import * as z from 'zod';
import { projectRoot } from '../config/project-root.js';
import { ConfigError } from '../errors/index.js';
import { RULE_KINDS, type LiteralPrefilter, type Rule, type RuleSet } from './rules.js';
import { regexSource } from './regex-source.js';
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

/** A rule with its RegExp: compiled from `source` (regexSource of its pattern), the same language in a form V8 compiles faster. */
function compiledRule(spec: RuleSpec, prefilter: LiteralPrefilter | undefined, source = regexSource(spec.pattern, spec.flags ?? '')): Rule {
  const regex = new RegExp(source, `${spec.flags ?? ''}u`);
  return prefilter ? { ...spec, regex, prefilter } : { ...spec, regex };
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
      rules.push(compiledRule(spec, literalPrefilter(spec.pattern, spec.flags ?? '')));
    } catch (err) {
      problems.push(`${origin}: rule "${spec.id}": ${(err as Error).message}`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const hash = crypto.createHash('sha256').update(JSON.stringify(parsed.data)).digest('hex');
  return { rules, hash };
}

/**
 * Where the build keeps rule sets it has compiled already (scripts/precompile-rules.mjs), one file per rule file's
 * content, named by the sha256 of its bytes: a rule file that is byte for byte the one compiled is not validated and
 * its prefilters not derived again (a third of the start-up of `copydesk process` before its first file).
 */
export const COMPILED_RULES_DIR = path.join(projectRoot, 'dist', 'rules');

/** A compiled rule set as the build writes it: each RegExp as its source, compiled again on loading. */
export interface CompiledRuleFile {
  hash: string;
  rules: (Omit<Rule, 'regex'> & { source: string })[];
}

export function compiledRuleFile(ruleSet: RuleSet): CompiledRuleFile {
  return { hash: ruleSet.hash, rules: ruleSet.rules.map(({ regex, ...rule }) => ({ ...rule, source: regex.source })) };
}

export function loadRules(file: string): RuleSet {
  let bytes: Buffer;
  let json: unknown;
  try {
    bytes = fs.readFileSync(file);
    const compiled = readCompiled(crypto.createHash('sha256').update(bytes).digest('hex'));
    if (compiled) return compiled;
    json = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new ConfigError([`${file}: ${(err as Error).message}`]);
  }
  return compileRules(json, file);
}

/** The rule set the build compiled from a file with these bytes (named by their sha256), if it did. */
function readCompiled(sha256: string): RuleSet | undefined {
  let compiled: CompiledRuleFile;
  try {
    compiled = JSON.parse(fs.readFileSync(path.join(COMPILED_RULES_DIR, `${sha256}.json`), 'utf8')) as CompiledRuleFile;
  } catch {
    return undefined; // not compiled by the build (or its copy is damaged): compiled here
  }
  return { hash: compiled.hash, rules: compiled.rules.map(({ prefilter, source, ...spec }) => compiledRule(spec, prefilter, source)) };
}
