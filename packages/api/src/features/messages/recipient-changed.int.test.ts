// A message waits (a letter in the print queue, an e-mail or text that failed) while staff correct the
// client's address, e-mail or phone. Sent as it was written, it would go to the old one, and tell
// whoever is there about the client's record: a waiting letter is not printed, nor mailed in a run,
// and is listed with why and what to do; a failed e-mail or text is not retried to the old address,
// and is written again, in its own channel, to the client's details as they are now.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import { authedContext, giveOfficesLetterheads, openMatterFor } from './fixtures.ts';
import { lettersToPrint, printLetter, printMailingRun } from './letters.ts';

describe.each(testDialects())('messages whose client’s address changed while they waited (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** An "in review" status sent to the client by the channels `contact` opens: the messages' ids. */
  async function inReview(contact: { email: boolean; letter: boolean }) {
    const { matterId, clientId } = await openMatterFor(api, {
      preferredLanguage: 'es',
      contact: { ...contact, sms: false, phone: true },
    });
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const, courtDate: null, nextSteps: [] };
    const composed = await intake.messages.composeStatus(choice);
    const sent = await intake.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    return { matterId, clientId, messageIds: sent.messageIds };
  }

  async function change(matterId: string, clientId: string, details: Record<string, unknown>) {
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId,
      version: client.version,
      client: { ...client.details, ...details },
    });
  }

  it('a letter to the address the client has left is not printed, says why, and prints once the address is back', async () => {
    const moved = await inReview({ email: false, letter: true });
    const stays = await inReview({ email: false, letter: true });
    const [letter = ''] = moved.messageIds;
    const [other = ''] = stays.messageIds;
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId: moved.matterId });
    const oldAddress = client.details.address;
    await change(moved.matterId, moved.clientId, {
      address: { line1: '77 Harbor Way', line2: '', city: 'Richmond', state: 'CA', postalCode: '94801' },
    });

    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    const waiting = await lettersToPrint(ctx);
    expect(waiting.messageIds).toContain(other);
    expect(waiting.messageIds).not.toContain(letter);
    expect(waiting.cannotPrint.find((l) => l.messageId === letter)).toMatchObject({
      because: 'recipientChanged',
      reason: expect.stringContaining('The client’s name or mailing address changed since it was written'),
    });
    const run = await printMailingRun(ctx, { messageIds: [letter, other] });
    expect(run.messageIds).toEqual([other]);
    expect(run.leftOut).toMatchObject([{ messageId: letter, field: 'recipient' }]);
    expect((await refusal(printLetter(ctx, letter))).message).toContain('would go to the old one');

    // A correction undone (the old address was right after all): the letter prints as written.
    await change(moved.matterId, moved.clientId, { address: oldAddress });
    expect((await lettersToPrint(ctx)).messageIds).toContain(letter);
  });

  it('a failed e-mail is not retried to the old address, and is written again to the new one', async () => {
    const { matterId, clientId } = await inReview({ email: true, letter: false });
    const row = await api.database.db
      .selectFrom('outbox')
      .select(['id', 'version'])
      .where('matter_id', '=', matterId)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('outbox')
      .set({
        state: 'failed',
        last_error: 'The mail server refused the message (550).',
        version: row.version + 1,
      })
      .where('id', '=', row.id)
      .execute();
    const version = row.version + 1;
    await change(matterId, clientId, { email: 'begona.nueva@example.net' });

    const intake = await api.signedIn('alameda.intake');
    const retried = await refusal(intake.messages.retry({ outboxId: row.id, version }));
    expect(retried.message).toContain('The client’s e-mail address changed since it was written');
    const problem = (await intake.messages.deliveryProblems()).find((p) => p.outboxId === row.id);
    expect(problem).toMatchObject({ writeAgain: true });
    await intake.messages.resendVia({ outboxId: row.id, version, channel: 'email' });
    const again = await api.database.db
      .selectFrom('messages')
      .select(['recipient', 'channel'])
      .where('matter_id', '=', matterId)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ recipient: 'begona.nueva@example.net', channel: 'email' });
  });
});
