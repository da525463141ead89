// From nothing to a working office, by the README alone. The commands are read from the README's
// "A real deployment" block, so the test fails when the README changes without it: migrate and
// create-admin run exactly as written (a shell, from the repository folder, on an empty data folder or
// an empty PostgreSQL database); `pnpm start` is the build `package.json` names followed by
// `node apps/server/dist/main.js`, here built into a folder of the test's own so that a build in the
// shared checkout is not disturbed. Then, through the HTTP API as the web app calls it, with a real
// SMTP server on loopback: the administrator sets up the second factor the new office requires and
// the office profile, invites an intake worker and an attorney (the invitations arrive by e-mail),
// each accepts, signs in and sets up a factor, and a referral is taken to an outcome message that
// leaves through the outbox.
import { spawn } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { openDatabase } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { County } from '@relief-desk/domain';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServerInNewFolder } from '../build.ts';
import { NO_ACCOUNTS_YET } from './first-administrator.ts';
import { type BuiltServer, startBuilt } from './test-support/built-server.ts';
import { freePort, serverDir } from './test-support/server-process.ts';

const root = resolve(serverDir, '../..');

/** The commands of the README's "A real deployment" block, one per line, continuations joined. */
export function deploymentCommands(readme: string): string[] {
  const section = readme.split(/^### A real deployment$/m)[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** Splits a shell command's words as sh does for plain '…' and "…" quoting. */
function shellWords(command: string): string[] {
  const words: string[] = [];
  for (const match of command.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g))
    words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}

function optionOf(words: string[], name: string): string {
  const at = words.indexOf(name);
  if (at === -1) throw new Error(`The README's create-admin has no ${name}`);
  return words[at + 1] ?? '';
}

/** RFC 6238 as authenticator apps compute it: SHA-1, 30-second steps, six digits. */
function totpCode(base32Secret: string, at: Date, offsetSteps = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const char of base32Secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(char).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at.getTime() / 30_000) + offsetSteps));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = (hmac[hmac.length - 1] ?? 0) & 0xf;
  const value = (hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return String(value).padStart(6, '0');
}

/** Runs a README command in a shell from the repository folder; its exit code and output. */
function runShell(
  command: string,
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn('bash', ['-c', command], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => done({ code, output }));
  });
}

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** A person in the web app: their session cookie, and procedures called as the app calls them. */
class Person {
  cookie = '';
  constructor(private readonly origin: string) {}

  private async answer(response: Response, what: string) {
    const body = (await response.json()) as { result?: { data: unknown }; error?: unknown };
    if (!response.ok) throw new Error(`${what} answered ${response.status}: ${JSON.stringify(body)}`);
    return body.result?.data;
  }

