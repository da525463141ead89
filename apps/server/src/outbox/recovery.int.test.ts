// Delivery recovering fast: a mail server that comes back gets the e-mails that waited for it within
// seconds, not on the back-off schedule; a worker that stops gives its untried claims back at once
// (the e-mail in hand, cut short, waits its back-off as one that may have arrived); a claim
// lasts as long as one delivery can, and no delivery lasts longer.
import { systemClock } from '@relief-desk/api';
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender, DeliveryError, type EmailSender } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { freePort } from '../test-support/server-process.ts';
import { deliverClaimed } from './deliver.ts';
import { leaseMsFor, type OutboxWorker } from './worker.ts';

const FROM = 'Clean Slate <cleanslate@example.org>';

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.each(testDialects())('delivery recovering (%s)', (dialect) => {
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

  function emailSender(port: number, timeoutMs: number): EmailSender {
    const sender = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs });
    cleanups.push(() => sender.close());
    return sender;
  }

  async function smtpOn(
    port: number,
    verdict?: Parameters<typeof startSmtpServer>[0],
  ): Promise<TestSmtpServer> {
    const smtp = await startSmtpServer(verdict, { port });
    cleanups.push(() => smtp.close());
    return smtp;
  }

  async function queueEmail(text: string): Promise<string> {
    const { matterId } = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const intake = await api.signedIn('alameda.intake');
    const sent = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text }],
    });
    return sent.outboxIds[0] ?? '';
  }

  const rowsOf = (ids: string[]) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', 'in', ids).orderBy('id').execute();

  it('sends the e-mails that waited for a mail server within seconds of it coming back', async () => {
    const port = await freePort();
    // The worker runs on the real clock (the back-off is real time); the messages are due already.
    api.clock.set(new Date(Date.now() - 60_000));
    const ids = [await queueEmail('One'), await queueEmail('Two'), await queueEmail('Three')];
    const logged: string[] = [];
    const worker = workerFor(api, {
      clock: systemClock,
      senders: { email: emailSender(port, 1_000), sms: null },
      sendTimeoutMs: 1_000,
      pollMs: 100,
      probeEveryMs: 200,
      log: { info: (m) => logged.push(m), error: () => {} },
    });
    cleanups.push(() => worker.stop().then(() => undefined));
    worker.start();
    // Nothing listens: each fails to connect and waits out its back-off (a minute).
    await until('every message to fail to connect', async () =>
      (await rowsOf(ids)).every((r) => r.attempts === 1 && r.last_error_code === 'CONNECTION'),
    );
    for (const row of await rowsOf(ids)) {
      expect(row.state).toBe('pending');
      expect(Date.parse(row.next_attempt_at) - Date.now()).toBeGreaterThan(30_000);
    }

    const smtp = await smtpOn(port);
    const back = Date.now();
    await until('every message to go out', async () => (await rowsOf(ids)).every((r) => r.state === 'sent'));
    const seconds = (Date.now() - back) / 1000;
    expect(smtp.received.map((r) => r.messageId).sort()).toEqual(
      ids.map((id) => `<${id}@relief-desk>`).sort(),
    );
    expect((await rowsOf(ids)).map((r) => r.attempts)).toEqual([2, 2, 2]);
    expect(logged.some((m) => m.includes('The mail server answers again: 3 waiting e-mail(s)'))).toBe(true);
    console.log(
      `${dialect}: 3 e-mails that waited out a mail server outage sent ${seconds.toFixed(1)} s after it came back.`,
    );
  });

  it('after one message goes out, makes due those that waited on the server, but not a refused one', async () => {
    // On a fixed clock, pass by pass: nothing here depends on time passing.
    api.clock.set(new Date('2026-11-28T18:00:00Z'));
    const port = await freePort();
    const worker: OutboxWorker = workerFor(api, {
      senders: { email: emailSender(port, 1_000), sms: null },
      probeEveryMs: null,
    });
    const waiting = [await queueEmail('A'), await queueEmail('B'), await queueEmail('C')];
    expect((await worker.runOnce()).results).toEqual(['retry', 'retry', 'retry']);

    let greylisted = '';
    await smtpOn(port, (messageId) =>
      messageId === `<${greylisted}@relief-desk>` ? { responseCode: 451, message: 'Greylisted' } : 'accept',
    );
    greylisted = await queueEmail('D');
    expect((await worker.runOnce()).results).toEqual(['retry']);
    const [greylistedBefore] = await rowsOf([greylisted]);
    expect(greylistedBefore?.last_error_code).toBe('SMTP_TEMPORARY');

    const fresh = await queueEmail('E');
    const pass = await worker.runOnce();
    expect([pass.results, pass.pulledForward]).toEqual([['sent'], 3]);
    expect((await worker.runOnce()).results).toEqual(['sent', 'sent', 'sent']);
    expect((await rowsOf([...waiting, fresh])).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // A temporary refusal of one message (greylisting) keeps its own schedule.
    const [greylistedAfter] = await rowsOf([greylisted]);
    expect([greylistedAfter?.state, greylistedAfter?.next_attempt_at]).toEqual([
      'pending',
      greylistedBefore?.next_attempt_at,
    ]);
  });

  it('on stopping, gives back the rows not yet tried at once; the e-mail in hand, taken in whole, may have arrived and waits its back-off', async () => {
    api.clock.set(new Date('2026-11-29T18:00:00Z'));
    const port = await freePort();
    let first = '';
    // The first message is taken in whole and never answered: its delivery is in hand at the stop.
    const smtp = await smtpOn(port, (messageId, copy) =>
      messageId === `<${first}@relief-desk>` && copy === 1 ? 'stall' : 'accept',
    );
    const ids = [await queueEmail('X'), await queueEmail('Y'), await queueEmail('Z')];
    first =
      (await rowsOf(ids)).sort(
        (a, b) => a.next_attempt_at.localeCompare(b.next_attempt_at) || a.id.localeCompare(b.id),
      )[0]?.id ?? '';
    const sendTimeoutMs = 5_000;
    const sender = emailSender(port, sendTimeoutMs);
    const worker = workerFor(api, {
      senders: { email: sender, sms: null },
      sendTimeoutMs,
      pollMs: 100,
    });
    worker.start();
    await smtp.stalled;

    // The lease on the row in hand lasts one delivery, as long as the e-mail sender may wait (RFC
    // 5321's 10 minutes for the reply to the end of the message); the rows waiting in the batch hold
    // the short claim.
    const inHand = (await rowsOf([first]))[0];
    expect(inHand?.state).toBe('sending');
    expect(Date.parse(inHand?.locked_until ?? '') - api.clock.now().getTime()).toBe(
      leaseMsFor(sendTimeoutMs, sender.sendLimitMs),
    );
    expect(sender.sendLimitMs).toBeGreaterThan(20 * 60_000);
    for (const waiting of (await rowsOf(ids)).filter((r) => r.id !== first))
      expect(Date.parse(waiting.locked_until ?? '') - api.clock.now().getTime()).toBe(
        leaseMsFor(sendTimeoutMs),
      );

    const report = await worker.stop({ deadline: Date.now() + 200 });
    expect(report).toEqual({ released: 2, interrupted: true });
    const rows = await rowsOf(ids);
    for (const row of rows) {
      if (row.id === first) {
        // Cut short as by the deadline: it may have arrived, so it is retried on the schedule.
        expect([row.state, row.attempts, row.locked_until, row.last_error_code]).toEqual([
          'pending',
          1,
          null,
          'UNCONFIRMED',
        ]);
        expect(row.last_error).toMatch(/may have arrived/);
        expect(Date.parse(row.next_attempt_at) - api.clock.now().getTime()).toBe(60_000);
      } else {
        expect([row.state, row.attempts, row.locked_by, row.locked_until]).toEqual([
          'pending',
          0,
          null,
          null,
        ]);
      }
    }

    const next = workerFor(api, {
      senders: { email: emailSender(port, sendTimeoutMs), sms: null },
    });
    expect((await next.runOnce()).results).toEqual(['sent', 'sent']);
    expect(smtp.received.filter((r) => r.messageId === `<${first}@relief-desk>`)).toHaveLength(1);
    api.clock.set(new Date(api.clock.now().getTime() + 60_000));
    expect((await next.runOnce()).results).toEqual(['sent']);
    expect((await rowsOf(ids)).map((r) => r.state)).toEqual(['sent', 'sent', 'sent']);
  });

  it('counts a send that outlasts the delivery deadline as unconfirmed, to retry on the schedule', async () => {
    api.clock.set(new Date('2026-11-30T18:00:00Z'));
    const id = await queueEmail('Never answered');
    const workerId = 'deadline-test';
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'sending', locked_by: workerId, attempts: 1 })
      .where('id', '=', id)
      .execute();
    const never: EmailSender = {
      send: () => new Promise(() => {}),
      verify: async () => {},
      sendLimitMs: 50,
      close: () => {},
    };
    const result = await deliverClaimed(
      api.database.db,
      api.context().files,
      { email: never, sms: null },
      api.clock,
      id,
      workerId,
      { timeoutMs: 50 },
    );
    expect(result).toBe('retry');
    // Where the send had got to is not known, perhaps past the end of the message: not made due
    // again when the server answers a check, but after the back-off.
    const [row] = await rowsOf([id]);
    expect([row?.state, row?.last_error_code]).toEqual(['pending', 'UNCONFIRMED']);
    expect(row?.last_error).toMatch(/may have arrived/);
    expect(Date.parse(row?.next_attempt_at ?? '') - api.clock.now().getTime()).toBe(60_000);
  });

  it('leaves a row another worker took over as that worker has it, with no "could not be delivered" on the matter', async () => {
    api.clock.set(new Date('2026-11-30T19:00:00Z'));
    const id = await queueEmail('Taken over');
    const outbox = api.database.db.updateTable('outbox').where('id', '=', id);
    await outbox.set({ state: 'sending', locked_by: 'slow-worker', attempts: 1 }).execute();
    // The slow worker's lease ran out mid-send; another worker claimed the row; then the slow
    // worker's mail server refused the e-mail for good.
    const refusedAfterTakeover: EmailSender = {
      send: async () => {
        await outbox.set({ locked_by: 'next-worker', attempts: 2 }).execute();
        throw new DeliveryError({ code: 'SMTP_PERMANENT', retryable: false, reason: 'Mailbox unavailable.' });
      },
      verify: async () => {},
      sendLimitMs: 1_000,
      close: () => {},
    };
    const result = await deliverClaimed(
      api.database.db,
      api.context().files,
      { email: refusedAfterTakeover, sms: null },
      api.clock,
      id,
      'slow-worker',
    );
    expect(result).toBe('failed');
    const [row] = await rowsOf([id]);
    expect([row?.state, row?.locked_by, row?.last_error]).toEqual(['sending', 'next-worker', null]);
    const failures = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('kind', '=', 'delivery_failed')
      .where('data', 'like', `%${id}%`)
      .execute();
    expect(failures).toEqual([]);
  });
});
