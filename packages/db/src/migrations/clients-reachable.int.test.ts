// Migration 0061_clients_reachable: a client left with no way to be reached (passed on having chosen
// texts alone) is reached by phone when a number went with them; every other client is as it was.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { up } from './0061_clients_reachable.ts';
import { clientRow } from './test-rows.ts';

const AT = '2026-12-05T18:00:00.000Z';
type Ways = [email: number, sms: number, letter: number, phone: number];
/** [id, phone, ways before, ways after] */
const CLIENTS: [string, string, Ways, Ways][] = [
  ['unreachable', '(510) 555-0100', [0, 0, 0, 0], [0, 0, 0, 1]],
  ['no-number', '', [0, 0, 0, 0], [0, 0, 0, 0]],
  ['by-letter', '(510) 555-0101', [0, 0, 1, 0], [0, 0, 1, 0]],
  ['by-text', '(510) 555-0102', [0, 1, 0, 0], [0, 1, 0, 0]],
  ['by-email', '(510) 555-0103', [1, 0, 0, 0], [1, 0, 0, 0]],
];

describe.each(testDialects())('migration 0061_clients_reachable (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migration sees them.
  let db: Kysely<any>;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: AT, updated_at: AT })
      .execute();
    await db
      .insertInto('clients')
      .values(
        CLIENTS.map(([id, phone, [email, sms, letter, call]]) => ({
          ...clientRow({ id, office_id: 'o1', legal_name: `Ana ${id}`, name_search: `ana ${id}`, at: AT }),
          phone,
          contact_email: email,
          contact_sms: sms,
          contact_letter: letter,
          contact_phone: call,
          consent_to_text: sms,
        })),
      )
      .execute();
  });
  afterAll(async () => database.destroy());

  it('gives phone calls to a client with a number and no way to be reached, and changes no one else', async () => {
    await up(db);
    const rows = await db
      .selectFrom('clients')
      .select(['id', 'contact_email', 'contact_sms', 'contact_letter', 'contact_phone'])
      .execute();
    const ways = Object.fromEntries(
      rows.map((r) => [
        r.id,
        [r.contact_email, r.contact_sms, r.contact_letter, r.contact_phone].map(Number),
      ]),
    );
    expect(ways).toEqual(Object.fromEntries(CLIENTS.map(([id, , , after]) => [id, after])));
  });
});
