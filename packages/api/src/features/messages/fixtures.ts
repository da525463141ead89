// Test-only: offices with letterhead details, clients who read Spanish or English with the channels
// a test needs, and a matter taken all the way to "outcome to send" with a signed order on file.
import type { ClientDetails, DocumentKind, RecordReferralInput, RequestedFrom } from '@relief-desk/domain';
import { type ApiHarness, type OfficeKey, referralInput } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { authedContext, OVERRIDE_REASON, type Who } from '../lifecycle-fixtures.ts';

export { authedContext, type Who };

export async function giveOfficesLetterheads(api: ApiHarness): Promise<void> {
  await api.database.db
    .updateTable('offices')
    .set({
      phone: '(510) 272-6600',
      email: 'cleanslate@example.org',
      address: '1401 Lakeside Drive, Oakland, CA 94612',
    })
    .execute();
}

let people = 0;

export async function openMatterFor(
  api: ApiHarness,
  client: Partial<ClientDetails> = {},
  who: Who = 'alameda.intake',
  referral: Pick<RecordReferralInput, 'note' | 'noteAboutRecord'> = {},
): Promise<{ matterId: string; clientId: string }> {
  people += 1;
  const caller = await api.signedIn(who);
  const base = referralInput().client;
  const recorded = await caller.referrals.record(
    referralInput({
      client: {
        ...base,
        legalName: `Begoña Núñez ${String.fromCharCode(65 + (people % 26))}${people}`,
        otherNames: [],
        dateOfBirth: `19${50 + (people % 40)}-0${1 + (people % 9)}-1${people % 10}`,
        address: { line1: '1221 Oak St', line2: 'Apt 3', city: 'Oakland', state: 'CA', postalCode: '94612' },
        contact: { email: true, sms: false, letter: false, phone: true },
        consentToText: false,
        ...client,
      },
      counties: [who.startsWith('alameda') ? 'Alameda' : 'San Francisco'],
      ...referral,
    }),
  );
  const matter = recorded.matters[0];
  if (!matter) throw new Error('the referral opened no matter');
  return { matterId: matter.id, clientId: recorded.clientId };
}

/**
 * The DOJ RAP sheet requested and marked received (arrived the day it was asked for): the record was
 * read, so "no convictions found" may be said of a matter with none entered.
 */
export function rapSheetReceived(
  api: ApiHarness,
  matterId: string,
  who: Who = 'alameda.intake',
): Promise<void> {
  return documentReceived(api, matterId, { kind: 'rap_sheet', from: 'doj' }, who);
}

/** A document requested and marked received the day it was asked for. */
export async function documentReceived(
  api: ApiHarness,
  matterId: string,
  document: { kind: DocumentKind; from: RequestedFrom },
  who: Who = 'alameda.intake',
): Promise<void> {
  const caller = await api.signedIn(who);
  const requestedOn = '2026-11-28';
  const { id, dueOn } = await caller.documents.request({
    matterId,
    kind: document.kind,
    requestedFrom: document.from,
    requestedOn,
  });
  await caller.documents.update({
    documentId: id,
    version: 1,
    status: 'received',
    dueOn,
    arrivedOn: requestedOn,
  });
}

/** An attorney decides one conviction of the matter eligible for a PC 1203.4 dismissal. */
export async function decideEligible(api: ApiHarness, matterId: string): Promise<void> {
  const attorney = await api.signedIn('alameda.attorney');
  const conviction = await attorney.convictions.add({
    matterId,
    conviction: convictionFacts('484(a)', '16CR01234'),
  });
  await attorney.decisions.record({
    convictionId: conviction.id,
    remedy: 'pc1203.4',
    determination: 'eligible_mandatory',
    reasons: 'Probation completed without revocation (PC 1203.4(a)(1)).',
    supersedes: null,
    overrideReason: OVERRIDE_REASON,
  });
}

