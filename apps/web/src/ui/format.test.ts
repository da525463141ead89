import { describe, expect, it } from 'vitest';
import { formatInstant } from './format.ts';

describe('an instant on screen', () => {
  // The timeline, the audit log, sessions: on the night the clocks go back, a note at 1:59 AM daylight
  // time and one a minute later, at 1:00 AM standard time, must not read as the later one first.
  it('names PDT or PST, so the night the clocks go back reads in order', () => {
    expect(formatInstant('2026-11-01T08:59:03.000Z')).toBe('Nov 1, 2026, 1:59 AM PDT');
    expect(formatInstant('2026-11-01T09:00:06.000Z')).toBe('Nov 1, 2026, 1:00 AM PST');
    expect(formatInstant('2026-11-01T09:59:03.000Z')).toBe('Nov 1, 2026, 1:59 AM PST');
  });
});
