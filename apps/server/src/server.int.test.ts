// The HTTP layer and start-up pieces, exercised for real: fastify's inject runs requests through
// every hook, the seed fills a real database, and the CLI runs as a separate process.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixedClock, twoPointOffense } from '@relief-desk/api';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import { STAGES } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { buildServer, SESSION_COOKIE } from './http/app.ts';
import { DEMO_PASSWORD, seedDemoDataIfEmpty } from './seed/demo.ts';
import { cliCommand, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const clock = fixedClock('2026-11-28T18:00:00Z');

describe.each(testDialects())('the demo seed (%s)', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
  });
  afterAll(async () => database.destroy());

  it('fills an empty database with two offices, the README logins and 200+ clients in every stage', async () => {
    const summary = await seedDemoDataIfEmpty(database.db, clock);
    expect(summary?.offices).toBe(2);
    expect(summary?.clients).toBeGreaterThanOrEqual(200);
    const emails = await database.db.selectFrom('users').select(['email', 'role']).execute();
    for (const role of ['intake', 'attorney', 'supervisor', 'admin']) {
      expect(emails).toContainEqual({ email: `${role}@example.org`, role });
    }
    const stages = await database.db.selectFrom('matters').select('stage').distinct().execute();
    expect(stages.map((s) => s.stage).sort()).toEqual([...STAGES].sort());
    const names = await database.db.selectFrom('clients').select('legal_name').execute();
    expect(names.some((n) => /ñ/.test(n.legal_name))).toBe(true);
    expect(names.some((n) => /[áéíóú]/.test(n.legal_name))).toBe(true);
  });

  it('gives every matter past records the paper trail of its stage: convictions, then decisions', async () => {
    const db = database.db;
    const matters = await db
      .selectFrom('matters')
      .select(['id', 'stage', 'office_id', 'client_id'])
      .execute();
    const facts = await db
      .selectFrom('client_person_facts')
      .select(['client_id', 'currently_charged', 'required_to_register_pc290'])
      .execute();
    const convictions = await db
      .selectFrom('convictions')
      .select(['id', 'matter_id', 'code', 'section'])
      .execute();
    const decisions = await db
      .selectFrom('eligibility_decisions')
      .innerJoin('users', 'users.id', 'eligibility_decisions.decided_by')
      .select([
        'eligibility_decisions.conviction_id',
        'eligibility_decisions.matter_id',
        'eligibility_decisions.determination',
        'eligibility_decisions.decided_at',
        'eligibility_decisions.office_id',
        'users.role',
        'users.office_id as decider_office',
      ])
      .execute();
    const moves = await db
      .selectFrom('matter_events')
      .select(['matter_id', 'occurred_at'])
      .where('from_stage', '=', 'eligibility_review')
      .execute();
    const of = <T extends { matter_id: string }>(rows: T[], id: string) =>
      rows.filter((r) => r.matter_id === id);
    const reviewing = matters.filter((m) => m.stage === 'eligibility_review');
    const decided = matters.filter((m) =>
      ['petitions_to_file', 'not_eligible', 'awaiting_decision', 'outcome_to_send', 'closed'].includes(
        m.stage,
      ),
    );
    expect(reviewing.length).toBeGreaterThan(0);
    expect(decided.length).toBeGreaterThan(0);
    // Under review: the convictions are there to decide, and nothing is decided yet.
    for (const m of reviewing) {
      expect(of(convictions, m.id).length, m.id).toBeGreaterThan(0);
      // The facts about the person the suggestions need are there to review too.
      expect(facts.find((f) => f.client_id === m.client_id)?.currently_charged, m.id).toBe('no');
      expect(of(decisions, m.id), m.id).toEqual([]);
    }
    // Decided: one decision per conviction, by an attorney of the office, on the day the matter left
    // eligibility review; "not eligible" matters were decided so.
    for (const m of decided) {
      const mine = of(decisions, m.id);
      expect(mine.map((d) => d.conviction_id).sort(), m.id).toEqual(
        of(convictions, m.id)
          .map((c) => c.id)
          .sort(),
      );
      for (const d of mine) {
        expect(d.role).toBe('attorney');
        expect(d.decider_office).toBe(m.office_id);
        // As the rules decide: a two-point driving offense (DUI) only at the court's discretion.
        const conviction = convictions.find((c) => c.id === d.conviction_id);
        expect(d.determination).toBe(
          m.stage === 'not_eligible'
            ? 'not_eligible'
            : conviction && twoPointOffense(conviction.code, conviction.section)
              ? 'eligible_discretionary'
              : 'eligible_mandatory',
        );
      }
      const left = of(moves, m.id).map((e) => e.occurred_at.slice(0, 10));
      expect(left, m.id).toContain(mine[0]?.decided_at.slice(0, 10));
    }
  });

  it('leaves a database that already has offices alone', async () => {
    expect(await seedDemoDataIfEmpty(database.db, clock)).toBeNull();
  });
});

