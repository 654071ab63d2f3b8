// `copydesk tag --conll` as the scorer runs it: the built CLI in a child process on a small CoNLL file of our own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spansFromIob } from '../../../src/entities/bilou.js';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { runCli } from '../../helpers/run-cli.js';

const fixture = path.join(fixturesDir, 'ner', 'tiny.conll');
const env = { ...process.env, NODE_OPTIONS: '' };

describe('copydesk tag --conll', () => {
  let stdout: string;
  beforeAll(async () => {
    const r = await runCli(['tag', '--conll', fixture], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    stdout = r.stdout;
  });

  test('prints every input line back, token lines with one more column, breaks and -DOCSTART- kept', () => {
    const input = fs.readFileSync(fixture, 'utf8').split('\n');
    const output = stdout.split('\n');
    expect(output).toHaveLength(input.length);
    input.forEach((line, i) => {
      if (!line.trim() || line.startsWith('-DOCSTART-')) expect(output[i]).toBe(line);
      else {
        const cols = output[i]!.split(' ');
        expect(cols.slice(0, -1).join(' ')).toBe(line);
        expect(cols[cols.length - 1]).toMatch(/^(O|[BI]-(PER|ORG|LOC|MISC))$/);
      }
    });
  });

  test('the predicted column is well-formed IOB2 and finds the entities of the fixture', () => {
    const lines = stdout.split('\n').filter((l) => l.trim() && !l.startsWith('-DOCSTART-'));
    const predicted = lines.map((l) => l.split(' ').at(-1)!);
    // IOB2: an I- tag only continues an entity of the same type
    predicted.forEach((t, i) => {
      if (t.startsWith('I-')) expect(predicted[i - 1]!.slice(2)).toBe(t.slice(2));
    });
    const gold = lines.map((l) => l.split(' ').at(-2)!);
    const key = (s: { type: string; start: number; end: number }) => `${s.type}:${s.start}:${s.end}`;
    const g = new Set(spansFromIob(gold).filter((s) => s.type !== 'MISC').map(key));
    const p = spansFromIob(predicted).filter((s) => s.type !== 'MISC').map(key);
    const found = p.filter((k) => g.has(k)).length;
    // people and places of plain wire sentences: the shipped model gets (nearly) all of them
    expect(found / g.size).toBeGreaterThanOrEqual(0.8);
    expect(found / p.length).toBeGreaterThanOrEqual(0.8);
    const tokens = lines.map((l) => l.split(' ')[0]);
    const tagOf = (word: string) => predicted[tokens.indexOf(word)];
    expect(tagOf('Switzerland')).toBe('B-LOC');
    expect(tagOf('Serena')).toBe('B-PER');
    expect(tagOf('John')).toBe('B-PER');
  });

  test('plain-text files and --conll together are a usage error', async () => {
    const r = await runCli(['tag', '--conll', fixture, fixture], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/either --conll/);
  });
});

describe('copydesk tag FILE...', () => {
  test('prints one JSON line of entities per plain-text file, the first line as headline', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-tag-'));
    try {
      const a = path.join(dir, 'a.txt');
      fs.writeFileSync(a, 'Merkel meets Macron in Paris\n\nGerman Chancellor Angela Merkel met French President Emmanuel Macron in Paris on Monday.\n');
      const missing = path.join(dir, 'missing.txt');
      const r = await runCli(['tag', a, missing], env);
      expect(r.code).toBe(1);
      const [first, second] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(first.file).toBe(a);
      expect(first.tagger).toMatch(/^ner-/);
      const byName = new Map(first.entities.map((e: { name: string }) => [e.name, e]));
      expect(byName.get('Angela Merkel')).toMatchObject({ type: 'person', inHeadline: true, count: 2 });
      expect(byName.get('Paris')).toMatchObject({ type: 'place', inHeadline: true });
      expect(second).toMatchObject({ file: missing, error: { code: 'ENOENT' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
