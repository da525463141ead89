// Office scoping by structure, through the entries: the functions below no longer filter by office
// by hand (they take an OfficeDb, packages/db/src/office-scope.ts), so each procedure that reaches
// them is called by a person of another office naming this office's records, and must refuse or
// answer nothing of them, writing nothing in this office. The list is checked against the router:
// every procedure of a folder done by structure that takes a record's id is in it, so a new one
// cannot be left out.
import { inTransaction, newId, OFFICE_COLUMN_TABLES, type RequestDb } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthedContext, OfficeContext } from './context.ts';
import { issueStatusLink } from './features/applications/links.ts';
import { viewApplicationStatus } from './features/applications/status.ts';
import { uploadDocumentFile } from './features/documents/files.ts';
import {
  arrestInput,
  authedContext,
  convictionInput,
  decisionInput,
  filedPetition,
  openMatter,
  pdfBytes,
  petitionInput,
  type Who,
} from './features/lifecycle-fixtures.ts';
import { giveOfficesLetterheads, openMatterFor } from './features/messages/fixtures.ts';
import { readyArrestPetition, readyPetition, setUpFiling } from './features/packets/fixtures.ts';
import { RAP_TEXT } from './features/rap-import/fixtures.ts';
import { listOfficeUsers } from './features/users/rapSheetAccess.ts';
import { procedureAt } from './procedure-fixtures.ts';
import { appRouter, createCaller } from './router.ts';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from './testing.ts';
import { authedProcedure } from './trpc.ts';

/** Office A's records that office B's people name. */
interface Records {
  officeId: string;
  userId: string;
  matterId: string;
  clientId: string;
  /** A second client of the office, and a merge of a third into the first. */
  otherClientId: string;
  mergeId: string;
  convictionId: string;
  petitionId: string;
  arrestId: string;
  arrestPetitionId: string;
  documentId: string;
  /** A court record attached to another request of the matter. */
  fileId: string;
  /** A letter (and its outbox row) sent on another of the office's matters, and a RAP sheet import. */
  messageId: string;
  outboxId: string;
  importId: string;
  /** A note on the matter's timeline. */
  eventId: string;
  /** A filing run of another prepared petition. */
  runId: string;
  invitationId: string;
}

const noBars = {
  currentlyCharged: 'no',
  underSupervision: 'no',
  servingSentence: 'no',
  requiredToRegisterPC290: 'no',
  hasSuperstrikePrior: 'no',
} as const;
const arrestDecision = {
  remedy: 'pc851.91',
  supersedes: null,
  determination: 'eligible_mandatory',
  reasons: 'Charges dismissed and may not be refiled.',
} as const;
const S: Who = 'bayLegal.supervisor';

interface Entry {
  /** Who calls: a person of the other office with the permission the procedure asks. */
  as: Who;
  input: (a: Records) => unknown;
  /** A read that answers (an empty list, say) rather than refusing: none of office A's ids in it. */
  answers?: true;
  /** Signed in where PUBLIC_ORIGIN is set (invitations' links need it). */
  origin?: true;
}

