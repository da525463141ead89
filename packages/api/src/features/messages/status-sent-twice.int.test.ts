// Two staff pressing Send on the same status update at once (each request with its own key) must not
// give the client two e-mails and two texts: the second identical update to the matter, within ten
// minutes or while the first still waits to go, is refused naming who sent it and when, unless staff
// say they mean to send it again.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';

const BY_EMAIL_AND_TEXT = {
  contact: { email: true, sms: true, letter: false, phone: true },
  consentToText: true,
} as const;

describe.each(testDialects())('the same status update sent twice (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** What the client is sent: one row per message that goes out. */
  const outbox = (matterId: string) =>
    api.database.db
      .selectFrom('outbox')
      .select(['channel', 'state'])
      .where('matter_id', '=', matterId)
      .execute();

  async function inReviewUpdate(matterId: string, who: 'alameda.intake' | 'alameda.supervisor') {
    const caller = await api.signedIn(who);
    const composed = await caller.messages.composeStatus({ matterId, statusType: 'in_review' });
    return {
      caller,
      input: {
        choice: { matterId, statusType: 'in_review' as const },
        messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
        writtenIn: composed.language,
      },
    };
  }

  it('ten sends of one update at once: exactly one goes out, the others name who sent it', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL_AND_TEXT);
    const { input } = await inReviewUpdate(matterId, 'alameda.intake');
    const tabs = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        api.signedIn(i % 2 === 0 ? 'alameda.intake' : 'alameda.supervisor'),
      ),
    );
    const results = await Promise.allSettled(tabs.map((tab) => tab.messages.sendStatus(input)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
    expect(refusals).toHaveLength(9);
    for (const refusal of refusals)
      expect(refusal.message).toMatch(
        /^This same update, “In review” by e-mail, text message, was sent to the client by (you|.+) on .+ \(it is still waiting to go out\): nothing was sent, so the client does not get it twice\. If they should get it again, choose “Send again”\.$/,
      );
    // One e-mail and one text, not ten of each.
    expect((await outbox(matterId)).map((o) => o.channel).sort()).toEqual(['email', 'sms']);
  });

  it('names the colleague who sent it; “Send again” sends it once more', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL_AND_TEXT);
    const first = await inReviewUpdate(matterId, 'alameda.supervisor');
    await first.caller.messages.sendStatus(first.input);
    const second = await inReviewUpdate(matterId, 'alameda.intake');
    const refused = await second.caller.messages.sendStatus(second.input).then(
      () => null,
      (e: Error & { shape?: unknown }) => e,
    );
    expect(refused?.message).toContain(
      'was sent to the client by Supervisor of Alameda County Public Defender on ',
    );
    expect(await outbox(matterId)).toHaveLength(2);

    await second.caller.messages.sendStatus({ ...second.input, sendAgain: true });
    expect(await outbox(matterId)).toHaveLength(4);
  });

  it('the same update by other channels is not taken for it', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL_AND_TEXT);
    const { caller, input } = await inReviewUpdate(matterId, 'alameda.intake');
    await caller.messages.sendStatus(input);
    // By e-mail only (the text did not reach them, say): not the update already sent.
    await caller.messages.sendStatus({
      ...input,
      messages: input.messages.filter((m) => m.channel === 'email'),
    });
    expect(await outbox(matterId)).toHaveLength(3);
  });

  it('is refused while the first waits to go out, and sent once it went and ten minutes passed', async () => {
    const { matterId } = await openMatterFor(api, BY_EMAIL_AND_TEXT);
    const { caller, input } = await inReviewUpdate(matterId, 'alameda.intake');
    await caller.messages.sendStatus(input);
    api.clock.advanceMinutes(11);
    await expect(caller.messages.sendStatus(input)).rejects.toThrow(/it is still waiting to go out/);
    // The worker delivered both.
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'sent' })
      .where('matter_id', '=', matterId)
      .execute();
    await caller.messages.sendStatus(input);
    expect(await outbox(matterId)).toHaveLength(4);
  });
});
