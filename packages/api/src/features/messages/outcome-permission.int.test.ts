// A court outcome names the client's convictions and what the court decided: criminal history. Every
// messages procedure that can act on one, walked as intake (no RAP sheet permission) and as an
// attorney (with it). The list is the router's: a procedure added later fails here by name until it
// is said what it does with an outcome message.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rapSheetRefusal } from '../../access.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  giveOfficesLetterheads,
  matterAtOutcome,
  outcomeSentAwaitingOrder,
  signedOrderArrives,
} from './fixtures.ts';
import { messagesRouter } from './router.ts';

const CASE_NUMBER = '16CR01234';
const BY_EMAIL_AND_LETTER = {
  preferredLanguage: 'en' as const,
  contact: { email: true, sms: false, letter: true, phone: false },
};

type Caller = Awaited<ReturnType<ApiHarness['signedIn']>>;
type Messages = Caller['messages'];

/** An outcome sent by e-mail (which then failed) and by letter (in the print queue). */
interface SentOutcome {
  matterId: string;
  failedEmail: { outboxId: string; version: number };
  letter: { outboxId: string; version: number; messageId: string };
}

/** Refused without the permission, before anything is read, sent or changed. */
const REFUSED: Record<
  string,
  { action: string; call: (m: Messages, api: ApiHarness) => Promise<(m: Messages) => Promise<unknown>> }
> = {
  composeOutcome: {
    action: 'messages.composeOutcome',
    call: async (_, api) => {
      const { matterId } = await matterAtOutcome(api, BY_EMAIL_AND_LETTER);
      return (m) => m.composeOutcome({ matterId });
    },
  },
  sendOutcome: {
    action: 'messages.sendOutcome',
    call: async (attorney, api) => {
      const { matterId, version } = await matterAtOutcome(api, BY_EMAIL_AND_LETTER);
      const composed = await attorney.composeOutcome({ matterId });
      const messages = composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text }));
      return (m) => m.sendOutcome({ matterId, version, writtenIn: composed.language, messages });
    },
  },
  signedOrderCopies: {
    action: 'messages.signedOrderCopies',
    call: async (_, api) => {
      const { matterId } = await outcomeSentAwaitingOrder(api, BY_EMAIL_AND_LETTER);
      await signedOrderArrives(api, matterId);
      return (m) => m.signedOrderCopies({ matterId });
    },
  },
  sendSignedOrderCopies: {
    action: 'messages.sendSignedOrderCopies',
    call: async (attorney, api) => {
      const { matterId } = await outcomeSentAwaitingOrder(api, BY_EMAIL_AND_LETTER);
      const { fileId } = await signedOrderArrives(api, matterId);
      const { version, language } = await attorney.signedOrderCopies({ matterId });
      return (m) => m.sendSignedOrderCopies({ matterId, version, fileIds: [fileId], writtenIn: language });
    },
  },
  retry: {
    action: 'messages.retry',
    call: async (attorney, api) => {
      const { failedEmail } = await sentOutcome(attorney, api);
      return (m) => m.retry(failedEmail);
    },
  },
  resendVia: {
    action: 'messages.resendVia',
    call: async (attorney, api) => {
      const { failedEmail } = await sentOutcome(attorney, api);
      return (m) => m.resendVia({ ...failedEmail, channel: 'letter' });
    },
  },
  leaveUnsent: {
    action: 'messages.leaveUnsent',
    call: async (attorney, api) => {
      const { failedEmail } = await sentOutcome(attorney, api);
      return (m) => m.leaveUnsent(failedEmail);
    },
  },
  stopSending: {
    action: 'messages.stopSending',
    call: async (attorney, api) => {
      const { failedEmail } = await sentOutcome(attorney, api);
      // Still waiting to be tried again, as after a temporary failure.
      await api.database.db
        .updateTable('outbox')
        .set({ state: 'pending', version: 3 })
        .where('id', '=', failedEmail.outboxId)
        .execute();
      return (m) => m.stopSending({ outboxId: failedEmail.outboxId, version: 3 });
    },
  },
  confirmPrinted: {
    action: 'letters.confirmPrinted',
    call: async (attorney, api) => {
      const { letter } = await sentOutcome(attorney, api);
      return (m) => m.confirmPrinted({ messageIds: [letter.messageId] });
    },
  },
  withdrawLetter: {
    action: 'messages.withdrawLetter',
    call: async (attorney, api) => {
      const { letter } = await sentOutcome(attorney, api);
      return (m) => m.withdrawLetter({ outboxId: letter.outboxId, version: letter.version });
    },
  },
};

/**
 * Lists that show an outcome message, or its delivery: to staff without the permission, without what
 * it tells. Each runs its own expectations with an attorney's and intake's procedures.
 */
