// The words a drill-down view says about its limits, in the note and the table's caption.
import { matterViewSchema } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { drillDownLimits } from './DrillDownNote.tsx';

const view = (limits: Record<string, unknown>) => matterViewSchema.parse({ queue: 'all', ...limits });
const people = [{ id: 'u1', name: 'Daniel Okafor' }];

describe('drill-down limits in words', () => {
  it('names the activity, the person once, and the span of days', () => {
    expect(
      drillDownLimits(
        view({ activity: { kind: 'touched', by: 'u1', from: '2026-11-22', to: '2026-11-28' } }),
        people,
      ),
    ).toEqual(['Worked on by Daniel Okafor from Nov 22, 2026 to Nov 28, 2026']);
  });

  it('says "a colleague" while people load and "a former colleague" for someone no longer listed', () => {
    const touched = view({ activity: { kind: 'touched', by: 'u9', from: '2026-11-22' } });
    expect(drillDownLimits(touched, null)).toEqual(['Worked on by a colleague since Nov 22, 2026']);
    expect(drillDownLimits(touched, people)).toEqual(['Worked on by a former colleague since Nov 22, 2026']);
  });

  it('reads first-contact bands as days after referral', () => {
    expect(drillDownLimits(view({ firstContact: 'days_4_7' }), people)).toEqual([
      'First contact 4-7 days after referral',
    ]);
    expect(drillDownLimits(view({ firstContact: 'over_42' }), people)).toEqual([
      'First contact more than 42 days after referral',
    ]);
    expect(drillDownLimits(view({ firstContact: 'not_yet' }), people)).toEqual(['Not contacted yet']);
  });

  it('says nothing for a view without drill-down limits', () => {
    expect(drillDownLimits(view({ status: 'open', stages: ['closed'] }), people)).toEqual([]);
  });
});
