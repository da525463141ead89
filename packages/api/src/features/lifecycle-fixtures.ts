// Test-only helpers for the matter lifecycle integration tests: a fresh matter per test, valid inputs
// that a test changes only where it is about, and the checks every mutation shares.
import type { Role } from '@relief-desk/domain';
import {
  type ArrestFieldsInput,
  addDays,
  type ConvictionFieldsInput,
  type CreatePetitionInput,
  type RecordDecisionInput,
  type UpdatePetitionInput,
} from '@relief-desk/domain';
import { expect } from 'vitest';
import type { OfficeContext } from '../context.ts';
import { createCaller } from '../router.ts';
import { signedInScope } from '../signed-in.ts';
import { type ApiHarness, type OfficeKey, referralInput, TEST_PASSWORD } from '../testing.ts';
import { resolveSession } from './auth/sessions.ts';

export type Who = `${OfficeKey}.${Role}`;

/** The harness users' names, as timelines and conflict messages show them. */
export const NAMES = {
  'alameda.intake': 'Intake of Alameda County Public Defender',
  'alameda.attorney': 'Attorney of Alameda County Public Defender',
  'alameda.supervisor': 'Supervisor of Alameda County Public Defender',
} as const;

/**
 * The harness clock's present moment as a California office reads it, with its zone, e.g.
 * "Nov 28, 2026, 10:00 AM PST".
 */
export function nowInCalifornia(api: ApiHarness): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/Los_Angeles',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(api.clock.now());
}

let people = 0;

/**
 * A new client's matter in the caller's office's county, at "referral received", received on the
 * fixture's day unless given.
 */
export async function openMatter(
  api: ApiHarness,
  who: Who = 'alameda.intake',
  received: { on?: string } = {},
): Promise<string> {
  people += 1;
  const caller = await api.signedIn(who);
  const letters = people
    .toString(26)
    .split('')
    .map((d) => String.fromCharCode(97 + Number.parseInt(d, 26)))
    .join('');
  const recorded = await caller.referrals.record(
    referralInput({
      client: {
        ...referralInput().client,
        legalName: `Prueba ${letters.charAt(0).toUpperCase()}${letters.slice(1)}ez`,
        otherNames: [],
        dateOfBirth: addDays('1960-01-01', people),
      },
      counties: [who.startsWith('alameda') ? 'Alameda' : 'San Francisco'],
      ...(received.on ? { receivedOn: received.on } : {}),
    }),
  );
  const matter = recorded.matters[0];
  if (!matter) throw new Error('the referral opened no matter');
  return matter.id;
}

export function convictionInput(overrides: Partial<ConvictionFieldsInput> = {}): ConvictionFieldsInput {
  return {
    caseNumber: '16CR01234',
    county: 'Alameda',
    court: 'Superior Court of California, County of Alameda',
    code: 'PC',
    section: '484(a)',
    level: 'misdemeanor',
    wobbler: 'no',
    convictionDate: '2016-05-02',
    offenseDate: null,
    sentenceKind: 'probation',
    // Probation with imposition of sentence suspended (PC 17(b)(3) can reach it).
    executionSuspended: 'no',
    mandatorySupervision: 'unknown',
    endDate: '2019-05-02',
    probationOutcome: 'completed',
    valueOver950: 'no',
    reliefGrantedRemedy: null,
    reliefGrantedOn: null,
    ...overrides,
  };
}

/** An arrest that ended without a conviction, as the RAP sheet shows one. */
export function arrestInput(overrides: Partial<ArrestFieldsInput> = {}): ArrestFieldsInput {
  return {
    arrestDate: '2018-04-05',
    arrestAgency: 'Oakland Police Department',
    code: 'pc',
    section: '459',
    offenseDescription: 'Burglary',
    level: 'felony',
    disposition: 'dismissed',
    dispositionDate: '2018-09-10',
    ...overrides,
  };
}

/**
 * Given with each decision a fixture records: the tests decide from the docket, whatever the rules
 * would suggest from the facts they entered (a decision against the rules needs a reason).
 */
export const OVERRIDE_REASON = 'Decided on the court’s docket and the client’s account.';

export function decisionInput(
  convictionId: string,
  overrides: Partial<RecordDecisionInput> = {},
): RecordDecisionInput {
  return {
    convictionId,
    remedy: 'pc1203.4',
    determination: 'eligible_mandatory',
    reasons: 'Probation completed without violation: PC 1203.4(a)(1) relief is mandatory.',
    supersedes: null,
    overrideReason: OVERRIDE_REASON,
    ...overrides,
  };
}

export function petitionInput(
  matterId: string,
  convictionIds: string[],
  overrides: Partial<CreatePetitionInput> = {},
): CreatePetitionInput {
  return {
    matterId,
    remedy: 'pc1203.4',
    convictionIds,
    formSet: 'cr180_cr181',
    court: 'Superior Court of California, County of Alameda',
    courthouse: 'René C. Davidson Courthouse',
    ...overrides,
  };
}

/** A petition update that files it on 2026-11-20, keeping every conviction without an outcome. */
export function filedPetition(
  petitionId: string,
  version: number,
  convictionIds: string[],
  overrides: Partial<UpdatePetitionInput> = {},
): UpdatePetitionInput {
  return {
    petitionId,
    version,
    status: 'filed',
    court: 'Superior Court of California, County of Alameda',
    filedOn: '2026-11-20',
    outcomes: convictionIds.map((convictionId) => ({ convictionId, outcome: null })),
    ...overrides,
  };
}

