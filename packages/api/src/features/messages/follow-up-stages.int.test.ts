// The automatic follow-up says "our team is now reviewing your record… This can take several weeks":
// it goes only to a matter at a stage where that is true (the stages before filing, as the status
// page has it), never to one whose petition is prepared, filed or decided, nor to an ended one. A
// matter due at each stage: those past the review get nothing, and their timeline says nothing of it.
import { testDialects } from '@relief-desk/db/testing';
import { isOpenStage, STAGES, STATUS_CURRENT_IN } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, openMatterFor } from './fixtures.ts';
import { queueDueFollowUps } from './followUp.ts';

const DAY = 86_400_000;

describe.each(testDialects())('automatic follow-up only where “in review” is true (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  it('a matter due at each stage gets the follow-up only before filing; the others get nothing, and no timeline entry', async () => {
    const matters: { stage: (typeof STAGES)[number]; matterId: string }[] = [];
    for (const stage of STAGES) {
      const { matterId } = await openMatterFor(api, {
        preferredLanguage: 'en',
        contact: { email: true, sms: false, letter: false, phone: true },
      });
      // Put straight at the stage: what matters here is only the stage a due matter is at.
      await api.database.db
        .updateTable('matters')
        .set({ stage, closed_at: isOpenStage(stage) ? null : api.clock.now().toISOString() })
        .where('id', '=', matterId)
        .execute();
      matters.push({ stage, matterId });
    }

    const start = api.clock.now();
    try {
      api.clock.set(new Date(start.getTime() + 43 * DAY));
      const run = await queueDueFollowUps(api.database.db, api.clock);
      const inReview = STATUS_CURRENT_IN.in_review;
      expect(run.queued).toBe(inReview.length);
      expect(run.skipped).toEqual([]);
      const intake = await api.signedIn('alameda.intake');
      for (const { stage, matterId } of matters) {
        const sent = await api.database.db
          .selectFrom('messages')
          .select(['kind', 'status_type', 'body'])
          .where('matter_id', '=', matterId)
          .execute();
        const timeline = (await intake.matters.get({ matterId })).timeline;
        const told = timeline.filter((e) => /follow-up|in review/i.test(e.summary));
        if (inReview.includes(stage)) {
          expect(
            sent.map((m) => [m.kind, m.status_type]),
            stage,
          ).toEqual([['follow_up', 'in_review']]);
          expect(sent[0]?.body).toContain('reviewing your record');
          expect(
            told.map((e) => e.kind),
            stage,
          ).toEqual(['follow_up_queued']);
        } else {
          expect(sent, stage).toEqual([]);
          expect(told, stage).toEqual([]);
          expect(
            await api.database.db
              .selectFrom('matter_follow_ups')
              .select('matter_id')
              .where('matter_id', '=', matterId)
              .execute(),
            stage,
          ).toEqual([]);
        }
      }
      // Only the stages before filing: the follow-up is untrue from the moment a petition is prepared.
      expect(inReview).not.toContain('petitions_to_file');
      expect(inReview).not.toContain('awaiting_decision');
    } finally {
      api.clock.set(start);
    }
  });

  it('staff cannot send “in review” past the review either: the same rule refuses it', async () => {
    const intake = await api.signedIn('alameda.intake');
    for (const stage of STAGES) {
      const { matterId } = await openMatterFor(api, {
        preferredLanguage: 'en',
        contact: { email: true, sms: false, letter: false, phone: true },
      });
      await api.database.db
        .updateTable('matters')
        .set({ stage, closed_at: isOpenStage(stage) ? null : api.clock.now().toISOString() })
        .where('id', '=', matterId)
        .execute();
      const composed = intake.messages.composeStatus({ matterId, statusType: 'in_review' }).then(
        () => null,
        (e: { message: string }) => e.message,
      );
      if (STATUS_CURRENT_IN.in_review.includes(stage)) expect(await composed, stage).toBeNull();
      else expect(await composed, stage).toMatch(/an “in review” message would/);
    }
  });
});
