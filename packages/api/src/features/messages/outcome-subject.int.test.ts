// A court outcome's subject is staff's to write, and can say what the court decided ("Dismissal
// granted in case …"). Staff without the RAP sheet permission read neither it on the matter's messages
// nor in the timeline entries about the letter (printed, not mailed): those name it "Court outcome".
import { testDialects } from '@relief-desk/db/testing';
import { WITHHELD } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, matterAtOutcome } from './fixtures.ts';
import { COURT_OUTCOME_SUBJECT } from './timelineSubject.ts';

const TELLING_SUBJECT = 'Dismissal granted in case 16CR01234';
const BY_LETTER = { contact: { email: false, sms: false, letter: true, phone: true } };

describe.each(testDialects())('a court outcome’s subject (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** An outcome letter sent with a subject that tells the decision: its message id. */
  async function outcomeLetter(): Promise<{ matterId: string; messageId: string }> {
    const { matterId, version } = await matterAtOutcome(api, { preferredLanguage: 'en', ...BY_LETTER });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    const sent = await attorney.messages.sendOutcome({
      matterId,
      version,
      writtenIn: composed.language,
      // An edited text goes with the preview's fingerprint.
      fingerprint: composed.fingerprint,
      messages: composed.messages.map(({ channel, text }) => ({ channel, subject: TELLING_SUBJECT, text })),
    });
    return { matterId, messageId: sent.messageIds[0] ?? '' };
  }

  const told = async (matterId: string) => {
    const intake = await api.signedIn('alameda.intake');
    return JSON.stringify([
      await intake.messages.forMatter({ matterId }),
      (await intake.matters.get({ matterId })).timeline,
    ]);
  };

  it('is withheld from staff without the permission, on the messages and once the letter is printed', async () => {
    const { matterId, messageId } = await outcomeLetter();
    expect(await told(matterId)).not.toContain('16CR01234');
    const intake = await api.signedIn('alameda.intake');
    const messages = await intake.messages.forMatter({ matterId });
    expect(messages.find((m) => m.id === messageId)?.subject).toBe(WITHHELD);

    const attorney = await api.signedIn('alameda.attorney');
    await attorney.messages.confirmPrinted({ messageIds: [messageId] });
    expect(await told(matterId)).not.toContain('16CR01234');
    const timeline = (await attorney.matters.get({ matterId })).timeline.map((e) => e.summary);
    expect(timeline).toContain(`Letter printed for mailing: “${COURT_OUTCOME_SUBJECT}”.`);
    // Those who may see the record still read the subject as written on the messages.
    const seen = await attorney.messages.forMatter({ matterId });
    expect(seen.find((m) => m.id === messageId)?.subject).toBe(TELLING_SUBJECT);
  });

  it('is not named when the letter is taken out of the print queue', async () => {
    const { matterId, messageId } = await outcomeLetter();
    const attorney = await api.signedIn('alameda.attorney');
    const queued = await api.database.db
      .selectFrom('outbox')
      .select(['id', 'version'])
      .where('message_id', '=', messageId)
      .executeTakeFirstOrThrow();
    await attorney.messages.withdrawLetter({ outboxId: queued.id, version: queued.version });
    expect(await told(matterId)).not.toContain('16CR01234');
    const timeline = (await attorney.matters.get({ matterId })).timeline.map((e) => e.summary);
    expect(timeline.some((s) => s.startsWith(`Letter “${COURT_OUTCOME_SUBJECT}” not mailed.`))).toBe(true);
  });
});