/** A petition for one conviction of the matter, filed, with the court's hearing on `hearingOn`. */
export async function petitionWithHearing(
  api: ApiHarness,
  matterId: string,
  hearingOn: string,
  { office = 'alameda' as OfficeKey, section = '647(f)', caseNumber = '17CR04567' } = {},
): Promise<{ convictionId: string; petitionId: string }> {
  const attorney = await api.signedIn(`${office}.attorney`);
  const county = countyOf(office);
  const conviction = await attorney.convictions.add({
    matterId,
    conviction: convictionFacts(section, caseNumber, county),
  });
  const court = `Superior Court of California, County of ${county}`;
  const petition = await attorney.petitions.create({
    matterId,
    remedy: 'pc1203.4',
    convictionIds: [conviction.id],
    formSet: 'cr180_cr181',
    court,
  });
  await attorney.petitions.update({
    petitionId: petition.id,
    version: petition.version,
    status: 'hearing_set',
    court,
    filedOn: '2026-11-02',
    hearingOn,
    outcomes: [{ convictionId: conviction.id, outcome: null }],
  });
  return { convictionId: conviction.id, petitionId: petition.id };
}

const countyOf = (office: OfficeKey) => (office === 'alameda' ? 'Alameda' : 'San Francisco');

/** A misdemeanor with completed probation, as entered from the docket. */
function convictionFacts(
  section: string,
  caseNumber: string,
  county: 'Alameda' | 'San Francisco' = 'Alameda',
) {
  return {
    caseNumber,
    county,
    court: `Superior Court of California, County of ${county}`,
    code: 'PC',
    section,
    level: 'misdemeanor' as const,
    wobbler: 'no' as const,
    convictionDate: '2016-05-02',
    sentenceKind: 'probation' as const,
    executionSuspended: 'no' as const,
    mandatorySupervision: 'unknown' as const,
    endDate: '2019-05-02',
    probationOutcome: 'completed' as const,
    valueOver950: 'no' as const,
    reliefGrantedRemedy: null,
    reliefGrantedOn: null,
  };
}

