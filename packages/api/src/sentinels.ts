// Test support: sentinel criminal history (sections and court cases that occur nowhere else) in both
// offices of the API harness, for the walks that prove no way out of the server leaks it.
import { dialectOf, officeScoped } from '@relief-desk/db';
import type { Role } from '@relief-desk/domain';
import { uploadDocumentFile } from './features/documents/files.ts';
import { arrestInput, convictionInput, decisionInput } from './features/lifecycle-fixtures.ts';
import {
  authedContext,
  decideEligible,
  matterAtOutcome,
  openMatterFor,
  orderPdf,
  petitionWithHearing,
  rapSheetReceived,
} from './features/messages/fixtures.ts';
import { holdIfNoLongerTrue } from './features/messages/held.ts';
import { readyPetition, setUpFiling } from './features/packets/fixtures.ts';
import { runWorker } from './features/rap-import/fixtures.ts';
import { type ApiHarness, type OfficeKey, referralInput } from './testing.ts';

export const OFFICES: OfficeKey[] = ['alameda', 'bayLegal'];
export const ROLES: Role[] = ['intake', 'attorney', 'supervisor', 'admin'];

/** Values that occur nowhere but in each office's criminal-history records. */
export const SENTINELS: Record<
  OfficeKey,
  {
    cases: [string, string];
    sections: [string, string, string];
    /** An arrest's section and its arresting agency (an arrest names no case). */
    arrest: [string, string];
    /** The text of the court's signed order and of a court docket, as uploaded files. */
    courtFiles: [string, string];
  }
> = {
  alameda: {
    cases: ['ZQ41ALA', 'ZQ42ALA'],
    sections: ['4741(zq)', '4742(zq)', '4743(zq)'],
    arrest: ['4744(zq)', 'ZQ44 Arresting Agency ALA'],
    courtFiles: ['ZQ45 Signed Order ALA', 'ZQ46 Court Docket ALA'],
  },
  bayLegal: {
    cases: ['ZQ51BAY', 'ZQ52BAY'],
    sections: ['5751(zq)', '5752(zq)', '5753(zq)'],
    arrest: ['5754(zq)', 'ZQ54 Arresting Agency BAY'],
    courtFiles: ['ZQ55 Signed Order BAY', 'ZQ56 Court Docket BAY'],
  },
};
export const sentinelsOf = (office: OfficeKey) => [
  ...SENTINELS[office].cases,
  ...SENTINELS[office].sections,
  ...SENTINELS[office].arrest,
  ...SENTINELS[office].courtFiles,
];

export interface Records {
  outcomeMatterId: string;
  hearingMatterId: string;
  clientId: string;
  /** The client of the matter whose outcome was sent. */
  outcomeClientId: string;
  convictionId: string;
  /** An arrest without conviction on the hearing matter (its section and agency are sentinels). */
  arrestId: string;
  petitionId: string;
  documentId: string;
  messageId: string;
  outboxId: string;
  userId: string;
  /** The outcome letter (it names the convictions). */
  letterMessageId: string;
  /** An "in review" letter whose wording staff changed to name a sentinel case. */
  wordedLetterMessageId: string;
  /** A RAP sheet file whose bytes carry the sentinels. */
  rapSheetFileId: string;
  /** The outcome matter's signed-order request, and the order's file (its text a sentinel). */
  orderDocumentId: string;
  orderFileId: string;
  /** A court docket requested on the hearing matter, and its file (its text a sentinel). */
  docketDocumentId: string;
  docketFileId: string;
  /** A RAP sheet import, read, proposing a sentinel conviction (case and section). */
  rapImportId: string;
  /** The county of the office's sentinel cases. */
  county: 'Alameda' | 'San Francisco';
  /** A draft petition with a packet prepared (naming the sentinels), in a filing run. */
  packetPetitionId: string;
  packetFileId: string;
  filingRunId: string;
  /**
   * A status update about the record ("no convictions found"), by e-mail, its subject and text naming
   * a sentinel case, held by the outbox worker as no longer right (a conviction entered while it
   * waited): its delivery problem, timeline entry and audit row are held.ts's own.
   */
  heldMatterId: string;
  heldOutboxId: string;
  /**
   * Matters of the walk's "Not eligible" moves, in eligibility review: one with a conviction decided
   * eligible, one with two arrests and no relief decision. The facts refuse the move, so no caller
   * moves them.
   */
  decidedMatterId: string;
  undecidedArrestsMatterId: string;
}

