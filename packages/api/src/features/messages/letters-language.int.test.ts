// A letter waits in the print queue for days; meanwhile staff may learn the client reads English, not
// Spanish (or the other way). A letter written in the language the client no longer chose is not
// printed, nor mailed in a run, and is listed with why and what to do; taken out, the delivery problem
// says why. Changed back, it prints again.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import { authedContext, giveOfficesLetterheads, openMatterFor } from './fixtures.ts';
import { lettersToPrint, printLetter, printMailingRun, withdrawLetter } from './letters.ts';

const BY_LETTER = { contact: { email: false, sms: false, letter: true, phone: true } };

describe.each(testDialects())('letters in a language the client no longer chose (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** An "in review" status sent by letter to a client who prefers `language`: the letter's id. */
  async function letterTo(language: 'en' | 'es') {
    const { matterId, clientId } = await openMatterFor(api, { preferredLanguage: language, ...BY_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const choice = {
      matterId,
      statusType: 'in_review' as const,
      cantProceedReason: null,
      courtDate: null,
      nextSteps: [],
    };
    const composed = await intake.messages.composeStatus(choice);
    const sent = await intake.messages.sendStatus({
      choice,
      writtenIn: language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    const [letter] = sent.messageIds;
    if (!letter) throw new Error('no letter');
    return { matterId, clientId, letter };
  }

  async function prefer(matterId: string, clientId: string, language: 'en' | 'es' | 'zh') {
    const intake = await api.signedIn('alameda.intake');
    const { client } = await intake.matters.get({ matterId });
    await intake.clients.update({
      clientId,
      version: client.version,
      client: { ...client.details, preferredLanguage: language },
    });
  }

  it('a Spanish letter for a client who now reads English is held, says why, and prints once changed back', async () => {
    const spanish = await letterTo('es');
    const english = await letterTo('en');
    await prefer(spanish.matterId, spanish.clientId, 'en');

    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    const waiting = await lettersToPrint(ctx);
    expect(waiting.messageIds).toContain(english.letter);
    expect(waiting.messageIds).not.toContain(spanish.letter);
    const listed = waiting.cannotPrint.find((l) => l.messageId === spanish.letter);
    expect(listed?.reason).toBe(
      'No longer right: It is written in Spanish (Español), and the client’s language is now English: it would reach them in a language they no longer chose. Take it out of the print queue (it is not mailed) and write it again from the matter page, in English.',
    );
    const run = await printMailingRun(ctx, { messageIds: [spanish.letter, english.letter] });
    expect(run.messageIds).toEqual([english.letter]);
    expect((await refusal(printLetter(ctx, spanish.letter))).message).toContain('no longer chose');

    // Back to Spanish: the letter is right again.
    await prefer(spanish.matterId, spanish.clientId, 'es');
    expect((await lettersToPrint(ctx)).messageIds).toContain(spanish.letter);
  });

  it('a client who now prefers a language with no letters of its own gets English: a Spanish letter is held, an English one is not', async () => {
    const spanish = await letterTo('es');
    const english = await letterTo('en');
    await prefer(spanish.matterId, spanish.clientId, 'zh');
    await prefer(english.matterId, english.clientId, 'zh');
    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    const waiting = await lettersToPrint(ctx);
    expect(waiting.messageIds).toContain(english.letter);
    expect(waiting.cannotPrint.find((l) => l.messageId === spanish.letter)?.reason).toContain(
      'the client’s language is now Chinese (中文)',
    );
  });

  it('taken out of the print queue, the delivery problem says it was in the wrong language', async () => {
    const spanish = await letterTo('es');
    await prefer(spanish.matterId, spanish.clientId, 'en');
    const outbox = await api.database.db
      .selectFrom('outbox')
      .select(['id', 'version'])
      .where('message_id', '=', spanish.letter)
      .executeTakeFirstOrThrow();
    await withdrawLetter(await authedContext(api, 'alameda.intake', 'messages.withdrawLetter'), {
      outboxId: outbox.id,
      version: outbox.version,
    });
    const taken = await api.database.db
      .selectFrom('outbox')
      .select(['state', 'last_error'])
      .where('id', '=', outbox.id)
      .executeTakeFirstOrThrow();
    expect(taken.state).toBe('failed');
    expect(taken.last_error).toBe(
      'Taken out of the print queue by Intake of Alameda County Public Defender: it is written in Spanish (Español), and the client’s language is now English: it would reach them in a language they no longer chose.',
    );
  });
});
