// An open matter's client update: the row's "due"/"overdue" and the Needs client update queue's cutoff
// day are one rule, whatever the office's limits and however long ago the last contact was.
import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { clientUpdateCutoff, clientUpdateStatus } from './queues.ts';

describe('client update status', () => {
  const today = '2026-03-09';
  const limits = [
    { clientUpdateDays: 1, clientUpdateOverdueDays: 2 },
    { clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
    { clientUpdateDays: 30, clientUpdateOverdueDays: 31 },
    { clientUpdateDays: 365, clientUpdateOverdueDays: 730 },
  ];

  it.each(limits)('is due from the update limit, overdue from the overdue limit (%o)', (limit) => {
    for (let ago = 0; ago <= limit.clientUpdateOverdueDays + 3; ago++) {
      const lastContactOn = addDays(today, -ago);
      const expected =
        ago >= limit.clientUpdateOverdueDays ? 'overdue' : ago >= limit.clientUpdateDays ? 'due' : null;
      expect(clientUpdateStatus(lastContactOn, today, limit), `${ago} days ago`).toBe(expected);
      // The queue lists a matter contacted before the cutoff: exactly those whose update is due or overdue.
      expect(lastContactOn < clientUpdateCutoff(today, limit), `${ago} days ago`).toBe(expected !== null);
    }
  });
});