const ENTRIES: Record<string, Entry> = {
  'users.setRapSheetAccess': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, canViewRapSheets: true }),
  },
  'users.unlock': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.endSessions': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.setActive': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, active: false }),
  },
  'users.setRole': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1, role: 'attorney' }),
  },
  'users.resetFactors': { as: 'bayLegal.admin', input: (a) => ({ userId: a.userId, version: 1 }) },
  'users.sendPasswordReset': {
    as: 'bayLegal.admin',
    input: (a) => ({ userId: a.userId, version: 1 }),
    origin: true,
  },
  'users.list': { as: 'bayLegal.admin', input: () => undefined, answers: true },
  'users.listColleagues': { as: 'bayLegal.intake', input: () => undefined, answers: true },
  'users.resendInvitation': {
    as: 'bayLegal.admin',
    input: (a) => ({ invitationId: a.invitationId, version: 1 }),
    origin: true,
  },
  'users.revokeInvitation': {
    as: 'bayLegal.admin',
    input: (a) => ({ invitationId: a.invitationId, version: 1 }),
  },
  'users.invitations': { as: 'bayLegal.admin', input: () => undefined, answers: true },
  'offices.signInSettings': { as: 'bayLegal.admin', input: () => undefined, answers: true },
  'audit.disclosures': { as: S, input: (a) => ({ clientId: a.clientId }) },
  'matters.get': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'matters.moveStage': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 1, to: 'gathering_records' }),
  },
  'matters.passOn': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 1, officeId: a.officeId, clientAgreed: true }),
  },
  'matters.addNote': { as: S, input: (a) => ({ matterId: a.matterId, text: 'A note.' }) },
  'matters.markReferralNote': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 1, aboutRecord: true }),
  },
  'matters.markTimelineNote': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 1, eventId: a.eventId, aboutRecord: true }),
  },
  'matters.logCall': {
    as: S,
    input: (a) => ({ matterId: a.matterId, direction: 'outgoing', result: 'spoke', summary: 'Spoke.' }),
  },
  'matters.calendar': { as: S, input: () => ({ from: '2026-11-20', to: '2026-12-31' }), answers: true },
  'clients.get': { as: S, input: (a) => ({ clientId: a.clientId }) },
  'clients.duplicates': { as: S, input: (a) => ({ clientId: a.clientId }) },
  'clients.update': {
    as: S,
    input: (a) => ({ clientId: a.clientId, version: 1, client: referralInput().client }),
  },
  'clients.mergePreview': {
    as: S,
    input: (a) => ({ survivingClientId: a.clientId, mergedClientId: a.otherClientId }),
  },
  'clients.merge': {
    as: S,
    input: (a) => ({
      survivingClient: { id: a.clientId, version: 1 },
      mergedClient: { id: a.otherClientId, version: 1 },
    }),
  },
  'clients.undoMerge': {
    as: S,
    input: (a) => ({ mergeId: a.mergeId, survivingClientVersion: 1, mergedClientVersion: 1 }),
  },
  'convictions.add': { as: S, input: (a) => ({ matterId: a.matterId, conviction: convictionInput() }) },
  'convictions.edit': {
    as: S,
    input: (a) => ({ convictionId: a.convictionId, version: 1, conviction: convictionInput() }),
  },
  'convictions.history': { as: S, input: (a) => ({ convictionId: a.convictionId }) },
  'convictions.remove': { as: S, input: (a) => ({ convictionId: a.convictionId, version: 1 }) },
  'decisions.record': { as: S, input: (a) => decisionInput(a.convictionId) },
  'decisions.acceptSuggestions': {
    as: S,
    input: (a) => ({
      convictionId: a.convictionId,
      accept: [
        { remedy: 'pc1203.4', supersedes: null, rulesVersion: '1', determination: 'eligible_mandatory' },
      ],
    }),
  },
  'decisions.history': { as: S, input: (a) => ({ convictionId: a.convictionId, remedy: 'pc1203.4' }) },
  'arrests.list': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'arrests.add': { as: S, input: (a) => ({ matterId: a.matterId, arrest: arrestInput() }) },
  'arrests.edit': { as: S, input: (a) => ({ arrestId: a.arrestId, version: 1, arrest: arrestInput() }) },
  'arrests.remove': { as: S, input: (a) => ({ arrestId: a.arrestId, version: 1 }) },
  'arrests.recordDecision': { as: S, input: (a) => ({ arrestId: a.arrestId, ...arrestDecision }) },
  'arrests.decisionHistory': { as: S, input: (a) => ({ arrestId: a.arrestId, remedy: 'pc851.91' }) },
  'petitions.create': { as: S, input: (a) => petitionInput(a.matterId, [a.convictionId]) },
  'petitions.createForArrest': {
    as: S,
    input: (a) => ({ arrestId: a.arrestId, county: 'Alameda', caseNumber: '18CR00459' }),
  },
  'petitions.update': { as: S, input: (a) => filedPetition(a.petitionId, 1, [a.convictionId]) },
  'petitions.setCourthouse': {
    as: S,
    input: (a) => ({ petitionId: a.petitionId, version: 1, courthouseId: 'none' }),
  },
  'petitions.setProsecutor': {
    as: S,
    input: (a) => ({ petitionId: a.arrestPetitionId, version: 1, prosecutorId: 'county' }),
  },
  'documents.request': {
    as: S,
    input: (a) => ({
      matterId: a.matterId,
      kind: 'court_docket',
      label: 'Docket',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    }),
  },
  'documents.update': {
    as: S,
    input: (a) => ({
      documentId: a.documentId,
      version: 1,
      status: 'received',
      dueOn: '2026-12-28',
      arrivedOn: '2026-11-28',
    }),
  },
  'documents.recordReminder': { as: S, input: (a) => ({ documentId: a.documentId, version: 1 }) },
  'documents.removeFile': {
    as: S,
    input: (a) => ({ fileId: a.fileId, version: 2, reason: 'Attached by mistake' }),
  },
  'eligibility.suggestions': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'eligibility.savePersonFacts': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 0, facts: noBars }),
  },
  'eligibility.reviewList': { as: S, input: () => undefined, answers: true },
  'messages.composeStatus': { as: S, input: (a) => ({ matterId: a.matterId, statusType: 'in_review' }) },
  'messages.sendStatus': {
    as: S,
    input: (a) => ({
      choice: { matterId: a.matterId, statusType: 'in_review' },
      writtenIn: 'es',
      messages: [{ channel: 'email', subject: 'Your case', text: 'In review.' }],
    }),
  },
  'messages.logStatus': {
    as: S,
    input: (a) => ({ choice: { matterId: a.matterId, statusType: 'in_review' }, note: 'Told by phone.' }),
  },
  'messages.composeOutcome': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'messages.sendOutcome': {
    as: S,
    input: (a) => ({
      matterId: a.matterId,
      version: 1,
      writtenIn: 'es',
      messages: [{ channel: 'email', subject: 'Your case', text: 'Done.' }],
    }),
  },
  'messages.signedOrderCopies': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'messages.sendSignedOrderCopies': {
    as: S,
    input: (a) => ({ matterId: a.matterId, version: 1, fileIds: ['a-file'], writtenIn: 'es' }),
  },
  'messages.forMatter': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'messages.deliveryStatus': { as: S, input: () => undefined, answers: true },
  'messages.deliveryProblems': { as: S, input: () => undefined, answers: true },
  'messages.lettersToPrint': { as: S, input: () => undefined, answers: true },
  'messages.confirmPrinted': { as: S, input: (a) => ({ messageIds: [a.messageId] }) },
  'messages.withdrawLetter': { as: S, input: (a) => ({ outboxId: a.outboxId, version: 1 }) },
  'messages.stopSending': { as: S, input: (a) => ({ outboxId: a.outboxId, version: 1 }) },
  'messages.leaveUnsent': { as: S, input: (a) => ({ outboxId: a.outboxId, version: 1 }) },
  'messages.retry': { as: S, input: (a) => ({ outboxId: a.outboxId, version: 1 }) },
  'messages.resendVia': { as: S, input: (a) => ({ outboxId: a.outboxId, version: 1, channel: 'email' }) },
  'packets.check': { as: S, input: (a) => ({ petitionId: a.petitionId, attorneyId: a.userId }) },
  'packets.prepare': {
    as: S,
    input: (a) => ({ petitionId: a.petitionId, attorneyId: a.userId, baseVersion: 0 }),
  },
  'packets.saveDeclaration': {
    as: S,
    input: (a) => ({
      petitionId: a.petitionId,
      version: 1,
      rehabilitation: 'Works.',
      employment: 'Employed.',
      communityTies: 'Family.',
      otherReasons: '',
    }),
  },
  'packets.saveArrestingAgency': {
    as: S,
    input: (a) => ({ petitionId: a.arrestPetitionId, version: 1, name: 'Oakland PD', address: '455 7th St' }),
  },
  'filings.overview': { as: S, input: () => ({ county: 'Alameda' }), answers: true },
  'filings.createRun': { as: S, input: (a) => ({ county: 'San Francisco', petitionIds: [a.petitionId] }) },
  'filings.run': { as: S, input: (a) => ({ runId: a.runId }) },
  'filings.recordFiled': {
    as: S,
    input: (a) => ({
      runId: a.runId,
      version: 1,
      filedOn: '2026-11-27',
      servedOn: null,
      petitions: [{ petitionId: a.petitionId, hearingOn: null, ruleByOn: null }],
    }),
  },
  'rapImports.start': {
    as: S,
    input: (a) => ({ matterId: a.matterId, source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT } }),
  },
  'rapImports.list': { as: S, input: (a) => ({ matterId: a.matterId }) },
  'rapImports.review': { as: S, input: (a) => ({ importId: a.importId }) },
  'rapImports.cancel': { as: S, input: (a) => ({ importId: a.importId, version: 1 }) },
  'rapImports.discard': {
    as: S,
    input: (a) => ({ importId: a.importId, version: 1, reason: 'Another person’s RAP sheet' }),
  },
  'rapImports.accept': {
    as: S,
    input: (a) => ({
      importId: a.importId,
      version: 1,
      convictions: [],
      arrests: [],
      personFacts: [],
      personFactsVersion: 0,
    }),
  },
};