/** Each office: a matter whose outcome went out by e-mail and letter, and one with a hearing set. */
export async function seedOffice(api: ApiHarness, office: OfficeKey): Promise<Records> {
  const sentinel = SENTINELS[office];
  const client = {
    contact: { email: true, sms: false, letter: true, phone: false },
    address: {
      line1: '742 Calle Señora Ávila',
      line2: '',
      city: 'Oakland',
      state: 'CA',
      postalCode: '94612',
    },
  };
  const outcome = await matterAtOutcome(api, client, {
    office,
    caseNumber: sentinel.cases[0],
    sections: [sentinel.sections[0], sentinel.sections[1]],
    // Two more doors a note about the record comes by, on the matter whose page and messages the walk
    // reads: the referral's note, and the note of a status given by phone ("in review" tells nothing
    // of the record itself, so only the mark withholds the note).
    referral: { note: `Says ${sentinel.cases[1]} was a wobbler.`, noteAboutRecord: true },
    whileNew: async (matterId) => {
      const intake = await api.signedIn(`${office}.intake`);
      await intake.messages.logStatus({
        choice: { matterId, statusType: 'in_review' },
        note: `Told her ${sentinel.cases[1]} needs the court file first.`,
        noteAboutRecord: true,
      });
      // And an "in review" update sent by e-mail and letter in staff's words, naming the case.
      await sendWordedUpdate(api, office, matterId);
    },
  });
  const outcomeAttorney = await api.signedIn(`${office}.attorney`);
  // The court's signed order, as filed: its text names the sentinel court record.
  const orderRequest = (await outcomeAttorney.matters.get({ matterId: outcome.matterId })).documents.find(
    (d) => d.kind === 'signed_order',
  );
  if (!orderRequest) throw new Error('the outcome matter has no signed-order request');
  const order = await uploadDocumentFile(await authedContext(api, `${office}.attorney`, 'documents.upload'), {
    documentId: orderRequest.id,
    filename: 'CR-181 signed.pdf',
    bytes: orderPdf(`SIGNED ORDER ${sentinel.courtFiles[0]}`),
  });
  const composed = await outcomeAttorney.messages.composeOutcome({ matterId: outcome.matterId });
  await outcomeAttorney.messages.sendOutcome({
    matterId: outcome.matterId,
    version: outcome.version,
    messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    writtenIn: composed.language,
    // The note on the closing move is about the court's decision: it names the sentinel case.
    closeNote: `Told the client by phone the court granted relief in ${sentinel.cases[0]}.`,
  });
  const intake = await api.signedIn(`${office}.intake`);
  // A note intake marked as about the record (written by someone who may not read it back), on the
  // matter whose page the walk reads: it names the sentinel case.
  await intake.matters.addNote({
    matterId: outcome.matterId,
    text: `The client says ${sentinel.cases[1]} was reduced to a misdemeanor in 2015.`,
    aboutRecord: true,
  });
  // The same through the other doors a note about the record comes by: a call's summary, and a note
  // added from a queue to the selected matters.
  await intake.matters.logCall({
    matterId: outcome.matterId,
    direction: 'incoming',
    result: 'spoke',
    summary: `The client asked whether ${sentinel.cases[1]} shows on background checks.`,
    aboutRecord: true,
  });
  const closed = await intake.matters.get({ matterId: outcome.matterId });
  await intake.queues.bulkAddNote({
    matters: [{ id: outcome.matterId, version: closed.version }],
    text: `Court clerk: ${sentinel.cases[1]} file is archived offsite.`,
    aboutRecord: true,
  });
  // And one written without the box, then marked from the timeline by intake.
  await intake.matters.addNote({
    matterId: outcome.matterId,
    text: `Her sister says ${sentinel.cases[1]} was dismissed in 2016.`,
  });
  const unmarked = await intake.matters.get({ matterId: outcome.matterId });
  const written = unmarked.timeline.find((e) => e.noteMark === 'mark');
  if (!written) throw new Error('the note written without the box is not on the timeline to mark');
  await intake.matters.markTimelineNote({
    matterId: outcome.matterId,
    version: unmarked.version,
    eventId: written.id,
    aboutRecord: true,
  });
  const referral = await intake.referrals.record(
    referralInput({
      client: {
        ...referralInput().client,
        legalName: `Sentinel Person ${office}`,
        dateOfBirth: '1971-02-03',
      },
      counties: [office === 'alameda' ? 'Alameda' : 'San Francisco'],
    }),
  );
  const hearingMatterId = referral.matters[0]?.id ?? '';
  const { convictionId, petitionId } = await petitionWithHearing(api, hearingMatterId, '2026-12-10', {
    office,
    section: sentinel.sections[2],
    caseNumber: sentinel.cases[1],
  });
  if (office === 'alameda') await decideEligible(api, hearingMatterId);
  const attorney = await api.signedIn(`${office}.attorney`);
  const arrest = await attorney.arrests.add({
    matterId: hearingMatterId,
    arrest: {
      arrestDate: '2015-03-04',
      arrestAgency: sentinel.arrest[1],
      code: 'PC',
      section: sentinel.arrest[0],
      offenseDescription: `Sentinel offense ${sentinel.arrest[0]}`,
      level: 'misdemeanor',
      disposition: 'dismissed',
      dispositionDate: '2015-06-01',
    },
  });
  const rapSheet = await attorney.documents.request({
    matterId: hearingMatterId,
    kind: 'rap_sheet',
    requestedFrom: 'doj',
    requestedOn: '2026-11-20',
  });
  const file = await uploadDocumentFile(await authedContext(api, `${office}.attorney`, 'documents.upload'), {
    documentId: rapSheet.id,
    filename: 'rap-sheet.pdf',
    bytes: orderPdf(`RAP SHEET ${sentinelsOf(office).join(' ')}`),
  });
  // Staff's label and note on it name the case: the calendar, the timeline and the documents panel
  // must not tell them to staff without the permission.
  const docket = await attorney.documents.request({
    matterId: hearingMatterId,
    kind: 'court_docket',
    label: `Docket of ${sentinel.cases[1]}`,
    requestedFrom: 'court',
    requestedOn: '2026-11-27',
    // Overdue, so the calendar lists it whatever day the walk runs.
    dueOn: '2026-11-28',
    note: `The minute order of ${sentinel.cases[1]} is missing.`,
  });
  const docketFile = await uploadDocumentFile(
    await authedContext(api, `${office}.attorney`, 'documents.upload'),
    {
      documentId: docket.id,
      filename: 'docket.pdf',
      bytes: orderPdf(`MINUTE ORDER ${sentinel.courtFiles[1]}`),
    },
  );
  // A draft petition on the same sentinel case and section, its packet prepared, in a filing run.
  await setUpFiling(api, office);
  const packetPetition = await readyPetition(api, {
    office,
    matterId: hearingMatterId,
    caseNumber: sentinel.cases[1],
    sections: [sentinel.sections[2]],
  });
  const packet = await attorney.packets.prepare({
    petitionId: packetPetition.petitionId,
    attorneyId: api.userIds[`${office}.attorney`],
    baseVersion: 0,
  });
  const county = office === 'alameda' ? 'Alameda' : 'San Francisco';
  // A RAP sheet read into the hearing matter, proposing a conviction on a sentinel case and section.
  const rapImport = await attorney.rapImports.start({
    matterId: hearingMatterId,
    source: {
      kind: 'text',
      name: 'rap.txt',
      text: `CII/A01234567\n* * * *\nCOURT:                NAM:01\n20150302  CASC ${county.toUpperCase()}\n\nCNT:01     #${sentinel.cases[0]}9\n  ${sentinel.sections[1].toUpperCase()} PC-SENTINEL OFFENSE\n*DISPO:CONVICTED\n   CONV STATUS:MISDEMEANOR\n   SEN: 2 YEARS PROBATION\n`,
    },
  });
  await runWorker(api, `sentinel-${office}`);
  const run = await attorney.filings.createRun({ county, petitionIds: [packetPetition.petitionId] });
  const db = api.database.db;
  const document = await db
    .selectFrom('document_requests')
    .select('id')
    .where('matter_id', '=', outcome.matterId)
    .executeTakeFirstOrThrow();
  const outcomeMatter = await db
    .selectFrom('matters')
    .select('client_id')
    .where('id', '=', outcome.matterId)
    .executeTakeFirstOrThrow();
  const letter = await db
    .selectFrom('messages')
    .select('id')
    .where('matter_id', '=', outcome.matterId)
    .where('channel', '=', 'letter')
    .where('kind', '=', 'outcome')
    .executeTakeFirstOrThrow();
  const wordedLetter = await wordedUpdate(api, office, {
    email: false,
    sms: false,
    letter: true,
    phone: false,
  });
  const message = await db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .select(['outbox.id', 'outbox.message_id'])
    .where('outbox.matter_id', '=', outcome.matterId)
    .where('messages.kind', '=', 'outcome')
    .$narrowType<{ message_id: string }>()
    .executeTakeFirstOrThrow();
  const held = await heldStatusUpdate(api, office);
  return {
    outcomeMatterId: outcome.matterId,
    hearingMatterId,
    clientId: referral.clientId,
    outcomeClientId: outcomeMatter.client_id,
    convictionId,
    arrestId: arrest.id,
    petitionId,
    documentId: document.id,
    messageId: message.message_id,
    outboxId: message.id,
    userId: api.userIds[`${office}.intake`],
    rapSheetFileId: file.id,
    orderDocumentId: orderRequest.id,
    orderFileId: order.id,
    docketDocumentId: docket.id,
    docketFileId: docketFile.id,
    rapImportId: rapImport.id,
    letterMessageId: letter.id,
    wordedLetterMessageId: wordedLetter.id,
    county,
    packetPetitionId: packetPetition.petitionId,
    packetFileId: packet.fileId,
    filingRunId: run.id,
    heldMatterId: held.matterId,
    heldOutboxId: held.outboxId,
    ...(await seedConclusionMatters(api, office)),
  };
}

