// A transaction PostgreSQL ended to break a deadlock is run again after a short random pause, never at
// once (the two would meet again in the same order); anything else is not run again.
import { describe, expect, it } from 'vitest';
import { deadlockPauseMs, retryOnDeadlock } from './deadlocks.ts';

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' });

describe('retryOnDeadlock', () => {
  it('pauses before each new attempt, for a while that differs from one attempt to the next', async () => {
    const pauses: number[] = [];
    let calls = 0;
    const result = await retryOnDeadlock(
      async () => {
        calls++;
        if (calls < 3) throw new Error('wrapped', { cause: deadlock() });
        return 'done';
      },
      5,
      async (ms) => {
        pauses.push(ms);
      },
    );
    expect([result, calls, pauses.length]).toEqual(['done', 3, 2]);
    expect(pauses.every((ms) => ms > 0)).toBe(true);
    expect(deadlockPauseMs(1, () => 0)).not.toBe(deadlockPauseMs(1, () => 0.9));
    expect(deadlockPauseMs(3, () => 1)).toBeGreaterThan(deadlockPauseMs(1, () => 1));
  });

  it('gives up after the attempts allowed, and runs nothing else again', async () => {
    let calls = 0;
    await expect(
      retryOnDeadlock(
        async () => {
          calls++;
          throw deadlock();
        },
        4,
        async () => {},
      ),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(calls).toBe(4);
    calls = 0;
    await expect(
      retryOnDeadlock(async () => {
        calls++;
        throw new Error('other');
      }),
    ).rejects.toThrow('other');
    expect(calls).toBe(1);
  });
});