describe('HTTP', () => {
  let app: FastifyInstance;
  let dataDir: string;
  const close: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-http-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', COOKIE_SECURE: 'true' });
    const database = openDatabase(config.databaseUrl);
    await migrateToLatest(database.db);
    await seedDemoDataIfEmpty(database.db, clock, 5);
    app = await buildServer({ config, database, clock });
    close.push(
      () => app.close(),
      () => database.close(),
    );
  });
  afterAll(async () => {
    for (const done of close) await done();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Browsers send Origin with every POST; the server refuses one without it (see edge.int.test.ts).
  const origin = { origin: 'http://localhost' };
  const signIn = () =>
    app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers: origin,
      payload: { email: 'intake@example.org', password: DEMO_PASSWORD },
    });

  it('sets the session cookie HttpOnly, SameSite and Secure, with security headers', async () => {
    const response = await signIn();
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: true, path: '/' });
    expect(cookie?.value.length).toBeGreaterThanOrEqual(43);
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('answers 401 with a stable code and a readable message to a request without a session', async () => {
    const response = await app.inject({ method: 'GET', url: '/trpc/matters.list?input=%7B%7D' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({
      error: { message: expect.stringContaining('Sign in again'), data: { appCode: 'UNAUTHENTICATED' } },
    });
  });

  it('serves the queue to a signed-in user through the cookie', async () => {
    const session = (await signIn()).cookies.find((c) => c.name === SESSION_COOKIE);
    const response = await app.inject({
      method: 'GET',
      url: '/trpc/matters.list?input=%7B%22limit%22%3A3%7D',
      cookies: { [SESSION_COOKIE]: session?.value ?? '' },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().result.data.items).toHaveLength(3);
  });

  it('reports bad input with the field and how to fix it', async () => {
    const session = (await signIn()).cookies.find((c) => c.name === SESSION_COOKIE);
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/referrals.record',
      headers: origin,
      cookies: { [SESSION_COOKIE]: session?.value ?? '' },
      payload: { counties: ['Atlantis'] },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.data.appCode).toBe('BAD_INPUT');
    expect(body.error.data.fieldErrors).toContainEqual({
      path: 'counties.0',
      message: 'Choose one of California’s 58 counties.',
    });
  });
});