/**
 * An "in review" update sent on every channel the client allows, its wording changed by staff to name
 * a sentinel case: the office's wording tells nothing of the record, staff's own may.
 */
async function sendWordedUpdate(api: ApiHarness, office: OfficeKey, matterId: string) {
  const caseNumber = SENTINELS[office].cases[1];
  const attorney = await api.signedIn(`${office}.attorney`);
  const choice = { matterId, statusType: 'in_review' as const };
  const composed = await attorney.messages.composeStatus(choice);
  return attorney.messages.sendStatus({
    choice,
    writtenIn: composed.language,
    messages: composed.messages.map((m) => ({
      channel: m.channel,
      subject: `${m.subject} (${caseNumber})`,
      text: `${m.text}\n\nWe are waiting for the court file of ${caseNumber}.`,
    })),
  });
}

/** Such an update as a letter on a matter of its own, still in review: the letter waits to be printed. */
async function wordedUpdate(
  api: ApiHarness,
  office: OfficeKey,
  contact: { email: boolean; sms: boolean; letter: boolean; phone: boolean },
): Promise<{ id: string }> {
  const { matterId } = await openMatterFor(api, { contact }, `${office}.intake`);
  const sent = await sendWordedUpdate(api, office, matterId);
  return { id: sent.messageIds[0] ?? '' };
}

