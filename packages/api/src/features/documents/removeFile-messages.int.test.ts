// A file a message still to be delivered carries (the court's signed order attached to the outcome's
// e-mail, enclosed with its letter) is not removed: the letter would print "enclosed" with nothing
// enclosed, and the e-mail would say it is attached. The refusal names the messages and what to do;
// once the letter is out of the print queue and the e-mail sent, the file goes. A letter from before
// this was so, whose enclosure was removed anyway, is left out of the print run saying why.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { expectRefusedWritingNothing } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome } from '../messages/fixtures.ts';

const BY_EMAIL_AND_LETTER = { contact: { email: true, sms: false, letter: true, phone: true } };
const REASON = 'Another client’s order';

describe.each(testDialects())('removing a file a message still to go carries (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** The outcome sent by e-mail and letter with its signed order: the order's file and the messages. */
  async function outcomeSentWithOrder() {
    const { matterId, version } = await matterAtOutcome(api, BY_EMAIL_AND_LETTER);
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
    const order = (await attorney.matters.get({ matterId })).documents.find((d) => d.kind === 'signed_order');
    const file = order?.files?.[0];
    if (!order || !file) throw new Error('no signed order on file');
    const messages = await api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select([
        'messages.id',
        'messages.channel',
        'messages.attachments',
        'outbox.id as outboxId',
        'outbox.version',
      ])
      .where('messages.matter_id', '=', matterId)
      .execute();
    return { matterId, order, fileId: file.id, messages };
  }

  it('is refused while the outcome’s e-mail waits and its letter is in the print queue, naming them and what to do', async () => {
    const { order, fileId, messages } = await outcomeSentWithOrder();
    expect(messages.map((m) => [m.channel, JSON.parse(m.attachments)]).sort()).toEqual([
      ['email', [fileId]],
      ['letter', [fileId]],
    ]);
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.documents.removeFile({ fileId, version: order.version, reason: REASON }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toContain('This file is attached to 2 messages not yet delivered');
    // Named by channel and a fixed name (an outcome's subject may tell what the court decided), and when.
    expect(refused.message).toMatch(/E-mail “Court outcome” queued \w+ \d+, \d{4}.*\(waiting to be sent\)/);
    expect(refused.message).toMatch(/Letter “Court outcome” queued .*\(in the print queue\)/);
    expect(refused.message).toContain(
      'Take the letter out of the print queue first (under Delivery problems)',
    );
    expect(refused.message).toContain(
      'An e-mail or text waiting to be sent goes within minutes: stop it first',
    );
    expect(refused.message).toContain('Nothing was removed.');

    // The e-mail is stopped and the letter taken out of the print queue, as it says: the file can go now.
    const email = messages.find((m) => m.channel === 'email');
    const letter = messages.find((m) => m.channel === 'letter');
    if (!email || !letter) throw new Error('no e-mail or letter');
    await attorney.messages.stopSending({ outboxId: email.outboxId, version: email.version });
    await attorney.messages.withdrawLetter({ outboxId: letter.outboxId, version: letter.version });
    expect(
      await attorney.documents.removeFile({ fileId, version: order.version, reason: REASON }),
    ).toMatchObject({ id: fileId });
    // Put back in the print queue, the letter would say the order is enclosed without it: refused.
    const failed = await api.database.db
      .selectFrom('outbox')
      .select('version')
      .where('id', '=', letter.outboxId)
      .executeTakeFirstOrThrow();
    await expect(
      attorney.messages.retry({ outboxId: letter.outboxId, version: failed.version }),
    ).rejects.toMatchObject({
      message: expect.stringContaining(
        'Its enclosure (Signed court order) was removed after it was written: it would say the document is enclosed without it. Write the message again, then leave this one unsent.',
      ),
    });
  });

  it('a letter whose enclosure was removed anyway (older data) is left out of the print run as cannot be printed, saying why', async () => {
    const { fileId, messages } = await outcomeSentWithOrder();
    const letter = messages.find((m) => m.channel === 'letter');
    if (!letter) throw new Error('no letter');
    // Removed before removing waited for the messages carrying a file.
    await api.database.db
      .updateTable('document_files')
      .set({ filename: '', sha256: '', removed_at: api.clock.now().toISOString(), removed_reason: REASON })
      .where('id', '=', fileId)
      .execute();
    const attorney = await api.signedIn('alameda.attorney');
    const queue = await attorney.messages.lettersToPrint();
    expect(queue.messageIds).not.toContain(letter.id);
    const shown = queue.cannotPrint.find((l) => l.messageId === letter.id);
    expect(shown).toMatchObject({
      because: 'enclosureRemoved',
      reason:
        'Its enclosure (Signed court order) was removed after it was written: it would say the document is enclosed without it. Write the message again, then take this one out of the print queue (Delivery problems).',
    });
    await expect(attorney.messages.confirmPrinted({ messageIds: [letter.id] })).rejects.toMatchObject({
      message: expect.stringContaining('cannot be printed as written'),
    });
  });
});
