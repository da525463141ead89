// A letter waiting in the print queue tells the client what was true when it was written. Before it
// is listed to print, printed in a mailing run or marked printed, what it tells is checked again
// against the matter as it is now, by the rule that refuses to compose it: one no longer true is not
// printed, is listed as such with why and what to do, and confirming a run does not mark it sent.
// Generated from the status types: each has a way to make it true, then untrue.
import { testDialects } from '@relief-desk/db/testing';
import { MAX_LETTERS_PER_PRINT, type MessageStatusType, type StatusChoice } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { arrestInput, convictionInput, OVERRIDE_REASON, refusal } from '../lifecycle-fixtures.ts';
import {
  authedContext,
  giveOfficesLetterheads,
  matterAtOutcome,
  openMatterFor,
  petitionWithHearing,
  rapSheetReceived,
} from './fixtures.ts';
import { confirmPrinted, lettersToPrint, printLetter, printMailingRun, withdrawLetter } from './letters.ts';

const BY_LETTER = { contact: { email: false, sms: false, letter: true, phone: true } };
const COURT = 'Superior Court of California, County of Alameda';

type Choice = Omit<StatusChoice, 'matterId'>;

/** A status whose claim rests on the matter's records: how to make it true, then untrue. */
interface Scenario {
  /** Records that back the status; the choice to send. */
  makeTrue: (api: ApiHarness, matterId: string) => Promise<{ choice: Choice; undo: () => Promise<void> }>;
}

const attorneyOf = (api: ApiHarness) => api.signedIn('alameda.attorney');

async function moveTo(api: ApiHarness, matterId: string, to: string, note = '') {
  const caller = await attorneyOf(api);
  const { version } = await caller.matters.get({ matterId });
  await caller.matters.moveStage({ matterId, version, to: to as never, note });
}

/** One conviction, its petition filed then decided `outcome`. */
async function decidedPetition(api: ApiHarness, matterId: string, outcome: 'granted' | 'denied') {
  const caller = await attorneyOf(api);
  const { id: convictionId } = await caller.convictions.add({ matterId, conviction: convictionInput() });
  const petition = await caller.petitions.create({
    matterId,
    remedy: 'pc1203.4',
    convictionIds: [convictionId],
    formSet: 'cr180_cr181',
    court: COURT,
  });
  const filed = await caller.petitions.update({
    petitionId: petition.id,
    version: petition.version,
    status: 'filed',
    court: COURT,
    filedOn: '2026-10-01',
    outcomes: [{ convictionId, outcome: null }],
  });
  const decided = await caller.petitions.update({
    petitionId: petition.id,
    version: filed.version,
    status: 'decided',
    court: COURT,
    filedOn: '2026-10-01',
    decidedOn: '2026-11-20',
    outcomes: [{ convictionId, outcome }],
  });
  // Corrected: the court's decision was the other one.
  const undo = async () => {
    await caller.petitions.update({
      petitionId: petition.id,
      version: decided.version,
      status: 'decided',
      court: COURT,
      filedOn: '2026-10-01',
      decidedOn: '2026-11-20',
      outcomes: [{ convictionId, outcome: outcome === 'granted' ? 'denied' : 'granted' }],
    });
  };
  return undo;
}

/** A conviction decided `determination`; undone by a decision superseding it with `then`. */
async function decided(
  api: ApiHarness,
  matterId: string,
  determination: 'not_eligible' | 'eligible_mandatory',
  then: 'not_eligible' | 'eligible_mandatory',
) {
  const caller = await attorneyOf(api);
  const { id: convictionId } = await caller.convictions.add({ matterId, conviction: convictionInput() });
  const decide = (d: typeof determination, supersedes: string | null) =>
    caller.decisions.record({
      convictionId,
      remedy: 'pc1203.4',
      determination: d,
      reasons: 'Probation (PC 1203.4(a)(1)).',
      supersedes,
      overrideReason: OVERRIDE_REASON,
    });
  const first = await decide(determination, null);
  return async () => {
    await decide(then, first.id);
  };
}

