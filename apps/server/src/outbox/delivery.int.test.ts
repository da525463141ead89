// The outbox worker against the real thing: an SMTP server on loopback and an HTTP SMS provider.
// Proves the text that arrives is the template in the client's language, attachments arrive byte for
// byte, failures follow the retry schedule and end on the delivery-problems list, and a worker killed
// mid-send and started again delivers every message, each Message-ID with one content.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender, createSmsSender, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '@relief-desk/notify';
import {
  startSmsProvider,
  startSmtpServer,
  type TestSmsProvider,
  type TestSmtpServer,
} from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decideEligible,
  giveOfficesLetterheads,
  matterAtOutcome,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor as testWorker } from '../test-support/outbox-worker.ts';
import { SENT_AFTER_UNCONFIRMED, type Senders } from './deliver.ts';
import type { OutboxWorker } from './worker.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const SPANISH_CLIENT = {
  preferredLanguage: 'es' as const,
  contact: { email: true, sms: true, letter: false, phone: false },
  consentToText: true,
};

describe.each(testDialects())('the outbox worker (%s)', (dialect) => {
  let api: ApiHarness;
  const cleanups: (() => Promise<void> | void)[] = [];
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function servers(verdict?: Parameters<typeof startSmtpServer>[0]) {
    const smtp = await startSmtpServer(verdict);
    const sms = await startSmsProvider();
    cleanups.push(
      () => smtp.close(),
      () => sms.close(),
    );
    return { smtp, sms };
  }

  function workerFor(smtp: TestSmtpServer | null, sms: TestSmsProvider | null): OutboxWorker {
    const email = smtp
      ? createEmailSender({
          smtpUrl: smtp.url,
          from: 'Clean Slate <cleanslate@example.org>',
          timeoutMs: 3000,
        })
      : null;
    if (email) cleanups.push(() => email.close());
    const senders: Senders = {
      email,
      sms: sms ? createSmsSender({ apiUrl: sms.url, apiKey: 'test-key' }) : null,
    };
    return testWorker(api, {
      senders,
    });
  }

  async function sendSpanishUpdate() {
    const { matterId } = await openMatterFor(api, SPANISH_CLIENT);
    await decideEligible(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus({
      matterId,
      statusType: 'eligible',
      nextSteps: ['submit_letters'],
    });
    const sent = await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId, statusType: 'eligible', nextSteps: ['submit_letters'] },
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    return { matterId, composed, sent };
  }

  const outboxRow = (id: string) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('delivers a Spanish client’s update by e-mail and text, as the template renders it, with stable ids', async () => {
    const { smtp, sms } = await servers();
    const { composed, sent } = await sendSpanishUpdate();
    const pass = await workerFor(smtp, sms).runOnce();
    expect(pass.results).toEqual(['sent', 'sent']);

    const [emailId, smsId] = sent.outboxIds;
    const mail = smtp.received.find((r) => r.messageId === `<${emailId}@relief-desk>`);
    const email = composed.messages.find((m) => m.channel === 'email');
    expect(mail?.mail.subject).toBe(email?.subject);
    expect(mail?.mail.text?.trim()).toBe(email?.text);
    expect(mail?.mail.text).toContain('creemos que usted cumple los requisitos');
    expect(mail?.mail.headers.get('content-language')).toBe('es');

    expect(sms.requests).toHaveLength(1);
    expect(sms.requests[0]).toMatchObject({
      idempotencyKey: smsId,
      authorization: 'Bearer test-key',
      body: {
        to: '+15105550123',
        text: composed.messages.find((m) => m.channel === 'sms')?.text,
        idempotencyKey: smsId,
      },
    });
    expect((await outboxRow(emailId ?? '')).state).toBe('sent');
    expect((await outboxRow(smsId ?? '')).attempts).toBe(1);
  });

  it('attaches the signed order to the outcome e-mail, byte for byte', async () => {
    const { smtp } = await servers();
    const { matterId, version, order } = await matterAtOutcome(api, {
      ...SPANISH_CLIENT,
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    const sent = await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: composed.messages,
      writtenIn: composed.language,
    });
    await workerFor(smtp, null).runOnce();
    const mail = smtp.received.find(
      (r) => r.messageId.startsWith('<') && r.mail.subject === composed.messages[0]?.subject,
    );
    expect(mail?.mail.attachments.map((a) => a.filename)).toEqual(['CR-181 orden firmada.pdf']);
    expect(sha256(mail?.mail.attachments[0]?.content ?? Buffer.alloc(0))).toBe(sha256(order));
    expect(mail?.mail.text).toContain('Adjuntamos');
    expect(sent.messageIds).toHaveLength(1);
  });

  it('retries a temporary refusal (451) on the schedule, then shows the failure with its reason', async () => {
    const { smtp } = await servers(() => ({ responseCode: 451, message: 'Try again later' }));
    const { matterId } = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const intake = await api.signedIn('alameda.intake');
    const sent = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    });
    const id = sent.outboxIds[0] ?? '';
    const worker = workerFor(smtp, null);
    const start = api.clock.now();
    try {
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const pass = await worker.runOnce();
        expect(pass.results).toEqual([attempt < MAX_ATTEMPTS ? 'retry' : 'failed']);
        const row = await outboxRow(id);
        expect(row.attempts).toBe(attempt);
        if (attempt === MAX_ATTEMPTS) break;
        // Not before its time: one millisecond early, nothing is claimed.
        const wait = RETRY_DELAYS_MS[attempt - 1] ?? 0;
        expect(Date.parse(row.next_attempt_at) - api.clock.now().getTime()).toBe(wait);
        api.clock.set(new Date(api.clock.now().getTime() + wait - 1));
        expect((await worker.runOnce()).claimed).toBe(0);
        api.clock.set(new Date(api.clock.now().getTime() + 1));
      }
    } finally {
      api.clock.set(start);
    }
    expect(smtp.received).toHaveLength(0);
    const problems = await intake.messages.deliveryProblems();
    const problem = problems.find((p) => p.outboxId === id);
    expect(problem?.reason).toMatch(/temporar|later|try/i);
    expect(problem?.attempts).toBe(MAX_ATTEMPTS);
    const matter = await intake.matters.get({ matterId });
    expect(matter.timeline[0]?.kind).toBe('delivery_failed');
  });

  it('does not retry a permanent refusal (550): one attempt, then a visible failure', async () => {
    const { smtp } = await servers(() => ({ responseCode: 550, message: 'Mailbox unavailable' }));
    const { matterId } = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const intake = await api.signedIn('alameda.intake');
    const sent = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    });
    expect((await workerFor(smtp, null).runOnce()).results).toEqual(['failed']);
    const row = await outboxRow(sent.outboxIds[0] ?? '');
    expect([row.state, row.attempts, row.last_error_code]).toEqual(['failed', 1, 'SMTP_PERMANENT']);
    const listed = await intake.messages.forMatter({ matterId });
    expect(listed[0]?.delivery).toMatchObject({ state: 'failed' });
    expect(listed[0]?.delivery?.lastError).toBeTruthy();
  });

  it('retries a text the provider refuses (any non-2xx), with the same idempotency key', async () => {
    const { sms } = await servers();
    sms.failWith = 503;
    const { sent } = await sendSpanishUpdate();
    const worker = workerFor(null, sms);
    expect((await worker.runOnce()).results).toEqual(['retry']);
    sms.failWith = null;
    const start = api.clock.now();
    api.clock.set(new Date(start.getTime() + 60_000));
    try {
      expect((await worker.runOnce()).results).toEqual(['sent']);
    } finally {
      api.clock.set(start);
    }
    const smsId = sent.outboxIds[1];
    expect(sms.requests.map((r) => r.idempotencyKey)).toEqual([smsId, smsId]);
  });

  it('leaves messages waiting, visibly, when no mail server is configured', async () => {
    const { sent } = await sendSpanishUpdate();
    const pass = await workerFor(null, null).runOnce();
    expect(pass.claimed).toBe(0);
    expect((await outboxRow(sent.outboxIds[0] ?? '')).state).toBe('pending');
    const intake = await api.signedIn('alameda.intake');
    const status = await intake.messages.deliveryStatus();
    expect(status.email.configured).toBe(false);
    expect(status.email.waiting).toBeGreaterThan(0);
  });
});

