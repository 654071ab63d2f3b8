import { TurnsByKey } from '../../../src/stores/turns-by-key.js';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe('TurnsByKey', () => {
  test('runs the calls of one key one after another, even after a failure, and those of other keys side by side', async () => {
    const turns = new TurnsByKey();
    const log: string[] = [];
    const step = (name: string, fail = false) => async () => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([turns.run('a', step('a1', true)), turns.run('a', step('a2')), turns.run('b', step('b1'))]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['a1', 'a2', 'b1']);
    expect(results[0]!.status).toBe('rejected');
    // a2 starts only once a1 has ended; b1 starts while a1 runs
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 start')).toBeLessThan(log.indexOf('a1 end'));
    expect(turns.size).toBe(0);
  });
});