/** A matter with one conviction entered by the office's attorney. */
export async function matterWithConviction(
  api: ApiHarness,
  overrides: Partial<ConvictionFieldsInput> = {},
): Promise<{ matterId: string; convictionId: string }> {
  const matterId = await openMatter(api);
  const attorney = await api.signedIn('alameda.attorney');
  const { id } = await attorney.convictions.add({ matterId, conviction: convictionInput(overrides) });
  return { matterId, convictionId: id };
}

/**
 * A signed-in user's context, for the functions the HTTP routes call: `route` is the route it stands
 * for (documents.download, …), the name its audit rows carry.
 */
export async function authedContext(api: ApiHarness, who: Who, route: string): Promise<OfficeContext> {
  const [office, role] = who.split('.') as [OfficeKey, Role];
  const ctx = api.context();
  await createCaller(ctx).auth.signIn({
    email: `${role}@${office.toLowerCase()}.test`,
    password: TEST_PASSWORD,
  });
  const token = ctx.cookieJar.token;
  const user = token ? await resolveSession(api.database.db, api.clock, token) : null;
  if (!user) throw new Error(`could not sign in as ${who}`);
  return signedInScope({ ...api.context({ sessionToken: token }), user }, route);
}

/** A small but real PDF. */
export function pdfBytes(text = 'Relief Desk test document'): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * Every row a lifecycle mutation can write, and the audit rows of things done (refusals are audited
 * too, as "denied", and are left out). Equal before and after a call means the call wrote nothing.
 */
export async function everythingWritten(api: ApiHarness) {
  const db = api.database.db;
  const [
    matters,
    requests,
    files,
    convictions,
    revisions,
    decisions,
    petitions,
    members,
    events,
    dueDays,
    audit,
    journaled,
  ] = await Promise.all([
    db.selectFrom('matters').selectAll().orderBy('id').execute(),
    db.selectFrom('document_requests').selectAll().orderBy('id').execute(),
    db.selectFrom('document_files').selectAll().orderBy('id').execute(),
    db.selectFrom('convictions').selectAll().orderBy('id').execute(),
    db.selectFrom('conviction_revisions').selectAll().orderBy('id').execute(),
    db.selectFrom('eligibility_decisions').selectAll().orderBy('id').execute(),
    db.selectFrom('petitions').selectAll().orderBy('id').execute(),
    db
      .selectFrom('petition_convictions')
      .selectAll()
      .orderBy('petition_id')
      .orderBy('conviction_id')
      .execute(),
    db.selectFrom('matter_events').selectAll().orderBy('id').execute(),
    db.selectFrom('office_document_due_days').selectAll().orderBy('office_id').orderBy('kind').execute(),
    db.selectFrom('audit_log').selectAll().where('outcome', '=', 'ok').orderBy('id').execute(),
    // Reads' rows waiting to join the chain.
    db.selectFrom('audit_journal').selectAll().orderBy('id').execute(),
  ]);
  return {
    matters,
    requests,
    files,
    convictions,
    revisions,
    decisions,
    petitions,
    members,
    events,
    dueDays,
    audit,
    journaled,
  };
}

export interface Refusal {
  code: string;
  appCode: string | undefined;
  message: string;
  fields: { path: string; message: string }[];
}

/** The error a call was refused with, with its field errors whether they came from zod or the API. */
export async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const outcome = await call.then(
    () => null,
    (error: unknown) => error,
  );
  if (!outcome) throw new Error('expected the call to be refused, but it succeeded');
  const error = outcome as {
    code: string;
    appCode?: string;
    message: string;
    fieldErrors?: { path: string; message: string }[];
    cause?: { issues?: { path: PropertyKey[]; message: string }[] };
  };
  const fields = error.fieldErrors?.length
    ? error.fieldErrors
    : (error.cause?.issues ?? []).map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  return { code: error.code, appCode: error.appCode, message: error.message, fields };
}

/** Asserts the call is refused and that nothing (but the refusal's own audit row) was written. */
export async function expectRefusedWritingNothing(
  api: ApiHarness,
  call: () => Promise<unknown>,
): Promise<Refusal> {
  const before = await everythingWritten(api);
  const refused = await refusal(call());
  expect(await everythingWritten(api)).toEqual(before);
  return refused;
}

/**
 * Runs a mutation and asserts it wrote exactly one timeline event on the matter (the newest, by this
 * user, of this kind) and exactly one audit row of the action by the same user.
 */
export async function expectEventAndAudit<T>(
  api: ApiHarness,
  facts: { matterId: string; kind: string; who: Who; action: string },
  call: () => Promise<T>,
): Promise<{ result: T; summary: string }> {
  const db = api.database.db;
  const actorId = api.userIds[facts.who];
  const events = () =>
    db
      .selectFrom('matter_events')
      .select(['kind', 'actor_id', 'summary'])
      .where('matter_id', '=', facts.matterId)
      .orderBy('occurred_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  const audits = () =>
    db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', facts.action)
      .where('actor_id', '=', actorId)
      .where('outcome', '=', 'ok')
      .execute();
  const [eventsBefore, auditsBefore] = [await events(), await audits()];
  const result = await call();
  const [eventsAfter, auditsAfter] = [await events(), await audits()];
  expect(eventsAfter.length).toBe(eventsBefore.length + 1);
  expect(eventsAfter[0]).toMatchObject({ kind: facts.kind, actor_id: actorId });
  expect(auditsAfter.length).toBe(auditsBefore.length + 1);
  return { result, summary: eventsAfter[0]?.summary ?? '' };
}
