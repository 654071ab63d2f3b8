import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FILES_PER_THREAD, threadsFor } from '../../../src/pipeline/parse-thread-boot.js';
import { errorLine, reusedBufferReader } from '../../../src/pipeline/process-files.js';
import { PermanentError } from '../../../src/errors/index.js';

describe('threadsFor', () => {
  test('gives a batch big enough to pay for its start-up one parse thread when there is a second core', () => {
    expect(threadsFor(FILES_PER_THREAD - 1, 2)).toBe(0);
    expect(threadsFor(FILES_PER_THREAD, 2)).toBe(1);
    expect(threadsFor(1000, 8)).toBe(1);
    expect(threadsFor(1000, 1)).toBe(0);
  });
});

describe('errorLine', () => {
  test("reports the pipeline's code, or the system's for a file that cannot be read", () => {
    expect(JSON.parse(errorLine('a.txt', new PermanentError('EMPTY_FILE', 'the file is empty')))).toEqual({ source: { path: 'a.txt' }, error: { code: 'EMPTY_FILE', message: 'the file is empty' } });
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' });
    expect(JSON.parse(errorLine('b.txt', enoent)).error).toEqual({ code: 'ENOENT', message: 'ENOENT: no such file' });
    expect(JSON.parse(errorLine('c.txt', 'odd')).error).toEqual({ code: 'INTERNAL', message: 'odd' });
  });
});

describe('reusedBufferReader', () => {
  test('reads each file whole, growing its buffer for a bigger one, into the same memory while it fits', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-reader-'));
    try {
      const small = path.join(dir, 'small.txt');
      const big = path.join(dir, 'big.txt');
      const empty = path.join(dir, 'empty.txt');
      fs.writeFileSync(small, 'a short wire story\n');
      const bigBytes = Buffer.alloc(5000, 'x');
      bigBytes.write('first', 0);
      bigBytes.write('last', 4996);
      fs.writeFileSync(big, bigBytes);
      fs.writeFileSync(empty, '');
      const read = reusedBufferReader(16);
      expect(read(small).toString()).toBe('a short wire story\n');
      expect(read(big).equals(bigBytes)).toBe(true);
      expect(read(empty).length).toBe(0);
      const again = read(small);
      expect(again.toString()).toBe('a short wire story\n');
      // the same memory as the big file's: the bytes of one read are valid until the next
      expect(again.buffer).toBe(read(big).buffer);
      expect(() => read(path.join(dir, 'missing.txt'))).toThrow(/ENOENT/);
      // past the largest size it reuses, a file is read into memory of its own
      const capped = reusedBufferReader(16, 1024);
      const own = capped(big);
      expect(own.equals(bigBytes)).toBe(true);
      expect(capped(small).buffer).not.toBe(own.buffer);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
