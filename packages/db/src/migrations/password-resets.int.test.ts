// Migration 0047_password_resets: staff notices written before it (and the outbox rows carrying them)
// are kept as they were; the new kinds are taken, anything else is still refused; the reset links'
// table is there. Down again: the new kinds' notices go, and the old check is back.
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';

const BEFORE = '0046_names_with_apostrophes';
const AT = '2026-12-03T18:00:00.000Z';

describe.each(testDialects())('migration 0047_password_resets (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: rows as the migrations see them, before and after 0047.
  let db: Kysely<any>;
  let migrator: Migrator;

  const notice = (id: string, kind: string) =>
    db
      .insertInto('staff_notices')
      .values({
        id,
        office_id: 'o1',
        user_id: 'u1',
        invitation_id: null,
        kind,
        recipient: 'person@example.org',
        subject: 'About your account',
        body: 'Text',
        created_at: AT,
      })
      .execute();
  const carried = (id: string, noticeId: string) =>
    db
      .insertInto('outbox')
      .values({
        id,
        message_id: null,
        matter_id: null,
        staff_notice_id: noticeId,
        office_id: 'o1',
        channel: 'email',
        state: 'pending',
        next_attempt_at: AT,
        created_at: AT,
        updated_at: AT,
      })
      .execute();
  const kinds = async () =>
    (await db.selectFrom('staff_notices').select(['id', 'kind']).orderBy('id').execute()).map(
      (r) => `${r.id} ${r.kind}`,
    );

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
    await notice('n1', 'invitation');
    await notice('n2', 'factors_reset');
    await carried('b1', 'n1');
    await carried('b2', 'n2');
    await expect(notice('n0', 'password_reset')).rejects.toThrow();
  });
  afterAll(async () => database.destroy());

  it('keeps the notices and their outbox rows, and takes the new kinds only', async () => {
    expect((await migrator.migrateTo('0047_password_resets')).error).toBeUndefined();
    expect(await kinds()).toEqual(['n1 invitation', 'n2 factors_reset']);
    const outbox = await db.selectFrom('outbox').select(['id', 'staff_notice_id']).orderBy('id').execute();
    expect(outbox).toEqual([
      { id: 'b1', staff_notice_id: 'n1' },
      { id: 'b2', staff_notice_id: 'n2' },
    ]);
    await notice('n3', 'password_reset');
    await notice('n4', 'password_changed');
    await carried('b3', 'n3');
    await expect(notice('n5', 'password_lost')).rejects.toThrow();
    // Foreign keys still hold on the table made again.
    await expect(notice('n6', 'invitation').then(() => carried('b6', 'no-such-notice'))).rejects.toThrow();
    await db
      .insertInto('password_reset_links')
      .values({
        token_hash: 'h',
        user_id: 'u1',
        office_id: 'o1',
        sent_by: 'u1',
        created_at: AT,
        expires_at: AT,
      })
      .execute();
  });

  it('comes down again: the new kinds’ notices and the links go, the old check is back', async () => {
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    expect(await kinds()).toEqual(['n1 invitation', 'n2 factors_reset', 'n6 invitation']);
    await expect(notice('n7', 'password_changed')).rejects.toThrow();
    await expect(db.selectFrom('password_reset_links').selectAll().execute()).rejects.toThrow();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