/** A PDF by its bytes, different for each text. */
export function orderPdf(text: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * A matter whose one petition the court decided (one conviction granted, one denied, unless `outcomes`
 * says otherwise), with the signed order uploaded unless `withOrder` is false (then its request stays
 * open). `referral` is added to the referral that opens it; `whileNew` runs while it is a new referral.
 */
export async function matterAtOutcome(
  api: ApiHarness,
  client: Partial<ClientDetails> = {},
  {
    withOrder = true,
    office = 'alameda' as OfficeKey,
    caseNumber = '16CR01234',
    sections = ['484(a)', '647(f)'] as [string, string],
    outcomes = ['granted', 'denied'] as ['granted' | 'denied', 'granted' | 'denied'],
    referral = {} as Pick<RecordReferralInput, 'note' | 'noteAboutRecord'>,
    whileNew = async (_matterId: string): Promise<void> => {},
  } = {},
): Promise<{ matterId: string; order: Buffer; version: number }> {
  const { matterId } = await openMatterFor(api, client, `${office}.intake`, referral);
  await whileNew(matterId);
  const attorney = await api.signedIn(`${office}.attorney`);
  const county = countyOf(office);
  const court = `Superior Court of California, County of ${county}`;
  const a = await attorney.convictions.add({
    matterId,
    conviction: convictionFacts(sections[0], caseNumber, county),
  });
  const b = await attorney.convictions.add({
    matterId,
    conviction: convictionFacts(sections[1], caseNumber, county),
  });
  const petition = await attorney.petitions.create({
    matterId,
    remedy: 'pc1203.4',
    convictionIds: [a.id, b.id],
    formSet: 'cr180_cr181',
    court,
  });
  const filed = await attorney.petitions.update({
    petitionId: petition.id,
    version: petition.version,
    status: 'filed',
    court,
    filedOn: '2026-10-01',
    outcomes: [
      { convictionId: a.id, outcome: null },
      { convictionId: b.id, outcome: null },
    ],
  });
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
  await attorney.petitions.update({
    petitionId: petition.id,
    version: filed.version,
    status: 'decided',
    court,
    filedOn: '2026-10-01',
    decidedOn: '2026-11-20',
    outcomes: [
      { convictionId: a.id, outcome: outcomes[0] },
      { convictionId: b.id, outcome: outcomes[1] },
    ],
  });
  matter = await attorney.matters.get({ matterId });
  const request = matter.documents.find((d) => d.kind === 'signed_order');
  if (!request) throw new Error('deciding the petition requested no signed order');
  const order = orderPdf(`CR-181 order for ${matterId}`);
  if (withOrder)
    await uploadDocumentFile(await authedContext(api, `${office}.attorney`, 'documents.upload'), {
      documentId: request.id,
      filename: 'CR-181 orden firmada.pdf',
      bytes: order,
    });
  matter = await attorney.matters.get({ matterId });
  await attorney.matters.moveStage({ matterId, version: matter.version, to: 'outcome_to_send' });
  matter = await attorney.matters.get({ matterId });
  return { matterId, order, version: matter.version };
}

/**
 * One person's referral to the Alameda office for the counties given and San Francisco, which Bay
 * Area Legal Aid serves: the San Francisco matter passed on to it, as its Stage panel does, the others
 * left open here. `receivingOfficeGone` forgets which office it went to, as a record from before the
 * desk kept it would.
 */
export async function passedOnMatterFor(
  api: ApiHarness,
  client: Partial<ClientDetails> = {},
  stayingCounties: RecordReferralInput['counties'] = ['Alameda'],
): Promise<{ matterId: string; clientId: string; staying: string[] }> {
  people += 1;
  const intake = await api.signedIn('alameda.intake');
  const base = referralInput().client;
  const recorded = await intake.referrals.record(
    referralInput({
      client: {
        ...base,
        legalName: `Ximena Ibáñez ${String.fromCharCode(65 + (people % 26))}${people}`,
        otherNames: [],
        // Days 20 to 28: a real date in every month (29 February is not, most years).
        dateOfBirth: `19${50 + (people % 40)}-0${1 + (people % 9)}-2${people % 9}`,
        ...client,
      },
      counties: [...stayingCounties, 'San Francisco'],
    }),
  );
  const moved = recorded.matters.find((m) => m.county === 'San Francisco');
  if (!moved) throw new Error('the referral opened no San Francisco matter');
  const attorney = await api.signedIn('alameda.attorney');
  const matter = await attorney.matters.get({ matterId: moved.id });
  const [office] = matter.passOnOffices;
  if (!office) throw new Error('no office to pass it on to');
  await attorney.matters.passOn({
    matterId: moved.id,
    version: matter.version,
    officeId: office.id,
    clientAgreed: true,
  });
  return {
    matterId: moved.id,
    clientId: recorded.clientId,
    staying: recorded.matters.filter((m) => m.id !== moved.id).map((m) => m.id),
  };
}

/**
 * A matter whose court outcome was sent (by every channel the client allows) while its signed order
 * was still awaited from the court: closed, with the order's request open.
 */
export async function outcomeSentAwaitingOrder(
  api: ApiHarness,
  client: Partial<ClientDetails> = {},
  options: Parameters<typeof matterAtOutcome>[2] = {},
): Promise<{ matterId: string }> {
  const { matterId, version } = await matterAtOutcome(api, client, { ...options, withOrder: false });
  const attorney = await api.signedIn(`${options.office ?? 'alameda'}.attorney`);
  const composed = await attorney.messages.composeOutcome({ matterId });
  await attorney.messages.sendOutcome({
    matterId,
    version,
    writtenIn: composed.language,
    messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    fingerprint: composed.fingerprint,
    closeNote: 'The signed order is still to come from the court.',
  });
  return { matterId };
}

/** The court's signed order arrives: staff attach it to the open request (which marks it received). */
export async function signedOrderArrives(
  api: ApiHarness,
  matterId: string,
  filename = 'CR-181 signed order.pdf',
  office: OfficeKey = 'alameda',
): Promise<{ fileId: string; bytes: Buffer }> {
  const attorney = await api.signedIn(`${office}.attorney`);
  const request = (await attorney.matters.get({ matterId })).documents.find(
    (d) => d.kind === 'signed_order' && d.status === 'requested',
  );
  if (!request) throw new Error('no signed order awaited');
  const bytes = orderPdf(`${filename} for ${matterId}`);
  const { id } = await uploadDocumentFile(
    await authedContext(api, `${office}.attorney`, 'documents.upload'),
    {
      documentId: request.id,
      filename,
      bytes,
    },
  );
  return { fileId: id, bytes };
}
