// The queue table's caption, which screen readers say before the rows, names the column it is sorted
// by as its heading shows it ("Received"), never the column's id ("receivedOn").
import { QUEUE_IDS } from '@relief-desk/domain';
import { describe, expect, it } from 'vitest';
import { columnsFor, sortColumnLabel } from './columns.tsx';
import { canSortColumn, SORT_OF_COLUMN } from './viewState.ts';

describe('the column a queue is sorted by, in words', () => {
  it('is the heading of that column, for every column every queue can be sorted by', () => {
    for (const queue of QUEUE_IDS)
      for (const column of columnsFor(queue)) {
        if (!column.id || !canSortColumn(queue, column.id)) continue;
        const label = sortColumnLabel(queue, null, column.id);
        expect(label, `${queue} ${column.id}`).toBe(column.header);
        // Words, not an id in camelCase.
        expect(label, `${queue} ${column.id}`).not.toMatch(/[a-z][A-Z]/);
      }
  });

  it('says "Received" for the date received, as the tester heard "receivedOn"', () => {
    expect(sortColumnLabel('all', null, 'receivedOn')).toBe('Received');
    expect(sortColumnLabel('all', null, 'daysOpen')).toBe('Days open');
    // A drill-down's activity date is headed by what happened.
    expect(sortColumnLabel('all', 'petition_filed', 'activityOn')).toBe('Petition filed');
  });

  it('covers every sortable column id', () => {
    const named = new Set(QUEUE_IDS.flatMap((q) => columnsFor(q).map((c) => c.id)));
    for (const id of Object.keys(SORT_OF_COLUMN)) expect(named, id).toContain(id);
  });
});
