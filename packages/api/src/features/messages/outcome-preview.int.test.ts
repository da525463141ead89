// The outcome preview of a matter at "Outcome to send" whose petition was since set to a continued
// hearing: sending is refused (the petition is still before the court), and the preview says so with
// the same words, rather than reading as the message to send; and a hearing already past is not told
// as the hearing to come.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome } from './fixtures.ts';

describe.each(testDialects())('the outcome preview of a continued hearing (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  async function continuedAtOutcome(hearingOn: string) {
    const { matterId } = await matterAtOutcome(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const [petition] = (await attorney.matters.get({ matterId })).petitions;
    if (!petition) throw new Error('no petition');
    const { version } = await api.database.db
      .selectFrom('petitions')
      .select('version')
      .where('id', '=', petition.id)
      .executeTakeFirstOrThrow();
    await attorney.petitions.update({
      petitionId: petition.id,
      version,
      status: 'decided',
      court: 'Superior Court of California, County of Alameda',
      filedOn: '2026-10-01',
      decidedOn: '2026-11-20',
      hearingOn,
      outcomes: petition.convictions.map((c) => ({
        convictionId: c.convictionId,
        outcome: 'continued' as const,
      })),
    });
    return { matterId, attorney };
  }

  it('says with the preview what sending would refuse, in its words', async () => {
    const { matterId, attorney } = await continuedAtOutcome('2026-12-02');
    const composed = await attorney.messages.composeOutcome({ matterId });
    expect(composed.sendRefusal).toBe(
      '1 petition(s) are still waiting for the court (no outcome yet, or a hearing continued): record their outcomes first, or move the matter back to “Awaiting court decision”.',
    );
    const sent = await refusal(
      attorney.messages.sendOutcome({
        matterId,
        version: composed.version,
        messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
        writtenIn: composed.language,
      }),
    );
    expect(sent.message).toBe(composed.sendRefusal);
    // The hearing to come is told as it is.
    expect(composed.messages[0]?.text).toMatch(/postponed to a hearing on December 2, 2026/);
  });

  it('read after the continued hearing: the past hearing is not told as the one to come', async () => {
    const { matterId } = await continuedAtOutcome('2026-12-02');
    const start = api.clock.now();
    api.clock.set('2026-12-05T18:00:00.000Z');
    try {
      // Signed in on the day read (a session does not last a week).
      const composed = await (await api.signedIn('alameda.attorney')).messages.composeOutcome({ matterId });
      for (const m of composed.messages) {
        expect(m.text).not.toMatch(/December 2|2 December|2 de diciembre/);
        expect(m.text).toContain('postponed to a later hearing');
      }
      expect(composed.sendRefusal).toContain('still waiting for the court');
    } finally {
      api.clock.set(start);
    }
  });

  it('nothing to refuse: no refusal said with the preview', async () => {
    const { matterId } = await matterAtOutcome(api, { preferredLanguage: 'en' });
    const composed = await (await api.signedIn('alameda.attorney')).messages.composeOutcome({ matterId });
    expect(composed.sendRefusal).toBeNull();
  });
});