/** Routers whose functions rely on the scope (their hand-written office filters removed). */
const DONE = [
  'users',
  'matters',
  'clients',
  'convictions',
  'decisions',
  'arrests',
  'petitions',
  'documents',
  'eligibility',
  'messages',
  'rapImports',
  'packets',
  'filings',
];

/**
 * Procedures of those routers that take a record's id but need no entry here, and why. Invitations
 * are named by their token or id within the administrator's office (features/invitations).
 */
const NO_RECORD_OF_ANOTHER_OFFICE: Record<string, string> = {
  'users.invite': 'names an e-mail address, not a record',
  'matters.list':
    'the queue listing (features/queues, another engineer’s) names no record; its office term is raw SQL by hand',
};

/** The keys of a procedure's input object (zod), unwrapping refinements and pipes. */
function inputKeys(path: string): string[] {
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: unknown[] } }>;
  const procedure = procedures[path];
  const keys: string[] = [];
  for (let schema of procedure?._def.inputs ?? []) {
    for (let depth = 0; depth < 5 && schema; depth++) {
      const s = schema as { shape?: Record<string, unknown>; _def?: Record<string, unknown> };
      if (s.shape) {
        keys.push(...Object.keys(s.shape));
        break;
      }
      schema = s._def?.schema ?? s._def?.innerType ?? s._def?.in;
    }
  }
  return keys;
}

