// The court's outcome is sent as the preview showed it only while the facts it rests on still hold:
// a petition's outcome corrected (which leaves the matter's version alone), a case number or a
// conviction date edited, the client's address changed… after the preview refuses the send, saying
// what changed and to compose again. Every fact the outcome's fingerprint holds is changed in turn.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { OVERRIDE_REASON } from '../lifecycle-fixtures.ts';
import { authedContext, giveOfficesLetterheads, matterAtOutcome, orderPdf } from './fixtures.ts';
import { OUTCOME_FACTS, type OutcomeFact } from './outcome.ts';

async function refusalOf(call: Promise<unknown>): Promise<string> {
  const error = await call.then(
    () => null,
    (e: unknown) => e as Error,
  );
  if (!error) throw new Error('expected a refusal');
  return error.message;
}

describe.each(testDialects())('an outcome sent from a stale preview (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  const attorney = () => api.signedIn('alameda.attorney');
  const court = 'Superior Court of California, County of Alameda';

  async function compose(matterId: string) {
    return (await attorney()).messages.composeOutcome({ matterId });
  }

  /** The preview's texts, untouched, sent back as the web sends them. */
  async function send(
    matterId: string,
    composed: Awaited<ReturnType<typeof compose>>,
    { withFingerprint = true } = {},
  ) {
    return (await attorney()).messages.sendOutcome({
      matterId,
      version: composed.version,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
      ...(withFingerprint ? { fingerprint: composed.fingerprint } : {}),
    });
  }

  async function sentOutcomes(matterId: string) {
    return api.database.db
      .selectFrom('messages')
      .select('body')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'outcome')
      .execute();
  }

  async function petitionOf(matterId: string) {
    const petition = await api.database.db
      .selectFrom('petitions')
      .selectAll()
      .where('matter_id', '=', matterId)
      // The conviction's petition (a change below makes its remedy PC 17(b)), not the arrest's.
      .where('remedy', '!=', 'pc851.91')
      .executeTakeFirstOrThrow();
    const outcomes = await api.database.db
      .selectFrom('petition_convictions')
      .select(['conviction_id', 'outcome'])
      .where('petition_id', '=', petition.id)
      .orderBy('conviction_id')
      .execute();
    return { petition, outcomes };
  }

  it('refuses the outcome previewed as granted after a supervisor corrected it to denied', async () => {
    const { matterId } = await matterAtOutcome(
      api,
      { preferredLanguage: 'es' },
      { outcomes: ['granted', 'granted'] },
    );
    const composed = await compose(matterId);
    expect(composed.messages[0]?.text).toContain('aprobada');

    const { petition, outcomes } = await petitionOf(matterId);
    const supervisor = await api.signedIn('alameda.supervisor');
    await supervisor.petitions.update({
      petitionId: petition.id,
      version: petition.version,
      status: 'decided',
      court,
      filedOn: petition.filed_on,
      decidedOn: petition.decided_on,
      outcomes: outcomes.map((o) => ({ convictionId: o.conviction_id, outcome: 'denied' as const })),
    });
    // The matter's version did not move: only the fingerprint tells the preview is stale.
    expect((await (await attorney()).matters.get({ matterId })).version).toBe(composed.version);

    expect(await refusalOf(send(matterId, composed))).toMatch(
      /^Since this outcome was previewed, a petition’s outcome changed: .+ Compose the outcome again, check it, and send that\.$/,
    );
    // A script sending the stale texts without the fingerprint is refused too.
    expect(await refusalOf(send(matterId, composed, { withFingerprint: false }))).toMatch(
      /not the outcome as the record reads now/,
    );
    expect(await sentOutcomes(matterId)).toEqual([]);

    // Composed again, the preview says denied, and that is what goes.
    const again = await compose(matterId);
    expect(again.messages[0]?.text).toContain('Decisión: negada');
    await send(matterId, again);
    const [sent] = await sentOutcomes(matterId);
    expect(sent?.body).toContain('Decisión: negada');
    expect(sent?.body).not.toContain('aprobada');
  });

  describe('every fact the outcome rests on, changed after the preview', () => {
    let matterId: string;
    beforeAll(async () => {
      ({ matterId } = await matterAtOutcome(
        api,
        { preferredLanguage: 'es', contact: { email: true, sms: false, letter: true, phone: true } },
        { outcomes: ['granted', 'granted'] },
      ));
      // An arrest the court sealed too, so its date is a fact of the outcome.
      const caller = await attorney();
      const { id: arrestId } = await caller.arrests.add({
        matterId,
        arrest: {
          arrestDate: '2018-04-05',
          arrestAgency: 'OPD',
          code: 'PC',
          section: '459',
          offenseDescription: 'Burglary',
          level: 'felony',
          disposition: 'dismissed',
          dispositionDate: '2018-09-10',
        },
      });
      await caller.arrests.recordDecision({
        arrestId,
        remedy: 'pc851.91',
        determination: 'eligible_mandatory',
        reasons: 'Charges dismissed (PC 851.91(a)(1)(B)(i)).',
        supersedes: null,
        overrideReason: OVERRIDE_REASON,
      });
      const petition = await caller.petitions.createForArrest({
        arrestId,
        county: 'Alameda',
        caseNumber: '',
      });
      const filed = await caller.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        status: 'filed',
        court,
        filedOn: '2026-10-01',
        outcomes: [],
      });
      await caller.petitions.update({
        petitionId: petition.id,
        version: filed.version,
        status: 'decided',
        court,
        filedOn: '2026-10-01',
        decidedOn: '2026-11-20',
        outcomes: [],
        arrestOutcome: 'granted',
      });
      // Its signed order came too: none is awaited, so the matter may close without a note.
      const { documents } = await caller.matters.get({ matterId });
      for (const request of documents.filter((d) => d.kind === 'signed_order' && d.status === 'requested'))
        await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
          documentId: request.id,
          filename: 'CR-181 arresto.pdf',
          bytes: orderPdf(`arrest order ${request.id}`),
        });
      // A new petition took the matter back to wait for the court: its outcome is in, so on again.
      const matter = await caller.matters.get({ matterId });
      if (matter.stage !== 'outcome_to_send')
        await caller.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' });
    });

    const db = () => api.database.db;
    const convictionIds = async () => (await petitionOf(matterId)).outcomes.map((o) => o.conviction_id);
    const petitionIds = async () =>
      (await db().selectFrom('petitions').select('id').where('matter_id', '=', matterId).execute()).map(
        (p) => p.id,
      );
    const clientId = async () =>
      (
        await db()
          .selectFrom('matters')
          .select('client_id')
          .where('id', '=', matterId)
          .executeTakeFirstOrThrow()
      ).client_id;

    // Typed by the facts the code fingerprints: a fact added there fails to compile here until it is
    // changed here too. A string says why the fact cannot be changed with the send then allowed.
    const CHANGES: Record<OutcomeFact, (() => Promise<unknown>) | string> = {
      outcome: async () =>
        db()
          .updateTable('petition_convictions')
          .set({ outcome: 'denied' })
          .where('conviction_id', '=', (await convictionIds())[0] ?? '')
          .execute(),
      code: async () =>
        db()
          .updateTable('convictions')
          .set({ code: 'VC' })
          .where('id', 'in', await convictionIds())
          .execute(),
      section: async () =>
        db()
          .updateTable('convictions')
          .set({ section: '11350' })
          .where('id', 'in', await convictionIds())
          .execute(),
      caseNumber: async () =>
        db()
          .updateTable('convictions')
          .set({ case_number: '16CR09999' })
          .where('id', 'in', await convictionIds())
          .execute(),
      remedy: async () =>
        db()
          .updateTable('petitions')
          .set({ remedy: 'pc17b' })
          .where('matter_id', '=', matterId)
          .where('remedy', '=', 'pc1203.4')
          .execute(),
      county: async () =>
        db()
          .updateTable('convictions')
          .set({ county: 'Los Angeles' })
          .where('id', 'in', await convictionIds())
          .execute(),
      arrestDate: async () =>
        db()
          .updateTable('arrests')
          .set({ arrest_date: '2018-04-06' })
          .where('matter_id', '=', matterId)
          .execute(),
      convictionDate: async () =>
        db()
          .updateTable('convictions')
          .set({ conviction_date: '2016-05-03' })
          .where('id', 'in', await convictionIds())
          .execute(),
      hearingDate:
        'told only of a continued hearing, which keeps the matter from closing: the stage rule refuses that send first',
      decidedOn: async () =>
        db()
          .updateTable('petitions')
          .set({ decided_on: '2026-11-21' })
          .where('id', 'in', await petitionIds())
          .execute(),
      requests: async () =>
        db()
          .updateTable('petitions')
          .set({ status: 'withdrawn' })
          .where('matter_id', '=', matterId)
          .where('remedy', '=', 'pc851.91')
          .execute(),
      ordersEnclosed: async () => {
        // Of a petition still decided (the arrest's is withdrawn above: its order is no order to send).
        const request = await db()
          .selectFrom('document_requests')
          .innerJoin('petitions', 'petitions.id', 'document_requests.petition_id')
          .select('document_requests.id')
          .where('document_requests.matter_id', '=', matterId)
          .where('document_requests.kind', '=', 'signed_order')
          .where('petitions.status', '=', 'decided')
          .executeTakeFirst();
        if (!request) throw new Error('no signed-order request of a decided petition');
        await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
          documentId: request.id,
          filename: 'CR-181 corregida.pdf',
          bytes: orderPdf(`corrected order ${matterId}`),
        });
      },
      ordersAwaited:
        'an order asked for after the preview also needs a close note, which the stage rule asks for first',
      language: async () =>
        db()
          .updateTable('clients')
          .set({ preferred_language: 'en' })
          .where('id', '=', await clientId())
          .execute(),
      addressee: async () =>
        db()
          .updateTable('clients')
          .set({ address_line1: '77 Pine St' })
          .where('id', '=', await clientId())
          .execute(),
      office: async () =>
        db()
          .updateTable('offices')
          .set({ phone: '(510) 555-0199' })
          .where('id', '=', api.officeIds.alameda)
          .execute(),
    };

    it.each(Object.keys(OUTCOME_FACTS) as OutcomeFact[])(
      '%s: the send is refused, saying so',
      async (fact) => {
        const change = CHANGES[fact];
        if (typeof change === 'string') return;
        const composed = await compose(matterId);
        await change();
        const refusal = await refusalOf(send(matterId, composed));
        expect(refusal).toMatch(/^Since this outcome was previewed, .+ changed: /);
        expect(refusal).toContain(OUTCOME_FACTS[fact]);
        expect(refusal).toContain('Compose the outcome again');
        expect(await sentOutcomes(matterId)).toEqual([]);
      },
    );

    it('a fresh preview after all those changes is sent', async () => {
      await send(matterId, await compose(matterId));
      expect(await sentOutcomes(matterId)).not.toEqual([]);
    });
  });
});
