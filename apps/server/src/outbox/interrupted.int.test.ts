// A worker that must stop (SIGTERM, the grace period over) with a delivery in hand. An e-mail the mail
// server has taken in whole but not confirmed may have arrived: it is not sent again at once on the
// next start, but on the usual schedule under the same Message-ID, and staff read that it may have
// arrived, as when the mail server is slow to confirm (unconfirmed.int.test.ts). A text message whose
// request is unanswered waits out its back-off as one the provider did not answer in time. A delivery
// stopped before the sender had it sent nothing: its row is given back, due at once, the attempt not
// counted. A confirmation that still comes before the process ends is recorded.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender, createSmsSender, RETRY_DELAYS_MS } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { deliverClaimed, type Senders } from './deliver.ts';

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** An SMS provider on loopback that takes requests and answers none (until closed). */
async function silentSmsProvider() {
  const requests: string[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    requests.push(String(request.headers['idempotency-key'] ?? ''));
    request.resume();
    held.push(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/messages`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of held) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(testDialects())('a worker stopped with a delivery in hand (%s)', (dialect) => {
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

  function emailSender(smtp: TestSmtpServer) {
    const email = createEmailSender({
      smtpUrl: smtp.url,
      from: 'Clean Slate <cleanslate@example.org>',
      timeoutMs: 2_000,
    });
    cleanups.push(() => email.close());
    return email;
  }

  function workerWith(senders: Senders) {
    return workerFor(api, {
      senders,
      pollMs: 50,
      probeEveryMs: 0,
    });
  }

  async function queue(channel: 'email' | 'sms') {
    const { matterId } = await openMatterFor(api, {
      contact: { email: channel === 'email', sms: channel === 'sms', letter: false, phone: false },
      consentToText: channel === 'sms',
    });
    const intake = await api.signedIn('alameda.intake');
    const sent = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel, text: 'We are reviewing your record.' }],
    });
    return { matterId, id: sent.outboxIds[0] ?? '', intake };
  }

  const outboxRow = (id: string) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const later = (ms: number) => api.clock.set(new Date(api.clock.now().getTime() + ms));

  it('an e-mail the mail server took in whole but never confirmed: "may have arrived", sent again after 1 minute under the same Message-ID, not at the restart', async () => {
    api.clock.set(new Date('2026-12-03T18:00:00Z'));
    // The first copy arrives whole and is never answered: the process ends before the server would.
    const smtp = await startSmtpServer((_messageId, copy) => (copy === 1 ? 'stall' : 'accept'));
    cleanups.push(() => smtp.close());
    const { matterId, id, intake } = await queue('email');
    const first = workerWith({ email: emailSender(smtp), sms: null });
    first.start();
    await smtp.stalled;

    const stopped = await first.stop({ deadline: Date.now() + 100 });
    expect(stopped).toEqual({ released: 0, interrupted: true });
    const row = await outboxRow(id);
    expect([row.state, row.attempts, row.last_error_code]).toEqual(['pending', 1, 'UNCONFIRMED']);
    expect(Date.parse(row.next_attempt_at) - api.clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ state: 'pending', attempts: 1 });
    expect(listed?.delivery?.lastError).toMatch(/may have arrived/);

    // The restart: a new worker (its mail server answering its check) does not send it at once …
    const restarted = workerWith({ email: emailSender(smtp), sms: null });
    for (let pass = 0; pass < 3; pass++) {
      const again = await restarted.runOnce();
      expect([again.claimed, again.pulledForward]).toEqual([0, 0]);
    }
    later((RETRY_DELAYS_MS[0] ?? 0) - 1);
    expect((await restarted.runOnce()).claimed).toBe(0);
    expect(smtp.received).toHaveLength(1);
    // … but on the usual schedule, a minute later, the same e-mail under the same Message-ID.
    later(1);
    expect((await restarted.runOnce()).results).toEqual(['sent']);
    const sent = await outboxRow(id);
    expect([sent.state, sent.attempts]).toEqual(['sent', 2]);
    expect(smtp.received.map((r) => r.messageId)).toEqual(Array(2).fill(`<${id}@relief-desk>`));
    expect(new Set(smtp.received.map((r) => r.mail.text)).size).toBe(1);
  });

  it('a confirmation that comes after the stop, before the process ends, is recorded as sent', async () => {
    api.clock.set(new Date('2026-12-04T18:00:00Z'));
    const smtp = await startSmtpServer(undefined, { acceptDelayMs: 1_000 });
    cleanups.push(() => smtp.close());
    const { id } = await queue('email');
    const worker = workerWith({ email: emailSender(smtp), sms: null });
    worker.start();
    await until('the e-mail at the mail server', () => smtp.received.length === 1);
    expect(await worker.stop({ deadline: Date.now() + 50 })).toMatchObject({ interrupted: true });
    expect((await outboxRow(id)).last_error_code).toBe('UNCONFIRMED');
    await until('the late 250 recorded', async () => (await outboxRow(id)).state === 'sent');
    const row = await outboxRow(id);
    expect([row.attempts, row.last_error, row.locked_until]).toEqual([1, null, null]);
  });

  it('a text message whose request is unanswered: tried again after its back-off, as one the provider did not answer in time', async () => {
    api.clock.set(new Date('2026-12-05T18:00:00Z'));
    const provider = await silentSmsProvider();
    cleanups.push(() => provider.close());
    const { matterId, id, intake } = await queue('sms');
    const worker = workerWith({
      email: null,
      sms: createSmsSender({ apiUrl: provider.url, apiKey: 'test-key', timeoutMs: 10_000 }),
    });
    worker.start();
    await until('the request at the provider', () => provider.requests.length === 1);
    expect(await worker.stop({ deadline: Date.now() + 100 })).toEqual({ released: 0, interrupted: true });
    const row = await outboxRow(id);
    expect([row.state, row.attempts, row.last_error_code]).toEqual(['pending', 1, 'TIMEOUT']);
    expect(Date.parse(row.next_attempt_at) - api.clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery?.lastError).toMatch(/stopped before the SMS provider answered/);
    expect(provider.requests).toEqual([id]);
  });

  it('a delivery stopped before the sender had it: nothing sent, the row given back due at once, the attempt not counted', async () => {
    api.clock.set(new Date('2026-12-06T18:00:00Z'));
    const smtp = await startSmtpServer();
    cleanups.push(() => smtp.close());
    const { matterId, id, intake } = await queue('email');
    const workerId = 'stopping-worker';
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'sending', locked_by: workerId, attempts: 1, locked_until: '2026-12-06T18:30:00.000Z' })
      .where('id', '=', id)
      .execute();
    const stopping = new AbortController();
    stopping.abort();
    const result = await deliverClaimed(
      api.database.db,
      api.context().files,
      { email: emailSender(smtp), sms: null },
      api.clock,
      id,
      workerId,
      { signal: stopping.signal },
    );
    expect(result).toBe('released');
    expect(smtp.received).toEqual([]);
    const row = await outboxRow(id);
    expect([row.state, row.attempts, row.last_error_code, row.locked_by]).toEqual(['pending', 0, null, null]);
    expect(Date.parse(row.next_attempt_at)).toBeLessThanOrEqual(api.clock.now().getTime());
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery?.lastError).toBeNull();
    // The next start sends it at once.
    expect((await workerWith({ email: emailSender(smtp), sms: null }).runOnce()).results).toEqual(['sent']);
    expect(smtp.received.map((r) => r.messageId)).toEqual([`<${id}@relief-desk>`]);
  });
});

const serverDir = resolve(import.meta.dirname, '../..');

function databaseUrlOf(description: string): string {
  const sqlite = description.match(/^SQLite file (.*)$/);
  if (sqlite?.[1]) return `file:${sqlite[1]}`;
  const url = new URL(process.env.TEST_DATABASE_URL ?? '');
  url.pathname = description.replace(/^PostgreSQL [^/]*/, '');
  return url.toString();
}

/** The outbox worker in a process of its own, stopped on SIGTERM after SHUTDOWN_GRACE_MS as main.ts is. */
function startWorkerProcess(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<unknown>;
} {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx/esm', 'src/outbox/run-worker.ts', '--poll-ms', '100', '--no-follow-up'],
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

describe.each(testDialects())('SIGTERM on a worker process with an e-mail in hand (%s)', (dialect) => {
  let api: ApiHarness;
  let dataDir: string;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-interrupted-'));
    // The child worker runs on the real clock: the message is due from a minute ago.
    api.clock.set(new Date(Date.now() - 60_000));
  });
  afterAll(async () => {
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is not sent again at the restart, and staff read that it may have arrived', async () => {
    const { matterId } = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const intake = await api.signedIn('alameda.intake');
    const queued = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    });
    const id = queued.outboxIds[0] ?? '';
    // The mail server takes the whole e-mail in and has not answered when the grace period ends.
    const smtp = await startSmtpServer((_messageId, copy) => (copy === 1 ? 'stall' : 'accept'));
    const env = {
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrlOf(api.database.description),
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Clean Slate <cleanslate@example.org>',
      SHUTDOWN_GRACE_MS: '500',
      LOG_LEVEL: 'silent',
    };
    try {
      const first = startWorkerProcess(env);
      await Promise.race([smtp.stalled, first.exited.then(() => Promise.reject(new Error(first.output())))]);
      const stoppedAt = Date.now();
      first.child.kill('SIGTERM');
      await first.exited;
      const row = await api.database.db
        .selectFrom('outbox')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect([row.state, row.attempts, row.last_error_code]).toEqual(['pending', 1, 'UNCONFIRMED']);
      // The usual first retry: a minute after the stop.
      expect(Date.parse(row.next_attempt_at) - stoppedAt).toBeGreaterThanOrEqual(
        (RETRY_DELAYS_MS[0] ?? 0) - 1_000,
      );
      const [listed] = await intake.messages.forMatter({ matterId });
      expect(listed?.delivery?.lastError).toMatch(/may have arrived/);

      const second = startWorkerProcess(env);
      try {
        // Starting a process (tsx, the migrations) can take many seconds on a loaded machine.
        await until(
          'the restarted worker ready',
          () => second.output().includes('outbox worker ready'),
          45_000,
        );
        // Several of its passes (every 100 ms): the e-mail waits for its retry.
        await new Promise((r) => setTimeout(r, 2_000));
        expect(smtp.received).toHaveLength(1);
        const after = await api.database.db
          .selectFrom('outbox')
          .select(['state', 'attempts'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        expect(after).toEqual({ state: 'pending', attempts: 1 });
      } finally {
        second.child.kill('SIGTERM');
        await second.exited;
      }
    } finally {
      await smtp.close();
    }
  }, 90_000);
});