const scopedTables = Object.entries(OFFICE_COLUMN_TABLES)
  .filter(([, rule]) => rule === 'scoped')
  .map(([table]) => table as 'matters');

describe('the list of entries', () => {
  const done = Object.keys(appRouter._def.procedures).filter((p) => DONE.includes(p.split('.')[0] ?? ''));

  it('names every procedure of the done folders that takes a record’s id', () => {
    const namesARecord = done.filter((p) => inputKeys(p).some((k) => /Ids?$/.test(k)));
    expect(namesARecord.length).toBeGreaterThan(0);
    const missing = namesARecord.filter((p) => !(p in ENTRIES) && !(p in NO_RECORD_OF_ANOTHER_OFFICE));
    expect(missing).toEqual([]);
  });

  it('names only procedures that exist', () => {
    const all = new Set(Object.keys(appRouter._def.procedures));
    expect(
      [...Object.keys(ENTRIES), ...Object.keys(NO_RECORD_OF_ANOTHER_OFFICE)].filter((p) => !all.has(p)),
    ).toEqual([]);
  });
});

describe.each(testDialects())('another office’s records, through each entry (%s)', (dialect) => {
  let api: ApiHarness;
  let a: Records;

  /** Every row of office A in every scoped table: equal before and after means nothing was written. */
  async function officeARows() {
    const rows: Record<string, unknown[]> = {};
    for (const table of scopedTables) {
      const found = await api.database.db
        .selectFrom(table)
        .selectAll()
        .where('office_id', '=', a.officeId)
        .execute();
      rows[table] = found.map((row) => JSON.stringify(row)).sort();
    }
    return rows;
  }

  /** The actions of the person's refused attempts on record, in their own office and in office A. */
  async function attemptsOnRecord(who: Who) {
    const rows = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'action'])
      .where('actor_id', '=', api.userIds[who])
      .where('outcome', '=', 'denied')
      .orderBy('occurred_at')
      .orderBy('id')
      .execute();
    return {
      own: rows.filter((r) => r.office_id !== a.officeId).map((r) => r.action),
      owner: rows.filter((r) => r.office_id === a.officeId).map((r) => r.action),
    };
  }

  async function withOrigin(who: Who) {
    const [office, role] = who.split('.') as [string, string];
    const origin = 'https://desk.example.org';
    const signingIn = api.context({ publicOrigin: origin });
    await createCaller(signingIn).auth.signIn({
      email: `${role}@${office.toLowerCase()}.test`,
      password: TEST_PASSWORD,
    });
    return createCaller(api.context({ sessionToken: signingIn.cookieJar.token, publicOrigin: origin }));
  }

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const ready = await readyPetition(api);
    const forArrest = await readyArrestPetition(api);
    const clientOf = async (matterId: string) =>
      (
        await api.database.db
          .selectFrom('matters')
          .select('client_id')
          .where('id', '=', matterId)
          .executeTakeFirstOrThrow()
      ).client_id;
    const clientId = await clientOf(ready.matterId);
    const otherClientId = await clientOf(await openMatter(api));
    const mergedClientId = await clientOf(await openMatter(api));
    const supervisor = await api.signedIn('alameda.supervisor');
    const merged = await supervisor.clients.merge({
      survivingClient: { id: otherClientId, version: 1 },
      mergedClient: { id: mergedClientId, version: 1 },
    });
    const intake = await api.signedIn('alameda.intake');
    const document = await intake.documents.request({
      matterId: ready.matterId,
      kind: 'court_docket',
      label: 'Docket',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    });
    await giveOfficesLetterheads(api);
    const written = await openMatterFor(api, {
      contact: { email: true, sms: false, letter: true, phone: false },
    });
    const composed = await intake.messages.composeStatus({
      matterId: written.matterId,
      statusType: 'in_review',
    });
    await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId: written.matterId, statusType: 'in_review' },
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    const letter = await api.database.db
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select(['messages.id', 'outbox.id as outbox_id'])
      .where('messages.matter_id', '=', written.matterId)
      .where('messages.channel', '=', 'letter')
      .executeTakeFirstOrThrow();
    const attorney = await api.signedIn('alameda.attorney');
    const minutes = await attorney.documents.request({
      matterId: ready.matterId,
      kind: 'court_docket',
      label: 'Minutes',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: minutes.id,
      filename: 'minutes.pdf',
      bytes: pdfBytes('MINUTE ORDER 18CR00020'),
    });
    const started = await attorney.rapImports.start({
      matterId: ready.matterId,
      source: { kind: 'text', name: 'rap.txt', text: RAP_TEXT },
    });
    await setUpFiling(api);
    await setUpFiling(api, 'bayLegal');
    const toFile = await readyPetition(api, { caseNumber: '18CR00020' });
    await attorney.packets.prepare({
      petitionId: toFile.petitionId,
      attorneyId: api.userIds['alameda.attorney'],
      baseVersion: 0,
    });
    const run = await attorney.filings.createRun({ county: 'Alameda', petitionIds: [toFile.petitionId] });
    const origin = 'https://desk.example.org';
    const signingIn = api.context({ publicOrigin: origin });
    await createCaller(signingIn).auth.signIn({ email: 'admin@alameda.test', password: TEST_PASSWORD });
    const admin = createCaller(
      api.context({ sessionToken: signingIn.cookieJar.token, publicOrigin: origin }),
    );
    const invited = await admin.users.invite({
      email: 'new.person@alameda.test',
      role: 'intake',
      canViewRapSheets: false,
    });
    await intake.matters.addNote({ matterId: ready.matterId, text: 'Asked about the hearing.' });
    const note = await api.database.db
      .selectFrom('matter_events')
      .select('id')
      .where('matter_id', '=', ready.matterId)
      .where('kind', '=', 'note')
      .executeTakeFirstOrThrow();
    a = {
      eventId: note.id,
      invitationId: invited.invitationId,
      runId: run.id,
      messageId: letter.id,
      outboxId: letter.outbox_id,
      importId: started.id,
      officeId: api.officeIds.alameda,
      userId: api.userIds['alameda.intake'],
      matterId: ready.matterId,
      clientId,
      otherClientId,
      mergeId: merged.mergeId,
      convictionId: ready.convictionIds[0] ?? '',
      petitionId: ready.petitionId,
      arrestId: forArrest.arrestId,
      arrestPetitionId: forArrest.petitionId,
      documentId: document.id,
      fileId: file.id,
    };
  });
  afterAll(async () => api.destroy());

  it('reads and saves only its own office’s settings (follow-ups, sign-in), whose queries name no office', async () => {
    const alameda = await api.signedIn('alameda.admin');
    await alameda.messages.saveFollowUpSettings({ version: 0, enabled: false, days: 30 });
    await alameda.offices.setMfaRequired({ version: 0, required: true });
    const before = await officeARows();
    const other = await api.signedIn('bayLegal.admin');
    expect(await other.messages.followUpSettings()).toMatchObject({ enabled: true, version: 0 });
    expect(await other.offices.signInSettings()).toMatchObject({ mfaRequired: false, version: 0 });
    await other.messages.saveFollowUpSettings({ version: 0, enabled: true, days: 50 });
    expect(await officeARows()).toEqual(before);
    expect(await alameda.messages.followUpSettings()).toMatchObject({ enabled: false, days: 30, version: 1 });
  });

  it.each(Object.keys(ENTRIES))('%s', async (path) => {
    const entry = ENTRIES[path];
    if (!entry) throw new Error(path);
    const caller = entry.origin ? await withOrigin(entry.as) : await api.signedIn(entry.as);
    const before = await officeARows();
    const deniedBefore = await attemptsOnRecord(entry.as);
    const call = procedureAt(caller, path)(entry.input(a));
    if (entry.answers) {
      const answer = JSON.stringify(await call);
      for (const [name, id] of Object.entries(a))
        if (name !== 'officeId') expect(answer, name).not.toContain(id);
    } else {
      await expect(call).rejects.toMatchObject({ code: 'NOT_FOUND' });
      // The attempt is on record in the office that tried and in the office that owns the record,
      // under the procedure's name.
      const deniedAfter = await attemptsOnRecord(entry.as);
      expect(deniedAfter.own.slice(deniedBefore.own.length), 'in the office that tried').toContain(path);
      expect(deniedAfter.owner.slice(deniedBefore.owner.length), 'in the office that owns it').toContain(
        path,
      );
    }
    expect(await officeARows()).toEqual(before);
  });
});

