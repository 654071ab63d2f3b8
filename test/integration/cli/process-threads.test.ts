// `copydesk process` on worker threads: the same lines, in the same order, as in one thread; a file that fails
// leaves an error line in its place and the others are processed; lines learned over the run apply in both modes.
import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers/fixture-pipeline.js';
import { runCli } from '../../helpers/run-cli.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

const TAGLINE = 'Harbour Desk: local news for the north shore since 1998';

function story(n: number): string {
  return [
    `Ferry timetable changes for the winter season, part ${n}`,
    `PORTVALE – The harbour authority said on Monday that ferries to the north shore will run every ${20 + n} minutes from November, citing lower demand and repairs to the east pier.`,
    `Commuters who spoke at a public meeting on Sunday said the longer wait would add up to an hour to their week, and asked the authority to keep the early sailing at ${n + 5}:15.`,
    TAGLINE,
  ].join('\n');
}

describe('copydesk process on worker threads', () => {
  let dirs: TempDirs;
  let files: string[];
  const env = { ...process.env, NODE_OPTIONS: '', COPYDESK_LOG_LEVEL: 'silent' };

  beforeAll(() => {
    dirs = makeTempDirs('copydesk-process-threads-');
    const source = path.join(dirs.root, 'harbourdesk');
    fs.mkdirSync(source);
    const put = (name: string, content: string | Buffer) => {
      const file = path.join(source, name);
      fs.writeFileSync(file, content);
      return file;
    };
    const fixtures = ['text/harbour-fire.txt', 'text/grain-corridor.txt', 'text/hill-town-siege.txt', 'html/news-article.html', 'html/json-ld-article.html', 'html/split-article.html', 'wire/bridge-vote.nitf.xml', 'wire/harbour-update.g2.xml'];
    const copies = fixtures.map((f) => put(path.basename(f), fs.readFileSync(path.join(fixturesDir, f))));
    const stories = [1, 2, 3, 4].map((n) => put(`ferry-${n}.txt`, story(n)));
    files = [
      stories[0]!, copies[0]!, path.join(source, 'missing.txt'), copies[3]!, stories[1]!, put('empty.txt', ''), copies[1]!, copies[4]!,
      source, stories[2]!, copies[5]!, put('binary.dat', Buffer.from([0, 1, 2, 3, 0, 0, 255, 254, 0, 7])), copies[6]!, copies[2]!, stories[3]!, copies[7]!,
      put('no-article.html', fs.readFileSync(path.join(fixturesDir, 'html/no-article.html'))),
    ];
  });
  afterAll(() => dirs.remove());

  const run = async (threads: number) => {
    const r = await runCli(['process', '--threads', String(threads), ...files], env, 120_000);
    return { ...r, lines: r.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { source: { path: string }; error?: { code: string }; removed?: { ruleId: string; text: string }[] }) };
  };

  test('gives the same lines in input order as one thread, an error line in place of each file that fails', async () => {
    const [one, two] = [await run(0), await run(2)];
    expect(two.stdout).toBe(one.stdout);
    // the parse threads ran (the bundled CLI found their module): one that fails says so on stderr
    expect(two.stderr).toBe('');
    expect(two.code).toBe(1);
    expect(one.code).toBe(1);
    expect(two.lines.map((l) => l.source.path)).toEqual(files);
    const errors = two.lines.map((l) => l.error?.code ?? null);
    expect(errors).toEqual([null, null, 'ENOENT', null, null, 'EMPTY_FILE', null, null, 'NOT_A_FILE', null, null, 'BINARY', null, null, null, null, 'NO_CONTENT']);
  }, 240_000);

  test('removes a line learned over the run from every story of the source, on threads too', async () => {
    const { lines } = await run(2);
    const ferries = lines.filter((l) => /ferry-\d\.txt$/.test(l.source.path));
    expect(ferries).toHaveLength(4);
    for (const l of ferries) expect(l.removed?.filter((r) => r.ruleId === 'learned-repeated-line').map((r) => r.text)).toEqual([TAGLINE]);
  }, 120_000);

  test('by default (a batch this big boots its parse thread while the CLI loads) the same lines as one thread', async () => {
    const one = await run(0);
    const r = await runCli(['process', ...files], env, 120_000);
    expect(r.stdout).toBe(one.stdout);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
  }, 240_000);

  test('a rule file that does not exist ends a batch big enough for a parse thread with the reason, no stack trace, exit 2', async () => {
    const config = path.join(dirs.root, 'bad-rules.json');
    fs.writeFileSync(config, JSON.stringify({ rulesFile: path.join(dirs.root, 'no-such-rules.json') }));
    const r = await runCli(['process', '--config', config, ...files], env, 60_000);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^copydesk: invalid configuration:\n {2}- .*no-such-rules\.json: ENOENT/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);

  test('a parse thread booted for a command line that turns out wrong does not keep the process alive', async () => {
    const started = Date.now();
    const r = await runCli(['process', '--no-such-option', ...files], env, 60_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--no-such-option'/);
    // the booted thread waits for a job that never comes: unreferenced, it lets the process end
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 120_000);
});