describe('settings', () => {
  it('names the setting that is wrong and how to fix it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ SEED_DEMO_DATA: 'maybe' })).toThrow(/SEED_DEMO_DATA: Use true or false/);
  });

  it('reads a flag in any case, and an empty one as unset', () => {
    expect(loadConfig({ COOKIE_SECURE: 'TRUE' }).COOKIE_SECURE).toBe(true);
    expect(loadConfig({ TRUST_PROXY: ' Yes ' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ COOKIE_SECURE: '' }).COOKIE_SECURE).toBe(false);
    expect(loadConfig({ SEED_DEMO_DATA: '' }).SEED_DEMO_DATA).toBe(true);
    expect(() => loadConfig({ COOKIE_SECURE: 'on' })).toThrow(/COOKIE_SECURE: Use true or false/);
  });

  it('reads TRUST_PROXY as off, a number of proxies (true is one), or their addresses, and names what it takes when wrong', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: ' 2 ' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,Loopback,2001:db8::/32' }).TRUST_PROXY).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'loopback',
      '2001:db8::/32',
    ]);
    const forms =
      /Use false \(no proxy, the default\), true \(one reverse proxy in front of the server\), the number of proxies in front from 1 to 10 \(e\.g\. 2 for a CDN in front of a load balancer\), or the proxies' IP addresses or networks, comma-separated/;
    for (const wrong of ['on', '11', 'proxy.internal', '10.0.0.0/33', '10.0.0.1,,10.0.0.2', '1.2.3'])
      expect(() => loadConfig({ TRUST_PROXY: wrong }), wrong).toThrow(forms);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(
      /TRUST_PROXY: "proxy.internal" is not an IP address or network/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '0.0.0.0/0' })).toThrow(
      /TRUST_PROXY: "0.0.0.0\/0" would trust every address/,
    );
  });

  it('reads a number setting as digits only: 0x10 and 1e3 are refused, not read as 16 and 1000', () => {
    expect(() => loadConfig({ PORT: '0x10' })).toThrow(/PORT: Use a port number from 0 to 65535/);
    expect(() => loadConfig({ PORT: '1e3' })).toThrow(/PORT/);
    expect(() => loadConfig({ BACKUP_KEEP: '-3' })).toThrow(/BACKUP_KEEP/);
    expect(loadConfig({ PORT: ' 8080 ' }).PORT).toBe(8080);
    expect(loadConfig({ BACKUP_SCHEDULE_HOURS: '1.5' }).BACKUP_SCHEDULE_HOURS).toBe(1.5);
    expect(loadConfig({ PORT: '' }).PORT).toBe(3000);
  });

  it('refuses an SMS key that cannot go in an HTTP header (it would fail every text as "unreachable")', () => {
    const sms = { SMS_API_URL: 'http://127.0.0.1:2527/v1/messages' };
    expect(() => loadConfig({ ...sms, SMS_API_KEY: 'clé€secret' })).toThrow(
      /SMS_API_KEY: It may hold only letters, digits and ASCII punctuation/,
    );
    expect(() => loadConfig({ ...sms, SMS_API_KEY: 'two words' })).toThrow(/SMS_API_KEY/);
    expect(loadConfig({ ...sms, SMS_API_KEY: 'sk_live_AbC-123.x/y+z=' }).SMS_API_KEY).toBe(
      'sk_live_AbC-123.x/y+z=',
    );
  });

  it('takes PUBLIC_ORIGIN as a scheme and host, written as browsers write Origin, and names it when it is more', () => {
    expect(loadConfig({}).PUBLIC_ORIGIN).toBeUndefined();
    expect(loadConfig({ PUBLIC_ORIGIN: ' ' }).PUBLIC_ORIGIN).toBeUndefined();
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://desk.example.org/' }).PUBLIC_ORIGIN).toBe(
      'https://desk.example.org',
    );
    expect(loadConfig({ PUBLIC_ORIGIN: 'https://Desk.Example.org:443' }).PUBLIC_ORIGIN).toBe(
      'https://desk.example.org',
    );
    expect(loadConfig({ PUBLIC_ORIGIN: 'http://10.0.0.5:8080' }).PUBLIC_ORIGIN).toBe('http://10.0.0.5:8080');
    for (const wrong of [
      'desk.example.org',
      'https://desk.example.org/relief',
      'https://desk.example.org/?x=1',
      'ftp://desk.example.org',
      'https://admin:secret@desk.example.org',
    ]) {
      expect(() => loadConfig({ PUBLIC_ORIGIN: wrong }), wrong).toThrow(
        /PUBLIC_ORIGIN: must be the address people open, scheme and host only/,
      );
    }
  });

  it('uses PostgreSQL when DATABASE_URL says so, and a SQLite file in DATA_DIR otherwise', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/relief' }).databaseUrl).toBe(
      'postgres://db.example/relief',
    );
    expect(loadConfig({ DATA_DIR: '/srv/relief' }).databaseUrl).toBe('/srv/relief/relief-desk.sqlite');
    // Regression: an empty DATABASE_URL once opened a throw-away database, losing what was written.
    expect(loadConfig({ DATA_DIR: '/srv/relief', DATABASE_URL: '' }).databaseUrl).toBe(
      '/srv/relief/relief-desk.sqlite',
    );
    expect(loadConfig({ DATABASE_URL: 'file:/srv/other.sqlite' }).databaseUrl).toBe('/srv/other.sqlite');
  });

  it('reads relative paths from the folder the command was run in, not the server package', () => {
    // pnpm runs the server inside apps/server and names the caller's folder in INIT_CWD.
    const config = loadConfig({ INIT_CWD: '/home/office/relief', DATA_DIR: 'data', WEB_DIST_DIR: 'web' });
    expect(config.DATA_DIR).toBe('/home/office/relief/data');
    expect(config.databaseUrl).toBe('/home/office/relief/data/relief-desk.sqlite');
    expect(config.filesDir).toBe('/home/office/relief/data/files');
    expect(config.WEB_DIST_DIR).toBe('/home/office/relief/web');
  });

  it('fills an empty SQLite database with demo data by default, but not a PostgreSQL one', () => {
    expect(loadConfig({}).SEED_DEMO_DATA).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db.example/relief' }).SEED_DEMO_DATA).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://db.example/relief', SEED_DEMO_DATA: 'true' }).SEED_DEMO_DATA,
    ).toBe(true);
    expect(loadConfig({ SEED_DEMO_DATA: 'false' }).SEED_DEMO_DATA).toBe(false);
  });

  it('regression: refuses a DATABASE_URL that is not PostgreSQL, without echoing it', () => {
    // It used to become a SQLite file path: a mistyped URL started an empty local database, and the
    // log line showed its password.
    for (const url of ['postgress://app:s3cret@db/relief', 'mysql://app:s3cret@db/relief']) {
      let message = '';
      try {
        loadConfig({ DATABASE_URL: url });
      } catch (error) {
        message = String(error);
      }
      expect(message).toMatch(
        /DATABASE_URL: must be postgres:\/\/user:password@host:port\/database, or file:/,
      );
      expect(message).not.toContain('s3cret');
    }
  });
});

