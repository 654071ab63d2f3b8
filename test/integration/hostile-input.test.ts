// Hostile input on the real pipeline (watcher, queues, workers on real Redis): every file the test makes ends
// published or in failed/ with a readable reason, nothing outside the inbox is read or published, HTML comes out
// without its scripts, and the pipeline stays up afterwards.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../src/ninjs/envelope.js';
import { startPipeline, type RunningPipeline } from '../helpers/running-pipeline.js';
import { filesUnder, outcomeOf, readOutcomes, type Outcomes } from '../helpers/outcomes.js';
import { makeTempDirs, type TempDirs } from '../helpers/temp-dirs.js';
import { testConfig } from '../helpers/test-config.js';
import { waitFor } from '../helpers/wait-for.js';

const MAX_FILE_BYTES = 1024 * 1024;

/** A plain-text story that publishes; `marker` makes its bytes (and its document) its own. */
function story(marker: string): string {
  return (
    `Harbour report ${marker}\n\n` +
    `PORTVALE – Crews worked through the night at the harbour, officials said on Tuesday, as the city council met to discuss the repairs (${marker}).\n\n` +
    'The council said the work would be finished before the end of the month, and that ferries would run as usual.\n'
  );
}

function utf16be(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

// first line of /etc/passwd (e.g. "root:x:0:0:root:/root:/bin/bash"): must never appear in any output
const passwdFirstLine = fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]!;
const passwdMarker = passwdFirstLine.split(':').slice(0, 4).join(':'); // "root:x:0:0"

const EVIL_HTML = `<!doctype html>
<html><head><title>Council approves the harbour budget</title>
<style>.qzstylemark { color: red }</style>
<script>window.qzscriptmark = 1</script>
<script src="https://example.invalid/qzremote.js"></script>
</head>
<body onload="qzonloadmark()">
<article>
<h1 onclick="qzonclickmark()">Council approves the harbour budget</h1>
<p>PORTVALE – The city council approved the budget for the harbour repairs on Tuesday after a long debate about the ferries and the quay.</p>
<p onmouseover="qzhovermark()">The mayor said the vote was a step forward for the city and for the people who work at the harbour every day. <a href="javascript:qzhrefmark()">Read the council's statement</a></p>
<p>Critics said the plan did not go far enough and asked for more money for the old fish market. <img src="x" onerror="qzerrormark()"></p>
<iframe src="javascript:qziframemark()"></iframe>
<object data="file:///etc/passwd"></object>
<p>The work is due to start next month, the harbour master said, and should take about a year to finish.</p>
<script>document.write('qzwritemark')</script>
</article>
</body></html>`;

/** The inputs: name → bytes (or a special kind), and what must become of each. */
interface Case {
  name: string;
  make: (inbox: string) => void;
  /** 'either': published or set aside, as long as it ends somewhere (and with a reason if set aside) */
  expect: 'published' | 'failed' | 'either';
  code?: string;
}

const cases: Case[] = [];
const bytesCase = (name: string, bytes: Buffer | string, expect: Case['expect'], code?: string) =>
  cases.push({ name, make: (inbox) => fs.writeFileSync(path.join(inbox, name), bytes), expect, code });

