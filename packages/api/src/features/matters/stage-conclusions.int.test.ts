// Moves that conclude a matter say something true: "Not eligible" is an eligibility decision (for those
// who may decide eligibility, and only once every conviction is decided and none is eligible now),
// and closing from "Outcome to send" is where the client learns the court's decision (the outcome
// message closes it; closing by hand needs a note of how the client was told). The same rules hold
// for the bulk move from a queue, and a refused move writes nothing.
import { testDialects } from '@relief-desk/db/testing';
import type { Determination } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  arrestInput,
  convictionInput,
  decisionInput,
  OVERRIDE_REASON,
  openMatter,
  refusal,
} from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome } from '../messages/fixtures.ts';

describe.each(testDialects())('moves that conclude a matter (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const attorney = () => api.signedIn('alameda.attorney');

  /** A matter in eligibility review with two convictions. */
  async function inReview() {
    const matterId = await openMatter(api);
    const caller = await attorney();
    const first = await caller.convictions.add({ matterId, conviction: convictionInput() });
    const second = await caller.convictions.add({
      matterId,
      conviction: convictionInput({ caseNumber: '18CR07654', section: '647(f)' }),
    });
    let { version } = await caller.matters.get({ matterId });
    for (const to of ['gathering_records', 'eligibility_review'] as const)
      ({ version } = await caller.matters.moveStage({ matterId, version, to }));
    return { matterId, convictionIds: [first.id, second.id], version };
  }

  const decide = async (
    convictionId: string,
    determination: Determination,
    supersedes: string | null = null,
  ) =>
    (await attorney()).decisions.record(
      decisionInput(convictionId, {
        determination,
        supersedes,
        ...(determination === 'needs_more_info' ? { missingInfo: 'The probation report.' } : {}),
        ...(determination === 'eligible_later' ? { eligibleOn: '2027-06-01' } : {}),
      }),
    );

  it('"Not eligible" is refused to intake (and not offered), and to anyone while a conviction is undecided or eligible', async () => {
    const { matterId, convictionIds, version } = await inReview();
    const intake = await api.signedIn('alameda.intake');
    expect((await intake.matters.get({ matterId })).allowedMoves).not.toContain('not_eligible');
    expect((await (await attorney()).matters.get({ matterId })).allowedMoves).toContain('not_eligible');
    const byIntake = await refusal(intake.matters.moveStage({ matterId, version, to: 'not_eligible' }));
    expect(byIntake.code).toBe('FORBIDDEN');
    const bulkByIntake = await refusal(
      intake.queues.bulkMoveStage({ matters: [{ id: matterId, version }], to: 'not_eligible' }),
    );
    expect(bulkByIntake.code).toBe('FORBIDDEN');

    const move = async () => (await attorney()).matters.moveStage({ matterId, version, to: 'not_eligible' });
    expect((await refusal(move())).message).toBe(
      '2 convictions have no eligibility decision yet: decide every conviction before concluding that the matter is not eligible.',
    );
    await decide(convictionIds[0] ?? '', 'not_eligible');
    const more = await decide(convictionIds[1] ?? '', 'needs_more_info');
    expect((await refusal(move())).message).toContain('still needs more information');
    await decide(convictionIds[1] ?? '', 'eligible_discretionary', more.id);
    expect((await refusal(move())).message).toContain('A conviction or arrest is decided eligible');
    const bulk = await (await attorney()).queues.bulkMoveStage({
      matters: [{ id: matterId, version }],
      to: 'not_eligible',
    });
    expect(bulk.applied).toBe(false);
    expect(bulk.rows[0]?.message).toContain('A conviction or arrest is decided eligible');
    expect((await (await attorney()).matters.get({ matterId })).stage).toBe('eligibility_review');
  });

  it('"Not eligible" is allowed once every conviction is decided not now, or when none was found', async () => {
    const { matterId, convictionIds, version } = await inReview();
    await decide(convictionIds[0] ?? '', 'not_eligible');
    await decide(convictionIds[1] ?? '', 'eligible_later');
    await expect(
      (await attorney()).matters.moveStage({ matterId, version, to: 'not_eligible' }),
    ).resolves.toMatchObject({ stage: 'not_eligible' });

    // An arrest without a decision holds it too, until its relief is decided.
    const withArrest = await inReview();
    await decide(withArrest.convictionIds[0] ?? '', 'not_eligible');
    await decide(withArrest.convictionIds[1] ?? '', 'not_eligible');
    const attorneyCaller = await attorney();
    const arrest = await attorneyCaller.arrests.add({
      matterId: withArrest.matterId,
      arrest: arrestInput({ disposition: 'pending', dispositionDate: null }),
    });
    const concludeWithArrest = () =>
      attorneyCaller.matters.moveStage({
        matterId: withArrest.matterId,
        version: withArrest.version,
        to: 'not_eligible',
      });
    expect((await refusal(concludeWithArrest())).message).toBe(
      '1 arrest has no relief decision yet: decide every arrest before concluding that the matter is not eligible.',
    );
    await attorneyCaller.arrests.recordDecision({
      arrestId: arrest.id,
      remedy: 'pc851.91',
      determination: 'not_eligible',
      reasons: 'The case is still pending.',
      supersedes: null,
      overrideReason: OVERRIDE_REASON,
    });
    await expect(concludeWithArrest()).resolves.toMatchObject({ stage: 'not_eligible' });

    // A RAP sheet with nothing on it: no conviction to decide, nothing to clear.
    const empty = await openMatter(api);
    const caller = await attorney();
    let { version: v } = await caller.matters.get({ matterId: empty });
    for (const to of ['gathering_records', 'eligibility_review', 'not_eligible'] as const)
      ({ version: v } = await caller.matters.moveStage({ matterId: empty, version: v, to }));
    expect((await caller.matters.get({ matterId: empty })).stage).toBe('not_eligible');
  });

  it('"Not eligible" (the move and the client\'s message) waits while a remedy the rules find eligible has no decision, however the conviction was decided under another', async () => {
    const caller = await attorney();
    const matterId = await openMatter(api);
    // A state-prison drug felony long over, with no bars in the person's facts: Prop 47 and others
    // are eligible now, PC 17(b) is not.
    const { id: convictionId } = await caller.convictions.add({
      matterId,
      conviction: convictionInput({
        code: 'HS',
        section: '11350(a)',
        level: 'felony',
        wobbler: 'yes',
        convictionDate: '2009-03-02',
        sentenceKind: 'state_prison',
        endDate: '2012-03-02',
      }),
    });
    let { version } = await caller.matters.get({ matterId });
    await caller.eligibility.savePersonFacts({
      matterId,
      version: 0,
      facts: {
        currentlyCharged: 'no',
        underSupervision: 'no',
        servingSentence: 'no',
        requiredToRegisterPC290: 'no',
        hasSuperstrikePrior: 'no',
      },
    });
    for (const to of ['gathering_records', 'eligibility_review'] as const)
      ({ version } = await caller.matters.moveStage({ matterId, version, to }));
    const suggested = (await caller.eligibility.suggestions({ matterId })).results[0]?.remedies ?? [];
    const eligibleNow = suggested.filter(
      (r) => r.determination.startsWith('eligible_') && r.eligibleOn === null,
    );
    const notNow = suggested.filter((r) => r.determination === 'not_eligible');
    expect(eligibleNow.length).toBeGreaterThan(1);
    expect(notNow.length).toBeGreaterThan(0);
    // Decided only where the rules say "not eligible": the person still qualifies under the others.
    for (const r of notNow)
      await caller.decisions.record(
        decisionInput(convictionId, {
          remedy: r.remedy,
          determination: 'not_eligible',
          reasons: 'Per the rules.',
        }),
      );
    const move = () => caller.matters.moveStage({ matterId, version, to: 'not_eligible' });
    const left = eligibleNow.length;
    const expected = `${left === 1 ? 'A remedy the rules find eligible now has' : `${left} remedies the rules find eligible now have`} no decision`;
    expect((await refusal(move())).message).toContain(expected);
    const told = await refusal(caller.messages.composeStatus({ matterId, statusType: 'not_eligible' }));
    expect(told.message).toContain(expected);
    const bulk = await caller.queues.bulkMoveStage({
      matters: [{ id: matterId, version }],
      to: 'not_eligible',
    });
    expect(bulk.applied).toBe(false);
    expect(bulk.rows[0]?.message).toContain(expected);
    // Each decided, as staff may (not eligible, with the reason the rules could not see): it may conclude.
    for (const r of eligibleNow)
      await caller.decisions.record(
        decisionInput(convictionId, {
          remedy: r.remedy,
          determination: 'not_eligible',
          reasons: 'The court record shows a later conviction the RAP sheet leaves out.',
        }),
      );
    await expect(move()).resolves.toMatchObject({ stage: 'not_eligible' });
  });

  it('closing from "Outcome to send" by hand needs a note of how the client was told; the outcome message closes it without one', async () => {
    const caller = await attorney();
    const untold = await matterAtOutcome(api);
    const refused = await refusal(
      caller.matters.moveStage({ matterId: untold.matterId, version: untold.version, to: 'closed' }),
    );
    expect(refused.message).toContain('say in the note how the client was told');
    const bulk = await caller.queues.bulkMoveStage({
      matters: [{ id: untold.matterId, version: untold.version }],
      to: 'closed',
    });
    expect(bulk.applied).toBe(false);
    expect(bulk.rows[0]?.message).toContain('say in the note how the client was told');
    expect((await caller.matters.get({ matterId: untold.matterId })).stage).toBe('outcome_to_send');
    await expect(
      caller.matters.moveStage({
        matterId: untold.matterId,
        version: untold.version,
        to: 'closed',
        note: 'Told the client by phone on 2026-11-27; no mailing address.',
      }),
    ).resolves.toMatchObject({ stage: 'closed' });

    const sent = await matterAtOutcome(api);
    const composed = await caller.messages.composeOutcome({ matterId: sent.matterId });
    await caller.messages.sendOutcome({
      matterId: sent.matterId,
      version: sent.version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    });
    expect((await caller.matters.get({ matterId: sent.matterId })).stage).toBe('closed');
  });
});