/** The matters of the walk's "Not eligible" moves (Records.decidedMatterId, undecidedArrestsMatterId). */
async function seedConclusionMatters(api: ApiHarness, office: OfficeKey) {
  const attorney = await api.signedIn(`${office}.attorney`);
  const inReview = async () => {
    const { matterId } = await openMatterFor(api, {}, `${office}.intake`);
    let { version } = await attorney.matters.get({ matterId });
    for (const to of ['gathering_records', 'eligibility_review'] as const)
      ({ version } = await attorney.matters.moveStage({ matterId, version, to }));
    return matterId;
  };
  const decidedMatterId = await inReview();
  const conviction = await attorney.convictions.add({
    matterId: decidedMatterId,
    conviction: convictionInput(),
  });
  await attorney.decisions.record(decisionInput(conviction.id, { determination: 'eligible_discretionary' }));
  const undecidedArrestsMatterId = await inReview();
  for (const section of ['459', '484(a)'])
    await attorney.arrests.add({ matterId: undecidedArrestsMatterId, arrest: arrestInput({ section }) });
  return { decidedMatterId, undecidedArrestsMatterId };
}

/**
 * An e-mail to a client telling of their record ("no convictions found", the RAP sheet read), staff's
 * wording naming the sentinel case the client asked about, queued while it held; a conviction is then
 * entered, and when the outbox worker's turn comes it holds the e-mail as no longer right
 * (holdIfNoLongerTrue, as the worker calls it). Why ("convictions are recorded") is criminal history:
 * held.ts writes what staff read of it, on the matter, on its timeline and on record.
 */