// Entries without a signed-in person act for the office a link or an address names, on that office's
// handle. A row no code path writes (another office's matter naming this office's client) stands in
// for any other office's record: only the scope keeps it out of what the link shows and decides.
describe.each(testDialects())('the public status page (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  it('shows and counts only the link’s office’s matters of the client', async () => {
    const db = api.database.db;
    const matter = await db
      .selectFrom('matters')
      .selectAll()
      .where('id', '=', await openMatter(api))
      .executeTakeFirstOrThrow();
    await db
      .insertInto('matters')
      .values({
        ...matter,
        id: newId(),
        office_id: api.officeIds.bayLegal,
        reference: `${matter.reference}-B`,
      })
      .execute();
    const token = await inTransaction(db, ({ tx }) =>
      issueStatusLink(tx, {
        officeId: api.officeIds.alameda,
        clientId: matter.client_id,
        language: 'en',
        now: api.clock.now(),
      }),
    );
    const shown = await viewApplicationStatus(api.context(), token);
    expect(shown.kind === 'shown' ? shown.view.matters.length : shown.kind).toBe(1);
    // Closed long ago in its own office, the link has run out, though the other office's row is open.
    await db
      .updateTable('matters')
      .set({ closed_at: '2025-01-01T00:00:00.000Z' })
      .where('id', '=', matter.id)
      .execute();
    expect((await viewApplicationStatus(api.context(), token)).kind).toBe('expired');
  });
});

// Checked by the compiler: a procedure's handle is the office's and the request's, and a function
// that relies on it refuses a signed-in context whose handle is plain. If the mark disappeared, each @ts-expect-error
// would be an unused directive and fail pnpm typecheck.
const typesOnly = {
  procedure: authedProcedure.query(({ ctx }) => {
    const db: RequestDb = ctx.db;
    return listOfficeUsers({ ...ctx, db });
  }),
  plain: (ctx: AuthedContext, scoped: OfficeContext) => {
    listOfficeUsers(scoped);
    // @ts-expect-error a signed-in context with a plain handle is not held to the office
    listOfficeUsers(ctx);
  },
};

describe('office scope in the types', () => {
  it('is checked by the compiler', () => {
    expect(Object.keys(typesOnly)).toEqual(['procedure', 'plain']);
  });
});
