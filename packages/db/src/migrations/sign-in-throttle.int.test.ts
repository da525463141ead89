// Migration 0010_sign_in_throttle on a database that has users and sessions already: counts and locks
// in force move to their keyed rows, every session gets an id, and going down brings the lock back.
import { createHmac } from 'node:crypto';
import { type Kysely, Migrator } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase, testDialects } from '../testing.ts';
import { migrations } from './index.ts';

describe.each(testDialects())('migration 0010_sign_in_throttle (%s)', (dialect) => {
  let database: TestDatabase;
  // biome-ignore lint/suspicious/noExplicitAny: the tables as they were before the migration.
  let db: Kysely<any>;
  let migrator: Migrator;
  const now = '2026-11-28T18:00:00.000Z';
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    db = database.db;
    migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
    const down = await migrator.migrateTo('0009_audit_chain');
    expect(down.error).toBeUndefined();
    await db
      .insertInto('offices')
      .values({ id: 'o1', name: 'Office', created_at: now, updated_at: now })
      .execute();
    for (const [id, email, failed, lockedUntil] of [
      ['u1', 'locked@example.org', 0, '2026-11-28T18:10:00.000Z'],
      ['u2', 'counting@example.org', 3, null],
      ['u3', 'clean@example.org', 0, null],
    ] as const)
      await db
        .insertInto('users')
        .values({
          id,
          office_id: 'o1',
          email,
          name: id,
          role: 'intake',
          password_hash: 'x',
          failed_sign_ins: failed,
          locked_until: lockedUntil,
          created_at: now,
          updated_at: now,
        })
        .execute();
    for (const token of ['t1', 't2'])
      await db
        .insertInto('sessions')
        .values({
          token_hash: token,
          user_id: 'u3',
          created_at: now,
          last_seen_at: now,
          expires_at: '2026-11-29T06:00:00.000Z',
          ip: '127.0.0.1',
          user_agent: 'test',
        })
        .execute();
  });
  afterAll(async () => database.destroy());

  it('moves counts and locks to rows keyed by the HMAC of the address, and gives sessions ids', async () => {
    const up = await migrator.migrateToLatest();
    expect(up.error).toBeUndefined();
    const secret = await db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'sign_in_key')
      .executeTakeFirstOrThrow();
    expect(Buffer.from(secret.value, 'base64url')).toHaveLength(32);
    const key = (email: string) =>
      createHmac('sha256', Buffer.from(secret.value, 'base64url'))
        .update(`sign-in-account:${email}`)
        .digest('hex');
    const rows = await db.selectFrom('sign_in_accounts').selectAll().orderBy('failures').execute();
    expect(rows.map((r) => [r.account_key, Number(r.failures), r.locked_until])).toEqual([
      [key('locked@example.org'), 0, '2026-11-28T18:10:00.000Z'],
      [key('counting@example.org'), 3, null],
    ]);
    const columns = (await db.introspection.getTables())
      .find((t) => t.name === 'users')
      ?.columns.map((c) => c.name);
    expect(columns).not.toContain('locked_until');
    const sessions = await db.selectFrom('sessions').select('id').execute();
    expect(sessions).toHaveLength(2);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(2);
    expect(sessions.every((s) => typeof s.id === 'string' && s.id.length > 10)).toBe(true);
  });

  it('goes down with the locks in force carried back to users', async () => {
    const down = await migrator.migrateTo('0009_audit_chain');
    expect(down.error).toBeUndefined();
    const users = await db
      .selectFrom('users')
      .select(['id', 'failed_sign_ins', 'locked_until'])
      .orderBy('id')
      .execute();
    expect(users.map((u) => [u.id, Number(u.failed_sign_ins), u.locked_until])).toEqual([
      ['u1', 0, '2026-11-28T18:10:00.000Z'],
      ['u2', 3, null],
      ['u3', 0, null],
    ]);
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
  });
});
