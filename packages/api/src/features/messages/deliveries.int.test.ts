// A failed status update goes out again (retried, or sent another way) only while the matter's
// records still back what it tells the client, by the rule its first sending passed: a court date
// is not announced after the hearing, "in review" not after the matter closed.
import { testDialects } from '@relief-desk/db/testing';
import { MESSAGE_CHANNELS, type MessageChannel, type StatusChoiceInput } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rapSheetRefusal } from '../../access.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor, petitionWithHearing, rapSheetReceived } from './fixtures.ts';
import { queueDueFollowUps } from './followUp.ts';

const DAY = 86_400_000;

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { appCode?: string; message: string; fieldErrors?: { path: string; message: string }[] } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

describe.each(testDialects())('sending a failed status update again (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const everyChannel = {
    contact: { email: true, sms: true, letter: true, phone: false },
    consentToText: true,
  };

  const outboxOf = (matterId: string) =>
    api.database.db
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .select(['outbox.id', 'outbox.channel', 'outbox.state', 'outbox.version', 'messages.kind'])
      .where('outbox.matter_id', '=', matterId)
      .orderBy('outbox.id')
      .execute();

  /** Every delivery of the matter failed, as the worker leaves one it gave up on. */
  async function failAll(matterId: string) {
    const rows = await outboxOf(matterId);
    for (const row of rows)
      await api.database.db
        .updateTable('outbox')
        .set({ state: 'failed', last_error: 'The provider refused the message.', version: row.version + 1 })
        .where('id', '=', row.id)
        .execute();
    return outboxOf(matterId);
  }

  async function withClockAt(at: Date, run: () => Promise<void>) {
    const start = api.clock.now();
    api.clock.set(at);
    try {
      await run();
    } finally {
      api.clock.set(start);
    }
  }

  /**
   * Retrying each failure, and sending it by each other channel, are all refused with what the status
   * form now says of the same update (the same rule), and nothing is queued.
   */
  async function expectEveryWayRefused(
    matterId: string,
    choice: Omit<StatusChoiceInput, 'matterId'>,
    who: 'alameda.intake' | 'alameda.attorney' = 'alameda.attorney',
  ) {
    const intake = await api.signedIn(who);
    const rule = await refusal(intake.messages.composeStatus({ matterId, ...choice }));
    expect(rule.appCode).toBe('BAD_INPUT');
    const failed = await outboxOf(matterId);
    // Each call is made when it is awaited: made all at once, the refusals came back before anything
    // awaited them, and were reported as unhandled.
    const attempts: { what: string; call: () => Promise<unknown> }[] = [];
    for (const row of failed) {
      attempts.push({
        what: `retry ${row.channel}`,
        call: () => intake.messages.retry({ outboxId: row.id, version: row.version }),
      });
      for (const channel of MESSAGE_CHANNELS.filter((c) => c !== row.channel))
        attempts.push({
          what: `${row.channel} by ${channel}`,
          call: () => intake.messages.resendVia({ outboxId: row.id, version: row.version, channel }),
        });
    }
    expect(attempts.length).toBeGreaterThan(0);
    for (const { what, call } of attempts) {
      const refused = await refusal(call());
      expect([what, refused.appCode]).toEqual([what, 'BAD_INPUT']);
      expect(refused.message).toContain(rule.message);
      expect(refused.message).toContain('send a new status update from the matter page');
      expect(refused.fieldErrors?.map((f) => f.path)).toEqual(['outboxId']);
    }
    expect(await outboxOf(matterId)).toEqual(failed);
  }

  it('a court date, once its hearing has passed: refused on retry and by every other channel, with what to do instead', async () => {
    const { matterId } = await openMatterFor(api, everyChannel);
    await petitionWithHearing(api, matterId, '2026-12-10');
    const intake = await api.signedIn('alameda.attorney');
    const choice = { matterId, statusType: 'court_date_set' as const, courtDate: '2026-12-10' };
    const composed = await intake.messages.composeStatus(choice);
    expect(composed.messages.map((m) => m.channel)).toEqual([...MESSAGE_CHANNELS]);
    await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    const failed = await failAll(matterId);
    expect(failed.map((r) => r.channel)).toEqual([...MESSAGE_CHANNELS]);

    await withClockAt(new Date('2026-12-11T18:00:00Z'), () =>
      expectEveryWayRefused(matterId, { statusType: 'court_date_set', courtDate: '2026-12-10' }),
    );

    // Before the hearing the same update still goes, by another channel and on retry.
    const [email, sms] = failed as [(typeof failed)[0], (typeof failed)[0]];
    const again = await api.signedIn('alameda.attorney');
    await again.messages.resendVia({ outboxId: email.id, version: email.version, channel: 'letter' });
    await again.messages.retry({ outboxId: sms.id, version: sms.version });
    const after = await outboxOf(matterId);
    expect(after.map((r) => [r.channel, r.state])).toEqual([
      ['email', 'replaced'],
      ['sms', 'pending'],
      ['letter', 'failed'],
      ['letter', 'printing'],
    ]);
  });

  it('“in review”, written by staff or sent automatically, once the matter has closed', async () => {
    const staff = await openMatterFor(api, everyChannel);
    const automatic = await openMatterFor(api, everyChannel);
    const intake = await api.signedIn('alameda.intake');
    await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId: staff.matterId, statusType: 'in_review' },
      messages: MESSAGE_CHANNELS.map((channel: MessageChannel) => ({
        channel,
        text: 'We are reviewing your record.',
      })),
    });
    const start = api.clock.now();
    await withClockAt(new Date(start.getTime() + 43 * DAY), async () => {
      const run = await queueDueFollowUps(api.database.db, api.clock);
      expect(run.queued).toBeGreaterThan(0);
    });
    expect((await outboxOf(automatic.matterId)).map((r) => r.kind)).toEqual([
      'follow_up',
      'follow_up',
      'follow_up',
    ]);

    for (const { matterId } of [staff, automatic]) {
      await failAll(matterId);
      const matter = await intake.matters.get({ matterId });
      await intake.matters.moveStage({ matterId, version: matter.version, to: 'withdrawn' });
      await expectEveryWayRefused(matterId, { statusType: 'in_review' });
    }
  });

  it('“no convictions found”, once a conviction is recorded', async () => {
    const { matterId } = await openMatterFor(api, everyChannel);
    await rapSheetReceived(api, matterId);
    const intake = await api.signedIn('alameda.attorney');
    await intake.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'no_convictions_found' },
      messages: [{ channel: 'email', text: 'We did not find any convictions to clear.' }],
    });
    await failAll(matterId);
    // A conviction on a petition, as the docket shows it later.
    await petitionWithHearing(api, matterId, '2027-03-07');
    await expectEveryWayRefused(matterId, { statusType: 'no_convictions_found' });
  });

  it('staff without the RAP sheet permission are refused an update about the record before it is checked: the refusal tells nothing of the record', async () => {
    const { matterId } = await openMatterFor(api, everyChannel);
    await rapSheetReceived(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.messages.sendStatus({
      writtenIn: 'es',
      choice: { matterId, statusType: 'no_convictions_found' },
      messages: [{ channel: 'email', text: 'We did not find any convictions to clear.' }],
    });
    const [failed] = await failAll(matterId);
    await petitionWithHearing(api, matterId, '2027-03-07');
    const intake = await api.signedIn('alameda.intake');
    const refused = await refusal(
      intake.messages.retry({ outboxId: failed?.id ?? '', version: failed?.version ?? 0 }),
    );
    expect(refused.appCode).toBe('FORBIDDEN');
    expect(refused.message).toBe(rapSheetRefusal('intake'));
    expect(refused.message).not.toContain('Convictions are recorded');
  });
});