/** An arrest decided eligible for sealing by petition; undone by a decision superseding it. */
async function arrestToSeal(api: ApiHarness, matterId: string) {
  const caller = await attorneyOf(api);
  const arrest = await caller.arrests.add({ matterId, arrest: arrestInput() });
  const decide = (determination: 'eligible_discretionary' | 'not_eligible', supersedes: string | null) =>
    caller.arrests.recordDecision({
      arrestId: arrest.id,
      remedy: 'pc851.91',
      determination,
      reasons: 'Charges dismissed: PC 851.91(a)(1)(B).',
      supersedes,
      overrideReason: OVERRIDE_REASON,
    });
  const first = await decide('eligible_discretionary', null);
  return async () => {
    await decide('not_eligible', first.id);
  };
}

const choiceOf = (statusType: MessageStatusType, more: Partial<Choice> = {}): Choice => ({
  statusType,
  cantProceedReason: null,
  courtDate: null,
  nextSteps: [],
  ...more,
});

/** Every status type's claim rests on facts that can change (the type makes sure none is left out). */
const SCENARIOS: Record<MessageStatusType, Scenario> = {
  in_review: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('in_review'),
      undo: () => moveTo(api, matterId, 'withdrawn', 'The client withdrew by phone.'),
    }),
  },
  eligible: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('eligible'),
      undo: await decided(api, matterId, 'eligible_mandatory', 'not_eligible'),
    }),
  },
  arrest_sealable: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('arrest_sealable'),
      undo: await arrestToSeal(api, matterId),
    }),
  },
  not_eligible: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('not_eligible'),
      undo: await decided(api, matterId, 'not_eligible', 'eligible_mandatory'),
    }),
  },
  // "We need to pause your request": untrue once the client has withdrawn it.
  cant_proceed: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('cant_proceed', { cantProceedReason: 'need_more_info' }),
      undo: () => moveTo(api, matterId, 'withdrawn', 'The client withdrew by phone.'),
    }),
  },
  no_convictions_found: {
    makeTrue: async (api, matterId) => {
      await rapSheetReceived(api, matterId);
      return {
        choice: choiceOf('no_convictions_found'),
        undo: async () => {
          await (await attorneyOf(api)).convictions.add({ matterId, conviction: convictionInput() });
        },
      };
    },
  },
  court_date_set: {
    makeTrue: async (api, matterId) => {
      const { convictionId, petitionId } = await petitionWithHearing(api, matterId, '2026-12-18');
      return {
        choice: choiceOf('court_date_set', { courtDate: '2026-12-18', nextSteps: ['wait_for_decision'] }),
        // The hearing was continued to January.
        undo: async () => {
          const caller = await attorneyOf(api);
          const petition = await api.database.db
            .selectFrom('petitions')
            .select('version')
            .where('id', '=', petitionId)
            .executeTakeFirstOrThrow();
          await caller.petitions.update({
            petitionId,
            version: petition.version,
            status: 'decided',
            court: COURT,
            filedOn: '2026-11-02',
            hearingOn: '2027-01-15',
            decidedOn: '2026-11-27',
            outcomes: [{ convictionId, outcome: 'continued' }],
          });
        },
      };
    },
  },
  granted: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('granted'),
      undo: await decidedPetition(api, matterId, 'granted'),
    }),
  },
  denied: {
    makeTrue: async (api, matterId) => ({
      choice: choiceOf('denied'),
      undo: await decidedPetition(api, matterId, 'denied'),
    }),
  },
  transferred: {
    makeTrue: async (api, matterId) => {
      await moveTo(api, matterId, 'referred_out', 'Sent to the San Francisco office.');
      // "That office will contact you" holds only once another office holds it: passed on, as
      // matters.passOn records it for a county that office serves (pass-on.int.test.ts).
      await api.database.db
        .updateTable('matters')
        .set({ referred_to_office_id: api.officeIds.bayLegal, passed_on_at: api.clock.now().toISOString() })
        .where('id', '=', matterId)
        .execute();
      return {
        choice: choiceOf('transferred'),
        undo: () => moveTo(api, matterId, 'referral_received', 'Came back to us.'),
      };
    },
  },
};

