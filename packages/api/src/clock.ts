// Time is injected so deadline and session-expiry logic can be tested at any moment.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests can set and move. */
export function fixedClock(
  start: Date | string,
): Clock & { set(to: Date | string): void; advanceMinutes(n: number): void } {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    set: (to) => {
      current = new Date(to);
    },
    advanceMinutes: (n) => {
      current = new Date(current.getTime() + n * 60_000);
    },
  };
}
