// Migration 0059_note_marked_events: the timeline entries that said a referral's note was marked (or
// no longer) become entries of their own kind, 'note_marked', which the check then allows; notes staff
// wrote stay notes, whatever they say. Down gives them back as notes and the older check.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { down, REFERRAL_MARK_SENTENCES, up } from './0059_note_marked_events.ts';
import { insertNamedClients } from './test-rows.ts';

const AT = '2026-12-05T18:00:00.000Z';
/** [kind before, summary, data, kind after] */
const EVENTS = [
  ['note', REFERRAL_MARK_SENTENCES[0], '{}', 'note_marked'],
  ['note', REFERRAL_MARK_SENTENCES[1], '{}', 'note_marked'],
  // A timeline entry's mark, as down leaves it: it names the entry it marked.
  [
    'note',
    'The note of Dec 5, 2026, 9:00 AM was marked as about the criminal record.',
    '{"eventId":"e9"}',
    'note_marked',
  ],
  ['note', 'Note about the criminal record.', '{"note":"PC 666 in 2011."}', 'note'],
  ['note', 'The referral’s note was marked, she says: ask her again.', '{}', 'note'],
  ['phone_call', 'Called the client: spoke with the client.', '{}', 'phone_call'],
] as const;

describe.each(testDialects())('migration 0059_note_marked_events (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await down(db);
    await insertNamedClients(db, [{ id: 'c1', legal_name: 'Ana Ruiz', other: [], old: 'ana ruiz' }], AT);
    await db
      .insertInto('matter_events')
      .values(
        EVENTS.map(([kind, summary, data], i) => ({
          id: `e${i}`,
          matter_id: 'm1',
          office_id: 'o1',
          kind,
          summary,
          data,
          occurred_at: AT,
        })),
      )
      .execute();
  });
  afterAll(async () => database.destroy());

  const kinds = async () =>
    (await db.selectFrom('matter_events').select('kind').orderBy('id').execute()).map((r) => r.kind);
  const write = (kind: string) =>
    db
      .insertInto('matter_events')
      .values({
        id: `x-${kind}`,
        matter_id: 'm1',
        office_id: 'o1',
        kind,
        summary: 'x',
        data: '{}',
        occurred_at: AT,
      })
      .execute();

  it('moves the marks to their own kind, which the check allows, and back going down, and again up', async () => {
    await expect(write('note_marked')).rejects.toThrow(/matter_events\.kind|check/i);
    await up(db);
    expect(await kinds()).toEqual(EVENTS.map(([, , , after]) => after));
    await write('note_marked');
    await expect(write('note_remarked')).rejects.toThrow(/matter_events\.kind|check/i);
    await db.deleteFrom('matter_events').where('id', '=', 'x-note_marked').execute();
    await down(db);
    expect(await kinds()).toEqual(EVENTS.map(([before]) => before));
    await up(db);
    expect(await kinds()).toEqual(EVENTS.map(([, , , after]) => after));
  });
});