describe.each(testDialects())('letters no longer true (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const outboxOf = (messageId: string) =>
    api.database.db
      .selectFrom('outbox')
      .select(['id', 'state', 'version', 'last_error'])
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();

  /** The status sent by letter (and by text when the client takes them), as staff send it. */
  async function send(matterId: string, choice: Choice, { sendAgain = false } = {}) {
    const caller = await attorneyOf(api);
    const composed = await caller.messages.composeStatus({ matterId, ...choice });
    const sent = await caller.messages.sendStatus({
      sendAgain,
      writtenIn: composed.language,
      choice: { matterId, ...choice },
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    const letters = await api.database.db
      .selectFrom('messages')
      .select('id')
      .where('id', 'in', sent.messageIds)
      .where('channel', '=', 'letter')
      .execute();
    return letters.map((l) => l.id);
  }

  /** Why composing the status now is refused: what the waiting letter must say. */
  const refusedNow = async (matterId: string, choice: Choice) =>
    (await refusal((await attorneyOf(api)).messages.composeStatus({ matterId, ...choice }))).message;

  it.each(Object.keys(SCENARIOS) as MessageStatusType[])(
    '“%s”: a letter made untrue is not printed and says why; one still true prints',
    async (statusType) => {
      const scenario = SCENARIOS[statusType];
      if (!scenario) throw new Error('no scenario');
      const untrue = await openMatterFor(api, { preferredLanguage: 'es', ...BY_LETTER });
      const stillTrue = await openMatterFor(api, { preferredLanguage: 'es', ...BY_LETTER });
      const a = await scenario.makeTrue(api, untrue.matterId);
      const b = await scenario.makeTrue(api, stillTrue.matterId);
      const [staleLetter = ''] = await send(untrue.matterId, a.choice);
      const [goodLetter = ''] = await send(stillTrue.matterId, b.choice);
      await a.undo();
      const why = await refusedNow(untrue.matterId, a.choice);

      const ctx = await authedContext(api, 'alameda.attorney', 'letters.printMailingRun');
      const waiting = await lettersToPrint(ctx);
      expect(waiting.messageIds).toContain(goodLetter);
      expect(waiting.messageIds).not.toContain(staleLetter);
      const listed = waiting.cannotPrint.find((l) => l.messageId === staleLetter);
      expect(listed).toMatchObject({ because: 'noLongerTrue', matterId: untrue.matterId });
      expect(listed?.reason).toContain(why);
      expect(listed?.reason).toContain('Take it out of the print queue');
      expect(waiting.cannotPrint.map((l) => l.messageId)).not.toContain(goodLetter);

      const run = await printMailingRun(ctx, { messageIds: [staleLetter, goodLetter] });
      expect(run.messageIds).toEqual([goodLetter]);
      expect(run.leftOut).toEqual([{ messageId: staleLetter, field: 'facts', reason: listed?.reason }]);
      expect((await refusal(printLetter(ctx, staleLetter))).message).toContain(why);

      const confirmed = await refusal(confirmPrinted(ctx, { messageIds: [staleLetter, goodLetter] }));
      expect(confirmed.message).toContain('do not mail it');
      expect((await outboxOf(staleLetter)).state).toBe('printing');
      expect((await outboxOf(goodLetter)).state).toBe('printing');
      expect(await confirmPrinted(ctx, { messageIds: [goodLetter] })).toEqual({
        marked: 1,
        alreadyMarked: 0,
        takenOut: [],
      });
    },
  );

  /**
   * The banner's counts (deliveryStatus) beside the list of letters to print: the letters counted to
   * print are those the list would print, and those it lists as not printable are counted as problems,
   * for staff with the RAP sheet permission and without (who are shown fewer, and counted the same).
   */
  async function expectCountsMatchList(label: string) {
    const attorney = await attorneyOf(api);
    const intake = await api.signedIn('alameda.intake');
    const status = await attorney.messages.deliveryStatus();
    const list = await attorney.messages.lettersToPrint();
    const failed = await api.database.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('office_id', '=', api.officeIds.alameda)
      .where('message_id', 'is not', null)
      .where('state', '=', 'failed')
      .executeTakeFirstOrThrow();
    expect(list.needRapSheetPermission, label).toBe(0);
    expect(status.lettersToPrint, label).toBe(list.ready);
    expect(list.messageIds.length, label).toBe(Math.min(list.ready, MAX_LETTERS_PER_PRINT));
    expect(status.lettersCannotPrint, label).toBe(list.cannotPrint.length);
    expect(list.ready + list.cannotPrint.length, label).toBe(list.waiting);
    expect(status.problems, label).toBe(Number(failed.n) + list.cannotPrint.length);
    // Without the permission: the same counts; the list leaves out what tells criminal history.
    expect(await intake.messages.deliveryStatus(), label).toEqual(status);
    const theirs = await intake.messages.lettersToPrint();
    expect(theirs.waiting + theirs.needRapSheetPermission, label).toBe(list.waiting);
    expect(theirs.ready + theirs.cannotPrint.length, label).toBe(theirs.waiting);
  }

  it.each(Object.keys(SCENARIOS) as MessageStatusType[])(
    '“%s”: the banner counts the letters the list would print, and one no longer true as a problem',
    async (statusType) => {
      const scenario = SCENARIOS[statusType];
      if (!scenario) throw new Error('no scenario');
      await expectCountsMatchList(`${statusType}: before`);
      const { matterId } = await openMatterFor(api, { preferredLanguage: 'en', ...BY_LETTER });
      const { choice, undo } = await scenario.makeTrue(api, matterId);
      const before = await (await attorneyOf(api)).messages.deliveryStatus();
      const [letter = ''] = await send(matterId, choice);
      await expectCountsMatchList(`${statusType}: queued`);
      const queued = await (await attorneyOf(api)).messages.deliveryStatus();
      expect(queued.lettersToPrint).toBe(before.lettersToPrint + 1);
      expect(queued.problems).toBe(before.problems);

      await undo();
      await expectCountsMatchList(`${statusType}: no longer true`);
      const untrue = await (await attorneyOf(api)).messages.deliveryStatus();
      expect(untrue.lettersToPrint).toBe(before.lettersToPrint);
      expect(untrue.problems).toBe(before.problems + 1);

      // Taken out of the print queue, it is one delivery problem still, not two.
      const outbox = await outboxOf(letter);
      await withdrawLetter(await authedContext(api, 'alameda.attorney', 'messages.withdrawLetter'), {
        outboxId: outbox.id,
        version: outbox.version,
      });
      await expectCountsMatchList(`${statusType}: taken out`);
      const taken = await (await attorneyOf(api)).messages.deliveryStatus();
      expect(taken.lettersToPrint).toBe(before.lettersToPrint);
      expect(taken.problems).toBe(before.problems + 1);
    },
  );

  it('a letter naming a county the records no longer give is not printed, and says which', async () => {
    // "Eligible" in Alameda; then a Contra Costa conviction is decided eligible and Alameda's is not:
    // still "eligible", but of the court in Contra Costa County.
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'es', ...BY_LETTER });
    const undo = await decided(api, matterId, 'eligible_mandatory', 'not_eligible');
    const [letter = ''] = await send(matterId, choiceOf('eligible'));
    const caller = await attorneyOf(api);
    const { id: convictionId } = await caller.convictions.add({
      matterId,
      conviction: convictionInput({
        caseNumber: 'CC10M0001',
        county: 'Contra Costa',
        court: 'Superior Court of California, County of Contra Costa',
      }),
    });
    await caller.decisions.record({
      convictionId,
      remedy: 'pc1203.4',
      determination: 'eligible_mandatory',
      reasons: 'Probation (PC 1203.4(a)(1)).',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    await undo();
    const composed = await caller.messages.composeStatus({ matterId, ...choiceOf('eligible') });
    expect(composed.messages[0]?.text).toContain('condado de Contra Costa');

    const ctx = await authedContext(api, 'alameda.attorney', 'letters.printMailingRun');
    const waiting = await lettersToPrint(ctx);
    expect(waiting.messageIds).not.toContain(letter);
    expect(waiting.cannotPrint.find((l) => l.messageId === letter)?.reason).toContain(
      'It speaks of Alameda County, and the records now give Contra Costa County.',
    );
    expect((await refusal(printLetter(ctx, letter))).message).toContain('Contra Costa County');
  });

  it('the review’s case: a Spanish court date continued is left out of the mailing run, and taken out says why', async () => {
    const { matterId } = await openMatterFor(api, {
      preferredLanguage: 'es',
      contact: { email: false, sms: true, letter: true, phone: true },
      consentToText: true,
    });
    const court = SCENARIOS.court_date_set;
    if (!court) throw new Error('no scenario');
    const { choice, undo } = await court.makeTrue(api, matterId);
    const letters = await send(matterId, choice);
    // The same update again, on purpose (a second letter to the print queue).
    const second = await send(matterId, choice, { sendAgain: true });
    const both = [...letters, ...second];
    expect(both).toHaveLength(2);
    await undo();
    expect(await refusedNow(matterId, choice)).toContain('No filed petition has a hearing on that day');

    const ctx = await authedContext(api, 'alameda.attorney', 'letters.printMailingRun');
    const waiting = await lettersToPrint(ctx);
    expect(waiting.cannotPrint.filter((l) => both.includes(l.messageId))).toHaveLength(2);
    const refused = await refusal(printMailingRun(ctx, { messageIds: both }));
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toContain('None of these 2 letters can be printed.');
    expect(refused.message).toContain('No filed petition has a hearing on that day');

    // Taken out, it is a delivery problem saying why; writing it again is refused by the same rule.
    const outbox = await outboxOf(both[0] ?? '');
    await withdrawLetter(await authedContext(api, 'alameda.attorney', 'messages.withdrawLetter'), {
      outboxId: outbox.id,
      version: outbox.version,
    });
    const taken = await outboxOf(both[0] ?? '');
    expect(taken.state).toBe('failed');
    expect(taken.last_error).toContain('what it tells the client is no longer true of the matter');
    // A court date tells of the court: the reason, which staff without the permission read, does not.
    expect(taken.last_error).not.toContain('hearing');
    const attorney = await attorneyOf(api);
    expect(
      (
        await refusal(
          attorney.messages.resendVia({ outboxId: taken.id, version: taken.version, channel: 'letter' }),
        )
      ).message,
    ).toContain('No filed petition has a hearing on that day');
  });

  it('a court outcome letter whose outcome was corrected is not printed', async () => {
    const { matterId, version } = await matterAtOutcome(api, { preferredLanguage: 'es', ...BY_LETTER });
    const attorney = await attorneyOf(api);
    const composed = await attorney.messages.composeOutcome({ matterId });
    const sent = await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    });
    const letter = sent.messageIds[0] ?? '';
    const ctx = await authedContext(api, 'alameda.attorney', 'letters.printMailingRun');
    expect((await lettersToPrint(ctx)).messageIds).toContain(letter);

    // The court's decision on one conviction is corrected from denied to granted.
    const petitions = await api.database.db
      .selectFrom('petitions')
      .select('id')
      .where('matter_id', '=', matterId)
      .execute();
    await api.database.db
      .updateTable('petition_convictions')
      .set({ outcome: 'granted' })
      .where('outcome', '=', 'denied')
      .where(
        'petition_id',
        'in',
        petitions.map((p) => p.id),
      )
      .execute();
    const listed = (await lettersToPrint(ctx)).cannotPrint.find((l) => l.messageId === letter);
    expect(listed?.because).toBe('noLongerTrue');
    expect(listed?.reason).toContain('court’s outcomes recorded on the matter have changed');
    expect((await refusal(printMailingRun(ctx, { messageIds: [letter] }))).message).toContain(
      'cannot be printed',
    );
  });
});
