// The court's outcome, sent while its signed order was still awaited, promises the client a copy, and
// sending it closes the matter. When the order comes, the matter page offers to send it: by e-mail
// (attached) and letter (enclosed), a text message saying only that it was sent, once per order file,
// on the closed matter, without reopening it.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rapSheetRefusal } from '../../access.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { giveOfficesLetterheads, outcomeSentAwaitingOrder, signedOrderArrives } from './fixtures.ts';

const SPANISH_EVERY_WAY = {
  preferredLanguage: 'es' as const,
  contact: { email: true, sms: true, letter: true, phone: true },
  consentToText: true,
};
const ENGLISH_EMAIL = {
  preferredLanguage: 'en' as const,
  contact: { email: true, sms: false, letter: false, phone: false },
};

async function refusal(call: Promise<unknown>) {
  const error = (await call.then(
    () => null,
    (e: unknown) => e,
  )) as { appCode?: string; message: string } | null;
  if (!error) throw new Error('expected a refusal');
  return error;
}

describe.each(testDialects())('sending the signed order after the outcome (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const rowsOf = (matterId: string) =>
    api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select(['messages.channel', 'messages.attachments', 'messages.body', 'outbox.state'])
      .where('messages.matter_id', '=', matterId)
      .orderBy('messages.created_at')
      .orderBy('messages.channel')
      .execute();

  it('the tester’s path: offered on the closed matter once the order is in, sent once with the file, then no longer offered', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, SPANISH_EVERY_WAY);
    const attorney = await api.signedIn('alameda.attorney');
    expect((await attorney.matters.get({ matterId })).stage).toBe('closed');
    // The outcome promised the copy; nothing to send until the order is in.
    const outcome = await rowsOf(matterId);
    expect(outcome.find((m) => m.channel === 'email')?.body).toContain(
      'Todavía no tenemos la orden firmada por la corte.',
    );
    expect((await attorney.messages.signedOrderCopies({ matterId })).orders).toEqual([]);

    api.clock.advanceMinutes(5);
    const { fileId } = await signedOrderArrives(api, matterId);
    const offered = await attorney.messages.signedOrderCopies({ matterId });
    expect(offered.orders.map((o) => o.fileId)).toEqual([fileId]);
    expect(offered.promised).toBe(true);
    expect(offered.sendRefusal).toBeNull();
    expect(offered.language).toBe('es');
    const texts = Object.fromEntries(offered.messages.map((m) => [m.channel, m]));
    expect(Object.keys(texts).sort()).toEqual(['email', 'letter', 'sms']);
    expect(texts.email?.subject).toBe('La orden firmada por la corte');
    expect(texts.email?.text).toContain(
      'Recibimos la orden firmada por la corte. Le adjuntamos una copia en este correo electrónico.',
    );
    expect(texts.letter?.text).toContain(
      'Recibimos la orden firmada por la corte. Le enviamos una copia con esta carta.',
    );
    // Named as the outcome names the requests the order rules on.
    for (const channel of ['email', 'letter'] as const) {
      expect(texts[channel]?.text).toContain('Es la orden sobre:');
      expect(texts[channel]?.text).toMatch(/Código Penal 484\(a\), caso 16CR01234.*condado de Alameda/);
      expect(texts[channel]?.text).toContain('Solicitud: desestimación según el Código Penal 1203.4.');
    }
    // A text message says it was sent, and by what: no case, no charge, no decision.
    expect(texts.sms?.text).toContain(
      'le enviamos una copia de la orden firmada por la corte por correo electrónico y por correo postal',
    );
    expect(texts.sms?.text).not.toMatch(/16CR01234|484|1203|aprob|neg/);

    const before = (await attorney.matters.get({ matterId })).version;
    const sent = await attorney.messages.sendSignedOrderCopies({
      matterId,
      version: offered.version,
      fileIds: [fileId],
      writtenIn: offered.language,
    });
    expect(sent.messageIds).toHaveLength(3);
    const copies = (await rowsOf(matterId)).slice(outcome.length);
    // The order goes with the e-mail and the letter (the worker attaches it, the mailing run encloses
    // it, from these rows); the text message carries none.
    expect(copies.map((m) => [m.channel, JSON.parse(m.attachments), m.state])).toEqual([
      ['email', [fileId], 'pending'],
      ['letter', [fileId], 'printing'],
      ['sms', [], 'pending'],
    ]);
    const matter = await attorney.matters.get({ matterId });
    expect(matter.stage).toBe('closed');
    expect(matter.version).toBe(before + 1);
    expect(matter.timeline[0]?.summary).toBe(
      'Copy of the court’s signed order sent to the client by e-mail, text message, letter.',
    );
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['outcome'])
      .where('entity_id', '=', matterId)
      .where('action', '=', 'messages.sendSignedOrderCopies')
      .execute();
    expect(audit).toEqual([{ outcome: 'ok' }]);

    // No longer offered; a second press (the old version) or a second tab (the new one) is refused,
    // naming who sent it and when, and nothing more is queued.
    expect((await attorney.messages.signedOrderCopies({ matterId })).orders).toEqual([]);
    const again = await refusal(
      attorney.messages.sendSignedOrderCopies({
        matterId,
        version: offered.version,
        fileIds: [fileId],
        writtenIn: 'es',
      }),
    );
    expect(again.appCode).toBe('VERSION_CONFLICT');
    expect(again.message).toMatch(/^This signed order was already sent to the client, by you on /);
    const supervisor = await api.signedIn('alameda.supervisor');
    const secondTab = await refusal(
      supervisor.messages.sendSignedOrderCopies({
        matterId,
        version: matter.version,
        fileIds: [fileId],
        writtenIn: 'es',
      }),
    );
    expect(secondTab.message).toMatch(/already sent to the client, by .+ on .*nothing was sent again\.$/);
    expect(secondTab.message).not.toContain('by you');
    expect(await rowsOf(matterId)).toHaveLength(outcome.length + 3);
  });

  it('the order of a petition withdrawn since is not offered (its outcome no longer stands)', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, ENGLISH_EMAIL);
    const attorney = await api.signedIn('alameda.attorney');
    api.clock.advanceMinutes(5);
    const { fileId } = await signedOrderArrives(api, matterId);
    expect((await attorney.messages.signedOrderCopies({ matterId })).orders.map((o) => o.fileId)).toEqual([
      fileId,
    ]);
    const [petition] = (await attorney.matters.get({ matterId })).petitions;
    if (!petition) throw new Error('no petition');
    await attorney.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      status: 'withdrawn',
      court: petition.court,
      filedOn: petition.filedOn,
      outcomes: petition.convictions.map((c) => ({ convictionId: c.convictionId, outcome: null })),
    });
    expect((await attorney.messages.signedOrderCopies({ matterId })).orders).toEqual([]);
  });

  it('two sends at once: one goes, the other is refused naming it', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, ENGLISH_EMAIL);
    const { fileId } = await signedOrderArrives(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const { version } = await attorney.messages.signedOrderCopies({ matterId });
    const input = { matterId, version, fileIds: [fileId], writtenIn: 'en' as const };
    const results = await Promise.allSettled([
      attorney.messages.sendSignedOrderCopies(input),
      supervisor.messages.sendSignedOrderCopies(input),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(String(refused.reason.message)).toMatch(/already sent to the client, by /);
    const emails = (await rowsOf(matterId)).filter((m) => JSON.parse(m.attachments).includes(fileId));
    expect(emails).toHaveLength(1);
  });

  it('several orders: said in the plural, each named; an order set aside since the page showed it is not sent unseen', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, ENGLISH_EMAIL);
    const attorney = await api.signedIn('alameda.attorney');
    // A second order asked of the court after the outcome went (staff asked it themselves).
    const asked = await attorney.documents.request({
      matterId,
      kind: 'signed_order',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    });
    const first = await signedOrderArrives(api, matterId, 'CR-181 signed order.pdf');
    const offeredOne = await attorney.messages.signedOrderCopies({ matterId });
    expect(offeredOne.messages[0]?.subject).toBe('The court’s signed order');
    const second = await signedOrderArrives(api, matterId, 'Minute order.pdf');
    expect(asked.id).toBeTruthy();
    // The page showed one order; two are on file now: refused, nothing sent.
    const stale = await refusal(
      attorney.messages.sendSignedOrderCopies({
        matterId,
        version: offeredOne.version,
        fileIds: [first.fileId],
        writtenIn: 'en',
      }),
    );
    expect(stale.appCode).toBe('VERSION_CONFLICT');
    expect(stale.message).toContain('The signed orders on file changed since this page showed them');
    const offered = await attorney.messages.signedOrderCopies({ matterId });
    expect(offered.orders.map((o) => o.filename)).toEqual(['CR-181 signed order.pdf', 'Minute order.pdf']);
    const [email] = offered.messages;
    expect(email?.subject).toBe('The court’s signed orders');
    expect(email?.text).toContain(
      'We have received the court’s 2 signed orders, and a copy of each is attached to this e-mail.',
    );
    // Each named as the outcome names it; the one staff asked for themselves by what the copy says.
    expect(email?.text).toMatch(
      /Order [12] of 2:\nPC 484\(a\), case 16CR01234, convicted May 2, 2016, Alameda County\nPC 647\(f\)/,
    );
    expect(email?.text).toMatch(/Order [12] of 2:\nSee the copy for what this order decides\./);
    await attorney.messages.sendSignedOrderCopies({
      matterId,
      version: offered.version,
      fileIds: [first.fileId, second.fileId],
      writtenIn: 'en',
    });
    // The copy's e-mail carries both (rows of one moment have no order among them: found by content).
    const attached = (await rowsOf(matterId)).map((r) => (JSON.parse(r.attachments) as string[]).sort());
    expect(attached).toContainEqual([first.fileId, second.fileId].sort());
  });

  it('refuses staff without the RAP sheet permission (on record) and another office, sending nothing', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, ENGLISH_EMAIL);
    const { fileId } = await signedOrderArrives(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const { version } = await attorney.messages.signedOrderCopies({ matterId });
    const input = { matterId, version, fileIds: [fileId], writtenIn: 'en' as const };
    const before = await rowsOf(matterId);
    const intake = await api.signedIn('alameda.intake');
    // Called one at a time: a call started before the one before it is refused would reject unheard.
    for (const call of [
      () => intake.messages.signedOrderCopies({ matterId }),
      () => intake.messages.sendSignedOrderCopies(input),
    ]) {
      const refused = await refusal(call());
      expect(refused.appCode).toBe('FORBIDDEN');
      expect(refused.message).toBe(rapSheetRefusal('intake'));
    }
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_id', '=', api.userIds['alameda.intake'] ?? '')
      .where('outcome', '=', 'denied')
      .where('action', 'like', 'messages.%SignedOrderCopies')
      .execute();
    expect(denied.map((d) => d.action)).toContain('messages.sendSignedOrderCopies');
    const other = await api.signedIn('bayLegal.supervisor');
    expect((await refusal(other.messages.signedOrderCopies({ matterId }))).appCode).toBe('NOT_FOUND');
    expect((await refusal(other.messages.sendSignedOrderCopies(input))).appCode).toBe('NOT_FOUND');
    expect(await rowsOf(matterId)).toEqual(before);
  });

  it('a copy whose text message failed, sent again by e-mail, carries the order its text says is attached', async () => {
    const { matterId } = await outcomeSentAwaitingOrder(api, SPANISH_EVERY_WAY);
    const attorney = await api.signedIn('alameda.attorney');
    api.clock.advanceMinutes(5);
    const { fileId } = await signedOrderArrives(api, matterId);
    const offered = await attorney.messages.signedOrderCopies({ matterId });
    await attorney.messages.sendSignedOrderCopies({
      matterId,
      version: offered.version,
      fileIds: [fileId],
      writtenIn: offered.language,
    });
    const sms = await api.database.db
      .selectFrom('outbox')
      .innerJoin('messages', 'messages.id', 'outbox.message_id')
      .select(['outbox.id', 'outbox.version'])
      .where('outbox.matter_id', '=', matterId)
      .where('messages.channel', '=', 'sms')
      .orderBy('outbox.id', 'desc')
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('outbox')
      .set({ state: 'failed', last_error: 'The provider refused the message.', version: sms.version + 1 })
      .where('id', '=', sms.id)
      .execute();
    await attorney.messages.resendVia({ outboxId: sms.id, version: sms.version + 1, channel: 'email' });
    const resent = await api.database.db
      .selectFrom('messages')
      .select(['channel', 'body', 'attachments'])
      .where('matter_id', '=', matterId)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    expect(resent?.channel).toBe('email');
    expect(resent?.body).toContain('Le adjuntamos una copia en este correo electrónico.');
    expect(JSON.parse(resent?.attachments ?? '[]')).toEqual([fileId]);
  });
});
