// One matter from "referral received" to "outcome to send" through the API, as staff would carry it:
// the stage machine's refusals and suggestions, the signed order, and every step on the timeline.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import {
  authedContext,
  convictionInput,
  decisionInput,
  expectRefusedWritingNothing,
  filedPetition,
  NAMES,
  openMatter,
  pdfBytes,
  petitionInput,
} from '../lifecycle-fixtures.ts';

describe.each(testDialects())('a matter’s whole life (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('goes from referral to outcome to send, refusing moves the records do not support and suggesting the next ones', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const step = () => api.clock.advanceMinutes(10);
    const get = () => attorney.matters.get({ matterId });

    step();
    await intake.matters.moveStage({ matterId, version: 1, to: 'gathering_records' });
    step();
    const rap = await intake.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    expect((await get()).suggestedStage).toBeNull();
    step();
    await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: rap.id,
      filename: 'rap-sheet.pdf',
      bytes: pdfBytes('RAP sheet'),
    });
    let matter = await get();
    expect(matter.documents[0]).toMatchObject({ status: 'received', arrivedOn: '2026-11-28' });
    expect(matter.suggestedStage).toBe('eligibility_review');

    step();
    await attorney.matters.moveStage({ matterId, version: matter.version, to: 'eligibility_review' });
    step();
    const theft = await attorney.convictions.add({ matterId, conviction: convictionInput() });
    const drugs = await attorney.convictions.add({
      matterId,
      conviction: convictionInput({ code: 'HS', section: '11350(a)' }),
    });
    step();
    await attorney.decisions.record(decisionInput(theft.id));
    await attorney.decisions.record(decisionInput(drugs.id, { determination: 'eligible_discretionary' }));
    matter = await get();
    expect(matter.suggestedStage).toBeNull();
    step();
    await attorney.matters.moveStage({ matterId, version: matter.version, to: 'petitions_to_file' });

    matter = await get();
    const early = await expectRefusedWritingNothing(api, () =>
      attorney.matters.moveStage({ matterId, version: matter.version, to: 'awaiting_decision' }),
    );
    expect(early.fields).toEqual([
      { path: 'to', message: 'Record at least one filed petition before waiting for the court’s decision.' },
    ]);

    step();
    const both = [theft.id, drugs.id];
    const petition = await attorney.petitions.create(petitionInput(matterId, both));
    const filed = await attorney.petitions.update(filedPetition(petition.id, 1, both));
    // Filing moved the matter on by itself: the stages follow the records.
    matter = await get();
    expect(matter.stage).toBe('awaiting_decision');
    expect(matter.timeline[0]?.summary).toBe(
      'Moved from Petitions to file to Awaiting court decision: petition filed.',
    );
    step();
    expect(matter.suggestedStage).toBeNull();
    const undecided = await expectRefusedWritingNothing(api, () =>
      attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' }),
    );
    expect(undecided.fields[0]?.message).toBe(
      '1 petition(s) are still waiting for the court (no outcome yet, or a hearing continued): record their outcomes first.',
    );

    step();
    await attorney.petitions.update(
      filedPetition(petition.id, filed.version, both, {
        status: 'decided',
        decidedOn: '2026-11-27',
        outcomes: [
          { convictionId: theft.id, outcome: 'granted' },
          { convictionId: drugs.id, outcome: 'denied' },
        ],
      }),
    );
    matter = await get();
    expect(matter.suggestedStage).toBe('outcome_to_send');
    const order = matter.documents.find((d) => d.kind === 'signed_order');
    expect(order).toMatchObject({ status: 'requested', requestedFrom: 'court' });

    step();
    const orderFile = await uploadDocumentFile(
      await authedContext(api, 'alameda.attorney', 'documents.upload'),
      {
        documentId: order?.id ?? '',
        filename: 'CR-181 signed.pdf',
        bytes: pdfBytes('Signed order'),
      },
    );
    matter = await get();
    expect(matter.petitions[0]?.orderFileId).toBe(orderFile.id);
    expect(matter.documents.find((d) => d.kind === 'signed_order')?.status).toBe('received');

    step();
    await attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' });
    matter = await get();
    expect(matter.stage).toBe('outcome_to_send');
    expect(matter.suggestedStage).toBeNull();

    const timeline = matter.timeline.map((e) => [e.kind, e.actorName]);
    expect(timeline).toEqual([
      ['stage_changed', NAMES['alameda.attorney']],
      ['document_status', NAMES['alameda.attorney']],
      ['petition_status', NAMES['alameda.attorney']],
      ['stage_changed', NAMES['alameda.attorney']],
      ['petition_status', NAMES['alameda.attorney']],
      ['petition_created', NAMES['alameda.attorney']],
      ['stage_changed', NAMES['alameda.attorney']],
      ['decision_recorded', NAMES['alameda.attorney']],
      ['decision_recorded', NAMES['alameda.attorney']],
      ['conviction_added', NAMES['alameda.attorney']],
      ['conviction_added', NAMES['alameda.attorney']],
      ['stage_changed', NAMES['alameda.attorney']],
      ['document_status', NAMES['alameda.attorney']],
      ['document_requested', NAMES['alameda.intake']],
      ['stage_changed', NAMES['alameda.intake']],
      ['referral_received', NAMES['alameda.intake']],
    ]);
    const times = matter.timeline.map((e) => e.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(matter.timeline[0]?.summary).toBe('Moved from Awaiting court decision to Outcome to send.');
  });

  it('suggests nothing from a RAP sheet once the matter is past gathering records', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const rap = await intake.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'client',
      requestedOn: '2026-11-28',
    });
    await intake.matters.moveStage({ matterId, version: 1, to: 'withdrawn' });
    await intake.documents.update({
      documentId: rap.id,
      version: 1,
      status: 'received',
      dueOn: '2026-12-28',
      arrivedOn: '2026-11-28',
    });
    expect((await intake.matters.get({ matterId })).suggestedStage).toBeNull();
  });
});