bytesCase('empty.txt', '', 'failed', 'EMPTY_FILE');
bytesCase('too-large.txt', story('too large') + 'More copy for the oversized file. '.repeat(Math.ceil(MAX_FILE_BYTES / 30)), 'failed', 'TOO_LARGE');
bytesCase('random.bin', crypto.randomBytes(8192), 'failed', 'BINARY');
// invalid UTF-8 is read as a legacy 8-bit charset (Windows-1252): published, never a crash
bytesCase('invalid-utf8.txt', Buffer.concat([Buffer.from(story('invalid utf8')), Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xff, 0xfe, 0x80, 0x0a])]), 'published');
const unicodeStory = (m: string) => story(`${m} – Zoë Ünal in Tōkyō`);
bytesCase('utf16le-bom.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(unicodeStory('utf16le bom'), 'utf16le')]), 'published');
bytesCase('utf16le-nobom.txt', Buffer.from(unicodeStory('utf16le no bom'), 'utf16le'), 'published');
bytesCase('utf16be-bom.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(unicodeStory('utf16be bom'))]), 'published');
bytesCase('utf16be-nobom.txt', utf16be(unicodeStory('utf16be no bom')), 'published');
bytesCase(
  'billion-laughs.xml',
  `<?xml version="1.0"?>
<!DOCTYPE nitf [
 <!ENTITY lol "lol">
 ${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n ')}
]>
<nitf><body><body.head><hedline><hl1>Laughs &lol9;</hl1></hedline></body.head><body.content><p>&lol9;</p></body.content></body></nitf>`,
  'failed',
  'UNSAFE_XML',
);
bytesCase(
  'xxe-entity.xml',
  `<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<nitf><body><body.head><hedline><hl1>Harbour XXE entity</hl1></hedline></body.head>
<body.content><p>PORTVALE – The file says: &xxe; and that is the end of the paragraph about the harbour.</p></body.content></body></nitf>`,
  'failed',
  'UNSAFE_XML',
);
// a parameter entity is never fetched nor expanded (no DTD is read): published without the file's text
bytesCase(
  'xxe-parameter.xml',
  `<?xml version="1.0"?>
<!DOCTYPE nitf [<!ENTITY % ext SYSTEM "file:///etc/passwd"> %ext;]>
<nitf><body><body.head><hedline><hl1>Harbour XXE parameter entity</hl1></hedline></body.head>
<body.content><p>PORTVALE – A paragraph about the harbour with enough words in it to be a story.</p></body.content></body></nitf>`,
  'published',
);
// an external DTD is never fetched: the document is read without it (or refused), never with the file's text
cases.push({
  name: 'xxe-external-dtd.xml',
  make: (inbox) =>
    fs.writeFileSync(
      path.join(inbox, 'xxe-external-dtd.xml'),
      `<?xml version="1.0"?>
<!DOCTYPE nitf SYSTEM "file:///etc/passwd">
<nitf><body><body.head><hedline><hl1>Harbour external DTD</hl1></hedline></body.head>
<body.content><p>PORTVALE – A paragraph about the harbour with enough words in it to be a story.</p></body.content></body></nitf>`,
    ),
  expect: 'published',
});
bytesCase('deep.xml', `<?xml version="1.0"?><nitf>${'<div>'.repeat(10_000)}deep${'</div>'.repeat(10_000)}</nitf>`, 'failed', 'UNSAFE_XML');
bytesCase(
  'deep.html',
  `<!doctype html><html><head><title>Deep page</title></head><body>${'<div>'.repeat(10_000)}<p>PORTVALE – A deep paragraph about the harbour with enough words.</p>${'</div>'.repeat(10_000)}</body></html>`,
  'published', // the HTML reader converts and walks without recursion: structure past 500 levels reads as inline text
);
bytesCase('evil.html', EVIL_HTML, 'published');
// awkward names, each with bytes of its own
for (const name of ['story..txt', 'a..b..c.txt', 'name with   spaces .txt', 'ünïcödé 東京 — story.txt', 'line\nbreak.txt', 'tab\there.txt', 'x..%2F..%2Fetc%2Fpasswd.txt']) {
  bytesCase(name, story(`named ${JSON.stringify(name)}`), 'published');
}
cases.push({ name: 'passwd-link.txt', make: (inbox) => fs.symlinkSync('/etc/passwd', path.join(inbox, 'passwd-link.txt')), expect: 'failed', code: 'OUTSIDE_INBOX' });
cases.push({ name: 'etc-link', make: (inbox) => fs.symlinkSync('/etc', path.join(inbox, 'etc-link')), expect: 'failed', code: 'OUTSIDE_INBOX' });
cases.push({
  name: 'dropped-folder',
  make: (inbox) => {
    const dir = path.join(inbox, 'dropped-folder');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'inside.txt'), story('inside a folder'));
  },
  expect: 'failed',
  code: 'NOT_A_FILE',
});

