// A matter whose only petition was withdrawn has no court outcome to send. It is not let into "Outcome
// to send" (whose one action, Compose outcome, would fail), and the refusal says why and what to do
// instead; a matter already there from before is refused by Compose outcome in the same words, never
// the template's "Missing: convictions."
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor, petitionWithHearing } from './fixtures.ts';

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { appCode?: string; message: string } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

const WHY =
  'The court has decided no petition of this matter, so there is no outcome to send: its only petition was withdrawn. Tell the client where things stand with a status update instead';

describe.each(testDialects())('a matter whose only petition was withdrawn (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  async function awaitingWithPetitionWithdrawn() {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const { convictionId, petitionId } = await petitionWithHearing(api, matterId, '2027-03-07');
    const attorney = await api.signedIn('alameda.attorney');
    let matter = await attorney.matters.get({ matterId });
    for (const to of [
      'gathering_records',
      'eligibility_review',
      'petitions_to_file',
      'awaiting_decision',
    ] as const) {
      await attorney.matters.moveStage({ matterId, version: matter.version, to });
      matter = await attorney.matters.get({ matterId });
    }
    const petition = await api.database.db
      .selectFrom('petitions')
      .select('version')
      .where('id', '=', petitionId)
      .executeTakeFirstOrThrow();
    const court = 'Superior Court of California, County of Alameda';
    await attorney.petitions.update({
      petitionId,
      version: petition.version,
      status: 'withdrawn',
      court,
      filedOn: '2026-11-02',
      outcomes: [{ convictionId, outcome: null }],
    });
    return { matterId, attorney };
  }

  it('cannot move to “Outcome to send”: the refusal says the only petition was withdrawn and what to do', async () => {
    const { matterId, attorney } = await awaitingWithPetitionWithdrawn();
    const matter = await attorney.matters.get({ matterId });
    const refused = await refusal(
      attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' }),
    );
    expect(refused.message).toBe(
      `${WHY}, and move the matter to “Petitions to file” to file again, or to “Withdrawn” if the client’s request ends here.`,
    );
    expect((await attorney.matters.get({ matterId })).stage).toBe('awaiting_decision');
    // What it names can be done.
    const again = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({ matterId, version: again.version, to: 'withdrawn' });
    expect((await attorney.matters.get({ matterId })).stage).toBe('withdrawn');
  });

  it('already at “Outcome to send” from before: Compose outcome and sending refuse in the same words, not “Missing: convictions.”', async () => {
    const { matterId, attorney } = await awaitingWithPetitionWithdrawn();
    await api.database.db
      .updateTable('matters')
      .set({ stage: 'outcome_to_send' })
      .where('id', '=', matterId)
      .execute();
    const composed = await refusal(attorney.messages.composeOutcome({ matterId }));
    expect(composed.appCode).toBe('BAD_INPUT');
    expect(composed.message).not.toContain('Missing:');
    expect(composed.message).toBe(
      `${WHY}, and close the matter, saying in the note how the client was told.`,
    );
    const { version } = await attorney.matters.get({ matterId });
    const sent = await refusal(
      attorney.messages.sendOutcome({
        matterId,
        version,
        messages: [{ channel: 'email', text: 'x' }],
        writtenIn: 'en',
      }),
    );
    expect(sent.message).toBe(composed.message);
    // The way out it names is open.
    await attorney.matters.moveStage({
      matterId,
      version,
      to: 'closed',
      note: 'Petition withdrawn; the client was told by phone.',
    });
    expect((await attorney.matters.get({ matterId })).stage).toBe('closed');
  });

  it('“granted” is not said while another petition filed with the court was withdrawn as a whole (one dropped as a draft does not count)', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const granted = await petitionWithHearing(api, matterId, '2026-11-20');
    const dropped = await petitionWithHearing(api, matterId, '2027-03-07', {
      section: '484(a)',
      caseNumber: '18CR07654',
    });
    let matter = await attorney.matters.get({ matterId });
    for (const to of [
      'gathering_records',
      'eligibility_review',
      'petitions_to_file',
      'awaiting_decision',
    ] as const)
      matter = {
        ...matter,
        ...(await attorney.matters.moveStage({ matterId, version: matter.version, to })),
      };
    const court = 'Superior Court of California, County of Alameda';
    const versionOf = async (petitionId: string) =>
      (
        await api.database.db
          .selectFrom('petitions')
          .select('version')
          .where('id', '=', petitionId)
          .executeTakeFirstOrThrow()
      ).version;
    await attorney.petitions.update({
      petitionId: granted.petitionId,
      version: await versionOf(granted.petitionId),
      status: 'decided',
      court,
      filedOn: '2026-11-02',
      hearingOn: '2026-11-20',
      decidedOn: '2026-11-20',
      outcomes: [{ convictionId: granted.convictionId, outcome: 'granted' }],
    });
    await attorney.petitions.update({
      petitionId: dropped.petitionId,
      version: await versionOf(dropped.petitionId),
      status: 'withdrawn',
      court,
      filedOn: '2026-11-02',
      outcomes: [{ convictionId: dropped.convictionId, outcome: null }],
    });
    const refused = await refusal(attorney.messages.composeStatus({ matterId, statusType: 'granted' }));
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toContain('A petition filed with the court was withdrawn');
    // Its conviction removed as entered by mistake, the withdrawn petition asked the court of nothing
    // that is the client’s: "granted" may be said. (Put back for the rest of the test.)
    const removed = await api.database.db
      .selectFrom('convictions')
      .select('version')
      .where('id', '=', dropped.convictionId)
      .executeTakeFirstOrThrow();
    await attorney.convictions.remove({ convictionId: dropped.convictionId, version: removed.version });
    await expect(attorney.messages.composeStatus({ matterId, statusType: 'granted' })).resolves.toBeTruthy();
    await api.database.db
      .updateTable('convictions')
      .set({ removed_at: null, removed_by: null })
      .where('id', '=', dropped.convictionId)
      .execute();
    // Withdrawn before it was filed, it asked the court nothing: "granted" is true of what was asked.
    await attorney.petitions.update({
      petitionId: dropped.petitionId,
      version: await versionOf(dropped.petitionId),
      status: 'withdrawn',
      court,
      filedOn: null,
      outcomes: [{ convictionId: dropped.convictionId, outcome: null }],
    });
    await expect(attorney.messages.composeStatus({ matterId, statusType: 'granted' })).resolves.toBeTruthy();
  });
});
