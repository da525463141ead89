// The words a drill-down view says about its limits, in the note and the table's caption.
import { matterViewSchema } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { columnsFor } from './columns.tsx';
import { drillDownLimits, drillDownOrder } from './DrillDownNote.tsx';

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

  it('names the days received and a set of sources, which only a dashboard link sets', () => {
    expect(
      drillDownLimits(
        view({ receivedFrom: '2026-11-22', receivedTo: '2026-11-28', referralSources: ['phone', 'walk_in'] }),
        people,
      ),
    ).toEqual(['Received from Nov 22, 2026 to Nov 28, 2026', 'Referred by Phone call, Walk-in']);
    expect(drillDownLimits(view({ receivedTo: '2026-10-16', status: 'open' }), people)).toEqual([
      'Received until Oct 16, 2026',
    ]);
    // One source is the filter form's own, shown there.
    expect(drillDownLimits(view({ referralSources: ['partner'] }), people)).toEqual([]);
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

describe('the order a drill-down lists in', () => {
  it('is the activity’s date, most recent first, shown as the column after the matter', () => {
    const decided = view({ activity: { kind: 'eligibility_decided', from: '2026-11-02', to: '2026-11-08' } });
    expect(drillDownOrder(decided)).toBe(
      'Most recent first, by the day eligibility was decided; a matter it happened to more than once is listed once, on the latest.',
    );
    expect(
      columnsFor('all', 'court_granted')
        .map((c) => [c.id, c.header])
        .slice(0, 2),
    ).toEqual([
      ['reference', 'Matter'],
      ['activityOn', 'Relief granted'],
    ]);
    expect(columnsFor('all').map((c) => c.id)).not.toContain('activityOn');
  });

  it('is best match while searching, and the chosen sort without an activity', () => {
    expect(drillDownOrder(view({ activity: { kind: 'petition_filed' }, search: 'maria' }))).toBeNull();
    expect(drillDownOrder(view({ status: 'open' }))).toBeNull();
  });
});
