// Migration 0024_timeline_dates: the timeline sentences the app wrote with "YYYY-MM-DD" read as the
// app words dates now ("Nov 27, 2026"); notes and every other text keep what was typed.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { up } from './0024_timeline_dates.ts';
import { insertNamedClients } from './test-rows.ts';

const OLD_AND_NEW = [
  [
    'referral_received',
    'Referral received by phone on 2026-11-27.',
    'Referral received by phone on Nov 27, 2026.',
  ],
  [
    'referral_received',
    'Referral received by partner (Root & Rebound) on 2026-02-03.',
    'Referral received by partner (Root & Rebound) on Feb 3, 2026.',
  ],
  [
    'document_requested',
    'Requested RAP sheet (DOJ) from the client, due 2026-12-28.',
    'Requested RAP sheet (DOJ) from the client, due Dec 28, 2026.',
  ],
  [
    'document_status',
    'Court docket: received (arrived 2026-11-20).',
    'Court docket: received (arrived Nov 20, 2026).',
  ],
  [
    'decision_recorded',
    'PC 1203.4 dismissal for PC 484(a) (misdemeanor), case 16CR01234: eligible later from 2027-01-15.',
    'PC 1203.4 dismissal for PC 484(a) (misdemeanor), case 16CR01234: eligible later from Jan 15, 2027.',
  ],
] as const;

const KEPT = [
  ['note', 'Client says the hearing is on 2026-12-01.'],
  ['referral_received', 'Referral received by phone on Nov 27, 2026.'],
  ['referral_received', 'Referral received by phone.'],
  ['document_requested', 'Requested court docket from the court, due 2026-13-45.'],
  ['stage_changed', 'Moved to Gathering records.'],
] as const;

describe.each(testDialects())('migration 0024_timeline_dates (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  const now = '2026-11-28T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await insertNamedClients(db, [{ id: 'c1', legal_name: 'Ana Ruiz', other: [], old: 'ana ruiz' }], now);
    const rows = [...OLD_AND_NEW.map(([kind, old]) => [kind, old]), ...KEPT];
    await db
      .insertInto('matter_events')
      .values(
        rows.map(([kind, summary], i) => ({
          id: `e${i}`,
          matter_id: 'm1',
          office_id: 'o1',
          kind,
          summary,
          occurred_at: now,
        })),
      )
      .execute();
  });
  afterAll(async () => database.destroy());

  it('words the dates of the app’s own sentences as the app does now, and leaves the rest alone', async () => {
    await up(db);
    const summaries = (
      await db.selectFrom('matter_events').select(['id', 'summary']).orderBy('id').execute()
    ).map((r) => r.summary as string);
    expect(summaries.slice(0, OLD_AND_NEW.length)).toEqual(OLD_AND_NEW.map(([, , now]) => now));
    expect(summaries.slice(OLD_AND_NEW.length)).toEqual(KEPT.map(([, summary]) => summary));
    // Run again (a restore of an older backup, say): nothing changes.
    await up(db);
    const again = (await db.selectFrom('matter_events').select('summary').orderBy('id').execute()).map(
      (r) => r.summary,
    );
    expect(again).toEqual(summaries);
  });
});
