// The dashboard says what its spans of days are: 7 days ending today, not a calendar week.
import { describe, expect, it } from 'vitest';
import { spansSaid } from './spans.ts';

describe('the dashboard’s spans of days', () => {
  it('names the weekdays its 7-day spans run between, which follow today, not the calendar', () => {
    // Sunday, Dec 6, 2026: the spans run Monday to Sunday.
    expect(spansSaid('2026-12-06')).toBe(
      '12 spans of 7 days ending today, each Monday to Sunday (not calendar weeks).',
    );
    // Monday, Dec 7, 2026: the first span of the window starts on Tuesday Sep 15, 2026.
    expect(spansSaid('2026-12-07')).toBe(
      '12 spans of 7 days ending today, each Tuesday to Monday (not calendar weeks).',
    );
    // On a Saturday the spans are the calendar's weeks.
    expect(spansSaid('2026-12-05')).toBe('12 spans of 7 days ending today, each Sunday to Saturday.');
  });
});
