// An e-mail or text message to a client waits in the outbox while its server is down, tried again on
// the back-off schedule, for hours perhaps. Meanwhile the matter changes so that what it tells no
// longer holds, or the client's language changes. The worker checks it again before every try (the
// first included), by the letters' rule: one no longer right reaches nobody, now or later; staff read
// on the matter's messages that it was not sent, why and what to do; the timeline and the audit log
// say so. A message still right goes as before.
// And a try that may have arrived (a takeover mid-send) stays said through a later failure of another
// kind: the e-mail finally sent still says an earlier try may have arrived too.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { LanguageCode } from '@relief-desk/domain';
import { createEmailSender, createSmsSender, RETRY_DELAYS_MS } from '@relief-desk/notify';
import { startSmsProvider, startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { freePort } from '../test-support/server-process.ts';
import { EARLIER_TRY_MAY_HAVE_ARRIVED, SENT_AFTER_UNCONFIRMED, type Senders } from './deliver.ts';

const FROM = 'Clean Slate <cleanslate@example.org>';
const BY_EMAIL = { contact: { email: true, sms: false, letter: false, phone: false } };
const BY_TEXT = { contact: { email: false, sms: true, letter: false, phone: false }, consentToText: true };

describe.each(testDialects())('a message no longer right when its turn comes (%s)', (dialect) => {
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

  /** The mail server's port, nothing listening on it yet (down), and a worker sending to it. */
  async function mailServerDown() {
    const port = await freePort();
    const email = createEmailSender({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM, timeoutMs: 1_000 });
    cleanups.push(() => email.close());
    const worker = workerWith({ email, sms: null });
    const up = async (): Promise<TestSmtpServer> => {
      const smtp = await startSmtpServer(undefined, { port });
      cleanups.push(() => smtp.close());
      return smtp;
    };
    return { worker, up };
  }

  function workerWith(senders: Senders) {
    return workerFor(api, {
      senders,
      probeEveryMs: null,
    });
  }

  /** "In review", queued for the client as the preview wrote it (in their language, Spanish). */
  async function queueInReview(client: object) {
    const { matterId } = await openMatterFor(api, client);
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const };
    const composed = await intake.messages.composeStatus(choice);
    const sent = await intake.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    return { matterId, id: sent.outboxIds[0] ?? '', intake };
  }

  /** A colleague records the client's new language, as the client edit form does. */
  async function changeLanguage(matterId: string, preferredLanguage: LanguageCode) {
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId: client.id,
      version: client.version,
      client: { ...client.details, preferredLanguage },
    });
  }

  /** The matter closed: "in review" no longer holds. */
  async function withdrawMatter(matterId: string) {
    const attorney = await api.signedIn('alameda.attorney');
    const { version } = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({
      matterId,
      version,
      to: 'withdrawn',
      note: 'The client withdrew by phone.',
    });
  }

  const outboxRow = (id: string) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const later = (ms: number) => api.clock.set(new Date(api.clock.now().getTime() + ms));
  const heldOnRecord = (id: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type', 'office_id', 'detail'])
      .where('action', '=', 'messages.held')
      .where('entity_id', '=', id)
      .execute();

  /** The held message as staff read it, on the matter's messages and among the delivery problems. */
  async function heldAsStaffReadIt(
    matterId: string,
    id: string,
    intake: Awaited<ReturnType<typeof api.signedIn>>,
  ) {
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ outboxId: id, state: 'failed', held: true });
    const problem = (await intake.messages.deliveryProblems()).find((p) => p.outboxId === id);
    expect(problem).toMatchObject({ held: true, reason: listed?.delivery?.lastError });
    const { timeline } = await intake.matters.get({ matterId });
    expect(timeline[0]).toMatchObject({ kind: 'delivery_failed' });
    expect(timeline[0]?.summary).toContain('not sent. No longer right: ');
    return listed?.delivery?.lastError ?? '';
  }

  it('an e-mail held up while the mail server was down, whose matter closed meanwhile: never sent, held with why', async () => {
    api.clock.set(new Date('2026-12-01T18:00:00Z'));
    const { worker, up } = await mailServerDown();
    const { matterId, id, intake } = await queueInReview(BY_EMAIL);
    expect((await worker.runOnce()).results).toEqual(['retry']);
    expect((await outboxRow(id)).last_error_code).toBe('CONNECTION');

    await withdrawMatter(matterId);
    const smtp = await up();
    later(RETRY_DELAYS_MS[0] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['held']);
    expect(smtp.received).toEqual([]);

    const row = await outboxRow(id);
    expect([row.state, row.last_error_code, row.locked_until, row.handed_over_at]).toEqual([
      'failed',
      'NO_LONGER_TRUE',
      null,
      null,
    ]);
    const reason = await heldAsStaffReadIt(matterId, id, intake);
    expect(reason).toMatch(
      /^No longer right: .+ It was not sent: to tell the client where things stand now, send a new status update from the matter page\.$/,
    );
    expect(reason).toContain('This matter is closed');
    const audit = await heldOnRecord(id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'outbox', office_id: row.office_id });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ because: 'facts' });

    // Never sent later: not at the next passes, a day on, nor when staff try it again.
    later(24 * 3_600_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    const staff = await api.signedIn('alameda.intake');
    await expect(staff.messages.retry({ outboxId: id, version: row.version })).rejects.toMatchObject({
      appCode: 'BAD_INPUT',
    });
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(smtp.received).toEqual([]);
  });

  it('an e-mail held up while the mail server was down, written in Spanish, the client now English: never sent, held with why', async () => {
    api.clock.set(new Date('2026-12-02T18:00:00Z'));
    const { worker, up } = await mailServerDown();
    const { matterId, id, intake } = await queueInReview(BY_EMAIL);
    expect((await worker.runOnce()).results).toEqual(['retry']);

    await changeLanguage(matterId, 'en');
    const smtp = await up();
    later(RETRY_DELAYS_MS[0] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['held']);
    expect(smtp.received).toEqual([]);
    expect(await heldAsStaffReadIt(matterId, id, intake)).toBe(
      'No longer right: It is written in Spanish (Español), and the client’s language is now English: it would reach them in a language they no longer chose. It was not sent: write it again from the matter page, in English.',
    );
    const audit = await heldOnRecord(id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ because: 'language' });
    later(24 * 3_600_000);
    expect((await worker.runOnce()).claimed).toBe(0);
    expect(smtp.received).toEqual([]);
  });

  it('a text message is checked at its first try too: the language changed before it went, so it never reaches the provider', async () => {
    api.clock.set(new Date('2026-12-03T18:00:00Z'));
    const provider = await startSmsProvider();
    cleanups.push(() => provider.close());
    const worker = workerWith({
      email: null,
      sms: createSmsSender({ apiUrl: provider.url, apiKey: 'test-key' }),
    });
    const { matterId, id, intake } = await queueInReview(BY_TEXT);
    await changeLanguage(matterId, 'en');
    expect((await worker.runOnce()).results).toEqual(['held']);
    expect(provider.requests).toEqual([]);
    expect((await outboxRow(id)).attempts).toBe(1);
    expect(await heldAsStaffReadIt(matterId, id, intake)).toMatch(
      /^No longer right: It is written in Spanish/,
    );
    expect(await heldOnRecord(id)).toHaveLength(1);
  });

  it('an e-mail still right goes as before once the mail server is back, and nothing is held', async () => {
    api.clock.set(new Date('2026-12-04T18:00:00Z'));
    const { worker, up } = await mailServerDown();
    const { matterId, id, intake } = await queueInReview(BY_EMAIL);
    expect((await worker.runOnce()).results).toEqual(['retry']);
    const smtp = await up();
    later(RETRY_DELAYS_MS[0] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['sent']);
    expect(smtp.received.map((r) => r.messageId)).toEqual([`<${id}@relief-desk>`]);
    const [listed] = await intake.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ state: 'sent', held: false, lastError: null });
    expect(await heldOnRecord(id)).toEqual([]);
  });

  it('a takeover’s “may have arrived” stays said through a later failure of another kind: sent at last, it still says an earlier try may have arrived', async () => {
    api.clock.set(new Date('2026-12-05T18:00:00Z'));
    const { worker, up } = await mailServerDown();
    const { matterId, id, intake } = await queueInReview(BY_EMAIL);
    // A worker began sending it and died: its lease ran out.
    const begun = new Date(api.clock.now().getTime() - 60_000).toISOString();
    await api.database.db
      .updateTable('outbox')
      .set({
        state: 'sending',
        attempts: 1,
        locked_by: 'a-worker-that-died',
        locked_until: begun,
        handed_over_at: begun,
      })
      .where('id', '=', id)
      .execute();

    // Taken over while the mail server is down: that failure says so, and the earlier try too.
    expect((await worker.runOnce()).results).toEqual(['retry']);
    const failed = await outboxRow(id);
    expect(failed.last_error_code).toBe('UNCONFIRMED');
    expect(failed.last_error).toMatch(/^Could not connect to the mail server\. /);
    expect(failed.last_error).toContain(EARLIER_TRY_MAY_HAVE_ARRIVED);
    const [waiting] = await intake.messages.forMatter({ matterId });
    expect(waiting?.delivery?.lastError).toContain('may have arrived');

    // Down again at the next try: still said, once.
    later(RETRY_DELAYS_MS[1] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['retry']);
    const again = await outboxRow(id);
    expect(again.last_error_code).toBe('UNCONFIRMED');
    expect(again.last_error?.split(EARLIER_TRY_MAY_HAVE_ARRIVED)).toHaveLength(2);

    const smtp = await up();
    later(RETRY_DELAYS_MS[2] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['sent']);
    expect(smtp.received).toHaveLength(1);
    const sent = await outboxRow(id);
    expect([sent.state, sent.last_error_code, sent.last_error]).toEqual([
      'sent',
      'UNCONFIRMED',
      SENT_AFTER_UNCONFIRMED,
    ]);
    // Signed in again: the clock has moved on past the session.
    const staff = await api.signedIn('alameda.intake');
    const [listed] = await staff.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ state: 'sent', lastError: SENT_AFTER_UNCONFIRMED });
  });
});
