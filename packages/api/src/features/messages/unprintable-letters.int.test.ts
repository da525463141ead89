// A letter the PDF cannot print (a name with an emoji, or in a script the letters' font has not) is
// refused when it is written, by every way a letter is written, saying which character and what to
// correct. One queued before that was so does not stop a mailing run: the rest print, and it is named
// with why; staff take it out of the print queue and, once the client's name is corrected, write it
// again from the client's details as they are now.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { submitOnlineApplication } from '../applications/apply.ts';
import { applicationFormFields } from '../applications/fixtures.ts';
import { expectEventAndAudit, refusal } from '../lifecycle-fixtures.ts';
import { authedContext, giveOfficesLetterheads, matterAtOutcome, openMatterFor } from './fixtures.ts';
import { queueDueFollowUps } from './followUp.ts';
import { lettersToPrint, printMailingRun } from './letters.ts';

const DAY = 86_400_000;
const EMOJI_NAME = 'Jo😀 Smith';
const EMOJI = '"😀" (U+1F600, an emoji or pictograph)';
const BY_LETTER = { contact: { email: false, sms: false, letter: true, phone: true } };
const BY_EMAIL_AND_LETTER = { contact: { email: true, sms: false, letter: true, phone: true } };

describe.each(testDialects())('letters that cannot be printed (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const messagesOf = (matterId: string) =>
    api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select([
        'messages.id',
        'messages.channel',
        'messages.recipient',
        'outbox.id as outboxId',
        'outbox.state',
        'outbox.version',
        'outbox.last_error',
      ])
      .where('messages.matter_id', '=', matterId)
      .orderBy('messages.id')
      .execute();

  const matterOf = async (messageId: string) =>
    (
      await api.database.db
        .selectFrom('messages')
        .select('matter_id')
        .where('id', '=', messageId)
        .executeTakeFirstOrThrow()
    ).matter_id;

  /** An "in review" letter as staff send it from the preview. */
  async function sendLetter(matterId: string) {
    const intake = await api.signedIn('alameda.intake');
    const composed = await intake.messages.composeStatus({ matterId, statusType: 'in_review' });
    const sent = await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId, statusType: 'in_review' },
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    return { messageId: sent.messageIds[0] ?? '', outboxId: sent.outboxIds[0] ?? '' };
  }

  /**
   * A letter to a client named with an emoji, queued as it was before letters were checked when
   * written: sent to the name spelled plainly, then the name (the client's, and the letter's own) as
   * it was typed.
   */
  async function queuedBeforeTheCheck(name = EMOJI_NAME) {
    const plain = name.replace('😀', '');
    const { matterId, clientId } = await openMatterFor(api, { legalName: plain, ...BY_LETTER });
    const letter = await sendLetter(matterId);
    const db = api.database.db;
    await db.updateTable('clients').set({ legal_name: name }).where('id', '=', clientId).execute();
    const stored = await db
      .selectFrom('messages')
      .select(['recipient', 'body'])
      .where('id', '=', letter.messageId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('messages')
      .set({ recipient: stored.recipient.replace(plain, name), body: stored.body.replaceAll(plain, name) })
      .where('id', '=', letter.messageId)
      .execute();
    return { matterId, clientId, ...letter };
  }

  it('is refused when a status update is sent, naming the character and what to correct; the preview says so first', async () => {
    const { matterId } = await openMatterFor(api, { legalName: EMOJI_NAME, ...BY_EMAIL_AND_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const composed = await intake.messages.composeStatus({ matterId, statusType: 'in_review' });
    const [email, letter] = composed.messages;
    expect(email).toMatchObject({ channel: 'email', cannotPrint: null });
    expect(letter?.channel).toBe('letter');
    expect(letter?.cannotPrint).toContain(`The recipient's name or address has ${EMOJI}`);
    expect(letter?.cannotPrint).toContain('Enter the name and address in Latin letters');

    const both = composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text }));
    const refused = await refusal(
      intake.messages.sendStatus({
        writtenIn: composed.language,
        choice: { matterId, statusType: 'in_review' },
        messages: both,
      }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toMatch(/^Nothing was sent: the letter cannot be printed\. The recipient's name/);
    expect(refused.message).toContain(EMOJI);
    expect(refused.fields).toEqual([{ path: 'messages.1.channel', message: letter?.cannotPrint }]);
    // Nothing went: not the e-mail either.
    expect(await messagesOf(matterId)).toEqual([]);

    // By e-mail alone it goes.
    await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId, statusType: 'in_review' },
      messages: both.filter((m) => m.channel === 'email'),
    });
    expect((await messagesOf(matterId)).map((m) => m.channel)).toEqual(['email']);
  });

  it('is refused for a character staff typed into the letter, on the text', async () => {
    const { matterId } = await openMatterFor(api, BY_LETTER);
    const intake = await api.signedIn('alameda.intake');
    const refused = await refusal(
      intake.messages.sendStatus({
        writtenIn: 'es',
        choice: { matterId, statusType: 'in_review' },
        messages: [{ channel: 'letter', subject: 'Your case', text: 'We are reviewing your record 👍' }],
      }),
    );
    expect(refused.fields).toEqual([
      { path: 'messages.0.text', message: expect.stringContaining('The letter\'s text has "👍"') },
    ]);
    expect(await messagesOf(matterId)).toEqual([]);
  });

  it('is refused for the court outcome by letter, and the matter stays to send', async () => {
    const { matterId, version } = await matterAtOutcome(api, { legalName: EMOJI_NAME, ...BY_LETTER });
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    expect(composed.messages[0]?.cannotPrint).toContain(EMOJI);
    const refused = await refusal(
      attorney.messages.sendOutcome({
        matterId,
        version,
        messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
        writtenIn: composed.language,
      }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.fields[0]?.path).toBe('messages.0.channel');
    expect((await attorney.matters.get({ matterId })).stage).toBe('outcome_to_send');
    expect(await messagesOf(matterId)).toEqual([]);
  });

  // Regression: a street line too wide for the envelope window printed cut off with "…", and the
  // preview said nothing (cannotPrint: null).
  it('a street line too wide for one line of the window goes on two; too long for the window, the outcome letter is refused naming the line', async () => {
    const legalName = 'María de los Ángeles Guadalupe Fernández-Villaseñor y Castañeda';
    const street =
      '12345 Avenida de los Árboles Frondosos y las Golondrinas Peregrinas del Valle Encantado Norte';
    const address = (line1: string, line2: string) => ({
      address: { line1, line2, city: 'San José', state: 'CA', postalCode: '95112' },
    });
    const attorney = await api.signedIn('alameda.attorney');
    const fits = await matterAtOutcome(api, { legalName, ...address(street, ''), ...BY_LETTER });
    expect((await attorney.messages.composeOutcome({ matterId: fits.matterId })).messages[0]).toMatchObject({
      channel: 'letter',
      cannotPrint: null,
    });

    const longer = `${street}, Edificio de las Buganvillas Moradas, Departamento Número Cuatrocientos Doce`;
    const { matterId, version } = await matterAtOutcome(api, {
      legalName,
      ...address(longer, 'Casa 4'),
      ...BY_LETTER,
    });
    const composed = await attorney.messages.composeOutcome({ matterId });
    const cannotPrint = composed.messages[0]?.cannotPrint ?? '';
    expect(cannotPrint).toMatch(
      /^The recipient's address line 1 \("12345 Avenida de los Árboles Frondosos y…"\) is too long for the envelope window/,
    );
    expect(cannotPrint).toContain('"Avenida" as "Ave"');
    expect(cannotPrint).toMatch(/then write the letter again\.$/);
    const refused = await refusal(
      attorney.messages.sendOutcome({
        matterId,
        version,
        messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
        writtenIn: composed.language,
      }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.fields).toEqual([{ path: 'messages.0.channel', message: cannotPrint }]);
    expect(await messagesOf(matterId)).toEqual([]);
  });

  it('is refused when a failed e-mail is sent again by letter', async () => {
    const { matterId } = await openMatterFor(api, { legalName: EMOJI_NAME, ...BY_EMAIL_AND_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const composed = await intake.messages.composeStatus({ matterId, statusType: 'in_review' });
    const email = composed.messages.filter((m) => m.channel === 'email');
    await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId, statusType: 'in_review' },
      messages: email,
    });
    const [row] = await messagesOf(matterId);
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'failed', last_error: 'Mailbox full.', version: 2 })
      .where('id', '=', row?.outboxId ?? '')
      .execute();
    const refused = await refusal(
      intake.messages.resendVia({ outboxId: row?.outboxId ?? '', version: 2, channel: 'letter' }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.fields).toEqual([{ path: 'channel', message: expect.stringContaining(EMOJI) }]);
    expect((await messagesOf(matterId)).map((m) => [m.channel, m.state])).toEqual([['email', 'failed']]);
  });

  it('is not written for an online application: no confirmation is promised, and staff are told why', async () => {
    const office = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.alameda)
      .executeTakeFirstOrThrow();
    const form = applicationFormFields({
      legalName: '王小明',
      birthYear: '1980',
      email: '',
      consentToText: '',
      addressLine1: '1221 Oak St',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94612',
    });
    const pacing = { minimumMs: 0, now: () => 0, sleep: async () => {} };
    const ctx = api.context({ ip: '192.0.2.200', publicOrigin: 'https://desk.example.org' });
    const call = { slug: office.slug ?? '', language: 'en' as const, form, submissionKey: null };
    const outcome = await submitOnlineApplication(ctx, { ...call, honeypotFilled: false }, pacing);
    expect(outcome).toMatchObject({ kind: 'received', answer: { confirmedBy: null } });
    // A program that filled the hidden field is answered the same.
    const hidden = await submitOnlineApplication(ctx, { ...call, honeypotFilled: true }, pacing);
    expect(hidden).toMatchObject({ kind: 'received', answer: { confirmedBy: null } });

    const client = await api.database.db
      .selectFrom('clients')
      .innerJoin('matters', 'matters.client_id', 'clients.id')
      .select(['clients.id', 'matters.id as matter_id'])
      .where('clients.legal_name', '=', '王小明')
      .executeTakeFirstOrThrow();
    expect(await messagesOf(client.matter_id)).toEqual([]);
    const event = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', client.matter_id)
      .where('kind', '=', 'delivery_failed')
      .executeTakeFirstOrThrow();
    expect(event.summary).toContain('The confirmation of the online application was not mailed');
    expect(event.summary).toContain('"王" (U+738B, a Chinese character)');
  });

  it('is left out of a mailing run: the other letters print, and the answer names it and why', async () => {
    const first = await sendLetter((await openMatterFor(api, BY_LETTER)).matterId);
    const old = await queuedBeforeTheCheck();
    const last = await sendLetter((await openMatterFor(api, BY_LETTER)).matterId);
    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    const run = await printMailingRun(ctx, {
      messageIds: [first.messageId, old.messageId, last.messageId],
    });
    expect(run.messageIds).toEqual([first.messageId, last.messageId]);
    expect(run.letters).toBe(2);
    expect(run.bytes.length).toBeGreaterThan(1000);
    expect(run.leftOut).toEqual([
      { messageId: old.messageId, field: 'recipient', reason: expect.any(String) },
    ]);
    // What to do, for a letter that keeps the name it was written with: not "print it again".
    const reason = run.leftOut[0]?.reason ?? '';
    expect(reason).toContain(`The recipient's name or address has ${EMOJI}`);
    expect(reason).toContain('take the letter out of the print queue and write it again');
    expect(reason).not.toContain('print the letter again');

    // The page asks what to print: the letters that can be, and apart, the one that cannot, by client.
    const waiting = await lettersToPrint(ctx);
    expect(waiting.messageIds).toContain(first.messageId);
    expect(waiting.messageIds).not.toContain(old.messageId);
    expect(waiting.cannotPrint).toContainEqual({
      messageId: old.messageId,
      outboxId: old.outboxId,
      version: 1,
      matterId: old.matterId,
      reference: expect.any(String),
      clientName: EMOJI_NAME,
      subject: expect.any(String),
      wordedByStaff: false,
      // The language it is written in, so its subject is read in it on the page.
      language: 'es',
      because: 'cannotDraw',
      reason,
    });

    // Alone, it is refused, saying why.
    const alone = await refusal(printMailingRun(ctx, { messageIds: [old.messageId] }));
    expect(alone.appCode).toBe('BAD_INPUT');
    expect(alone.message).toContain('This letter cannot be printed.');
    expect(alone.message).toContain(EMOJI);
  });

  it('is not marked printed, nor are the letters named with it: it was in no mailing run', async () => {
    const first = await sendLetter((await openMatterFor(api, BY_LETTER)).matterId);
    const old = await queuedBeforeTheCheck();
    const intake = await api.signedIn('alameda.intake');
    const refused = await refusal(
      intake.messages.confirmPrinted({ messageIds: [first.messageId, old.messageId] }),
    );
    expect(refused.appCode).toBe('BAD_INPUT');
    expect(refused.message).toContain(
      'A letter named cannot be printed as written, so none is marked printed',
    );
    expect(refused.message).toContain(`Letter 2 of 2: The recipient's name or address has ${EMOJI}`);
    // Nothing half-done: both still wait in the print queue, and neither timeline says "printed".
    for (const letter of [first, old]) {
      const [row] = (await messagesOf(await matterOf(letter.messageId))).filter(
        (m) => m.id === letter.messageId,
      );
      expect(row?.state).toBe('printing');
    }
    const printedEvents = await api.database.db
      .selectFrom('matter_events')
      .select('id')
      .where('kind', '=', 'letter_printed')
      .where('matter_id', 'in', [await matterOf(first.messageId), old.matterId])
      .execute();
    expect(printedEvents).toEqual([]);
    // The letter that can be printed is marked on its own.
    await expect(intake.messages.confirmPrinted({ messageIds: [first.messageId] })).resolves.toEqual({
      marked: 1,
      alreadyMarked: 0,
      takenOut: [],
    });
  });

  it('taken out of the print queue, it is a delivery problem; once the name is corrected it is written again and prints', async () => {
    const old = await queuedBeforeTheCheck();
    const intake = await api.signedIn('alameda.intake');
    // A stale version is refused.
    expect(
      (await refusal(intake.messages.withdrawLetter({ outboxId: old.outboxId, version: 7 }))).appCode,
    ).toBe('VERSION_CONFLICT');

    const { result, summary } = await expectEventAndAudit(
      api,
      {
        matterId: old.matterId,
        kind: 'delivery_failed',
        who: 'alameda.intake',
        action: 'messages.withdrawLetter',
      },
      () => intake.messages.withdrawLetter({ outboxId: old.outboxId, version: 1 }),
    );
    expect(result).toEqual({ outboxId: old.outboxId, version: 2 });
    expect(summary).toContain('not mailed. Taken out of the print queue by Intake of');
    const [taken] = await messagesOf(old.matterId);
    expect(taken).toMatchObject({ state: 'failed', version: 2 });
    expect(taken?.last_error).toContain(`the recipient's name or address has ${EMOJI}`);
    // Once only.
    expect(
      (await refusal(intake.messages.withdrawLetter({ outboxId: old.outboxId, version: 2 }))).appCode,
    ).toBe('VERSION_CONFLICT');
    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    expect((await lettersToPrint(ctx)).cannotPrint.map((l) => l.messageId)).not.toContain(old.messageId);

    const problem = (await intake.messages.deliveryProblems()).find((p) => p.outboxId === old.outboxId);
    expect(problem).toMatchObject({ channel: 'letter', writeAgain: true, version: 2 });
    expect(problem?.reason).toContain(EMOJI);
    // Put back as it was written, it still could not be printed.
    const retried = await refusal(intake.messages.retry({ outboxId: old.outboxId, version: 2 }));
    expect(retried.appCode).toBe('BAD_INPUT');
    expect(retried.message).toContain('This letter cannot go back to the print queue');
    // Written again before the name is corrected, neither.
    const early = await refusal(
      intake.messages.resendVia({ outboxId: old.outboxId, version: 2, channel: 'letter' }),
    );
    expect(early.fields[0]?.path).toBe('channel');

    // The name corrected on the client, the letter is written again from it, and prints.
    const matter = await intake.matters.get({ matterId: old.matterId });
    await intake.clients.update({
      clientId: old.clientId,
      version: matter.client.version,
      client: { ...matter.client.details, legalName: 'Jo Smith' },
    });
    const again = await intake.messages.resendVia({ outboxId: old.outboxId, version: 2, channel: 'letter' });
    const rows = await messagesOf(old.matterId);
    expect(rows.map((r) => [r.id, r.state])).toEqual([
      [old.messageId, 'replaced'],
      [again.messageId, 'printing'],
    ]);
    expect(rows[1]?.recipient.split('\n')[0]).toBe('Jo Smith');
    const timeline = (await intake.matters.get({ matterId: old.matterId })).timeline;
    expect(timeline[0]).toMatchObject({
      kind: 'delivery_rerouted',
      summary: expect.stringContaining('written again with the client’s name and address as they are now'),
    });
    const run = await printMailingRun(ctx, { messageIds: [again.messageId] });
    expect(run).toMatchObject({ messageIds: [again.messageId], leftOut: [] });
  });

  it('a letter printed, then taken out of the print queue by a colleague, is not marked sent: the one holding the page is told not to mail it, and why', async () => {
    const letter = await sendLetter((await openMatterFor(api, BY_LETTER)).matterId);
    const intake = await api.signedIn('alameda.intake');
    const ctx = await authedContext(api, 'alameda.intake', 'letters.printMailingRun');
    await printMailingRun(ctx, { messageIds: [letter.messageId] });
    await (await api.signedIn('alameda.attorney')).messages.withdrawLetter({
      outboxId: letter.outboxId,
      version: 1,
    });
    const confirmed = await intake.messages.confirmPrinted({ messageIds: [letter.messageId] });
    expect(confirmed).toEqual({
      marked: 0,
      alreadyMarked: 0,
      takenOut: [
        { messageId: letter.messageId, reason: expect.stringContaining('Taken out of the print queue by') },
      ],
    });
    const [row] = (await messagesOf(await matterOf(letter.messageId))).filter(
      (m) => m.id === letter.messageId,
    );
    expect(row?.state).toBe('failed');
  });

  it('a letter is taken out of the print queue only in its own office, and one that tells criminal history only with the RAP sheet permission', async () => {
    const letter = await sendLetter((await openMatterFor(api, BY_LETTER)).matterId);
    const elsewhere = await api.signedIn('bayLegal.supervisor');
    expect(
      (await refusal(elsewhere.messages.withdrawLetter({ outboxId: letter.outboxId, version: 1 }))).appCode,
    ).toBe('NOT_FOUND');

    const { matterId, version } = await matterAtOutcome(api, BY_LETTER);
    const attorney = await api.signedIn('alameda.attorney');
    const composed = await attorney.messages.composeOutcome({ matterId });
    const sent = await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    });
    const [outcome] = await messagesOf(matterId);
    expect(outcome?.id).toBe(sent.messageIds[0]);
    const intake = await api.signedIn('alameda.intake');
    expect(
      (await refusal(intake.messages.withdrawLetter({ outboxId: outcome?.outboxId ?? '', version: 1 })))
        .appCode,
    ).toBe('FORBIDDEN');
    expect((await messagesOf(matterId))[0]?.state).toBe('printing');
    await attorney.messages.withdrawLetter({ outboxId: outcome?.outboxId ?? '', version: 1 });
    const [taken] = await messagesOf(matterId);
    // A letter that could be printed says only who took it out.
    expect(taken).toMatchObject({
      state: 'failed',
      last_error: 'Taken out of the print queue by Attorney of Alameda County Public Defender.',
    });
  });

  it('the automatic follow-up goes without the letter it could not print, and the timeline says why', async () => {
    const both = await openMatterFor(api, { legalName: 'Ana😀 Ruiz', ...BY_EMAIL_AND_LETTER });
    const letterOnly = await openMatterFor(api, { legalName: 'Ben😀 Ortiz', ...BY_LETTER });
    const start = api.clock.now();
    try {
      api.clock.set(new Date(start.getTime() + 43 * DAY));
      const run = await queueDueFollowUps(api.database.db, api.clock);
      expect((await messagesOf(both.matterId)).map((m) => m.channel)).toEqual(['email']);
      const queued = await api.database.db
        .selectFrom('matter_events')
        .select('summary')
        .where('matter_id', '=', both.matterId)
        .where('kind', '=', 'follow_up_queued')
        .executeTakeFirstOrThrow();
      expect(queued.summary).toContain('queued by email');
      expect(queued.summary).toContain(
        `Not by letter: it cannot be printed. The recipient's name or address has ${EMOJI}`,
      );

      expect(await messagesOf(letterOnly.matterId)).toEqual([]);
      expect(run.skipped).toContainEqual({
        matterId: letterOnly.matterId,
        reason: expect.stringContaining(EMOJI),
      });
      const failed = await api.database.db
        .selectFrom('matter_events')
        .select('summary')
        .where('matter_id', '=', letterOnly.matterId)
        .where('kind', '=', 'delivery_failed')
        .executeTakeFirstOrThrow();
      expect(failed.summary).toContain(
        'The automatic follow-up “In review” was not sent: the letter cannot be printed.',
      );
      // Done, not tried again every few minutes.
      const again = await queueDueFollowUps(api.database.db, api.clock);
      expect(again.skipped.map((s) => s.matterId)).not.toContain(letterOnly.matterId);
    } finally {
      api.clock.set(start);
    }
  });
});