  async signIn(email: string, password: string): Promise<unknown> {
    const response = await fetch(`${this.origin}/trpc/auth.signIn`, {
      method: 'POST',
      headers: { origin: this.origin, 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    const set = response.headers.get('set-cookie');
    if (set) this.cookie = set.split(';')[0] ?? '';
    return this.answer(response, 'auth.signIn');
  }

  // biome-ignore lint/suspicious/noExplicitAny: answers are read as the web app reads them.
  async mutate(procedure: string, input?: unknown): Promise<any> {
    const response = await fetch(`${this.origin}/trpc/${procedure}`, {
      method: 'POST',
      headers: {
        origin: this.origin,
        cookie: this.cookie,
        'content-type': 'application/json',
        'idempotency-key': randomUUID(),
      },
      body: input === undefined ? undefined : JSON.stringify(input),
    });
    return this.answer(response, procedure);
  }

  // biome-ignore lint/suspicious/noExplicitAny: see mutate().
  async query(procedure: string, input?: unknown): Promise<any> {
    const search = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`;
    const response = await fetch(`${this.origin}/trpc/${procedure}${search}`, {
      headers: { cookie: this.cookie },
    });
    return this.answer(response, procedure);
  }

  async upload(documentId: string, bytes: Buffer, filename: string): Promise<void> {
    const response = await fetch(`${this.origin}/api/documents/${documentId}/files`, {
      method: 'POST',
      headers: {
        origin: this.origin,
        cookie: this.cookie,
        'content-type': 'application/pdf',
        'x-filename': encodeURIComponent(filename),
      },
      body: bytes,
    });
    if (response.status !== 201)
      throw new Error(`Upload answered ${response.status}: ${await response.text()}`);
  }

  /** The first sign-in in an office that requires a second factor: set up an authenticator app. */
  async setUpAuthenticator(): Promise<void> {
    expect(await this.query('auth.me')).toMatchObject({ enrolmentOnly: true });
    const started = await this.mutate('auth.mfa.startTotp');
    const confirmed = await this.mutate('auth.mfa.confirmTotp', {
      code: totpCode(started.secret, new Date()),
    });
    expect(confirmed.recoveryCodes).toHaveLength(10);
    expect(await this.query('auth.me')).toMatchObject({ enrolmentOnly: false });
  }
}

const readme = readFileSync(join(root, 'README.md'), 'utf8');

describe('the README’s deployment commands', () => {
  it('are the ones this test runs', () => {
    const commands = deploymentCommands(readme);
    expect(commands).toHaveLength(3);
    expect(commands[0]).toBe('SEED_DEMO_DATA=false pnpm relief-desk migrate');
    expect(commands[1]).toMatch(
      /^echo '[^']+' \| SEED_DEMO_DATA=false pnpm relief-desk create-admin --email \S+ --name "[^"]+" --office "[^"]+" --counties "[^"]+"$/,
    );
    expect(commands[2]).toBe('SEED_DEMO_DATA=false pnpm start');
    // `pnpm start` builds the server (if needed) and runs the one file; the test does the same.
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts;
    expect(scripts.start).toBe(
      'node --import tsx/esm apps/server/build.ts --if-needed && exec node apps/server/dist/main.js',
    );
  });
});

describe.each(testDialects())('from nothing to a working office, by the README alone (%s)', (dialect) => {
  let main: string;
  let outdir: string;
  let dataDir: string;
  let smtp: TestSmtpServer;
  let server: BuiltServer | null = null;
  let databaseUrl = '';
  let dropDatabase: () => Promise<void> = async () => {};

  beforeAll(async () => {
    ({ main, outdir } = await buildServerInNewFolder());
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-readme-'));
    smtp = await startSmtpServer();
    if (dialect === 'postgres') {
      // An empty database, as an operator creates one: nothing migrated.
      const serverUrl = process.env.TEST_DATABASE_URL ?? '';
      const name = `relief_desk_readme_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = openDatabase(serverUrl);
      await sql.raw(`create database ${name}`).execute(admin.db);
      await admin.close();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      dropDatabase = async () => {
        const again = openDatabase(serverUrl);
        await sql.raw(`drop database if exists ${name} with (force)`).execute(again.db);
        await again.close();
      };
    }
  });
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
    await smtp?.close();
    await dropDatabase();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(outdir, { recursive: true, force: true });
  });

  it('migrates, creates the administrator, starts, and the office works', async () => {
    const [migrate = '', createAdmin = ''] = deploymentCommands(readme);
    const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };

    // 1-2. The README's commands, as written.
    const migrated = await runShell(migrate, env);
    expect(migrated.code, migrated.output).toBe(0);
    // An empty database: the newcomer is told how to make the first account.
    expect(migrated.output).toContain(NO_ACCOUNTS_YET);
    const created = await runShell(createAdmin, env);
    expect(created.code, created.output).toBe(0);
    const words = shellWords(createAdmin);
    const admin = {
      password: words[1] ?? '',
      email: optionOf(words, '--email'),
      name: optionOf(words, '--name'),
      office: optionOf(words, '--office'),
      counties: optionOf(words, '--counties')
        .split(',')
        .map((c) => c.trim()),
    };

    // 3. `pnpm start`: the built server, with the settings the README asks for (PUBLIC_ORIGIN for the
    // invitation links) and e-mail going to the mail server on loopback.
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    server = await startBuilt(
      main,
      {
        ...env,
        SEED_DEMO_DATA: 'false',
        PUBLIC_ORIGIN: origin,
        SMTP_URL: smtp.url,
        MAIL_FROM: `${admin.office} <desk@office.example>`,
        LOG_LEVEL: 'warn',
        WEB_DIST_DIR: dataDir,
      },
      port,
    );
    expect((await fetch(`${origin}/readyz`)).status).toBe(200);

    // The administrator signs in; the office requires a second factor, so it is set up first.
    const boss = new Person(origin);
    await boss.signIn(admin.email, admin.password);
    await boss.setUpAuthenticator();
    expect(await boss.query('auth.me')).toMatchObject({
      email: admin.email,
      name: admin.name,
      role: 'admin',
    });

    // The office profile and letterhead: what every client message and letter carries.
    const profile = await boss.query('offices.profile');
    expect(profile).toMatchObject({ name: admin.office });
    const county = admin.counties[0] ?? '';
    await boss.mutate('offices.saveProfile', {
      version: profile.version,
      name: admin.office,
      address: `3501 Civic Center Drive, Room 139\nSan Rafael, CA 94903`,
      phone: '(415) 473-6321',
      email: 'cleanslate@office.example',
      counties: [...admin.counties, 'Sonoma'],
      letterSignerName: admin.name,
      letterSignerTitle: 'Supervising Attorney',
    });
    expect(await boss.query('offices.profile')).toMatchObject({
      phone: '(415) 473-6321',
      counties: expect.arrayContaining([county, 'Sonoma']),
    });

    // Two colleagues invited; the invitations arrive by e-mail with their links.
    const colleagues = [
      { email: 'intake@office.example', name: 'Rosa Intake', role: 'intake', canViewRapSheets: false },
      { email: 'attorney@office.example', name: 'Dana Attorney', role: 'attorney', canViewRapSheets: true },
    ] as const;
    for (const c of colleagues)
      await boss.mutate('users.invite', {
        email: c.email,
        role: c.role,
        canViewRapSheets: c.canViewRapSheets,
      });
    const people: Record<string, Person> = {};
    for (const c of colleagues) {
      const link = await until(`the invitation e-mail to ${c.email}`, async () => {
        const mail = smtp.received.find((m) => m.mail.to && JSON.stringify(m.mail.to).includes(c.email));
        const match = mail?.mail.text?.match(new RegExp(`${origin}/invitation#([A-Za-z0-9_-]{43})`));
        return match?.[1];
      });
      const person = new Person(origin);
      expect(await person.mutate('invitations.details', { token: link })).toMatchObject({
        state: 'open',
        officeName: admin.office,
        email: c.email,
        role: c.role,
      });
      const password = `${c.role} chooses a long pass phrase`;
      await person.mutate('invitations.accept', { token: link, name: c.name, password });
      await person.signIn(c.email, password);
      await person.setUpAuthenticator();
      expect(await person.query('auth.me')).toMatchObject({ email: c.email, role: c.role });
      people[c.role] = person;
    }
    const intake = people.intake as Person;
    const attorney = people.attorney as Person;

    // A referral, taken to the court's decision and the outcome message.
    const recorded = await intake.mutate(
      'referrals.record',
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Marisol Ávila Ferreira',
          otherNames: [],
          dateOfBirth: '1979-06-14',
          email: 'marisol.avila@example.net',
          preferredLanguage: 'es',
          contact: { email: true, sms: false, letter: false, phone: true },
          consentToText: false,
        },
        counties: [county as County],
      }),
    );
    const matterId = recorded.matters[0].id as string;
    const court = `Superior Court of California, County of ${county}`;
    const conviction = await attorney.mutate('convictions.add', {
      matterId,
      conviction: {
        caseNumber: '15CR00871',
        county,
        court,
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        wobbler: 'no',
        convictionDate: '2015-03-02',
        sentenceKind: 'probation',
        mandatorySupervision: 'unknown',
        endDate: '2018-03-02',
        probationOutcome: 'completed',
        valueOver950: 'no',
        reliefGrantedRemedy: null,
        reliefGrantedOn: null,
      },
    });
    await attorney.mutate('decisions.record', {
      convictionId: conviction.id,
      remedy: 'pc1203.4',
      determination: 'eligible_mandatory',
      reasons: 'Probation completed without revocation (PC 1203.4(a)(1)).',
      supersedes: null,
      // The rules' suggestion from the facts entered here may differ: the attorney decides on the docket.
      overrideReason: 'Decided on the court’s docket.',
    });
    const petition = await attorney.mutate('petitions.create', {
      matterId,
      remedy: 'pc1203.4',
      convictionIds: [conviction.id],
      formSet: 'cr180_cr181',
      court,
    });
    const filed = await attorney.mutate('petitions.update', {
      petitionId: petition.id,
      version: petition.version,
      status: 'filed',
      court,
      filedOn: '2026-10-01',
      outcomes: [{ convictionId: conviction.id, outcome: null }],
    });
    for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file', 'awaiting_decision']) {
      const matter = await attorney.query('matters.get', { matterId });
      if (matter.stage !== to)
        await attorney.mutate('matters.moveStage', { matterId, version: matter.version, to });
    }
    await attorney.mutate('petitions.update', {
      petitionId: petition.id,
      version: filed.version,
      status: 'decided',
      court,
      filedOn: '2026-10-01',
      decidedOn: '2026-11-20',
      outcomes: [{ convictionId: conviction.id, outcome: 'granted' }],
    });
    let matter = await attorney.query('matters.get', { matterId });
    const orderRequest = matter.documents.find((d: { kind: string }) => d.kind === 'signed_order');
    await attorney.upload(
      orderRequest.id,
      Buffer.from(
        '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n% signed order\ntrailer<</Root 1 0 R>>\n%%EOF\n',
      ),
      'CR-181 signed.pdf',
    );
    matter = await attorney.query('matters.get', { matterId });
    if (matter.stage !== 'outcome_to_send')
      await attorney.mutate('matters.moveStage', {
        matterId,
        version: matter.version,
        to: 'outcome_to_send',
      });
    matter = await attorney.query('matters.get', { matterId });
    const composed = await attorney.query('messages.composeOutcome', { matterId });
    const sent = await attorney.mutate('messages.sendOutcome', {
      matterId,
      version: matter.version,
      messages: composed.messages.map((m: { channel: string; subject: string; text: string }) => ({
        channel: m.channel,
        subject: m.subject,
        text: m.text,
      })),
      writtenIn: composed.language,
    });
    expect(sent.stage).toBe('closed');

    // The outcome leaves through the outbox: the client's mail server has it, in Spanish, with the
    // office's letterhead details, and the outbox says sent.
    const outcome = await until('the outcome e-mail', async () =>
      smtp.received.find((m) => JSON.stringify(m.mail.to).includes('marisol.avila@example.net')),
    );
    expect(outcome.mail.text).toContain('Código Penal 484(a), caso 15CR00871');
    expect(outcome.mail.text).toContain('(415) 473-6321');
    expect(outcome.mail.attachments.map((a) => a.filename)).toEqual(['CR-181 signed.pdf']);
    const database = openDatabase(databaseUrl || `file:${join(dataDir, 'relief-desk.sqlite')}`);
    try {
      // The mail server has it before the worker, on the server's answer, marks it sent.
      const rows = await until('the outbox to mark the outcome delivered', async () => {
        const now = await database.db
          .selectFrom('outbox')
          .innerJoin('messages', 'messages.id', 'outbox.message_id')
          .select(['messages.kind', 'outbox.state'])
          .where('outbox.matter_id', '=', matterId)
          .execute();
        return now.some((r) => r.state === 'pending' || r.state === 'sending') ? undefined : now;
      });
      expect(rows).toEqual([{ kind: 'outcome', state: 'sent' }]);
    } finally {
      await database.close();
    }
    console.log(
      `${dialect}: README deployment: migrate, create-admin, start; profile set; 2 invitations accepted; ` +
        `${smtp.received.length} e-mails delivered (2 invitations, the outcome).`,
    );
  }, 300_000);
});