// Each command is a new node process that compiles the CLI's modules with tsx on the way in: a few
// seconds idle, and up to 15 s a start on a loaded machine (a test of two commands ran out of 30 s).
describe('the create-admin command', { timeout: 120_000 }, () => {
  const serverDir = resolve(import.meta.dirname, '..');
  const run = (args: string[], input: string, dataDir: string) =>
    runCliSync(cli, args, { DATA_DIR: dataDir }, input);

  it('creates the first administrator and their office, who can then sign in', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
    try {
      const args = [
        'create-admin',
        '--email',
        'Lead@Office.org',
        '--name',
        'Inés Zúñiga',
        '--office',
        'Yolo County PD',
        '--counties',
        'Yolo',
      ];
      const created = run(args, 'long enough pass phrase\n', dataDir);
      expect(created.stderr).toBe('');
      expect(created.stdout).toContain('Created administrator lead@office.org in Yolo County PD');
      // The database it wrote to, as migrate names it: a mistyped DATA_DIR is seen at once.
      expect(created.stdout).toContain(
        `Written to the database: SQLite file ${join(dataDir, 'relief-desk.sqlite')}.`,
      );
      expect(created.status).toBe(0);

      const again = run(args, 'long enough pass phrase\n', dataDir);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain('already exists');
      // Another address, the same person's name but for capitals, accents and spacing: the office's
      // colleagues could not tell the two apart, as an invitation's acceptance refuses it.
      const alike = run(
        [...args.slice(0, 2), 'second@office.org', '--name', 'ines  ZUNIGA', ...args.slice(5)],
        'long enough pass phrase\n',
        dataDir,
      );
      expect(alike.stderr).toContain(
        'Someone at Yolo County PD is already named “Inés Zúñiga”. Give --name with a middle initial',
      );
      expect(alike.status).toBe(2);

      const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
      const database = openDatabase(config.databaseUrl);
      const app = await buildServer({ config, database, clock });
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/auth.signIn',
        headers: { origin: 'http://localhost' },
        payload: { email: 'lead@office.org', password: 'long enough pass phrase' },
      });
      expect(response.json().result.data).toMatchObject({
        status: 'signed_in',
        role: 'admin',
        name: 'Inés Zúñiga',
        officeName: 'Yolo County PD',
        // A new office requires a second factor: this first session may only set one up.
        enrolmentOnly: true,
      });
      const cookie = String(response.headers['set-cookie']).split(';')[0] ?? '';
      const users = await app.inject({ method: 'GET', url: '/trpc/users.list', headers: { cookie } });
      expect(users.statusCode).toBe(403);
      expect(users.json().error.data.appCode).toBe('MFA_ENROLMENT_REQUIRED');
      await app.close();
      await database.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('--rap-sheets lets the first administrator see RAP sheets, on the record; without it they may not', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
    try {
      const admin = (email: string, extra: string[]) =>
        run(
          [
            'create-admin',
            ...['--email', email, '--name', `Ada ${email.split('@')[0]}`, '--office', 'Madera Clean Slate'],
            ...['--counties', 'Madera', ...extra],
          ],
          'long enough pass phrase\n',
          dataDir,
        );
      const granted = admin('sole@office.org', ['--rap-sheets']);
      expect([granted.status, granted.stderr]).toEqual([0, '']);
      expect(granted.stdout.trim().split('\n')).toEqual([
        'Created administrator sole@office.org in Madera Clean Slate. They can sign in now, and set up a second factor (an authenticator app or a passkey) at their first sign-in: the new office requires one of everyone.',
        'They may see RAP sheets (--rap-sheets); an administrator can withdraw that at Office settings → Users.',
        `Written to the database: SQLite file ${join(dataDir, 'relief-desk.sqlite')}.`,
      ]);
      // Without the switch, as before: no permission, and nothing said of it.
      const plain = admin('second@office.org', []);
      expect([plain.status, plain.stderr]).toEqual([0, '']);
      expect(plain.stdout).not.toContain('RAP');

      const database = openDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }).databaseUrl);
      try {
        const users = await database.db
          .selectFrom('users')
          .select(['email', 'can_view_rap_sheets'])
          .orderBy('email')
          .execute();
        expect(users).toEqual([
          { email: 'second@office.org', can_view_rap_sheets: 0 },
          { email: 'sole@office.org', can_view_rap_sheets: 1 },
        ]);
        const audit = await database.db
          .selectFrom('audit_log')
          .select('detail')
          .where('action', '=', 'cli.createAdmin')
          .orderBy('seq')
          .execute();
        expect(audit.map((row) => JSON.parse(row.detail))).toEqual([{ canViewRapSheets: true }, {}]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('regression: joins the office already here whose name differs only in capitals or spacing, and says so', async () => {
    // "alameda county public defender" made a second office, and "ALAMEDA COUNTY PUBLIC DEFENDER"
    // with --counties Alameda a third that also served Alameda.
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
    try {
      const admin = (email: string, office: string, counties?: string) =>
        run(
          [
            'create-admin',
            // Each a name of their own: one an active colleague has is refused (below).
            ...['--email', email, '--name', `Ada ${email.split('@')[0]}`, '--office', office],
            ...(counties ? ['--counties', counties] : []),
          ],
          'long enough pass phrase\n',
          dataDir,
        );
      const first = admin('first@office.org', 'Alameda County Public Defender', 'Alameda');
      expect([first.status, first.stderr]).toEqual([0, '']);
      const lower = admin('lower@office.org', 'alameda county  public defender');
      expect([lower.status, lower.stderr, lower.stdout.trim().split('\n')]).toEqual([
        0,
        '',
        [
          // The name as it is read (spacing made single), as every name is stored.
          '"alameda county public defender" is the office "Alameda County Public Defender", already here: office names are compared without regard to capitals or spacing.',
          'Created administrator lower@office.org in Alameda County Public Defender. They can sign in now.',
          `Written to the database: SQLite file ${join(dataDir, 'relief-desk.sqlite')}.`,
        ],
      ]);
      const upper = admin('upper@office.org', 'ALAMEDA COUNTY PUBLIC DEFENDER', 'Alameda');
      expect([upper.status, upper.stderr]).toEqual([0, '']);
      expect(upper.stdout).toContain(
        '"ALAMEDA COUNTY PUBLIC DEFENDER" is the office "Alameda County Public Defender"',
      );
      expect(upper.stdout).not.toContain('--counties');
      const more = admin('more@office.org', 'Alameda County Public Defender', 'Alameda, Marin');
      expect([more.status, more.stderr, more.stdout.trim().split('\n')]).toEqual([
        0,
        '',
        [
          '--counties was not used: "Alameda County Public Defender" serves Alameda; an administrator changes that at Office settings.',
          'Created administrator more@office.org in Alameda County Public Defender. They can sign in now.',
          `Written to the database: SQLite file ${join(dataDir, 'relief-desk.sqlite')}.`,
        ],
      ]);

      // --counties as forgiving as --office: any capitals, and "County" after the name.
      const madera = admin('madera@office.org', 'Madera Public Defender', 'MADERA County, san  benito');
      expect([madera.status, madera.stderr]).toEqual([0, '']);
      // Punctuation aside too: a full stop typed after the name is the same office, said so.
      const dotted = admin('dotted@office.org', 'Alameda County Public Defender.');
      expect([dotted.status, dotted.stderr, dotted.stdout.trim().split('\n')[0]]).toEqual([
        0,
        '',
        '"Alameda County Public Defender." is the office "Alameda County Public Defender", already here: office names are compared without regard to capitals, spacing or punctuation.',
      ]);

      const database = openDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }).databaseUrl);
      try {
        const offices = await database.db.selectFrom('offices').select(['id', 'name']).execute();
        const counties = await database.db.selectFrom('office_counties').select('county').execute();
        const users = await database.db.selectFrom('users').select('office_id').execute();
        const alameda = offices.filter((o) => o.name === 'Alameda County Public Defender');
        expect([
          offices.map((o) => o.name).sort(),
          counties.map((c) => c.county).sort(),
          users.filter((u) => u.office_id === alameda[0]?.id).length,
        ]).toEqual([
          ['Alameda County Public Defender', 'Madera Public Defender'],
          ['Alameda', 'Madera', 'San Benito'],
          5,
        ]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  // `script` gives the command a terminal, as an administrator typing at one has (util-linux).
  const hasScript = existsSync('/usr/bin/script');
  it.skipIf(!hasScript)(
    'at a terminal, asks for the password without showing it as it is typed (skipped without script(1))',
    async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
      const secret = 'typed at a terminal 2026';
      try {
        const command = [process.execPath, ...cli, 'create-admin']
          .concat([
            '--email',
            'tty@office.org',
            '--name',
            'Tess Tee',
            '--office',
            'Yolo PD',
            '--counties',
            'Yolo',
          ])
          .map((word) => `'${word}'`)
          .join(' ');
        const child = spawn('/usr/bin/script', ['-qec', command, '/dev/null'], {
          cwd: serverDir,
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        });
        let screen = '';
        const exited = new Promise<number | null>((done) => child.on('close', done));
        child.stdout.on('data', (chunk: Buffer) => {
          // Typed once the prompt shows, as a person would, into the terminal in raw mode.
          if (!screen.includes('Password') && `${screen}${chunk}`.includes('Password'))
            setTimeout(() => child.stdin.write(`${secret}\r`), 200);
          screen += chunk.toString();
        });
        expect(await exited).toBe(0);
        expect(screen).toContain('not shown');
        expect(screen).toContain('Created administrator tty@office.org');
        expect(screen).not.toContain(secret);
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  );

  it('refuses a weak password and an unknown county, saying why', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
    try {
      const base = ['create-admin', '--email', 'a@b.org', '--name', 'A B', '--office', 'New Office'];
      const weak = run([...base, '--counties', 'Yolo'], 'password1234\n', dataDir);
      expect([weak.status, weak.stderr]).toEqual([2, expect.stringContaining('common passwords')]);
      const county = run([...base, '--counties', 'Narnia'], 'long enough pass phrase\n', dataDir);
      expect([county.status, county.stderr]).toEqual([
        2,
        expect.stringContaining('Not California counties: Narnia'),
      ]);
      const noCounties = run(base, 'long enough pass phrase\n', dataDir);
      expect([noCounties.status, noCounties.stderr]).toEqual([
        2,
        expect.stringContaining('"New Office" is a new office: give --counties'),
      ]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('regression: refuses a name or office name the shared schemas refuse, saying how to fix it, and writes nothing', () => {
    // Only trimmed, a 308-character name holding ESC and BEL and a 218-character office name holding
    // TAB and ESC were stored as given.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'relief-desk-cli-')), 'not-created');
    const name = `\u001b[1mAdmin\u0007 ${'N'.repeat(297)}`;
    const office = `Office\t\u001b[2J${'O'.repeat(207)}`;
    const refused = run(
      ['create-admin', '--email', 'a@b.org', '--name', name, '--office', office, '--counties', 'Yolo'],
      'long enough pass phrase\n',
      dataDir,
    );
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(
      'create-admin --name: Use at most 120 characters.\ncreate-admin --office: Use at most 120 characters.',
    );
    // No escape sequence or bell reaches the terminal.
    for (const control of ['\u001b', '\u0007'])
      expect(refused.stderr + refused.stdout).not.toContain(control);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('stores a name and office name with control characters as the web app’s forms would: cleaned', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-cli-'));
    try {
      const created = run(
        [
          'create-admin',
          '--email',
          ' Lead\u0007@Office.org ',
          '--name',
          'Inés\u001b Zúñiga\u0007',
          '--office',
          'Yolo\tCounty\u001b PD',
          '--counties',
          'Yolo\u0001',
        ],
        'long enough pass phrase\n',
        dataDir,
      );
      expect([created.status, created.stderr]).toEqual([0, '']);
      expect(created.stdout).toContain('Created administrator lead@office.org in Yolo County PD.');
      const database = openDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }).databaseUrl);
      try {
        const user = await database.db
          .selectFrom('users')
          .select(['email', 'name'])
          .executeTakeFirstOrThrow();
        const stored = await database.db.selectFrom('offices').select('name').executeTakeFirstOrThrow();
        const counties = await database.db.selectFrom('office_counties').select('county').execute();
        expect([user, stored.name, counties]).toEqual([
          { email: 'lead@office.org', name: 'Inés Zúñiga' },
          'Yolo County PD',
          [{ county: 'Yolo' }],
        ]);
      } finally {
        await database.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('regression: reports a mistyped command or a missing option without touching the database', () => {
    // It used to open and migrate the configured database first.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'relief-desk-cli-')), 'not-created');
    const mistyped = run(['migarte'], '', dataDir);
    expect([mistyped.status, mistyped.stderr]).toEqual([
      2,
      expect.stringContaining('Unknown command "migarte"'),
    ]);
    const missing = run(['create-admin', '--email', 'a@b.org'], '', dataDir);
    expect([missing.status, missing.stderr]).toEqual([
      2,
      expect.stringContaining('create-admin needs --email (a valid address), --name and --office.'),
    ]);
    // A command that takes no options, given one: refused, not run (audit-verify once checked the
    // DATA_DIR database and answered "ok" to --data-dir /elsewhere).
    for (const [command, option] of [
      ['migrate', '--dry-run'],
      ['seed-demo', '--force'],
      ['audit-verify', '--data-dir'],
    ] as const) {
      const given = run([command, option, '/elsewhere'], '', dataDir);
      expect([given.status, given.stderr]).toEqual([
        2,
        expect.stringContaining(`"${command}" takes no options, and was given "${option}" "/elsewhere".`),
      ]);
    }
    expect(existsSync(dataDir)).toBe(false);
  });
});
