// A decided petition asks the court for its signed order only when its outcome gives one (granted or
// denied): a withdrawn petition, or one whose hearing was continued, opens no request, and a request
// opened before its outcome was corrected is cancelled and never counted as awaited. So the outcome
// message promises no order that is not coming, and sending asks for no close note about it. Each
// request names its petition (remedy and case) for staff with the RAP sheet permission, and the
// message says "order" or "orders" as the count is.
import { testDialects } from '@relief-desk/db/testing';
import type { Outcome } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import {
  authedContext,
  giveOfficesLetterheads,
  openMatterFor,
  orderPdf,
  petitionWithHearing,
} from './fixtures.ts';

const COURT = 'Superior Court of California, County of Alameda';

describe.each(testDialects())('signed-order requests follow each petition’s outcome (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  });
  afterAll(async () => api.destroy());

  /** A matter with one petition per case number, each with its hearing set, awaiting the court. */
  async function awaitingWith(caseNumbers: string[], preferredLanguage: 'en' | 'es' = 'en') {
    const { matterId } = await openMatterFor(api, { preferredLanguage });
    const petitions = [];
    for (const [i, caseNumber] of caseNumbers.entries())
      petitions.push(
        await petitionWithHearing(api, matterId, '2026-11-10', { caseNumber, section: `${484 + i}(a)` }),
      );
    const attorney = await api.signedIn('alameda.attorney');
    let matter = await attorney.matters.get({ matterId });
    for (const to of [
      'gathering_records',
      'eligibility_review',
      'petitions_to_file',
      'awaiting_decision',
    ] as const) {
      await attorney.matters.moveStage({ matterId, version: matter.version, to });
      matter = await attorney.matters.get({ matterId });
    }
    return { matterId, attorney, petitions };
  }

  async function decide(petition: { petitionId: string; convictionId: string }, outcome: Outcome) {
    const attorney = await api.signedIn('alameda.attorney');
    const { version } = await api.database.db
      .selectFrom('petitions')
      .select('version')
      .where('id', '=', petition.petitionId)
      .executeTakeFirstOrThrow();
    await attorney.petitions.update({
      petitionId: petition.petitionId,
      version,
      status: 'decided',
      court: COURT,
      filedOn: '2026-10-01',
      decidedOn: '2026-11-20',
      outcomes: [{ convictionId: petition.convictionId, outcome }],
    });
  }

  async function toOutcome(matterId: string) {
    const attorney = await api.signedIn('alameda.attorney');
    const matter = await attorney.matters.get({ matterId });
    await attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' });
  }

  async function receiveOrder(matterId: string, caseNumber: string) {
    const attorney = await api.signedIn('alameda.attorney');
    const request = (await attorney.matters.get({ matterId })).documents.find((d) =>
      d.label.includes(caseNumber),
    );
    if (!request) throw new Error(`no signed-order request names case ${caseNumber}`);
    await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename: `order ${caseNumber}.pdf`,
      bytes: orderPdf(`order ${caseNumber} ${matterId}`),
    });
  }

  const signedOrderRequests = async (matterId: string) =>
    (await (await api.signedIn('alameda.attorney')).matters.get({ matterId })).documents
      .filter((d) => d.kind === 'signed_order')
      .map((d) => ({ label: d.label, status: d.status }))
      .sort((a, b) => a.label.localeCompare(b.label));

  it('a petition decided as withdrawn opens no request: no order is promised and sending needs no close note', async () => {
    const { matterId, attorney, petitions } = await awaitingWith(['21CR00001', '21CR00002']);
    const [a, b] = petitions as [(typeof petitions)[0], (typeof petitions)[0]];
    await decide(a, 'granted');
    await decide(b, 'withdrawn');
    expect(await signedOrderRequests(matterId)).toEqual([
      // Named by remedy and case, so staff can tell the orders apart.
      { label: 'Signed order: PC 1203.4 dismissal, case 21CR00001', status: 'requested' },
    ]);
    // Staff without the RAP sheet permission see that an order is asked for, not of which case.
    const intake = await api.signedIn('alameda.intake');
    expect(
      (await intake.matters.get({ matterId })).documents
        .filter((d) => d.kind === 'signed_order')
        .map((d) => d.label),
    ).toEqual(['Signed court order']);
    await toOutcome(matterId);
    await receiveOrder(matterId, '21CR00001');

    const composed = await attorney.messages.composeOutcome({ matterId });
    expect(composed.orderAwaited).toBe(false);
    expect(composed.orders).toHaveLength(1);
    const email = composed.messages.find((m) => m.channel === 'email');
    expect(email?.text).toContain("The court's signed order is attached to this e-mail.");
    expect(email?.text).not.toMatch(/another signed order|We will send you a copy/);
    const { version } = await attorney.matters.get({ matterId });
    await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: [{ channel: 'email', text: email?.text ?? '' }],
      writtenIn: 'en',
    });
    expect((await attorney.matters.get({ matterId })).stage).toBe('closed');
  });

  it('every outcome: a grant or a denial asks for the order; a continued hearing or a withdrawal does not', async () => {
    const expected: Record<Outcome, boolean> = {
      granted: true,
      denied: true,
      continued: false,
      withdrawn: false,
    };
    for (const outcome of Object.keys(expected) as Outcome[]) {
      const { matterId, petitions } = await awaitingWith(['22CR00001']);
      await decide(petitions[0] as (typeof petitions)[0], outcome);
      expect(await signedOrderRequests(matterId), outcome).toEqual(
        expected[outcome]
          ? [{ label: 'Signed order: PC 1203.4 dismissal, case 22CR00001', status: 'requested' }]
          : [],
      );
    }
  });

  it('an outcome corrected to withdrawn cancels its open request (and corrected back asks again); a request left open from before is not awaited', async () => {
    const { matterId, attorney, petitions } = await awaitingWith(['23CR00001', '23CR00002']);
    const [a, b] = petitions as [(typeof petitions)[0], (typeof petitions)[0]];
    await decide(a, 'granted');
    await decide(b, 'granted');
    await decide(b, 'withdrawn');
    expect(await signedOrderRequests(matterId)).toEqual([
      { label: 'Signed order: PC 1203.4 dismissal, case 23CR00001', status: 'requested' },
      { label: 'Signed order: PC 1203.4 dismissal, case 23CR00002', status: 'cancelled' },
    ]);
    await decide(b, 'granted');
    expect((await signedOrderRequests(matterId)).map((r) => r.status)).toEqual(['requested', 'requested']);
    await decide(b, 'withdrawn');

    // A request opened for B before this fix, still open: not counted as awaited.
    await api.database.db
      .updateTable('document_requests')
      .set({ status: 'requested' })
      .where('matter_id', '=', matterId)
      .where('label', 'like', '%23CR00002')
      .execute();
    await toOutcome(matterId);
    await receiveOrder(matterId, '23CR00001');
    const composed = await attorney.messages.composeOutcome({ matterId });
    expect(composed.orderAwaited).toBe(false);
    for (const m of composed.messages)
      expect(m.text).not.toMatch(/another signed order|We will send you a copy/);
    // Nor does the stage machine wait for it: the matter closes without a note on an order to come.
    const email = composed.messages.find((m) => m.channel === 'email');
    const { version } = await attorney.matters.get({ matterId });
    await attorney.messages.sendOutcome({
      matterId,
      version,
      messages: [{ channel: 'email', text: email?.text ?? '' }],
      writtenIn: 'en',
    });
    expect((await attorney.matters.get({ matterId })).stage).toBe('closed');
  });

  it('the matter page marks a move’s note “required” from the orders still coming, not every open request', async () => {
    const { matterId, attorney, petitions } = await awaitingWith(['24CR00001']);
    const [a] = petitions as [(typeof petitions)[0]];
    // Awaiting the court, no order asked for yet: withdrawing needs no note.
    expect((await attorney.matters.get({ matterId })).movesNeedingNote).toEqual([]);
    await decide(a, 'granted');
    // An order is coming: leaving the open stages needs a note saying why.
    const awaiting = await attorney.matters.get({ matterId });
    expect(awaiting.movesNeedingNote).toEqual(['withdrawn']);
    const refused = attorney.matters.moveStage({ matterId, version: awaiting.version, to: 'withdrawn' });
    await expect(refused).rejects.toThrow(/signed order is still awaited/);
    // Corrected to withdrawn, its request left open from before: no order is coming, no note needed.
    await decide(a, 'withdrawn');
    await api.database.db
      .updateTable('document_requests')
      .set({ status: 'requested' })
      .where('matter_id', '=', matterId)
      .execute();
    const after = await attorney.matters.get({ matterId });
    expect(after.documents.filter((d) => d.status === 'requested')).toHaveLength(1);
    expect(after.movesNeedingNote).toEqual([]);
    await attorney.matters.moveStage({ matterId, version: after.version, to: 'withdrawn' });
    expect((await attorney.matters.get({ matterId })).stage).toBe('withdrawn');
  });

  it('a decided petition then withdrawn as a whole: its request is cancelled, with a neutral timeline entry', async () => {
    const { matterId, attorney, petitions } = await awaitingWith(['25CR00001']);
    const [a] = petitions as [(typeof petitions)[0]];
    await decide(a, 'granted');
    const { version } = await api.database.db
      .selectFrom('petitions')
      .select('version')
      .where('id', '=', a.petitionId)
      .executeTakeFirstOrThrow();
    await attorney.petitions.update({
      petitionId: a.petitionId,
      version,
      status: 'withdrawn',
      court: COURT,
      filedOn: '2026-10-01',
      outcomes: [{ convictionId: a.convictionId, outcome: null }],
    });
    expect(await signedOrderRequests(matterId)).toEqual([
      { label: 'Signed order: PC 1203.4 dismissal, case 25CR00001', status: 'cancelled' },
    ]);
    const timeline = await api.database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'document_status')
      .execute();
    expect(timeline.map((e) => e.summary)).toEqual([
      'Signed court order: cancelled (the petition was withdrawn: no order is coming).',
    ]);
  });

  it('several orders awaited: “orders” in the plural, in English and Spanish', async () => {
    for (const [language, none, more] of [
      [
        'en',
        "We do not have the court's 2 signed orders yet. We will send you a copy of each when we receive it.",
        'We have asked the court for 2 more signed orders that we do not have yet. We will send you a copy of each when we receive it.',
      ],
      [
        'es',
        'Todavía no tenemos las 2 órdenes firmadas por la corte. Le enviaremos una copia de cada una cuando la recibamos.',
        'Pedimos a la corte otras 2 órdenes firmadas que todavía no tenemos. Le enviaremos una copia de cada una cuando la recibamos.',
      ],
    ] as const) {
      const { matterId, attorney, petitions } = await awaitingWith(
        ['24CR00001', '24CR00002', '24CR00003'],
        language,
      );
      for (const p of petitions) await decide(p, 'granted');
      await toOutcome(matterId);
      // One of three orders received: two more are awaited.
      await receiveOrder(matterId, '24CR00001');
      let composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.ordersAwaited).toBe(2);
      expect(composed.messages.find((m) => m.channel === 'email')?.text).toContain(more);
      // None on file, two awaited (the third no longer asked for).
      await api.database.db
        .updateTable('document_requests')
        .set({ status: 'requested' })
        .where('matter_id', '=', matterId)
        .where('kind', '=', 'signed_order')
        .where('label', 'not like', '%24CR00003')
        .execute();
      await api.database.db
        .updateTable('document_requests')
        .set({ status: 'cancelled' })
        .where('matter_id', '=', matterId)
        .where('label', 'like', '%24CR00003')
        .execute();
      composed = await attorney.messages.composeOutcome({ matterId });
      expect(composed.ordersAwaited).toBe(2);
      expect(composed.messages.find((m) => m.channel === 'email')?.text).toContain(none);
    }
  });
});
