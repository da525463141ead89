// A message previewed in one language is not sent as another: when a colleague changes the client's
// language between the preview and Send, sending is refused (nothing queued, the matter as it was),
// and a preview made again in the new language goes, recorded in the language it is written in.
import { testDialects } from '@relief-desk/db/testing';
import type { LanguageCode } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import { giveOfficesLetterheads, matterAtOutcome, openMatterFor } from './fixtures.ts';

const BY_EMAIL_AND_LETTER = { contact: { email: true, sms: false, letter: true, phone: true } };

describe.each(testDialects())('a message is sent in the language it was written in (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** A colleague records the client's new language, as the client edit form does. */
  async function changeLanguage(matterId: string, preferredLanguage: LanguageCode) {
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId: client.id,
      version: client.version,
      client: { ...client.details, preferredLanguage },
    });
  }

  const messagesOf = (matterId: string) =>
    api.database.db
      .selectFrom('messages')
      .select(['language', 'body'])
      .where('matter_id', '=', matterId)
      .orderBy('id')
      .execute();

  /** Refused with a message saying what to send, and nothing queued or recorded. */
  async function expectAskedForWrittenIn(refused: Awaited<ReturnType<typeof refusal>>, matterId: string) {
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields).toEqual([
      {
        path: 'writtenIn',
        message:
          'Say which language the texts were written in (writtenIn: the language of the preview they came from), so they are not sent, and recorded, as another.',
      },
    ]);
    expect(await messagesOf(matterId)).toEqual([]);
  }

  it('refuses a court outcome previewed in English once the client prefers Spanish, then sends it in Spanish', async () => {
    const { matterId, version } = await matterAtOutcome(api, {
      preferredLanguage: 'en',
      ...BY_EMAIL_AND_LETTER,
    });
    const attorney = await api.signedIn('alameda.attorney');
    const english = await attorney.messages.composeOutcome({ matterId });
    expect(english.language).toBe('en');
    await changeLanguage(matterId, 'es');

    const outgoing = (composed: typeof english) =>
      composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text }));
    const refused = await refusal(
      attorney.messages.sendOutcome({ matterId, version, messages: outgoing(english), writtenIn: 'en' }),
    );
    expect(refused.appCode).toBe('VERSION_CONFLICT');
    expect(refused.message).toMatch(
      /^This message was written in English, but .+’s messages are written in Spanish \(Español\): preview it again to send it in Spanish \(Español\)\.$/,
    );
    expect(await messagesOf(matterId)).toEqual([]);
    expect((await attorney.matters.get({ matterId })).stage).toBe('outcome_to_send');

    const spanish = await attorney.messages.composeOutcome({ matterId });
    expect(spanish.language).toBe('es');
    await attorney.messages.sendOutcome({ matterId, version, messages: outgoing(spanish), writtenIn: 'es' });
    const sent = await messagesOf(matterId);
    expect(sent.map((m) => m.language)).toEqual(['es', 'es']);
    for (const message of sent) expect(message.body).toContain('Estimado/a');
  });

  it('refuses a status update previewed in Spanish once the client prefers English', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'es', ...BY_EMAIL_AND_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const };
    const spanish = await intake.messages.composeStatus(choice);
    expect(spanish.language).toBe('es');
    await changeLanguage(matterId, 'en');
    const messages = spanish.messages.map(({ channel, subject, text }) => ({ channel, subject, text }));
    const refused = await refusal(intake.messages.sendStatus({ choice, messages, writtenIn: 'es' }));
    expect(refused.message).toContain('This message was written in Spanish (Español)');
    expect(refused.message).toContain('preview it again to send it in English.');
    expect(await messagesOf(matterId)).toEqual([]);

    // A language with no templates of its own is written in English: a change from English to it
    // changes nothing that was written, so the preview still goes.
    const english = await intake.messages.composeStatus(choice);
    await changeLanguage(matterId, 'vi');
    await intake.messages.sendStatus({
      choice,
      messages: english.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: english.language,
    });
    expect((await messagesOf(matterId)).map((m) => m.language)).toEqual(['en', 'en']);
  });

  it('refuses a status update that does not say which language it was written in (a script calling the API)', async () => {
    const { matterId } = await openMatterFor(api, { preferredLanguage: 'en', ...BY_EMAIL_AND_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const };
    const refused = await refusal(
      intake.messages.sendStatus({
        choice,
        messages: [{ channel: 'email', subject: 'Su caso', text: 'Estamos revisando su historial.' }],
      } as Parameters<typeof intake.messages.sendStatus>[0]),
    );
    await expectAskedForWrittenIn(refused, matterId);
  });

  it('refuses a court outcome that does not say which language it was written in, and leaves the matter open', async () => {
    const { matterId, version } = await matterAtOutcome(api, { preferredLanguage: 'en' });
    const attorney = await api.signedIn('alameda.attorney');
    const refused = await refusal(
      attorney.messages.sendOutcome({
        matterId,
        version,
        messages: [{ channel: 'email', subject: 'Su caso', text: 'La corte concedió su petición.' }],
      } as Parameters<typeof attorney.messages.sendOutcome>[0]),
    );
    await expectAskedForWrittenIn(refused, matterId);
    expect((await attorney.matters.get({ matterId })).stage).toBe('outcome_to_send');
  });
});
