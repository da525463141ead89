// A mail server slow to confirm a message: it takes the e-mail in whole, then answers the end of it
// only after the sender has stopped waiting. The e-mail may have arrived, so it is not sent again when
// the server answers the worker's check (as one that could not be reached is: recovery.int.test.ts),
// only on the retry schedule, under the same Message-ID; staff read that it may have arrived, and the
// row is not given up on after the first silence.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '@relief-desk/notify';
import { startSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { SENT_AFTER_UNCONFIRMED } from './deliver.ts';

/**
 * The sender stops waiting for a reply after this (RFC 5321: 10 minutes for the one to the end of the
 * message). Every reply must come within it, so not much shorter on a loaded machine.
 */
const REPLY_TIMEOUT_MS = 1_000;
/** The server's reply to the end of a slow copy comes after this: the sender has stopped waiting. */
const SLOW_REPLY_MS = 3_000;

describe.each(testDialects())('a mail server slow to confirm an e-mail (%s)', (dialect) => {
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

  /** A worker on the test clock, pass by pass, checking the server at every pass (as often as it may). */
  async function slowServerAndWorker(slowCopies: number) {
    const smtp = await startSmtpServer(undefined, {
      acceptDelayMs: (_messageId, copy) => (copy <= slowCopies ? SLOW_REPLY_MS : 0),
    });
    const email = createEmailSender({
      smtpUrl: smtp.url,
      from: 'Clean Slate <cleanslate@example.org>',
      timeoutMs: 1_000,
      replyTimeoutMs: REPLY_TIMEOUT_MS,
    });
    cleanups.push(
      () => smtp.close(),
      () => email.close(),
    );
    const logged: string[] = [];
    const worker = workerFor(api, {
      senders: { email, sms: null },
      probeEveryMs: 0,
      log: { info: (m) => logged.push(m), error: () => {} },
    });
    return { smtp, worker, logged };
  }

  async function queueEmail() {
    const { matterId } = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: false, phone: false },
    });
    const intake = await api.signedIn('alameda.intake');
    const sent = await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    });
    return { matterId, id: sent.outboxIds[0] ?? '', intake };
  }

  const outboxRow = (id: string) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const later = (ms: number) => api.clock.set(new Date(api.clock.now().getTime() + ms));

  it('gets the e-mail once, not again at each check of the server; then again only on the schedule, under the same Message-ID', async () => {
    api.clock.set(new Date('2026-12-01T18:00:00Z'));
    const { smtp, worker, logged } = await slowServerAndWorker(2);
    const { matterId, id, intake } = await queueEmail();

    expect((await worker.runOnce()).results).toEqual(['retry']);
    const first = await outboxRow(id);
    expect([first.state, first.attempts, first.last_error_code]).toEqual(['pending', 1, 'UNCONFIRMED']);
    expect(Date.parse(first.next_attempt_at) - api.clock.now().getTime()).toBe(RETRY_DELAYS_MS[0]);

    // Connecting and logging in work (the server is up, only slow to confirm), yet the e-mail is not
    // made due: pass after pass, nothing is claimed and nothing sent.
    for (let pass = 0; pass < 5; pass++) {
      const again = await worker.runOnce();
      expect([again.claimed, again.pulledForward]).toEqual([0, 0]);
    }
    expect(smtp.received.map((r) => r.messageId)).toEqual([`<${id}@relief-desk>`]);
    expect(logged).toEqual([]);

    // Staff read that it may have arrived, beside the attempt.
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ state: 'pending', attempts: 1 });
    expect(listed?.delivery?.lastError).toMatch(/may have arrived/);

    // The next attempts follow the schedule, not a millisecond early: 1 minute, then 5.
    const results: string[][] = [];
    for (const wait of [RETRY_DELAYS_MS[0] ?? 0, RETRY_DELAYS_MS[1] ?? 0]) {
      later(wait - 1);
      expect((await worker.runOnce()).claimed).toBe(0);
      later(1);
      results.push((await worker.runOnce()).results);
      const row = await outboxRow(id);
      if (row.state === 'pending')
        expect(Date.parse(row.next_attempt_at) - api.clock.now().getTime()).toBe(RETRY_DELAYS_MS[1]);
    }
    expect(results).toEqual([['retry'], ['sent']]);
    const sent = await outboxRow(id);
    // Sent, and staff read that the tries before may have arrived too: the client may have it more than once.
    expect([sent.state, sent.attempts, sent.last_error]).toEqual(['sent', 3, SENT_AFTER_UNCONFIRMED]);
    // One copy per attempt, each the same message under the same Message-ID.
    expect(smtp.received.map((r) => r.messageId)).toEqual(Array(3).fill(`<${id}@relief-desk>`));
    expect(new Set(smtp.received.map((r) => r.mail.text)).size).toBe(1);
  });

  it('after the last attempt, tells staff the e-mail was not confirmed and may have arrived, not that it could not be delivered', async () => {
    api.clock.set(new Date('2026-12-02T18:00:00Z'));
    const { smtp, worker } = await slowServerAndWorker(1);
    const { matterId, id, intake } = await queueEmail();
    // The attempts before the last went the same way (the first test shows one).
    await api.database.db
      .updateTable('outbox')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('id', '=', id)
      .execute();
    expect((await worker.runOnce()).results).toEqual(['failed']);
    expect(smtp.received).toHaveLength(1);
    const problem = (await intake.messages.deliveryProblems()).find((p) => p.outboxId === id);
    expect(problem?.reason).toMatch(/did not confirm .* may have arrived/);
    const matter = await intake.matters.get({ matterId });
    expect(matter.timeline[0]).toMatchObject({ kind: 'delivery_failed' });
    expect(JSON.stringify(matter.timeline[0])).toContain(
      `was not confirmed as delivered after ${MAX_ATTEMPTS} attempt(s)`,
    );
  });
});
