// A valid-looking input for every procedure of the router, aimed at one office's seeded records
// (see sentinels.ts). The walks that call every procedure read it from here.
import type { Records } from './sentinels.ts';
import { referralInput } from './testing.ts';

/**
 * An input for every procedure, aimed at the records of one office. A procedure missing here fails
 * the walk by name: add it when you add the procedure.
 */
export function inputsFor(r: Records): Record<string, unknown> {
  const matterId = r.hearingMatterId;
  return {
    'auth.signIn': { email: 'nobody@nowhere.test', password: 'not the password at all' },
    'auth.signOut': undefined,
    'auth.me': undefined,
    'auth.sessions': undefined,
    'auth.endSession': { sessionId: 'not-a-session' },
    'auth.endOtherSessions': undefined,
    // Refused by its schema (a token too short): a well-formed try claims one of the address's 20
    // failures, and the walk signs eight people in from one address.
    'auth.signInSecondFactor': { challengeToken: 'x', method: 'totp', code: '123456' },
    'auth.passkeySignInOptions': { challengeToken: 'x'.repeat(43) },
    'auth.sessionStatus': undefined,
    // Refused by its schema: a well-formed request counts against the address's hourly allowance.
    'auth.requestSignInLink': { email: 'not an address' },
    'auth.useSignInLink': { token: 'x'.repeat(43) },
    'invitations.details': { token: 'x'.repeat(43) },
    'invitations.accept': {
      token: 'x'.repeat(43),
      name: 'Walk Test',
      password: 'a long walk past the river',
    },
    // Refused by its schema (no current password): a wrong one counts towards the account's lock,
    // and the walks call it for each person several times.
    'auth.changePassword': { currentPassword: '', newPassword: 'a long walk past the river' },
    'passwordResets.details': { token: 'x'.repeat(43) },
    'passwordResets.setPassword': { token: 'x'.repeat(43), password: 'a long walk past the river' },
    'auth.stayActive': undefined,
    'auth.mfa.status': undefined,
    'auth.mfa.reauthenticate': { method: 'password', password: '' },
    'auth.mfa.reauthenticationOptions': undefined,
    'auth.mfa.startTotp': undefined,
    'auth.mfa.confirmTotp': { code: '000000' },
    'auth.mfa.passkeyOptions': undefined,
    'auth.mfa.addPasskey': { label: 'Laptop', response: {} },
    'auth.mfa.removeFactor': { kind: 'totp' },
    'auth.mfa.newRecoveryCodes': undefined,
    'clients.get': { clientId: r.outcomeClientId },
    'clients.duplicates': { clientId: r.outcomeClientId },
    'clients.mergePreview': { survivingClientId: r.clientId, mergedClientId: r.outcomeClientId },
    'clients.merge': {
      survivingClient: { id: r.clientId, version: 999 },
      mergedClient: { id: r.outcomeClientId, version: 999 },
    },
    'clients.update': {
      clientId: r.outcomeClientId,
      version: 999,
      client: referralInput().client,
    },
    'clients.undoMerge': { mergeId: 'not-a-merge', survivingClientVersion: 999, mergedClientVersion: 999 },
    'referrals.findPossibleClients': { legalName: 'Sentinel Person', dateOfBirth: '1971-02-03', phone: '' },
    'referrals.record': referralInput({ existingClient: { id: r.clientId, version: 1 } }),
    'matters.list': { queue: 'all' },
    'matters.get': { matterId: r.outcomeMatterId },
    'matters.moveStage': { matterId, version: 999, to: 'gathering_records' },
    // Refused (a stale version, and the matter is not at Referred out): nothing is passed on.
    'matters.passOn': { matterId, version: 999, officeId: 'another-office', clientAgreed: true },
    'matters.addNote': { matterId, text: 'A note.' },
    'matters.markReferralNote': { matterId, version: 999, aboutRecord: false },
    'matters.markTimelineNote': { matterId, version: 999, eventId: 'no-such-entry', aboutRecord: false },
    'matters.logCall': { matterId, direction: 'outgoing', reached: true, note: 'Called.' },
    'matters.calendar': undefined,
    'queues.counts': undefined,
    'queues.viewCount': { queue: 'all' },
    'queues.limits': undefined,
    'queues.setLimits': { version: 999, clientUpdateDays: 14, clientUpdateOverdueDays: 42 },
    // The matter's version is 1 here: a walk that reaches the bulk's logic reads the real one
    // (withMatterVersions). "Not eligible" is refused for the hearing matter (by role, permission or
    // stage), so the walk does not close it.
    'queues.bulkAssign': { matters: [{ id: matterId, version: 1 }], assigneeId: r.userId },
    'queues.bulkMoveStage': { matters: [{ id: matterId, version: 1 }], to: 'not_eligible' },
    'queues.bulkAddNote': { matters: [{ id: matterId, version: 1 }], text: 'Bulk note.' },
    'dashboard.get': undefined,
    'messages.composeStatus': { matterId, statusType: 'in_review' },
    'messages.sendStatus': {
      choice: { matterId, statusType: 'in_review' },
      writtenIn: 'es',
      messages: [{ channel: 'email', text: 'We are reviewing your record.' }],
    },
    'messages.logStatus': { choice: { matterId, statusType: 'in_review' }, note: 'Told on the phone.' },
    'messages.composeOutcome': { matterId: r.outcomeMatterId },
    'messages.sendOutcome': {
      matterId: r.outcomeMatterId,
      version: 999,
      writtenIn: 'es',
      messages: [{ channel: 'email', text: 'x' }],
    },
    'messages.signedOrderCopies': { matterId: r.outcomeMatterId },
    'messages.sendSignedOrderCopies': {
      matterId: r.outcomeMatterId,
      version: 999,
      fileIds: ['not-a-file'],
      writtenIn: 'es',
    },
    'messages.forMatter': { matterId: r.outcomeMatterId },
    'messages.deliveryStatus': undefined,
    'messages.deliveryProblems': undefined,
    'messages.lettersToPrint': undefined,
    'messages.confirmPrinted': { messageIds: [r.messageId] },
    'messages.withdrawLetter': { outboxId: r.outboxId, version: 999 },
    'messages.stopSending': { outboxId: r.outboxId, version: 999 },
    'messages.leaveUnsent': { outboxId: r.outboxId, version: 999 },
    'messages.retry': { outboxId: r.outboxId, version: 999 },
    'messages.resendVia': { outboxId: r.outboxId, version: 999, channel: 'letter' },
    'messages.templates': undefined,
    'messages.saveTemplate': {
      statusType: 'in_review',
      wording: {
        en: { baseVersion: 999, subject: 'Subject', body: 'Body', sms: 'Text' },
        es: { baseVersion: 999, subject: 'Asunto', body: 'Texto', sms: 'Mensaje' },
      },
    },
    'messages.followUpSettings': undefined,
    'messages.saveFollowUpSettings': { enabled: true, days: 42 },
    'documents.request': { matterId, kind: 'photo_id', requestedFrom: 'client', requestedOn: '2026-11-28' },
    'documents.update': { documentId: r.documentId, version: 999, status: 'received', dueOn: '2026-12-28' },
    'documents.recordReminder': { documentId: r.documentId, version: 999 },
    'documents.removeFile': { fileId: r.docketFileId, version: 999, reason: 'Another client’s court record' },
    'convictions.add': { matterId, conviction: {} },
    'convictions.edit': { convictionId: r.convictionId, version: 999, conviction: {} },
    'convictions.history': { convictionId: r.convictionId },
    'convictions.remove': { convictionId: r.convictionId, version: 999 },
    'rapImports.start': { matterId, source: { kind: 'file', fileId: r.rapSheetFileId } },
    'rapImports.list': { matterId },
    'rapImports.review': { importId: r.rapImportId },
    'rapImports.cancel': { importId: r.rapImportId, version: 999 },
    'rapImports.discard': { importId: r.rapImportId, version: 999, reason: 'Another person’s RAP sheet' },
    'rapImports.accept': {
      importId: r.rapImportId,
      version: 999,
      personFactsVersion: 0,
      convictions: [],
    },
    'arrests.list': { matterId },
    'arrests.add': { matterId, arrest: {} },
    'arrests.edit': { arrestId: r.arrestId, version: 999, arrest: {} },
    'arrests.remove': { arrestId: r.arrestId, version: 999 },
    'arrests.recordDecision': {
      arrestId: r.arrestId,
      remedy: 'pc851.91',
      determination: 'needs_more_info',
      missingInfo: 'The court record.',
      reasons: 'Need the docket.',
      supersedes: null,
    },
    'arrests.decisionHistory': { arrestId: r.arrestId, remedy: 'pc851.91' },
    'decisions.record': {
      convictionId: r.convictionId,
      remedy: 'pc1203.4',
      determination: 'needs_more_info',
      missingInfo: 'Probation end date.',
      reasons: 'Need the docket.',
      supersedes: null,
    },
    'decisions.acceptSuggestions': {
      convictionId: r.convictionId,
      accept: [
        { remedy: 'pc1203.4', supersedes: null, rulesVersion: '0', determination: 'eligible_mandatory' },
      ],
    },
    'decisions.history': { convictionId: r.convictionId, remedy: 'pc1203.4' },
    'eligibility.suggestions': { matterId },
    'eligibility.savePersonFacts': { matterId, version: 999, facts: {} },
    'eligibility.reviewList': undefined,
    'petitions.create': {
      matterId,
      remedy: 'pc1203.4',
      convictionIds: [r.convictionId],
      formSet: 'cr180_cr181',
      court: 'Superior Court',
    },
    'petitions.update': {
      petitionId: r.petitionId,
      version: 999,
      status: 'filed',
      court: 'Superior Court',
      filedOn: '2026-11-02',
      outcomes: [],
    },
    'petitions.setCourthouse': { petitionId: r.packetPetitionId, version: 999, courthouseId: null },
    'petitions.createForArrest': { arrestId: r.arrestId, county: r.county },
    'petitions.setProsecutor': { petitionId: r.packetPetitionId, version: 999, prosecutorId: null },
    'packets.check': { petitionId: r.packetPetitionId },
    'packets.prepare': { petitionId: r.packetPetitionId, attorneyId: r.userId, baseVersion: 999 },
    'packets.saveDeclaration': {
      petitionId: r.packetPetitionId,
      version: 999,
      rehabilitation: 'In my words.',
    },
    'packets.saveArrestingAgency': {
      petitionId: r.packetPetitionId,
      version: 999,
      name: 'Walk Police Department',
      address: '1 Main St',
    },
    'filings.overview': { county: r.county },
    'filings.createRun': { county: r.county, petitionIds: [r.packetPetitionId] },
    'filings.run': { runId: r.filingRunId },
    'filings.recordFiled': {
      runId: r.filingRunId,
      version: 999,
      filedOn: '2026-11-20',
      petitions: [{ petitionId: r.packetPetitionId }],
    },
    'courtSettings.get': undefined,
    'courtSettings.saveCounty': {
      county: r.county,
      version: 999,
      courtName: 'Superior Court',
      eFiling: false,
      courthouses: [],
      prosecutor: { name: 'District Attorney', address: '1 Main St' },
      probation: { name: '', address: '' },
    },
    'courtSettings.setStateBarNumber': { userId: r.userId, version: 999, stateBarNumber: '123456' },
    'offices.documentDueDays': undefined,
    'offices.profile': undefined,
    'offices.openMattersByCounty': undefined,
    'offices.saveProfile': {
      version: 999,
      name: 'Office',
      address: '1 Main St\nOakland, CA 94612',
      phone: '(510) 555-0100',
      email: 'office@example.org',
      counties: ['Alameda'],
    },
    'offices.setDocumentDueDays': { days: [] },
    'offices.signInSettings': undefined,
    'offices.setMfaRequired': { version: 999, required: true },
    'partnerKeys.list': undefined,
    'partnerKeys.create': { name: 'Walk partner' },
    'partnerKeys.revoke': { keyId: matterId, version: 1 },
    'users.listColleagues': undefined,
    'users.list': undefined,
    'users.setRapSheetAccess': { userId: r.userId, version: 999, canViewRapSheets: true },
    'users.unlock': { userId: r.userId, version: 999 },
    'users.endSessions': { userId: r.userId, version: 999 },
    'users.setActive': { userId: r.userId, version: 999, active: true },
    'users.resetFactors': { userId: r.userId, version: 999 },
    'users.sendPasswordReset': { userId: r.userId, version: 999 },
    'users.setRole': { userId: r.userId, version: 999, role: 'attorney' },
    'users.invitations': undefined,
    'users.invite': { email: 'walk@nowhere.test', role: 'attorney', canViewRapSheets: true },
    'users.resendInvitation': { invitationId: 'no-such-invitation', version: 999 },
    'users.revokeInvitation': { invitationId: 'no-such-invitation', version: 999 },
    'audit.list': { matter: r.outcomeMatterId, limit: 200 },
    'audit.people': undefined,
    'audit.disclosures': { clientId: r.clientId },
  };
}

