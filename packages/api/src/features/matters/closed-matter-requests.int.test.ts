// A document request left outstanding when its matter closes is nobody's work any more: it leaves the
// office calendar and the matter's deadlines, and the closed matter's page calls nothing overdue.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { openMatter } from '../lifecycle-fixtures.ts';

describe.each(testDialects())('a closed matter’s outstanding requests (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('leave the calendar and the matter’s deadlines, and are not called overdue', async () => {
    // Today is 28 November 2026 in the harness.
    const matterId = await openMatter(api, 'alameda.intake', { on: '2026-10-01' });
    const intake = await api.signedIn('alameda.intake');
    for (const [kind, dueOn] of [
      ['photo_id', '2026-11-10'],
      ['fee_waiver', '2026-12-03'],
    ] as const)
      await intake.documents.request({
        matterId,
        kind,
        requestedFrom: 'client',
        requestedOn: '2026-10-01',
        dueOn,
      });
    const onCalendar = async (range?: { from: string; to: string }) =>
      (await intake.matters.calendar(range))
        .filter((d) => d.matterId === matterId)
        .map((d) => [d.date, d.overdue]);
    expect(await onCalendar()).toEqual([
      ['2026-11-10', true],
      ['2026-12-03', false],
    ]);

    const open = await intake.matters.get({ matterId });
    await intake.matters.moveStage({
      matterId,
      version: open.version,
      // Withdrawn is one of the closed stages: the matter is closed with it.
      to: 'withdrawn',
      note: 'The client withdrew by phone today.',
    });
    const closed = await intake.matters.get({ matterId });
    expect(closed.stage).toBe('withdrawn');

    expect(await onCalendar()).toEqual([]);
    expect(await onCalendar({ from: '2026-11-01', to: '2026-12-05' })).toEqual([]);
    expect(closed.deadlines).toEqual([]);
    // Still listed as requested (what was asked stays on the record), but never as overdue.
    expect(closed.documents.map((d) => [d.dueOn, d.status, d.overdue])).toEqual([
      ['2026-12-03', 'requested', false],
      ['2026-11-10', 'requested', false],
    ]);
  });
});