const LISTED: Record<string, (attorney: Messages, intake: Messages, sent: SentOutcome) => Promise<void>> = {
  forMatter: async (attorney, intake, { matterId }) => {
    expect(JSON.stringify(await attorney.forMatter({ matterId }))).toContain(CASE_NUMBER);
    const listed = await intake.forMatter({ matterId });
    expect(listed.filter((m) => m.kind === 'outcome')).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(CASE_NUMBER);
  },
  // The failure is seen (the client must not be left without the news), with a subject that says
  // nothing of the decision; sending it again is refused above.
  deliveryProblems: async (attorney, intake, { failedEmail }) => {
    for (const problems of [await attorney.deliveryProblems(), await intake.deliveryProblems()]) {
      expect(problems.map((p) => p.outboxId)).toContain(failedEmail.outboxId);
      expect(JSON.stringify(problems)).not.toContain(CASE_NUMBER);
    }
    // The page offers intake nothing the server would refuse.
    const row = async (who: typeof attorney) =>
      (await who.deliveryProblems()).find((p) => p.outboxId === failedEmail.outboxId);
    expect((await row(intake))?.needsRapSheetPermission).toBe(true);
    expect((await row(attorney))?.needsRapSheetPermission).toBe(false);
  },
  // Printing an outcome letter needs the permission: it is counted for intake, not listed to print.
  lettersToPrint: async (attorney, intake, { letter }) => {
    expect((await attorney.lettersToPrint()).messageIds).toContain(letter.messageId);
    const toPrint = await intake.lettersToPrint();
    expect(toPrint.messageIds).not.toContain(letter.messageId);
    expect(toPrint.needRapSheetPermission).toBeGreaterThan(0);
  },
};

/** Procedures that do not act on an outcome message, and why. */
const NOT_ABOUT_AN_OUTCOME: Record<string, string> = {
  composeStatus: 'a status update; one about the record or the court is refused by its status type',
  sendStatus: 'a status update; one about the record or the court is refused by its status type',
  logStatus: 'a status update; one about the record or the court is refused by its status type',
  deliveryStatus: 'counts of waiting and failed deliveries per channel, none named',
  templates: 'the status update templates',
  saveTemplate: 'the status update templates',
  followUpSettings: 'the office’s follow-up settings',
  saveFollowUpSettings: 'the office’s follow-up settings',
};

async function sentOutcome(attorney: Messages, api: ApiHarness): Promise<SentOutcome> {
  const { matterId, version } = await matterAtOutcome(api, BY_EMAIL_AND_LETTER);
  const composed = await attorney.composeOutcome({ matterId });
  await attorney.sendOutcome({
    matterId,
    version,
    writtenIn: composed.language,
    messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
  });
  const queued = await api.database.db
    .selectFrom('outbox')
    .select(['id', 'version', 'channel', 'message_id'])
    .where('matter_id', '=', matterId)
    .execute();
  const email = queued.find((o) => o.channel === 'email');
  const letter = queued.find((o) => o.channel === 'letter');
  if (!email || !letter?.message_id) throw new Error('the outcome went by neither e-mail nor letter');
  // The mail server refused the e-mail: a delivery problem, to retry or send another way.
  await api.database.db
    .updateTable('outbox')
    .set({ state: 'failed', last_error: 'The mail server refused the message (550).', version: 2 })
    .where('id', '=', email.id)
    .execute();
  return {
    matterId,
    failedEmail: { outboxId: email.id, version: 2 },
    letter: { outboxId: letter.id, version: letter.version, messageId: letter.message_id },
  };
}

describe.each(testDialects())('messages procedures on a court outcome (%s)', (dialect) => {
  let api: ApiHarness;
  let intake: Messages;
  let attorney: Messages;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    intake = (await api.signedIn('alameda.intake')).messages;
    attorney = (await api.signedIn('alameda.attorney')).messages;
  });
  afterAll(async () => api.destroy());

  /** What was sent or queued, and how each delivery stands: what a refusal must leave as it was. */
  const deliveries = () =>
    api.database.db
      .selectFrom('outbox')
      .select(['id', 'channel', 'state', 'version'])
      .where('message_id', 'is not', null)
      .orderBy('id')
      .execute();

  it('says of every messages procedure what it does with an outcome message', () => {
    const said = [...Object.keys(REFUSED), ...Object.keys(LISTED), ...Object.keys(NOT_ABOUT_AN_OUTCOME)];
    expect(Object.keys(messagesRouter._def.procedures).sort()).toEqual(said.sort());
  });

  it.each(Object.keys(REFUSED))(
    '%s: refused to intake with what to ask for, nothing sent or changed; done for an attorney',
    async (name) => {
      const { action, call } = REFUSED[name] ?? { action: '', call: () => Promise.reject() };
      const act = await call(attorney, api);
      const before = await deliveries();
      const refused = await act(intake).then(
        () => null,
        (e: { appCode?: string; message: string }) => e,
      );
      expect(refused?.appCode).toBe('FORBIDDEN');
      expect(refused?.message).toBe(rapSheetRefusal('intake'));
      expect(await deliveries()).toEqual(before);
      // On record as refused, under the action the disclosure report reads.
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type'])
        .where('actor_id', '=', api.userIds['alameda.intake'])
        .where('outcome', '=', 'denied')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      expect(denied).toEqual({ action, entity_type: 'rap_sheet_data' });
      await expect(act(attorney)).resolves.toBeDefined();
    },
  );

  it.each(Object.keys(LISTED))('%s: shows intake the outcome without what it tells', async (name) => {
    const check = LISTED[name] ?? (() => Promise.reject());
    await check(attorney, intake, await sentOutcome(attorney, api));
  });
});
