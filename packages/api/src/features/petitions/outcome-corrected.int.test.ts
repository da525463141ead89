// A court outcome corrected after it was recorded says on the timeline what changed (granted → denied),
// and, once the client was told the earlier outcome, that they must be told the correction: in the
// entry and in the answer the page shows. Staff without the RAP sheet permission read neither.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, matterAtOutcome } from '../messages/fixtures.ts';

describe.each(testDialects())('a petition’s outcome corrected (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const court = 'Superior Court of California, County of Alameda';

  async function petitionOf(matterId: string) {
    const petition = await api.database.db
      .selectFrom('petitions')
      .selectAll()
      .where('matter_id', '=', matterId)
      .executeTakeFirstOrThrow();
    const members = await api.database.db
      .selectFrom('petition_convictions')
      .select(['conviction_id', 'outcome'])
      .where('petition_id', '=', petition.id)
      .execute();
    return { petition, members };
  }

  /** A supervisor sets every conviction of the matter's petition to `outcome`: the answer. */
  async function correctTo(matterId: string, outcome: 'granted' | 'denied') {
    const { petition, members } = await petitionOf(matterId);
    const supervisor = await api.signedIn('alameda.supervisor');
    return supervisor.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      status: 'decided',
      court,
      filedOn: petition.filed_on,
      decidedOn: petition.decided_on,
      outcomes: members.map((m) => ({ convictionId: m.conviction_id, outcome })),
    });
  }

  const updates = async (matterId: string, who: 'alameda.attorney' | 'alameda.intake') =>
    (await (await api.signedIn(who)).matters.get({ matterId })).timeline
      .filter((e) => e.kind === 'petition_updated')
      .map((e) => e.summary);

  it('names the change; before the outcome was sent, nobody is to be told again', async () => {
    const { matterId } = await matterAtOutcome(api, {}, { outcomes: ['granted', 'denied'] });
    const answer = await correctTo(matterId, 'denied');
    expect(answer.clientToldEarlier).toBeNull();
    expect(await updates(matterId, 'alameda.attorney')).toEqual([
      'Petition PC 1203.4 dismissal, case 16CR01234: outcome for 1 conviction: granted → denied.',
    ]);
  });

  it('after the outcome was sent: the entry and the answer say the client holds the earlier one', async () => {
    const { matterId, version } = await matterAtOutcome(api, {}, { outcomes: ['granted', 'granted'] });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
      fingerprint: composed.fingerprint,
    });

    const answer = await correctTo(matterId, 'denied');
    expect(answer.clientToldEarlier).toMatch(
      /^The client was told the court’s outcome on .+, before this correction: they hold the earlier outcome and must be told of the correction \(send them a new outcome or status message\)\.$/,
    );
    expect(await updates(matterId, 'alameda.attorney')).toEqual([
      `Petition PC 1203.4 dismissal, case 16CR01234: outcome for 2 convictions: granted → denied. ${answer.clientToldEarlier}`,
    ]);
    // Without the RAP sheet permission: what happened, nothing of the record.
    expect(await updates(matterId, 'alameda.intake')).toEqual(['A petition was updated.']);
  });
});
