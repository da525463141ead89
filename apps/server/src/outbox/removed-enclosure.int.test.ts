// An e-mail whose attachment was removed after it was written (removing a file now waits for the
// messages carrying it; older data may not have) is not sent saying the file is attached without it,
// nor retried for ever with "An unexpected problem": it is given up on at once, with the reason staff
// read among the delivery problems and on the timeline.
import type { ApiHarness } from '@relief-desk/api/testing';
import { createApiHarness } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { createEmailSender } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  matterAtOutcome,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const BY_EMAIL = { contact: { email: true, sms: false, letter: false, phone: true } };

describe.each(testDialects())('an e-mail whose attachment was removed (%s)', (dialect) => {
  let api: ApiHarness;
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    smtp = await startSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await api.destroy();
  });

  it('is given up on at first try, saying its enclosure was removed and to write the message again', async () => {
    const { matterId, version } = await matterAtOutcome(api, BY_EMAIL);
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    await attorney.messages.sendOutcome({
      matterId,
      version,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      fingerprint: composed.fingerprint,
      closeNote: 'Outcome sent with the order.',
    });
    const message = await api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select(['messages.attachments', 'outbox.id as outboxId'])
      .where('messages.matter_id', '=', matterId)
      .executeTakeFirstOrThrow();
    const [fileId] = JSON.parse(message.attachments) as string[];
    if (!fileId) throw new Error('the outcome attached no order');
    // Removed before removing a file waited for the messages carrying it.
    await api.database.db
      .updateTable('document_files')
      .set({
        filename: '',
        sha256: '',
        removed_at: api.clock.now().toISOString(),
        removed_reason: 'wrong order',
      })
      .where('id', '=', fileId)
      .execute();

    expect((await workerFor(api, { senders: { email, sms: null } }).runOnce()).results).toEqual(['failed']);
    expect(smtp.received).toEqual([]);
    const row = await api.database.db
      .selectFrom('outbox')
      .select(['state', 'attempts', 'last_error', 'last_error_code'])
      .where('id', '=', message.outboxId)
      .executeTakeFirstOrThrow();
    const reason =
      'Its enclosure (Signed court order) was removed after it was written, so it would say the document is attached without it: write the message again.';
    expect(row).toMatchObject({ state: 'failed', last_error: reason, last_error_code: 'INVALID_MESSAGE' });
    const problems = await attorney.messages.deliveryProblems();
    expect(JSON.stringify(problems)).toContain(reason);
  });
});