// The crash test runs the worker in a child process, as the server would, and kills it mid-send.
const serverDir = resolve(import.meta.dirname, '../..');

function databaseUrlOf(description: string): string {
  const sqlite = description.match(/^SQLite file (.*)$/);
  if (sqlite?.[1]) return `file:${sqlite[1]}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = description.replace(/^PostgreSQL [^/]*/, '');
  return url.toString();
}

function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
} {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx/esm',
      'src/outbox/run-worker.ts',
      '--poll-ms',
      '100',
      '--lease-ms',
      '1500',
      '--no-follow-up',
    ],
    { cwd: serverDir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c) => {
    output += c;
  });
  child.stderr?.on('data', (c) => {
    output += c;
  });
  const exited = new Promise((r) => child.once('exit', r));
  return { child, output: () => output, exited };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each(testDialects())('a worker killed mid-send (%s)', (dialect) => {
  let api: ApiHarness;
  let dataDir: string;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-worker-'));
    // The child worker runs on the real clock: the messages are due from a minute ago.
    api.clock.set(new Date(Date.now() - 60_000));
  });
  afterAll(async () => {
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('delivers every message after a restart; each Message-ID arrives with one content, and the outbox shows each sent once', async () => {
    const intake = await api.signedIn('alameda.intake');
    const outboxIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { matterId } = await openMatterFor(api, {
        preferredLanguage: i === 1 ? 'es' : 'en',
        contact: { email: true, sms: false, letter: false, phone: false },
      });
      const sent = await intake.messages.sendStatus({
        writtenIn: i === 1 ? 'es' : 'en',
        choice: { matterId, statusType: 'in_review' },
        messages: [{ channel: 'email', text: `Message ${i}: we are reviewing your record.` }],
      });
      outboxIds.push(...sent.outboxIds);
    }
    const victim = `<${outboxIds[1]}@relief-desk>`;
    // The server takes in the whole of the second message, then never answers: the worker cannot
    // know whether it was delivered. The first copy of it "arrives" all the same.
    const smtp = await startSmtpServer((messageId, copy) =>
      messageId === victim && copy === 1 ? 'stall' : 'accept',
    );
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrlOf(api.database.description),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clean Slate <cleanslate@example.org>',
      LOG_LEVEL: 'silent',
    };
    try {
      const first = startWorkerProcess(env);
      await Promise.race([smtp.stalled, first.exited.then(() => Promise.reject(new Error(first.output())))]);
      first.child.kill('SIGKILL');
      await first.exited;

      const second = startWorkerProcess(env);
      try {
        // The stalled message waits out its retry delay first: allow for a loaded machine.
        await until(
          'every message sent',
          async () => {
            const rows = await api.database.db
              .selectFrom('outbox')
              .select('state')
              .where('id', 'in', outboxIds)
              .execute();
            return rows.every((r) => r.state === 'sent');
          },
          60_000,
        );
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }

      const byId = new Map<string, string[]>();
      for (const r of smtp.received) {
        const content = JSON.stringify([r.mail.subject, r.mail.text, r.mail.to, r.mail.from?.text]);
        byId.set(r.messageId, [...(byId.get(r.messageId) ?? []), content]);
      }
      // After de-duplication by Message-ID every outbox message arrived exactly once …
      expect([...byId.keys()].sort()).toEqual(outboxIds.map((id) => `<${id}@relief-desk>`).sort());
      // … and a second copy, if any, is the same message the client already has.
      for (const contents of byId.values()) expect(new Set(contents).size).toBe(1);
      expect(byId.get(victim)).toHaveLength(2);
      const rows = await api.database.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', 'in', outboxIds)
        .execute();
      expect(rows.map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
      expect(rows.every((r) => r.sent_at !== null && r.locked_until === null)).toBe(true);
      // Staff read that the client may have the killed worker's copy too, of that e-mail alone.
      const said = new Map(rows.map((r) => [r.id, r.last_error]));
      expect(said.get(outboxIds[1] ?? '')).toBe(SENT_AFTER_UNCONFIRMED);
      expect([said.get(outboxIds[0] ?? ''), said.get(outboxIds[2] ?? '')]).toEqual([null, null]);
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
