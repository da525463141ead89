// A message that never reached the client is no update to them: the "needs client update" queue and
// the matter's last contact count what went (or is on its way), a status given by phone, and a call
// that reached them; not an e-mail stopped before it went, nor one the mail server refused for good.
// Sent again, it counts again. Real SMTP server on loopback, the real outbox worker.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { californiaDate } from '@relief-desk/domain';
import { createEmailSender } from '@relief-desk/notify';
import { type SmtpVerdict, startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const DAY = 24 * 60 * 60 * 1000;
const BY_EMAIL = { contact: { email: true, sms: false, letter: false, phone: true } };

describe.each(testDialects())('the client’s last contact counts what reached them (%s)', (dialect) => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  let verdict: SmtpVerdict = 'accept';
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    smtp = await startSmtpServer(() => verdict);
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await api.destroy();
  });

  const worker = () => workerFor(api, { senders: { email, sms: null } });

  it('an update stopped, or refused for good, leaves the matter due an update; sent again, it counts', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL);
    const start = api.clock.now();
    // Three weeks on, nobody has told the client anything: due an update.
    api.clock.set(new Date(start.getTime() + 21 * DAY));
    try {
      // Signed in again after each move of the clock: a session ends when idle that long.
      let intake = await api.signedIn('alameda.intake');
      const row = async () =>
        (await intake.matters.list({ queue: 'all', limit: 100 })).items.find((m) => m.id === matterId);
      const due = async () =>
        (await intake.matters.list({ queue: 'needs_client_update', limit: 100 })).items.some(
          (m) => m.id === matterId,
        );
      const today = californiaDate(api.clock.now());
      expect(await due()).toBe(true);

      const send = async () => {
        const sent = await intake.messages.sendStatus({
          writtenIn: 'es',
          choice: { matterId, statusType: 'in_review' },
          messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
        });
        const [delivery] = (await intake.messages.forMatter({ matterId })).flatMap((m) =>
          m.delivery && m.delivery.outboxId === sent.outboxIds[0] ? [m.delivery] : [],
        );
        if (!delivery) throw new Error('no delivery for the update');
        return delivery;
      };
      const waiting = await send();
      expect(await due()).toBe(false);
      expect((await row())?.clientContactedOn).toBe(today);

      // Stopped before it went: as if never sent.
      await intake.messages.stopSending({ outboxId: waiting.outboxId, version: waiting.version });
      expect(await due()).toBe(true);
      expect((await row())?.clientContactedOn).toBeNull();

      // Sent after all: on its way, it counts again; the worker sends it, and it still does.
      await intake.messages.retry({ outboxId: waiting.outboxId, version: waiting.version + 1 });
      expect(await due()).toBe(false);
      expect((await worker().runOnce()).results).toEqual(['sent']);
      expect((await row())?.clientContactedOn).toBe(today);

      // A week later a call reaches her; a week after that an update the mail server refuses for good.
      api.clock.set(new Date(start.getTime() + 28 * DAY));
      intake = await api.signedIn('alameda.intake');
      const called = californiaDate(api.clock.now());
      await intake.matters.logCall({ matterId, direction: 'outgoing', result: 'voicemail' });
      api.clock.set(new Date(start.getTime() + 35 * DAY));
      intake = await api.signedIn('alameda.intake');
      await send();
      expect((await row())?.clientContactedOn).toBe(californiaDate(api.clock.now()));
      verdict = { responseCode: 550, message: 'Mailbox unavailable' };
      expect((await worker().runOnce()).results).toEqual(['failed']);
      // The call is her last contact again.
      expect((await row())?.clientContactedOn).toBe(called);
    } finally {
      verdict = 'accept';
      api.clock.set(start);
    }
  });

  it('a call that did not reach her, or a message left unsent, changes nothing', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL);
    const start = api.clock.now();
    api.clock.set(new Date(start.getTime() + 21 * DAY));
    try {
      let intake = await api.signedIn('alameda.intake');
      const contactedOn = async () =>
        (await intake.matters.list({ queue: 'all', limit: 100 })).items.find((m) => m.id === matterId)
          ?.clientContactedOn;
      await intake.matters.logCall({ matterId, direction: 'outgoing', result: 'spoke' });
      const spoke = californiaDate(api.clock.now());
      api.clock.set(new Date(start.getTime() + 22 * DAY));
      intake = await api.signedIn('alameda.intake');
      await intake.matters.logCall({ matterId, direction: 'outgoing', result: 'no_answer' });
      expect(await contactedOn()).toBe(spoke);
      const sent = await intake.messages.sendStatus({
        writtenIn: 'es',
        choice: { matterId, statusType: 'in_review' },
        messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
      });
      const outboxId = sent.outboxIds[0] ?? '';
      await intake.messages.stopSending({ outboxId, version: 1 });
      expect(await contactedOn()).toBe(spoke);
      await intake.messages.leaveUnsent({ outboxId, version: 2 });
      expect(await contactedOn()).toBe(spoke);
    } finally {
      api.clock.set(start);
    }
  });
});
