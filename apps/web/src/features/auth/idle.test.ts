import { afterEach, describe, expect, it } from 'vitest';
import { idleSession, sessionEndedByIdle } from './idle.ts';

describe('sessionEndedByIdle', () => {
  afterEach(() => {
    idleSession.clear();
    idleSession.setDeadline(null);
  });

  it('takes a refusal for the idle limit only once the limit has passed (give or take the margin)', () => {
    idleSession.setDeadline(100_000);
    expect(sessionEndedByIdle(90_000)).toBe(false);
    expect(idleSession.endedIdle()).toBe(false);
    expect(sessionEndedByIdle(96_000)).toBe(true);
    expect(idleSession.endedIdle()).toBe(true);
  });

  it('is false with no limit known (an ended session elsewhere goes to the sign-in page)', () => {
    expect(sessionEndedByIdle(1e15)).toBe(false);
  });

  it('tells its listeners once, and again after signing in again', () => {
    let calls = 0;
    const stop = idleSession.subscribe(() => {
      calls++;
    });
    idleSession.markEndedIdle();
    idleSession.markEndedIdle();
    idleSession.clear();
    idleSession.markEndedIdle();
    stop();
    expect(calls).toBe(3);
  });
});
