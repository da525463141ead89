// Who a reply reaches: every e-mail comes from MAIL_FROM (the address the mail server may send as, for
// SPF and DMARC), but a client's reply to an office's message goes to that office, at its profile's
// e-mail, not to whoever holds MAIL_FROM. Staff notices are Relief Desk's own and name no Reply-To.
// Read from the headers as they arrive at a real SMTP server on loopback.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const MAIL_FROM = { name: 'Relief Desk', address: 'desk@example.org' };
const ALAMEDA = { name: 'Alameda County Public Defender', address: 'intake@alameda-pd.example' };
const BAY_LEGAL = { name: 'Bay Area Legal Aid', address: 'help@baylegal.example' };

describe.each(testDialects())('the reply address of e-mail (%s)', (dialect) => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    for (const [office, profile] of [
      ['alameda', ALAMEDA],
      ['bayLegal', BAY_LEGAL],
    ] as const)
      await api.database.db
        .updateTable('offices')
        .set({ email: profile.address })
        .where('id', '=', api.officeIds[office])
        .execute();
    smtp = await startSmtpServer();
    email = createEmailSender({
      smtpUrl: smtp.url,
      from: `${MAIL_FROM.name} <${MAIL_FROM.address}>`,
      timeoutMs: 3000,
    });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await api.destroy();
  });

  const deliver = () =>
    workerFor(api, {
      senders: { email, sms: null },
    }).runOnce();
  const arrived = (outboxId: string | undefined) =>
    smtp.received.find((r) => r.messageId === `<${outboxId}@relief-desk>`)?.mail;

  async function statusEmailFrom(office: 'alameda' | 'bayLegal'): Promise<string | undefined> {
    const intake = `${office}.intake` as const;
    const { matterId } = await openMatterFor(
      api,
      { contact: { email: true, sms: false, letter: false, phone: false } },
      intake,
    );
    const sent = await (await api.signedIn(intake)).messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'in_review' },
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    });
    return sent.outboxIds[0];
  }

  it('a client’s e-mail from each of two offices: From MAIL_FROM, Reply-To that office’s own address', async () => {
    const fromAlameda = await statusEmailFrom('alameda');
    const fromBayLegal = await statusEmailFrom('bayLegal');
    expect((await deliver()).results).toEqual(['sent', 'sent']);
    for (const [outboxId, office] of [
      [fromAlameda, ALAMEDA],
      [fromBayLegal, BAY_LEGAL],
    ] as const) {
      const mail = arrived(outboxId);
      expect(mail?.from?.value).toEqual([MAIL_FROM]);
      expect(mail?.replyTo?.value).toEqual([office]);
    }
  });

  it('an office without an e-mail on its profile when the message goes (one made before the profile): no Reply-To, and it still goes', async () => {
    // Queuing a message needs the office's e-mail; the row is sent by what the office has then.
    const outboxId = await statusEmailFrom('bayLegal');
    await api.database.db
      .updateTable('offices')
      .set({ email: '' })
      .where('id', '=', api.officeIds.bayLegal)
      .execute();
    try {
      expect((await deliver()).results).toEqual(['sent']);
      const mail = arrived(outboxId);
      expect(mail?.from?.value).toEqual([MAIL_FROM]);
      expect(mail?.headers.has('reply-to')).toBe(false);
    } finally {
      await api.database.db
        .updateTable('offices')
        .set({ email: BAY_LEGAL.address })
        .where('id', '=', api.officeIds.bayLegal)
        .execute();
    }
  });

  it('a staff notice (second factors reset) is Relief Desk’s own: From MAIL_FROM, no Reply-To', async () => {
    const admin = await api.signedIn('alameda.admin');
    const intake = (await admin.users.list()).find((u) => u.id === api.userIds['alameda.intake']);
    await admin.users.resetFactors({ userId: intake?.id ?? '', version: intake?.version ?? 0 });
    expect((await deliver()).results).toEqual(['sent']);
    const mail = smtp.received.find((r) => JSON.stringify(r.mail.to).includes('intake@alameda.test'))?.mail;
    expect(mail?.subject).toBe('Your Relief Desk sign-in factors were reset');
    expect(mail?.from?.value).toEqual([MAIL_FROM]);
    expect(mail?.headers.has('reply-to')).toBe(false);
  });
});