async function heldStatusUpdate(
  api: ApiHarness,
  office: OfficeKey,
): Promise<{ matterId: string; outboxId: string }> {
  const caseNumber = SENTINELS[office].cases[1];
  const { matterId } = await openMatterFor(
    api,
    { contact: { email: true, sms: false, letter: false, phone: false } },
    `${office}.intake`,
  );
  await rapSheetReceived(api, matterId, `${office}.intake`);
  const attorney = await api.signedIn(`${office}.attorney`);
  const choice = { matterId, statusType: 'no_convictions_found' as const };
  const composed = await attorney.messages.composeStatus(choice);
  const email = composed.messages.find((m) => m.channel === 'email');
  if (!email) throw new Error('the held update has no e-mail to compose');
  const sent = await attorney.messages.sendStatus({
    choice,
    writtenIn: composed.language,
    messages: [
      {
        channel: 'email',
        subject: `${email.subject} (${caseNumber})`,
        text: `${email.text}\n\n${caseNumber}`,
      },
    ],
  });
  const outboxId = sent.outboxIds[0] ?? '';
  const county = office === 'alameda' ? 'Alameda' : 'San Francisco';
  await attorney.convictions.add({
    matterId,
    conviction: {
      caseNumber: '18CR07654',
      county,
      court: `Superior Court of California, County of ${county}`,
      code: 'PC',
      section: '488',
      level: 'misdemeanor',
      wobbler: 'no',
      convictionDate: '2018-05-02',
      sentenceKind: 'probation',
      executionSuspended: 'no',
      mandatorySupervision: 'unknown',
      endDate: '2020-05-02',
      probationOutcome: 'completed',
      valueOver950: 'no',
      reliefGrantedRemedy: null,
      reliefGrantedOn: null,
    },
  });
  // The worker's claim (apps/server/src/outbox/claim.ts, which this package cannot reach), as it
  // makes it; then its check before the try, which holds the e-mail.
  const db = api.database.db;
  const workerId = `sentinel-worker-${office}`;
  const now = api.clock.now();
  const claimed = await db
    .updateTable('outbox')
    .set((eb) => ({
      state: 'sending',
      locked_by: workerId,
      locked_until: new Date(now.getTime() + 60_000).toISOString(),
      attempts: eb('attempts', '+', 1),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', outboxId)
    .where('state', '=', 'pending')
    .returning('office_id')
    .executeTakeFirstOrThrow();
  const result = await holdIfNoLongerTrue(
    officeScoped(db, dialectOf(db), claimed.office_id),
    api.clock,
    outboxId,
    workerId,
  );
  if (result !== 'held') throw new Error(`the sentinel status update was not held (${result})`);
  return { matterId, outboxId };
}

/**
 * Both offices' sentinel records, with letterheads so outcomes can be sent, and both sides of each
 * role: an administrator with the RAP sheet permission, a supervisor without it.
 */
/** The offices' mailing address, phone and e-mail, which messages to clients need. */
export async function setOfficeContacts(api: ApiHarness): Promise<void> {
  await api.database.db
    .updateTable('offices')
    .set({
      phone: '(510) 272-6600',
      email: 'office@example.org',
      address: '1401 Lakeside Drive, Oakland, CA 94612',
    })
    .execute();
}

export async function seedSentinels(api: ApiHarness): Promise<Record<OfficeKey, Records>> {
  await setOfficeContacts(api);
  const records = {} as Record<OfficeKey, Records>;
  for (const office of OFFICES) records[office] = await seedOffice(api, office);
  await api.database.db
    .updateTable('users')
    .set({ can_view_rap_sheets: 1 })
    .where('id', '=', api.userIds['alameda.admin'])
    .execute();
  await api.database.db
    .updateTable('users')
    .set({ can_view_rap_sheets: 0 })
    .where('id', '=', api.userIds['bayLegal.supervisor'])
    .execute();
  return records;
}

/** The sentinels a caller must never see: the other office's, and their own without the permission. */
export function forbiddenSentinels(office: OfficeKey, permitted: boolean): string[] {
  const other = OFFICES.find((o) => o !== office) ?? office;
  return [...sentinelsOf(other), ...(permitted ? [] : sentinelsOf(office))];
}

/** The office's files that are criminal history: its RAP sheet, petition packet, signed order and docket. */
export const criminalHistoryFileIds = (r: Records): string[] => [
  r.rapSheetFileId,
  r.packetFileId,
  r.orderFileId,
  r.docketFileId,
];

/**
 * What a caller must never receive: the sentinels (forbiddenSentinels), and the ids of the
 * criminal-history files they may not open (an id is how a file is listed and fetched).
 */
export function forbiddenValues(
  records: Record<OfficeKey, Records>,
  office: OfficeKey,
  permitted: boolean,
): string[] {
  const other = OFFICES.find((o) => o !== office) ?? office;
  return [
    ...forbiddenSentinels(office, permitted),
    ...criminalHistoryFileIds(records[other]),
    ...(permitted ? [] : criminalHistoryFileIds(records[office])),
  ];
}

/** The matters an office's seed holds, as the walks of removed records call them. */
export const seededMatters = (r: Records): string[] => [
  r.outcomeMatterId,
  r.hearingMatterId,
  r.heldMatterId,
  r.decidedMatterId,
  r.undecidedArrestsMatterId,
];

/**
 * On each of the office's seeded matters, a conviction with the case number `caseOf(i)` entered,
 * decided and removed by the attorney (a matter concluded takes no new record: it is left as it is).
 * Returns the removed convictions' ids and case numbers.
 */
export async function removedConvictionsOn(
  api: ApiHarness,
  r: Records,
  caseOf: (i: number) => string,
): Promise<{ ids: string[]; cases: string[] }> {
  const attorney = await api.signedIn('alameda.attorney');
  const removed = { ids: [] as string[], cases: [] as string[] };
  for (const [i, matterId] of seededMatters(r).entries()) {
    const added = await attorney.convictions
      .add({ matterId, conviction: convictionInput({ caseNumber: caseOf(i), county: r.county }) })
      .catch(() => null);
    if (!added) continue;
    await attorney.decisions.record(decisionInput(added.id));
    await attorney.convictions.remove({ convictionId: added.id, version: added.version });
    removed.ids.push(added.id);
    removed.cases.push(caseOf(i));
  }
  return removed;
}
