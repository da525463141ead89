import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock } from '@relief-desk/api';
import { type AppDatabase, openDatabase } from '@relief-desk/db';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { buildServer } from './http/app.ts';
import { cliCommand, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const OLD_PASSWORD = 'the first long pass phrase';
const NEW_PASSWORD = 'a brand new pass phrase 2026';

// Each command is a new node process that compiles the CLI with tsx on the way in (seconds each).
describe('the reset-password command', { timeout: 180_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-reset-'));
  const run = (args: string[], input = '') => runCliSync(cli, args, { DATA_DIR: dataDir }, input);
  let database: AppDatabase;
  let app: FastifyInstance;

  beforeAll(async () => {
    const created = run(
      [
        'create-admin',
        ...[
          '--email',
          'only@office.org',
          '--name',
          'Ónix Admin',
          '--office',
          'Yolo PD',
          '--counties',
          'Yolo',
        ],
      ],
      `${OLD_PASSWORD}\n`,
    );
    expect([created.status, created.stderr]).toEqual([0, '']);
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', SEED_DEMO_DATA: 'false' });
    database = openDatabase(config.databaseUrl);
    app = await buildServer({ config, database, clock: systemClock });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const signIn = (password: string) =>
    app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: { origin: 'http://localhost' },
      payload: { email: 'only@office.org', password },
    });
  const me = (cookie: string) => app.inject({ method: 'GET', url: '/trpc/auth.me', headers: { cookie } });

  it('refuses a missing address, an unknown one and a weak password, changing nothing', async () => {
    const missing = run(['reset-password']);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringContaining('reset-password needs --email, the address the person signs in with.'),
    ]);
    const unknown = run(['reset-password', '--email', 'nobody@office.org'], `${NEW_PASSWORD}\n`);
    expect([unknown.status, unknown.stdout]).toEqual([1, '']);
    expect(unknown.stderr).toContain('No one signs in as nobody@office.org here.');
    const weak = run(['reset-password', '--email', 'only@office.org'], 'password1234\n');
    expect([weak.status, weak.stderr]).toEqual([2, expect.stringContaining('Password refused')]);

    expect((await signIn(OLD_PASSWORD)).json().result.data.status).toBe('signed_in');
    const rows = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'cli.resetPassword')
      .execute();
    expect(rows).toEqual([]);
  });

  it('sets the password, ends the sessions, lifts the lock, tells the person and puts it on record', async () => {
    const signedIn = await signIn(OLD_PASSWORD);
    const cookie = String(signedIn.headers['set-cookie']).split(';')[0] ?? '';
    expect((await me(cookie)).statusCode).toBe(200);
    // Five wrong tries lock the account: even the right password is refused for 15 minutes.
    for (let i = 0; i < 5; i++) await signIn('not the password at all');
    expect((await signIn(OLD_PASSWORD)).json().error).toBeDefined();

    // Two sessions: this one and the first test's.
    const reset = run(['reset-password', '--email', 'ONLY@office.org'], `${NEW_PASSWORD}\n`);
    expect([reset.status, reset.stderr]).toEqual([0, '']);
    expect(reset.stdout.trim()).toBe(
      'Set a new password for Ónix Admin (only@office.org) of Yolo PD. 2 session(s) of theirs ended. The lock failed sign-ins had set is lifted. They are told by e-mail, and sign in with it now (with their second factor, where they have one).',
    );

    expect((await me(cookie)).statusCode).toBe(401);
    expect((await signIn(OLD_PASSWORD)).json().error).toBeDefined();
    expect((await signIn(NEW_PASSWORD)).json().result.data.status).toBe('signed_in');

    const notice = await database.db
      .selectFrom('staff_notices')
      .select(['kind', 'recipient', 'body'])
      .where('kind', '=', 'password_changed')
      .executeTakeFirstOrThrow();
    expect(notice.recipient).toBe('only@office.org');
    expect(notice.body).toContain('set on the server, by whoever runs it for your office');
    const row = await database.db
      .selectFrom('audit_log')
      .innerJoin('users', 'users.id', 'audit_log.entity_id')
      .select([
        'audit_log.actor_id',
        'audit_log.office_id',
        'audit_log.detail',
        'audit_log.ip',
        'users.office_id as user_office',
      ])
      .where('audit_log.action', '=', 'cli.resetPassword')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ actor_id: null, ip: 'cli', office_id: row.user_office });
    expect(JSON.parse(row.detail)).toEqual({ sessionsEnded: 2, unlocked: true });

    // The row joined the office's chain as every other.
    const verified = run(['audit-verify']);
    expect([verified.status, verified.stdout]).toEqual([0, expect.stringContaining('Yolo PD')]);
  });

  it('refuses a disabled account: enabling it is an administrator’s decision', async () => {
    await database.db
      .updateTable('users')
      .set({ active: 0 })
      .where('email', '=', 'only@office.org')
      .execute();
    const refused = run(['reset-password', '--email', 'only@office.org'], 'yet another pass phrase 7\n');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(
      'Ónix Admin’s account (only@office.org) is disabled: an administrator of their office enables it at Users',
    );
    await database.db
      .updateTable('users')
      .set({ active: 1 })
      .where('email', '=', 'only@office.org')
      .execute();
    expect((await signIn(NEW_PASSWORD)).json().result.data.status).toBe('signed_in');
  });
});