describe('hostile input', () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  let outcomes: Outcomes;

  beforeAll(async () => {
    dirs = makeTempDirs('copydesk-hostile-');
    running = await startPipeline(testConfig(dirs, { 'limits.maxFileBytes': MAX_FILE_BYTES, 'worker.attempts': 2, 'watcher.stabilityMs': 1000, 'watcher.pollMs': 100 }));
    for (const c of cases) c.make(dirs.inbox);
    outcomes = await waitFor(
      () => {
        const o = readOutcomes(dirs.dataDir, dirs.failedDir);
        return cases.every((c) => outcomeOf(o, c.name)) && o;
      },
      'every hostile file to be published or set aside',
      60_000,
      200,
    );
  }, 90_000);
  afterAll(async () => {
    await running?.stop();
    dirs?.remove();
  });

  test.each(cases.map((c) => [JSON.stringify(c.name), c.expect, c] as const))('%s ends %s', (_label, _expect, c) => {
    const outcome = outcomeOf(outcomes, c.name);
    expect({ name: c.name, outcome }).toEqual({ name: c.name, outcome: c.expect === 'either' ? outcome ?? 'nowhere' : c.expect });
    if (outcome === 'failed') {
      const [record] = outcomes.failed.get(c.name)!;
      if (c.code) expect(record!.code).toBe(c.code);
      expect(record!.reason.length).toBeGreaterThan(10); // a sentence, not just a code
      expect(fs.existsSync(path.join(dirs.failedDir, `${record!.file}.error.json`))).toBe(true);
    } else {
      expect(outcomes.published.get(c.name)).toHaveLength(1);
    }
  });

  test('the inbox is left empty (every file taken, nothing stuck)', () => {
    expect(fs.readdirSync(dirs.inbox)).toEqual([]);
  });

  test('UTF-16 with and without a BOM, either byte order, is decoded correctly', () => {
    for (const name of ['utf16le-bom.txt', 'utf16le-nobom.txt', 'utf16be-bom.txt', 'utf16be-nobom.txt']) {
      const [env] = outcomes.published.get(name)!;
      expect(env!.ninjs.bodies[0]!.value).toContain('Zoë Ünal in Tōkyō');
      expect(env!.ninjs.bodies[0]!.value).not.toContain('\u0000');
    }
  });

  test('no output and no failure record contains the content of /etc/passwd', async () => {
    const outputs = [...filesUnder(path.join(dirs.dataDir, 'documents')), ...filesUnder(path.join(dirs.dataDir, 'staged')), ...filesUnder(dirs.failedDir)];
    expect(outputs.length).toBeGreaterThan(cases.length / 2);
    for (const file of outputs) {
      const text = fs.readFileSync(file, 'utf8');
      expect({ file, leaked: text.includes(passwdMarker) }).toEqual({ file, leaked: false });
    }
    // nor the reasons kept in Redis
    const failed = await running.app.queues.ingest.getFailed();
    for (const job of failed) expect(job.failedReason).not.toContain(passwdMarker);
    // the links were moved as links: their targets are untouched and nothing was copied through them
    expect(fs.lstatSync(path.join(dirs.failedDir, 'passwd-link.txt')).isSymbolicLink()).toBe(true);
    expect(fs.lstatSync(path.join(dirs.failedDir, 'etc-link')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0]).toBe(passwdFirstLine);
    expect(fs.existsSync('/etc/hostname') || fs.existsSync('/etc/hosts')).toBe(true);
  });

  test('the HTML body comes out without scripts, styles, event handlers or javascript: URLs', () => {
    const [env] = outcomes.published.get('evil.html') as Envelope[];
    const { source: _source, ...rest } = env!;
    const out = JSON.stringify(rest);
    expect(out).toContain('approved the budget for the harbour repairs');
    for (const bad of ['qzstylemark', 'qzscriptmark', 'qzremote', 'qzonloadmark', 'qzonclickmark', 'qzhovermark', 'qzhrefmark', 'qzerrormark', 'qziframemark', 'qzwritemark', 'javascript:', '<script', 'onerror', 'onclick', 'onload', 'file:///etc/passwd']) {
      expect({ bad, present: out.toLowerCase().includes(bad.toLowerCase()) }).toEqual({ bad, present: false });
    }
    for (const body of env!.ninjs.bodies) {
      if (body.contenttype === 'text/html') expect(body.value).not.toMatch(/<(script|style|iframe|object)\b|\son\w+\s*=|javascript:/i);
    }
  });

  test('a file written slowly over several seconds is published once, complete', async () => {
    const name = 'slow-writer.txt';
    const text = story('slow writer') + 'Another line arrives a little later in the slow file about the harbour.\n'.repeat(20);
    const bytes = Buffer.from(text);
    const fd = fs.openSync(path.join(dirs.inbox, name), 'w');
    const chunk = Math.ceil(bytes.length / 20);
    for (let i = 0; i < bytes.length; i += chunk) {
      fs.writeSync(fd, bytes.subarray(i, i + chunk));
      await new Promise((r) => setTimeout(r, 250)); // 20 chunks over ~5 s, each gap well under watcher.stabilityMs (1 s)
    }
    fs.closeSync(fd);
    const published = await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).published.get(name), 'the slow file', 30_000, 200);
    expect(published).toHaveLength(1);
    expect(published[0]!.source.bytes).toBe(bytes.length);
    expect(published[0]!.source.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
    const raw = fs.readFileSync(published[0]!.source.path);
    expect(raw.equals(bytes)).toBe(true);
  }, 60_000);

  test('the pipeline is still up: a good file dropped after all of this is published', async () => {
    fs.writeFileSync(path.join(dirs.inbox, 'after-the-storm.txt'), story('after the storm'));
    const published = await waitFor(() => readOutcomes(dirs.dataDir, dirs.failedDir).published.get('after-the-storm.txt'), 'the good file');
    expect(published[0]!.ninjs.bodies[0]!.value).toContain('after the storm');
  });
});