export type AnyCall = (input?: unknown) => Promise<unknown>;

/**
 * The procedure at a dotted path of any depth ("matters.get", "auth.mfa.status") of a caller, to call
 * every procedure by name. A caller answers any path with a function, so a wrong one is found only
 * when called: calling through here, tRPC's "no procedure on this path" fails the walk (see
 * isMissingProcedure) instead of counting as an answer.
 */
export function procedureAt(caller: object, path: string): AnyCall {
  let target: unknown = caller;
  for (const key of path.split('.')) target = (target as Record<string, unknown>)[key];
  if (typeof target !== 'function') throw new Error(`No procedure at ${path}`);
  const call = target as AnyCall;
  return async (input?: unknown) => {
    try {
      return await call(input);
    } catch (error) {
      if (isMissingProcedure(error)) throw new MissingProcedure(path, messageOf(error));
      throw error;
    }
  };
}

/**
 * Calls a procedure by its dotted path and returns what the caller got back, value or error, as text:
 * what a walk looks for a value in. A path the router has no procedure at is the walk's fault, never an
 * answer without the value: it throws.
 */
export async function answerAt(caller: object, path: string, input: unknown): Promise<string> {
  try {
    return JSON.stringify((await procedureAt(caller, path)(input)) ?? null);
  } catch (error) {
    if (error instanceof MissingProcedure) throw error;
    const e = error as { message?: string; data?: unknown };
    return JSON.stringify({ error: e.message, data: e.data });
  }
}

/** A walk called a path the router has no procedure at: a walk that catches errors must throw it on. */
export class MissingProcedure extends Error {
  constructor(path: string, answer: string) {
    super(`The walk called no procedure at ${path}: the router answered “${answer}”`);
    this.name = 'MissingProcedure';
  }
}

/** tRPC's NOT_FOUND for a path the router has no procedure at (not a procedure's own "not found"). */
export function isMissingProcedure(error: unknown): boolean {
  const e = error as { code?: unknown } | null;
  return e?.code === 'NOT_FOUND' && messageOf(error).startsWith('No procedure found on path');
}

const messageOf = (error: unknown) => String((error as { message?: unknown } | null)?.message ?? '');
