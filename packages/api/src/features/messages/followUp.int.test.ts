// The automatic follow-up to a client whose language has no written templates goes in English, as a
// staff-composed update does, and staff are told the same way: no one previews a follow-up, so its
// timeline entry (and its audit row) say it, for them to arrange interpretation.
import { testDialects } from '@relief-desk/db/testing';
import { LANGUAGES, TEMPLATE_LANGUAGE_CODES } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';
import { queueDueFollowUps } from './followUp.ts';

const DAY = 86_400_000;

describe.each(testDialects())('automatic follow-up in the client’s language (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  it('says on the timeline when it went in English for want of templates, as the status form does', async () => {
    // Every language a client may prefer, each reachable by every channel the desk sends by.
    const matters = [];
    for (const { code } of LANGUAGES)
      matters.push({
        code,
        ...(await openMatterFor(api, {
          preferredLanguage: code,
          contact: { email: true, sms: true, letter: true, phone: false },
          consentToText: true,
        })),
      });
    const intake = await api.signedIn('alameda.intake');
    // What staff see before they send the same update themselves.
    const composed = new Map<string, string | null>();
    for (const { code, matterId } of matters)
      composed.set(
        code,
        (await intake.messages.composeStatus({ matterId, statusType: 'in_review' })).fallbackFrom,
      );

    const start = api.clock.now();
    try {
      api.clock.set(new Date(start.getTime() + 43 * DAY));
      const run = await queueDueFollowUps(api.database.db, api.clock);
      expect(run.skipped).toEqual([]);
      const later = await api.signedIn('alameda.intake');
      for (const { code, matterId } of matters) {
        const written = (TEMPLATE_LANGUAGE_CODES as readonly string[]).includes(code) ? code : 'en';
        const fallbackFrom = written === code ? null : code;
        expect(composed.get(code)).toBe(fallbackFrom);

        const messages = await api.database.db
          .selectFrom('messages')
          .select(['kind', 'language', 'channel'])
          .where('matter_id', '=', matterId)
          .orderBy('id')
          .execute();
        expect(messages.map((m) => [m.kind, m.language, m.channel])).toEqual([
          ['follow_up', written, 'email'],
          ['follow_up', written, 'sms'],
          ['follow_up', written, 'letter'],
        ]);

        const event = await api.database.db
          .selectFrom('matter_events')
          .select(['summary', 'data'])
          .where('matter_id', '=', matterId)
          .where('kind', '=', 'follow_up_queued')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(event.data)).toMatchObject({ language: written, fallbackFrom });
        const label = (c: string) => LANGUAGES.find((l) => l.code === c)?.label;
        const notice = `Written in ${label(written)} (no written templates in ${label(code)} yet: arrange interpretation).`;
        if (fallbackFrom) expect(event.summary).toContain(notice);
        else expect(event.summary).not.toContain('arrange interpretation');

        const timeline = (await later.matters.get({ matterId })).timeline;
        expect(timeline.find((e) => e.kind === 'follow_up_queued')?.summary).toBe(event.summary);

        const audit = await api.database.db
          .selectFrom('audit_log')
          .select('detail')
          .where('entity_id', '=', matterId)
          .where('action', '=', 'messages.followUp')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(String(audit.detail))).toMatchObject({ fallbackFrom });
      }
    } finally {
      api.clock.set(start);
    }
  });
});
