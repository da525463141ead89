// Every demo matter's story reads in order, checked over the whole seeded database: received, documents
// requested, eligibility decided (the move to petitions to file), the petition filed, its hearing or
// rule-by date, the court's decision, then the outcome sent and the matter closed. A few petitions are
// still before the court with their rule-by date passed, for the calendar's overdue court dates.
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { californiaDate, PENDING_PETITION_STATUSES } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoDataIfEmpty } from './demo.ts';

const NOW = '2026-11-28T18:00:00Z';
const TODAY = californiaDate(new Date(NOW));
/** A stored timestamp's day in California (the seed's times are all in the office's working day). */
const dayOf = (at: string | Date) => californiaDate(new Date(at));

describe.each(testDialects())('the demo seed’s stories (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, fixedClock(NOW));
  });
  afterAll(async () => database.destroy());

  it('puts every matter’s timeline and its petitions’ dates in the order they happen', async () => {
    const db = database.db;
    const [matters, moves, requests, decisions, petitions] = await Promise.all([
      db.selectFrom('matters').select(['id', 'reference', 'received_on', 'closed_at']).execute(),
      db
        .selectFrom('matter_events')
        .select(['matter_id', 'to_stage', 'occurred_at'])
        .where('kind', '=', 'stage_changed')
        .orderBy('occurred_at')
        .execute(),
      db.selectFrom('document_requests').select(['matter_id', 'requested_on', 'due_on']).execute(),
      db.selectFrom('eligibility_decisions').select(['matter_id', 'decided_at']).execute(),
      db
        .selectFrom('petitions')
        .select(['matter_id', 'status', 'filed_on', 'served_on', 'hearing_on', 'rule_by_on', 'decided_on'])
        .where('status', '!=', 'draft')
        .execute(),
    ]);
    const wrong: string[] = [];
    let filed = 0;
    for (const m of matters) {
      const story = (what: string) => wrong.push(`${m.reference}: ${what}`);
      const movedOn = new Map<string, string>();
      let previous = m.received_on;
      for (const move of moves.filter((e) => e.matter_id === m.id)) {
        const day = dayOf(move.occurred_at);
        if (day < previous) story(`moved to ${move.to_stage} on ${day}, before ${previous}`);
        previous = day;
        if (move.to_stage) movedOn.set(move.to_stage, day);
      }
      if (m.closed_at && dayOf(m.closed_at) < previous)
        story(`closed ${dayOf(m.closed_at)} before its last move`);
      for (const r of requests.filter((r) => r.matter_id === m.id))
        if (r.requested_on < m.received_on || r.due_on < r.requested_on)
          story(`document requested ${r.requested_on}, due ${r.due_on}, received ${m.received_on}`);
      // Eligibility is decided in review: by the day the matter left it.
      const leftReview = movedOn.get('petitions_to_file') ?? movedOn.get('not_eligible');
      const decidedDays = decisions.filter((d) => d.matter_id === m.id).map((d) => dayOf(d.decided_at));
      for (const day of decidedDays)
        if (day < m.received_on || (leftReview && day > leftReview))
          story(`eligibility decided ${day}, left review ${leftReview}`);
      for (const p of petitions.filter((p) => p.matter_id === m.id)) {
        filed++;
        const { filed_on: filedOn, decided_on: courtDecided } = p;
        if (!filedOn) {
          story(`a ${p.status} petition with no filing date`);
          continue;
        }
        const ready = movedOn.get('petitions_to_file');
        if (!ready || filedOn < ready)
          story(`petition filed ${filedOn}, moved to petitions to file ${ready}`);
        for (const day of decidedDays)
          if (filedOn < day) story(`petition filed ${filedOn}, before eligibility was decided ${day}`);
        const awaiting = movedOn.get('awaiting_decision');
        if (!awaiting || filedOn > awaiting)
          story(`petition filed ${filedOn}, moved to await the court ${awaiting}`);
        if (filedOn > TODAY) story(`petition filed ${filedOn}, after today`);
        if (p.served_on && p.served_on < filedOn) story(`served ${p.served_on}, filed ${filedOn}`);
        for (const [what, day] of [
          ['hearing', p.hearing_on],
          ['rule-by date', p.rule_by_on],
        ] as const)
          if (day && day <= filedOn) story(`${what} ${day}, filed ${filedOn}`);
        if (courtDecided) {
          const outcomeToSend = movedOn.get('outcome_to_send');
          if (
            courtDecided < filedOn ||
            courtDecided > TODAY ||
            !outcomeToSend ||
            courtDecided > outcomeToSend
          )
            story(
              `court decided ${courtDecided}, filed ${filedOn}, moved to send the outcome ${outcomeToSend}`,
            );
        }
      }
    }
    expect(filed).toBeGreaterThan(30);
    expect(wrong).toEqual([]);
  });

  it('leaves a few petitions before the court with their rule-by date passed, and the rest to come', async () => {
    const pending = await database.db
      .selectFrom('petitions')
      .select(['rule_by_on', 'hearing_on'])
      .where('status', 'in', [...PENDING_PETITION_STATUSES])
      .execute();
    const passed = pending.filter((p) => p.rule_by_on && p.rule_by_on < TODAY).length;
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThan(pending.length / 2);
  });
});
