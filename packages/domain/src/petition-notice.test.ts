import { describe, expect, it } from 'vitest';
import { addDays } from './dates.ts';
import { NOTICE_RULES, noticeProblem } from './petition-notice.ts';
import { PETITION_STATUSES } from './petitions.ts';
import { REMEDY_IDS } from './remedies.ts';

// Hearings around the year's end, both changes of clock and a leap day.
const HEARINGS = ['2027-01-04', '2027-03-15', '2027-11-08', '2028-03-01'];
const SERVED_OFFSETS = Array.from({ length: 45 }, (_, i) => i - 5);

describe('notice before the hearing', () => {
  it('is checked only for the remedies whose notice period was read, and for no other', () => {
    expect(Object.keys(NOTICE_RULES).sort()).toEqual(['pc1203.4', 'pc851.91']);
  });

  it('warns exactly when a hearing is set for an undecided petition served fewer days before it than its remedy needs', () => {
    let warned = 0;
    for (const remedy of REMEDY_IDS)
      for (const status of PETITION_STATUSES)
        for (const hearingOn of HEARINGS)
          for (const daysBefore of SERVED_OFFSETS) {
            const servedOn = addDays(hearingOn, -daysBefore);
            const problem = noticeProblem({ remedy, status, servedOn, hearingOn });
            const rule = NOTICE_RULES[remedy];
            const expected =
              rule !== undefined && status !== 'decided' && status !== 'withdrawn' && daysBefore < rule.days;
            expect({ remedy, status, hearingOn, daysBefore, warns: problem !== null }).toEqual({
              remedy,
              status,
              hearingOn,
              daysBefore,
              warns: expected,
            });
            if (!problem || !rule) continue;
            warned++;
            // The days it names are the days there were, and it says what the remedy needs and why.
            if (daysBefore > 1) expect(problem).toContain(`Served ${daysBefore} days before the hearing`);
            if (daysBefore === 1) expect(problem).toContain('Served 1 day before the hearing');
            if (daysBefore === 0) expect(problem).toContain('Served on the day of the hearing');
            if (daysBefore < 0) expect(problem).toContain('after the hearing');
            expect(problem).toContain(`at least ${rule.days} days’ notice`);
            expect(problem).toContain(rule.source);
          }
    expect(warned).toBeGreaterThan(0);
  });

  it('asks for the day served when a hearing is set and no service is recorded', () => {
    const problem = noticeProblem({
      remedy: 'pc851.91',
      status: 'hearing_set',
      servedOn: null,
      hearingOn: '2027-02-01',
    });
    expect(problem).toContain('No service is recorded, and the hearing is on');
    expect(problem).toContain('the prosecutor and the arresting agency at least 15 days before it');
    expect(
      noticeProblem({ remedy: 'pc1203.4', status: 'filed', servedOn: null, hearingOn: null }),
    ).toBeNull();
    expect(
      noticeProblem({ remedy: 'prop47', status: 'hearing_set', servedOn: null, hearingOn: '2027-02-01' }),
    ).toBeNull();
  });
});
