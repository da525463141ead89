// Migration 0051_outbox_may_have_arrived: rows that say a try may have arrived (their code is
// UNCONFIRMED, or their last error says an earlier try may have arrived: held, or held and retried)
// have may_have_arrived set; the rest do not. Down again: the column goes.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';

const BEFORE = '0050_outbox_handed_over';
const AT = '2026-12-03T18:00:00.000Z';
const NOTE = 'An earlier try may have arrived (the mail server had not confirmed it).';

describe.each(testDialects())('migration 0051_outbox_may_have_arrived (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0051.
  let db: Kysely<any>;
  let migrator: Migrator;

  const row = async (id: string, state: string, code: string | null, error: string | null) => {
    // A row carries a message or a staff notice: a notice is the smaller to make.
    await db
      .insertInto('staff_notices')
      .values({
        id: `n-${id}`,
        office_id: 'o1',
        user_id: 'u1',
        invitation_id: null,
        kind: 'invitation',
        recipient: 'person@example.org',
        subject: 'About your account',
        body: 'Text',
        created_at: AT,
      })
      .execute();
    await db
      .insertInto('outbox')
      .values({
        id,
        message_id: null,
        matter_id: null,
        staff_notice_id: `n-${id}`,
        office_id: 'o1',
        channel: 'email',
        state,
        next_attempt_at: AT,
        last_error_code: code,
        last_error: error,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  };

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: AT, updated_at: AT })
      .execute();
    await db
      .insertInto('users')
      .values({
        id: 'u1',
        office_id: 'o1',
        email: 'person@example.org',
        name: 'Person',
        role: 'intake',
        password_hash: 'x',
        created_at: AT,
        updated_at: AT,
      })
      .execute();
    await row('a', 'pending', 'UNCONFIRMED', 'The whole e-mail went to the mail server, but…');
    await row('b', 'failed', 'NO_LONGER_TRUE', `No longer right: the matter is closed. ${NOTE}`);
    await row('c', 'pending', 'NO_LONGER_TRUE', `No longer right: the matter is closed. ${NOTE}`);
    await row('d', 'failed', 'NO_LONGER_TRUE', 'No longer right: the matter is closed.');
    await row('e', 'pending', 'CONNECTION', 'Could not connect to the mail server.');
    await row('f', 'sent', null, null);
    await row(
      'g',
      'sent',
      'UNCONFIRMED',
      'An earlier try may have arrived too (…), so the client may have this e-mail twice.',
    );
  });
  afterAll(async () => database.destroy());

  it('sets may_have_arrived where a row says a try may have arrived, and only there; down drops it', async () => {
    expect((await migrator.migrateTo('0051_outbox_may_have_arrived')).error).toBeUndefined();
    const rows = await db.selectFrom('outbox').select(['id', 'may_have_arrived']).orderBy('id').execute();
    expect(rows.map((r) => `${r.id} ${Number(r.may_have_arrived)}`)).toEqual([
      'a 1',
      'b 1',
      'c 1',
      'd 0',
      'e 0',
      'f 0',
      'g 1',
    ]);
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const after = await db.selectFrom('outbox').selectAll().where('id', '=', 'a').executeTakeFirstOrThrow();
    expect(Object.keys(after)).not.toContain('may_have_arrived');
  });
});
