// The plan rule itself: a table scan or a temporary sort fails; reading back a co-routine does not.
import { describe, expect, it } from 'vitest';
import { badPlanLines } from './plans.ts';

describe('the plan rule', () => {
  it('flags a scan of a table and a sort in a temporary B-tree', () => {
    expect(
      badPlanLines([
        'SCAN matters',
        'SEARCH clients USING INDEX clients_office (office_id=?)',
        'USE TEMP B-TREE FOR ORDER BY',
      ]),
    ).toEqual(['SCAN matters', 'USE TEMP B-TREE FOR ORDER BY']);
  });

  it('lets a query read back its own co-routine, and grouping sort where allowed', () => {
    const plan = [
      'CO-ROUTINE moves',
      'SEARCH matter_events USING COVERING INDEX matter_events_stage_moves (office_id=? AND from_stage=?)',
      'SCAN moves',
      'USE TEMP B-TREE FOR count(DISTINCT)',
    ];
    expect(badPlanLines(plan, { allowTempSort: true })).toEqual([]);
    expect(badPlanLines(plan)).toEqual(['USE TEMP B-TREE FOR count(DISTINCT)']);
    // A table that happens to share a co-routine's name elsewhere is still a table.
    expect(badPlanLines(['SCAN moves'])).toEqual(['SCAN moves']);
  });
});
