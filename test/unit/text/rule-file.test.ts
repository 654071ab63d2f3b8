// The rule file as the pipeline loads it: compiled from the file, or read as the build compiled it (npm test builds
// first, so the shipped rule file has its compiled copy).
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { COMPILED_RULES_DIR, compileRules, loadRules } from '../../../src/text/rule-file.js';
import type { RuleSet } from '../../../src/text/rules.js';

const shipped = path.resolve('config/rules/boilerplate.json');
/** A rule set as plain data (a RegExp compares by its source and flags). */
const plain = (set: RuleSet) => ({ hash: set.hash, rules: set.rules.map((r) => ({ ...r, regex: String(r.regex) })) });

describe('loadRules', () => {
  it('reads the shipped rule file as the build compiled it, the same rule set as compiling it', () => {
    const bytes = fs.readFileSync(shipped);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    expect(fs.existsSync(path.join(COMPILED_RULES_DIR, `${sha256}.json`))).toBe(true);
    const loaded = loadRules(shipped);
    const compiled = compileRules(JSON.parse(bytes.toString('utf8')), shipped);
    expect(plain(loaded)).toEqual(plain(compiled));
    // the same key order too: the rules are posted to the parse threads as they are
    expect(JSON.stringify(plain(loaded))).toBe(JSON.stringify(plain(compiled)));
    expect(loaded.rules.some((r) => r.prefilter)).toBe(true);
  });

  it('compiles a rule file the build has not seen, and refuses an invalid one with its name', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-rules-'));
    try {
      const file = path.join(dir, 'rules.json');
      fs.writeFileSync(file, JSON.stringify({ version: 1, rules: [{ id: 'sign-off', kind: 'boilerplate', action: 'drop', where: 'trailing', pattern: '^that is all from us today$', flags: 'i' }] }));
      const set = loadRules(file);
      expect(set.rules.map((r) => r.id)).toEqual(['sign-off']);
      expect(set.rules[0]!.regex.test('THAT IS ALL FROM US TODAY')).toBe(true);
      fs.writeFileSync(file, JSON.stringify({ version: 1, rules: [{ id: 'Bad Id', kind: 'boilerplate', action: 'drop', where: 'any', pattern: 'x' }] }));
      expect(() => loadRules(file)).toThrow(/rules\.json: rules\.0\.id/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
