// Migration 0052_record_move_notes: the note staff wrote with a stage move that rests on the criminal
// record moves from the summary into the event's data, where it is withheld from staff without the
// RAP sheet permission; other moves, and moves without a note, keep their summary as it was.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, up } from './0052_record_move_notes.ts';
import { insertNamedClients } from './test-rows.ts';

/** [from, to, summary as recorded before, summary after, note kept apart (null: none)] */
const MOVES = [
  [
    'eligibility_review',
    'not_eligible',
    'Moved from Eligibility review to Not eligible. Both convictions were prison priors. See file.',
    'Moved from Eligibility review to Not eligible.',
    'Both convictions were prison priors. See file.',
  ],
  [
    'petitions_to_file',
    'awaiting_decision',
    'Moved from Petitions to file to Awaiting court decision. Filed in Dept. 12.',
    'Moved from Petitions to file to Awaiting court decision.',
    'Filed in Dept. 12.',
  ],
  [
    'outcome_to_send',
    'closed',
    'Moved from Outcome to send to Closed: outcome sent. Told her by phone the 1203.4 was granted.',
    'Moved from Outcome to send to Closed: outcome sent.',
    'Told her by phone the 1203.4 was granted.',
  ],
  [
    'petitions_to_file',
    'awaiting_decision',
    'Moved from Petitions to file to Awaiting court decision: petition filed.',
    'Moved from Petitions to file to Awaiting court decision: petition filed.',
    null,
  ],
  [
    'referral_received',
    'gathering_records',
    'Moved from Referral received to Gathering records. Client will mail the RAP sheet.',
    'Moved from Referral received to Gathering records. Client will mail the RAP sheet.',
    null,
  ],
  [
    'eligibility_review',
    'not_eligible',
    'Moved from Eligibility review to Not eligible.',
    'Moved from Eligibility review to Not eligible.',
    null,
  ],
  [
    'awaiting_decision',
    'withdrawn',
    'Moved from Awaiting court decision to Withdrawn. The court denied the motion in 19CR0042; she chose to stop.',
    'Moved from Awaiting court decision to Withdrawn.',
    'The court denied the motion in 19CR0042; she chose to stop.',
  ],
] as const;

describe.each(testDialects())('migration 0052_record_move_notes (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  const now = '2026-12-04T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await insertNamedClients(db, [{ id: 'c1', legal_name: 'Ana Ruiz', other: [], old: 'ana ruiz' }], now);
    await db
      .insertInto('matter_events')
      .values(
        MOVES.map(([from, to, summary], i) => ({
          id: `e${i}`,
          matter_id: 'm1',
          office_id: 'o1',
          kind: 'stage_changed',
          summary,
          data: '{}',
          occurred_at: now,
          from_stage: from,
          to_stage: to,
        })),
      )
      .execute();
    // A row whose data is not JSON (migration 0008 left such rows as they were): left alone both ways.
    await db
      .insertInto('matter_events')
      .values({
        id: 'z-not-json',
        matter_id: 'm1',
        office_id: 'o1',
        kind: 'stage_changed',
        summary: 'Moved from Awaiting court decision to Withdrawn.',
        data: 'not json',
        occurred_at: now,
        from_stage: 'awaiting_decision',
        to_stage: 'withdrawn',
      })
      .execute();
  });
  afterAll(async () => database.destroy());

  const notJson = async () =>
    db.selectFrom('matter_events').select(['summary', 'data']).where('id', '=', 'z-not-json').execute();
  const events = async () =>
    (
      await db
        .selectFrom('matter_events')
        .select(['summary', 'data'])
        .where('id', '!=', 'z-not-json')
        .orderBy('id')
        .execute()
    ).map((r) => ({
      summary: r.summary as string,
      note: (JSON.parse(r.data as string) as { note?: string }).note ?? null,
    }));

  it('keeps a note about the record apart from the summary, and puts it back going down', async () => {
    await up(db);
    expect(await events()).toEqual(MOVES.map(([, , , summary, note]) => ({ summary, note })));
    // Run again (a restore of an older backup): nothing changes.
    await up(db);
    expect(await events()).toEqual(MOVES.map(([, , , summary, note]) => ({ summary, note })));
    await down(db);
    expect(await events()).toEqual(MOVES.map(([, , before]) => ({ summary: before, note: null })));
    expect(await notJson()).toEqual([
      { summary: 'Moved from Awaiting court decision to Withdrawn.', data: 'not json' },
    ]);
  });
});
