import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bootParseThreads, endParseThreads } from '../../../src/pipeline/parse-thread-boot.js';
import { MessageChannel } from 'node:worker_threads';
import { AHEAD, FileQueue, startParseThreads, type ParseThreads } from '../../../src/pipeline/parse-threads.js';
import type { FileLine, PreparedFile } from '../../../src/pipeline/process-files.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';

const standIn = (name: string) => pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../support/parse-threads', name));
const lineOf = (file: PreparedFile) => (file as FileLine).line;

/**
 * Asks for every file in input order, then ends the threads (which must not have failed) and removes the folder.
 * This thread prepares a file only once the stand-in has taken its first (it leaves a marker), so both share the work.
 */
async function allLines(threads: ParseThreads, inDir: readonly string[], dirs: TempDirs): Promise<string[]> {
  const parseHere = (j: number): PreparedFile => {
    for (const until = Date.now() + 30_000; !fs.existsSync(`${inDir[0]}.thread-started`) && Date.now() < until; ) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    return { line: `here ${inDir[j]}\n`, failed: false };
  };
  const lines: string[] = [];
  try {
    for (let i = 0; i < inDir.length; i++) lines.push(lineOf(await threads.parsed(i, parseHere)));
  } finally {
    expect(await threads.stop()).toBeUndefined();
    dirs.remove();
  }
  return lines;
}

describe('FileQueue', () => {
  test('gives each index once, to whichever queue on the shared buffer asks, then -1', () => {
    const a = new FileQueue(5);
    const b = new FileQueue(5, a.shared);
    expect([a.take(), b.take(), b.take(), a.take(), b.take()]).toEqual([0, 1, 2, 3, 4]);
    expect(a.take()).toBe(-1);
    expect(b.take()).toBe(-1);
  });

  test('hands a parse thread the rules posted on its port once, and fails rather than wait for a second', () => {
    const queue = new FileQueue(1);
    const { port1, port2 } = new MessageChannel();
    const ruleSet = { rules: [], hash: 'rules-1' };
    port2.postMessage({ ruleSet });
    queue.rulesPosted();
    expect(queue.waitForRules(port1)).toEqual(ruleSet);
    expect(() => queue.waitForRules(port1)).toThrow(/posted .* not on its port/);
    port1.close();
  });

  test('lets a parse thread go on once the main thread is close enough', () => {
    const queue = new FileQueue(100);
    queue.waitForRoom(AHEAD); // returns at once: AHEAD files beyond file 0 is allowed
    queue.finishing(10);
    queue.waitForRoom(10 + AHEAD);
    expect(queue.postedCount).toBe(0);
    queue.posted();
    expect(queue.postedCount).toBe(1);
  });
});

describe('startParseThreads', () => {
  const files = Array.from({ length: 40 }, (_, i) => `f${i}`);

  test('hands out every file once, in input order, parsed by the thread or here', async () => {
    const dirs = makeTempDirs('copydesk-parse-threads-');
    const inDir = files.map((f) => path.join(dirs.root, f));
    const threads = startParseThreads(1, { files: inDir, maxFileBytes: 1000, learned: new Map() }, standIn('posting-thread.mjs'));
    const lines = await allLines(threads, inDir, dirs);
    expect(lines.map((l) => l.split(' ')[1]!.trim())).toEqual(inDir);
    expect(lines.every((l) => /^(thread|here) /.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('thread '))).toBe(true);
  });

  test('reports a file lost with a thread that died under it, and parses the rest here', async () => {
    const dirs = makeTempDirs('copydesk-parse-threads-');
    const inDir = files.slice(0, 6).map((f) => path.join(dirs.root, f));
    const threads = startParseThreads(1, { files: inDir, maxFileBytes: 1000, learned: new Map() }, standIn('dying-thread.mjs'));
    try {
      // wait until the stand-in has taken its file, so that it is the one lost
      for (let waited = 0; !fs.existsSync(`${inDir[0]}.taken`) && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      const lost = Number(fs.readFileSync(`${inDir[0]}.taken`, 'utf8'));
      const results: PreparedFile[] = [];
      for (let i = 0; i < inDir.length; i++) results.push(await threads.parsed(i, (j) => ({ line: `here ${j}\n`, failed: false })));
      results.forEach((r, i) => {
        if (i === lost) {
          expect(r).toMatchObject({ failed: true });
          expect(JSON.parse(lineOf(r))).toEqual({ source: { path: inDir[i] }, error: { code: 'INTERNAL', message: expect.stringContaining('the stand-in thread died under its file') } });
        } else expect(r).toEqual({ line: `here ${i}\n`, failed: false });
      });
    } finally {
      expect(String(await threads.stop())).toContain('the stand-in thread died under its file');
      dirs.remove();
    }
  });

  test('threads booted before the run are given its job and take their share', async () => {
    const dirs = makeTempDirs('copydesk-parse-threads-');
    const inDir = files.map((f) => path.join(dirs.root, f));
    const [booted] = bootParseThreads(1, standIn('posting-thread.mjs'));
    await new Promise((r) => setTimeout(r, 100));
    const threads = startParseThreads([booted!], { files: inDir, maxFileBytes: 1000, learned: new Map() });
    const lines = await allLines(threads, inDir, dirs);
    expect(lines.map((l) => l.split(' ')[1]!.trim())).toEqual(inDir);
    expect(lines.some((l) => l.startsWith('thread '))).toBe(true);
  });

  test('a thread booted for a run that does not start is ended without a failure', async () => {
    const [booted] = bootParseThreads(1, standIn('posting-thread.mjs'));
    await endParseThreads([booted!]);
    expect(booted!.ended).toBe(true);
    expect(booted!.error).toBeUndefined();
  });

  test('a thread waits for the rules posted after its job, and prepares with them', async () => {
    const dirs = makeTempDirs('copydesk-parse-threads-');
    const inDir = files.slice(0, 12).map((f) => path.join(dirs.root, f));
    const threads = startParseThreads(1, { files: inDir, maxFileBytes: 1000, learned: new Map() }, standIn('rules-thread.mjs'));
    // posted right after the job, before the stand-in has taken either off its port
    threads.postRules({ rules: [], hash: 'rules-2' });
    const lines = await allLines(threads, inDir, dirs);
    const fromThread = lines.filter((l) => l.startsWith('thread '));
    expect(fromThread.length).toBeGreaterThan(0);
    for (const l of fromThread) expect(l).toMatch(/ with rules-2\n$/);
  });
});
