// An e-mail a try of which may have arrived (the mail server took it in whole and did not confirm it:
// UNCONFIRMED) keeps that said whatever comes after: held because it was no longer right, made right
// again and tried again by staff, refused by the server at its last attempt and tried again by staff
// once more. When it is sent at last, staff read that the client may have it twice.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { LanguageCode } from '@relief-desk/domain';
import { createEmailSender, MAX_ATTEMPTS, RETRY_DELAYS_MS } from '@relief-desk/notify';
import { type SmtpVerdict, startSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { EARLIER_TRY_MAY_HAVE_ARRIVED, SENT_AFTER_UNCONFIRMED } from './deliver.ts';

/** The sender stops waiting for the server's reply to the end of the message after this. */
const REPLY_TIMEOUT_MS = 1_000;
/** The server's reply to the end of the first copy comes after this: the sender has stopped waiting. */
const SLOW_REPLY_MS = 3_000;
const BY_EMAIL = { contact: { email: true, sms: false, letter: false, phone: false } };

describe.each(testDialects())('an e-mail that may have arrived, held and tried again (%s)', (dialect) => {
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

  /**
   * A mail server slow to confirm the first copy (it arrives, unconfirmed), then prompt; `refuse`
   * makes it refuse for now (SMTP 451), a failure of another kind.
   */
  async function slowThenPromptServer() {
    const server = { refuse: false };
    const verdict = (): SmtpVerdict =>
      server.refuse ? { responseCode: 451, message: 'Try again later' } : 'accept';
    const smtp = await startSmtpServer(verdict, {
      acceptDelayMs: (_messageId, copy) => (copy === 1 ? SLOW_REPLY_MS : 0),
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
    const worker = workerFor(api, { senders: { email, sms: null }, probeEveryMs: null });
    return { smtp, worker, server };
  }

  /** "In review", queued for the client as the preview wrote it (in their language, Spanish). */
  async function queueInReview() {
    const { matterId } = await openMatterFor(api, BY_EMAIL);
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const };
    const composed = await intake.messages.composeStatus(choice);
    const sent = await intake.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    return { matterId, id: sent.outboxIds[0] ?? '' };
  }

  /** A colleague records the client's language, as the client edit form does. */
  async function setLanguage(matterId: string, preferredLanguage: LanguageCode) {
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId: client.id,
      version: client.version,
      client: { ...client.details, preferredLanguage },
    });
  }

  const outboxRow = (id: string) =>
    api.database.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const later = (ms: number) => api.clock.set(new Date(api.clock.now().getTime() + ms));

  /** Staff try it again from the delivery problems, as the matter's messages offer. */
  async function retryByStaff(id: string) {
    const staff = await api.signedIn('alameda.intake');
    const { version } = await outboxRow(id);
    await staff.messages.retry({ outboxId: id, version });
  }

  /** The first try arrives unconfirmed; the client's language then changes, so the next try holds it. */
  async function unconfirmedThenHeld() {
    const { smtp, worker, server } = await slowThenPromptServer();
    const { matterId, id } = await queueInReview();
    expect((await worker.runOnce()).results).toEqual(['retry']);
    expect((await outboxRow(id)).last_error_code).toBe('UNCONFIRMED');

    await setLanguage(matterId, 'en');
    later(RETRY_DELAYS_MS[0] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['held']);
    const held = await outboxRow(id);
    expect([held.state, held.last_error_code]).toEqual(['failed', 'NO_LONGER_TRUE']);
    expect(held.last_error).toMatch(/^No longer right: /);
    expect(held.last_error).toContain(EARLIER_TRY_MAY_HAVE_ARRIVED);
    expect(smtp.received).toHaveLength(1);

    // Right again: the client's language is Spanish once more.
    await setLanguage(matterId, 'es');
    return { smtp, worker, server, matterId, id };
  }

  it('held as no longer right, made right again and retried by staff, then sent: the client may have it twice', async () => {
    api.clock.set(new Date('2026-12-10T18:00:00Z'));
    const { smtp, worker, matterId, id } = await unconfirmedThenHeld();
    await retryByStaff(id);
    expect((await worker.runOnce()).results).toEqual(['sent']);

    expect(smtp.received.map((r) => r.messageId)).toEqual(Array(2).fill(`<${id}@relief-desk>`));
    const sent = await outboxRow(id);
    expect([sent.state, sent.last_error_code, sent.last_error]).toEqual([
      'sent',
      'UNCONFIRMED',
      SENT_AFTER_UNCONFIRMED,
    ]);
    const staff = await api.signedIn('alameda.intake');
    const [listed] = await staff.messages.forMatter({ matterId });
    expect(listed?.delivery).toMatchObject({ state: 'sent', held: false, lastError: SENT_AFTER_UNCONFIRMED });
  });

  it('held, retried, held again, retried, refused to the last attempt, retried once more and sent: said at every step', async () => {
    api.clock.set(new Date('2026-12-11T18:00:00Z'));
    const { smtp, worker, server, matterId, id } = await unconfirmedThenHeld();

    // Retried, and held again before it goes (the language changed once more): still said.
    await retryByStaff(id);
    await setLanguage(matterId, 'en');
    expect((await worker.runOnce()).results).toEqual(['held']);
    const heldAgain = await outboxRow(id);
    expect(heldAgain.last_error_code).toBe('NO_LONGER_TRUE');
    expect(heldAgain.last_error).toContain(EARLIER_TRY_MAY_HAVE_ARRIVED);
    await setLanguage(matterId, 'es');

    // Retried, and refused for now: a failure of another kind, which still says an earlier try may
    // have arrived (and waits out its back-off, as an e-mail that may have arrived does).
    await retryByStaff(id);
    server.refuse = true;
    expect((await worker.runOnce()).results).toEqual(['retry']);
    const refused = await outboxRow(id);
    expect([refused.state, refused.last_error_code]).toEqual(['pending', 'UNCONFIRMED']);
    expect(refused.last_error).toMatch(/^The mail server temporarily refused the message \(SMTP 451\)\. /);
    expect(refused.last_error?.split(EARLIER_TRY_MAY_HAVE_ARRIVED)).toHaveLength(2);

    // Refused at its last attempt too: given up on as not confirmed, not as never delivered.
    await api.database.db
      .updateTable('outbox')
      .set({ attempts: MAX_ATTEMPTS - 1 })
      .where('id', '=', id)
      .execute();
    later(RETRY_DELAYS_MS[1] ?? 0);
    expect((await worker.runOnce()).results).toEqual(['failed']);
    const givenUp = await outboxRow(id);
    expect([givenUp.state, givenUp.last_error_code]).toEqual(['failed', 'UNCONFIRMED']);
    expect(givenUp.last_error).toContain(EARLIER_TRY_MAY_HAVE_ARRIVED);
    const staff = await api.signedIn('alameda.intake');
    const { timeline } = await staff.matters.get({ matterId });
    expect(timeline[0]).toMatchObject({ kind: 'delivery_failed' });
    expect(timeline[0]?.summary).toContain('was not confirmed as delivered');

    // Retried by staff once more, the server taking it now: sent, and still said.
    server.refuse = false;
    await retryByStaff(id);
    expect((await worker.runOnce()).results).toEqual(['sent']);
    expect(smtp.received).toHaveLength(2);
    const sent = await outboxRow(id);
    expect([sent.state, sent.last_error]).toEqual(['sent', SENT_AFTER_UNCONFIRMED]);
  });
});
