import { FILES_PER_THREAD, threadsFor } from '../../../src/pipeline/parse-thread-boot.js';
import { errorLine } from '../../../src/pipeline/process-files.js';
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
