// Stopping an e-mail or text message before it goes (a wrong text, a duplicate): the worker never
// sends it, staff read who stopped it among the delivery problems and on the timeline, and Retry sends
// it after all, or Leave unsent closes the problem. One already taken by the worker or sent cannot be
// stopped, and says why; the court outcome is stopped or left unsent only by staff with the RAP sheet
// permission.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender, createSmsSender } from '@relief-desk/notify';
import {
  startSmsProvider,
  startSmtpServer,
  type TestSmsProvider,
  type TestSmtpServer,
} from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
  outcomeSentAwaitingOrder,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';
import { claimDue } from './claim.ts';

const BY_EMAIL_AND_TEXT = {
  contact: { email: true, sms: true, letter: false, phone: false },
  consentToText: true,
};
const INTAKE_NAME = 'Intake of Alameda County Public Defender';

describe.each(testDialects())('stopping a message before it is sent (%s)', (dialect) => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let sms: TestSmsProvider;
  let email: ReturnType<typeof createEmailSender>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    smtp = await startSmtpServer();
    sms = await startSmsProvider();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await sms.close();
    await api.destroy();
  });

  const worker = () =>
    workerFor(api, { senders: { email, sms: createSmsSender({ apiUrl: sms.url, apiKey: 'test-key' }) } });

  /** An "in review" update sent by e-mail and text (or as `client` chose): each delivery as staff see it. */
  async function updateWaiting(client: Parameters<typeof openMatterFor>[1] = BY_EMAIL_AND_TEXT) {
    const { matterId } = await openMatterFor(api, client);
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const, courtDate: null, nextSteps: [] };
    const composed = await intake.messages.composeStatus(choice);
    await intake.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    const listed = await intake.messages.forMatter({ matterId });
    const deliveries = listed.flatMap((m) => (m.delivery ? [{ ...m.delivery, channel: m.channel }] : []));
    return { matterId, intake, deliveries, subject: composed.messages[0]?.subject ?? '' };
  }

  it('is never sent, says who stopped it, and goes after all when retried', async () => {
    const { matterId, intake, deliveries, subject } = await updateWaiting();
    expect(deliveries.map((d) => [d.channel, d.state]).sort()).toEqual([
      ['email', 'pending'],
      ['sms', 'pending'],
    ]);
    const mailsBefore = smtp.received.length;
    const textsBefore = sms.requests.length;
    for (const d of deliveries) {
      const stopped = await intake.messages.stopSending({ outboxId: d.outboxId, version: d.version });
      expect(stopped).toEqual({ outboxId: d.outboxId, version: d.version + 1 });
    }
    await worker().runOnce();
    expect(smtp.received.length).toBe(mailsBefore);
    expect(sms.requests.length).toBe(textsBefore);

    const reason = `Not sent: ${INTAKE_NAME} stopped it before it went.`;
    const listed = await intake.messages.forMatter({ matterId });
    expect(listed.map((m) => [m.delivery?.state, m.delivery?.lastError])).toEqual([
      ['failed', reason],
      ['failed', reason],
    ]);
    const problems = await intake.messages.deliveryProblems();
    expect(problems.filter((p) => p.matterId === matterId).map((p) => p.reason)).toEqual([reason, reason]);
    const { timeline } = await intake.matters.get({ matterId });
    const said = timeline.map((e) => e.summary);
    expect(said).toContain(`E-mail “${subject}” not sent: ${INTAKE_NAME} stopped it before it went.`);
    expect(said).toContain(`Text message “${subject}” not sent: ${INTAKE_NAME} stopped it before it went.`);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', '=', 'messages.stopSending')
      .where(
        'entity_id',
        'in',
        deliveries.map((d) => d.outboxId),
      )
      .execute();
    expect(audit).toEqual([
      { action: 'messages.stopSending', outcome: 'ok' },
      { action: 'messages.stopSending', outcome: 'ok' },
    ]);

    // Sent after all: Retry puts the e-mail back, and the worker sends it once.
    const emailRow = listed.find((m) => m.channel === 'email')?.delivery;
    if (!emailRow) throw new Error('no e-mail');
    await intake.messages.retry({ outboxId: emailRow.outboxId, version: emailRow.version });
    await worker().runOnce();
    expect(smtp.received.length).toBe(mailsBefore + 1);
    expect(sms.requests.length).toBe(textsBefore);

    // The text is left unsent (the client was called instead): no longer a problem, never sent.
    const textRow = listed.find((m) => m.channel === 'sms')?.delivery;
    if (!textRow) throw new Error('no text');
    const problemsBefore = (await intake.messages.deliveryStatus()).problems;
    await intake.messages.leaveUnsent({ outboxId: textRow.outboxId, version: textRow.version });
    expect((await intake.messages.deliveryStatus()).problems).toBe(problemsBefore - 1);
    expect((await intake.messages.deliveryProblems()).map((p) => p.outboxId)).not.toContain(textRow.outboxId);
    const left = (await intake.messages.forMatter({ matterId })).find((m) => m.channel === 'sms')?.delivery;
    expect(left).toMatchObject({
      state: 'withdrawn',
      lastError: `Left unsent by ${INTAKE_NAME} (it had not gone: ${reason.slice(0, -1)})`,
    });
    await worker().runOnce();
    expect(sms.requests.length).toBe(textsBefore);
    const after = await intake.matters.get({ matterId });
    expect(after.timeline.map((e) => e.summary)).toContain(
      `Text message left unsent by ${INTAKE_NAME} (it had not gone: ${reason.slice(0, -1)}).`,
    );
    // Only a problem is left unsent: the text again, or a message still waiting, is refused.
    await expect(
      intake.messages.leaveUnsent({ outboxId: textRow.outboxId, version: textRow.version + 1 }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
    const waiting = await updateWaiting();
    const [pending] = waiting.deliveries;
    if (!pending) throw new Error('no delivery');
    await expect(
      intake.messages.leaveUnsent({ outboxId: pending.outboxId, version: pending.version }),
    ).rejects.toMatchObject({ appCode: 'VERSION_CONFLICT' });
  });

  it('is refused once the worker has taken it or sent it, or at a version someone changed, and changes nothing', async () => {
    const { intake, deliveries } = await updateWaiting();
    const [first, second] = deliveries;
    if (!first || !second) throw new Error('two deliveries expected');
    // The worker takes them (a lease) as it does before sending: one may be on its way.
    const claimed = await claimDue(api.database.db, {
      now: api.clock.now(),
      workerId: 'test-worker',
      leaseMs: 60_000,
      channels: ['email', 'sms'],
      limit: 100,
    });
    expect(claimed).toEqual(expect.arrayContaining([first.outboxId, second.outboxId]));
    await expect(
      intake.messages.stopSending({ outboxId: first.outboxId, version: first.version }),
    ).rejects.toMatchObject({
      message:
        'It is being sent right now, so it can no longer be stopped. Reload in a minute to see whether it went.',
    });
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'sent', locked_by: null, locked_until: null })
      .where('id', '=', first.outboxId)
      .execute();
    await expect(
      intake.messages.stopSending({ outboxId: first.outboxId, version: first.version }),
    ).rejects.toMatchObject({
      message: 'It has already been sent. To correct what it said, send the client a new message.',
    });
    // Given back pending, at a version newer than the one staff saw.
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'pending', locked_by: null, locked_until: null, version: second.version + 1 })
      .where('id', '=', second.outboxId)
      .execute();
    await expect(
      intake.messages.stopSending({ outboxId: second.outboxId, version: second.version }),
    ).rejects.toMatchObject({ message: expect.stringContaining('Someone has acted on this message') });
    const rows = await api.database.db
      .selectFrom('outbox')
      .select(['id', 'state', 'last_error'])
      .where('id', 'in', [first.outboxId, second.outboxId])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, r.state, r.last_error]).sort()).toEqual(
      [
        [first.outboxId, 'sent', null],
        [second.outboxId, 'pending', null],
      ].sort(),
    );
  });

  it('a letter is taken out of the print queue instead', async () => {
    const { intake, deliveries } = await updateWaiting({
      contact: { email: false, sms: false, letter: true, phone: false },
    });
    const [letter] = deliveries;
    if (letter?.channel !== 'letter') throw new Error('no letter');
    await expect(
      intake.messages.stopSending({ outboxId: letter.outboxId, version: letter.version }),
    ).rejects.toMatchObject({ message: 'This is a letter: take it out of the print queue instead.' });
  });

  it('the court outcome is stopped only by staff with the RAP sheet permission, and is on the client’s disclosure report', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, {
      contact: { email: true, sms: false, letter: false, phone: true },
    });
    const attorney = await api.signedIn('alameda.attorney');
    const [outcome] = await attorney.messages.forMatter({ matterId });
    const delivery = outcome?.delivery;
    if (!delivery) throw new Error('no outcome e-mail');
    const intake = await api.signedIn('alameda.intake');
    await expect(
      intake.messages.stopSending({ outboxId: delivery.outboxId, version: delivery.version }),
    ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
    await attorney.messages.stopSending({ outboxId: delivery.outboxId, version: delivery.version });
    // Left unsent, likewise, only by staff with the permission.
    await expect(
      intake.messages.leaveUnsent({ outboxId: delivery.outboxId, version: delivery.version + 1 }),
    ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
    await attorney.messages.leaveUnsent({ outboxId: delivery.outboxId, version: delivery.version + 1 });
    const { timeline, client } = await attorney.matters.get({ matterId });
    expect(timeline.map((e) => e.summary)).toContain(
      'E-mail “Court outcome” not sent: Attorney of Alameda County Public Defender stopped it before it went.',
    );
    const clientId = client.id;
    const supervisor = await api.signedIn('alameda.supervisor');
    const report = await supervisor.audit.disclosures({ clientId, limit: 500 });
    const described = report.items.map((d) => d.description);
    expect(described).toContain('Stopped the court outcome from being sent');
    expect(described).toContain('Left the court outcome unsent');
  });
});
