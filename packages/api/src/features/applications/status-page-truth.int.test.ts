// The applicant's status page shows the office's latest status update only while what it tells still
// holds, by the rule that refuses staff composing it today (status-claims.ts): a hearing moved, a
// conviction entered after "no convictions found", a pause after work resumed. An update whose
// delivery was given up on (held by the worker as no longer right) is never shown: the latest that
// still holds is, or none.
import { inTransaction } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import type { Stage, StatusChoice } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiHarness } from '../../testing.ts';
import { createApiHarness, openOnlineApplications } from '../../testing.ts';
import {
  giveOfficesLetterheads,
  openMatterFor,
  petitionWithHearing,
  rapSheetReceived,
} from '../messages/fixtures.ts';
import { issueStatusLink } from './links.ts';
import { viewApplicationStatus } from './status.ts';

describe.each(testDialects())('the status page’s latest update (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Set up as an office must be before its online application opens.
    await openOnlineApplications(api.database.db);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  async function matterWithLink() {
    const { matterId, clientId } = await openMatterFor(api);
    const token = await inTransaction(api.database.db, ({ tx }) =>
      issueStatusLink(tx, {
        officeId: api.officeIds.alameda,
        clientId,
        language: 'en',
        now: api.clock.now(),
      }),
    );
    return { matterId, token };
  }

  async function latest(token: string) {
    const found = await viewApplicationStatus(api.context(), token);
    if (found.kind !== 'shown') throw new Error(`the link was ${found.kind}`);
    return found.view.matters[0]?.latestStatus ?? null;
  }

  async function moveTo(matterId: string, ...stages: Stage[]) {
    const attorney = await api.signedIn('alameda.attorney');
    for (const to of stages) {
      const m = await attorney.matters.get({ matterId });
      if (m.stage !== to) await attorney.matters.moveStage({ matterId, version: m.version, to });
    }
  }

  /** Sends the status as staff do (composed, then sent); the ids of its messages. */
  async function send(choice: StatusChoice): Promise<string[]> {
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeStatus(choice);
    const sent = await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    return sent.messageIds;
  }

  const choiceOf = (
    matterId: string,
    statusType: StatusChoice['statusType'],
    more: Partial<StatusChoice> = {},
  ) =>
    ({
      matterId,
      statusType,
      cantProceedReason: null,
      courtDate: null,
      nextSteps: [],
      ...more,
    }) as StatusChoice;

  const setOutbox = (messageIds: string[], state: 'sent' | 'failed', code: string | null = null) =>
    api.database.db
      .updateTable('outbox')
      .set({ state, last_error_code: code, last_error: code ? 'No longer right.' : null })
      .where('message_id', 'in', messageIds)
      .execute();

  it('stops showing a court date once the hearing is moved', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const { matterId, token } = await matterWithLink();
    await moveTo(matterId, 'gathering_records', 'eligibility_review', 'petitions_to_file');
    const { petitionId, convictionId } = await petitionWithHearing(api, matterId, '2026-12-10');
    await moveTo(matterId, 'awaiting_decision');
    await send(
      choiceOf(matterId, 'court_date_set', {
        courtDate: '2026-12-10',
        nextSteps: ['wait_for_decision', 'contact_us'],
      }),
    );
    expect(await latest(token)).toMatchObject({ statusType: 'court_date_set', courtDate: '2026-12-10' });

    // Staff record the hearing moved to January.
    const attorney = await api.signedIn('alameda.attorney');
    const petition = await api.database.db
      .selectFrom('petitions')
      .select('version')
      .where('id', '=', petitionId)
      .executeTakeFirstOrThrow();
    await attorney.petitions.update({
      petitionId,
      version: petition.version,
      status: 'hearing_set',
      court: 'Superior Court of California, County of Alameda',
      filedOn: '2026-11-02',
      hearingOn: '2027-01-20',
      outcomes: [{ convictionId, outcome: null }],
    });
    expect(await latest(token)).toBeNull();
  });

  it('at “Awaiting court decision”, says what is before the court now: a petition, none with the court decided, none with each withdrawn', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const attorney = await api.signedIn('alameda.attorney');
    const standing = async (token: string) => {
      const found = await viewApplicationStatus(api.context(), token);
      if (found.kind !== 'shown') throw new Error(`the link was ${found.kind}`);
      return found.view.matters[0]?.beforeCourt;
    };
    const court = 'Superior Court of California, County of Alameda';
    for (const [status, outcome, expected] of [
      ['withdrawn', null, 'nothing'],
      ['decided', 'granted', 'decided'],
      ['decided', 'denied', 'decided'],
      // A continued hearing is still before the court.
      ['decided', 'continued', 'waiting'],
    ] as const) {
      const { matterId, token } = await matterWithLink();
      expect(await standing(token)).toBeNull();
      await moveTo(matterId, 'gathering_records', 'eligibility_review', 'petitions_to_file');
      const { petitionId, convictionId } = await petitionWithHearing(api, matterId, '2026-12-10');
      await moveTo(matterId, 'awaiting_decision');
      expect(await standing(token)).toBe('waiting');
      const petition = await api.database.db
        .selectFrom('petitions')
        .select('version')
        .where('id', '=', petitionId)
        .executeTakeFirstOrThrow();
      await attorney.petitions.update({
        petitionId,
        version: petition.version,
        status,
        court,
        filedOn: '2026-11-02',
        hearingOn: '2026-12-10',
        decidedOn: status === 'decided' ? '2026-11-27' : null,
        outcomes: [{ convictionId, outcome }],
      });
      expect(await standing(token), `${status} ${outcome}`).toBe(expected);
    }
  });

  it('stops showing “no convictions found” once a conviction is entered and the matter is reviewed', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const { matterId, token } = await matterWithLink();
    await moveTo(matterId, 'gathering_records');
    await rapSheetReceived(api, matterId);
    await send(choiceOf(matterId, 'no_convictions_found'));
    expect((await latest(token))?.statusType).toBe('no_convictions_found');

    const attorney = await api.signedIn('alameda.attorney');
    await attorney.convictions.add({
      matterId,
      conviction: {
        caseNumber: '16CR01234',
        county: 'Alameda',
        court: 'Superior Court of California, County of Alameda',
        code: 'PC',
        section: '484(a)',
        level: 'misdemeanor',
        wobbler: 'no',
        convictionDate: '2016-05-02',
        sentenceKind: 'probation',
        mandatorySupervision: 'unknown',
        endDate: '2019-05-02',
        probationOutcome: 'completed',
        valueOver950: 'no',
        reliefGrantedRemedy: null,
        reliefGrantedOn: null,
      },
    });
    await moveTo(matterId, 'eligibility_review');
    expect(await latest(token)).toBeNull();
  });

  it('never shows an update held as no longer right, and shows the one before it that still holds', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const { matterId, token } = await matterWithLink();
    await moveTo(matterId, 'gathering_records');
    const review = await send(choiceOf(matterId, 'in_review'));
    await setOutbox(review, 'sent');
    api.clock.set('2026-11-29T18:00:00.000Z');
    const pause = await send(choiceOf(matterId, 'cant_proceed', { cantProceedReason: 'need_more_info' }));
    expect((await latest(token))?.statusType).toBe('cant_proceed');

    // The worker held it before it went (the outbox's NO_LONGER_TRUE): the client never got it.
    await setOutbox(pause, 'failed', 'NO_LONGER_TRUE');
    expect(await latest(token)).toMatchObject({ statusType: 'in_review', cantProceedReason: null });
  });

  it('shows a pause’s reason only while the records back it', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const { matterId, token } = await matterWithLink();
    await moveTo(matterId, 'gathering_records');
    const attorney = await api.signedIn('alameda.attorney');
    const facts = (underSupervision: 'yes' | 'no') => ({
      currentlyCharged: 'no' as const,
      servingSentence: 'no' as const,
      requiredToRegisterPC290: 'no' as const,
      hasSuperstrikePrior: 'no' as const,
      underSupervision,
    });
    await attorney.eligibility.savePersonFacts({ matterId, version: 0, facts: facts('yes') });
    await setOutbox(
      await send(choiceOf(matterId, 'cant_proceed', { cantProceedReason: 'on_probation' })),
      'sent',
    );
    expect(await latest(token)).toMatchObject({
      statusType: 'cant_proceed',
      cantProceedReason: 'on_probation',
    });
    // The person's facts corrected: not on probation. The pause stands; "still on probation" goes.
    await attorney.eligibility.savePersonFacts({ matterId, version: 1, facts: facts('no') });
    expect(await latest(token)).toMatchObject({ statusType: 'cant_proceed', cantProceedReason: null });
  });

  it('stops showing a pause once work on the matter resumes', async () => {
    api.clock.set('2026-11-28T18:00:00.000Z');
    const { matterId, token } = await matterWithLink();
    await moveTo(matterId, 'gathering_records');
    await setOutbox(
      await send(choiceOf(matterId, 'cant_proceed', { cantProceedReason: 'need_more_info' })),
      'sent',
    );
    expect((await latest(token))?.statusType).toBe('cant_proceed');
    api.clock.set('2026-12-02T18:00:00.000Z');
    await moveTo(matterId, 'eligibility_review');
    expect(await latest(token)).toBeNull();
  });
});
