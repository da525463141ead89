// The disclosure report: who saw, printed or sent one client's criminal history, and when.
import type { Readable } from 'node:stream';
import { appendAuditRow, chainAuditJournal, newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { isCriminalHistoryAction } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingProcedure, procedureAt } from '../../procedure-fixtures.ts';
import { appRouter, createCaller } from '../../router.ts';
import { type ApiHarness, createApiHarness, referralInput, TEST_PASSWORD } from '../../testing.ts';
import { openDocumentFile, uploadDocumentFile } from '../documents/files.ts';
import { refusal } from '../lifecycle-fixtures.ts';
import {
  authedContext,
  giveOfficesLetterheads,
  matterAtOutcome,
  openMatterFor,
  orderPdf,
  petitionWithHearing,
} from '../messages/fixtures.ts';
import { printLetter } from '../messages/letters.ts';
import { runWorker } from '../rap-import/fixtures.ts';

const byLetter = {
  contact: { email: true, sms: false, letter: true, phone: false },
  address: { line1: '742 Calle Señora Ávila', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
};

/** A client whose court outcome went out by e-mail and by letter. */
async function clientWithOutcome(api: ApiHarness, caseNumber: string, sections: [string, string]) {
  const outcome = await matterAtOutcome(api, byLetter, { caseNumber, sections });
  const attorney = await api.signedIn('alameda.attorney');
  const composed = await attorney.messages.composeOutcome({ matterId: outcome.matterId });
  await attorney.messages.sendOutcome({
    matterId: outcome.matterId,
    version: outcome.version,
    messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    writtenIn: composed.language,
  });
  const matter = await api.database.db
    .selectFrom('matters')
    .select(['client_id', 'reference'])
    .where('id', '=', outcome.matterId)
    .executeTakeFirstOrThrow();
  return { matterId: outcome.matterId, clientId: matter.client_id, reference: matter.reference };
}

describe.each(testDialects())('the disclosure report (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
  }, 120_000);
  afterAll(async () => api.destroy());

  it('lists who saw, printed or sent the client’s criminal history, newest first, each traced to its matter', async () => {
    const client = await clientWithOutcome(api, '15CR07777', ['484(a)', '647(f)']);
    const db = api.database.db;
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const intake = await api.signedIn('alameda.intake');

    // The client's second matter, with a hearing on the calendar and a RAP sheet on file.
    // (Recorded for a county served elsewhere, since the person's Alameda matter is still open, then
    // made an open Alameda matter directly.)
    const { version } = await db
      .selectFrom('clients')
      .select('version')
      .where('id', '=', client.clientId)
      .executeTakeFirstOrThrow();
    // Recorded with the client's details as they are: a letter waits for them at their address.
    const { client: onFile } = await intake.matters.get({ matterId: client.matterId });
    const second = await intake.referrals.record(
      referralInput({
        existingClient: { id: client.clientId, version },
        client: onFile.details,
        counties: ['Contra Costa'],
      }),
    );
    const secondId = second.matters[0]?.id ?? '';
    await db
      .updateTable('matters')
      .set({ county: 'Alameda', stage: 'referral_received', closed_at: null, referred_to_office_id: null })
      .where('id', '=', secondId)
      .execute();
    const { convictionId } = await petitionWithHearing(api, secondId, '2026-12-10', {
      caseNumber: '18CR02222',
    });
    const rapSheet = await intake.documents.request({
      matterId: secondId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: rapSheet.id,
      filename: 'rap.pdf',
      bytes: orderPdf('RAP sheet'),
    });
    const download = await openDocumentFile(
      await authedContext(api, 'alameda.supervisor', 'documents.download'),
      file.id,
    );
    (download.stream as Readable).destroy();

    // Seen, printed, read: and one look without the permission, which saw none of it.
    await supervisor.matters.get({ matterId: client.matterId });
    await intake.matters.get({ matterId: client.matterId });
    await attorney.convictions.history({ convictionId });
    await attorney.messages.forMatter({ matterId: client.matterId });
    // Intake reads the messages too, the outcome's text withheld: not a disclosure.
    await intake.messages.forMatter({ matterId: client.matterId });
    // A read of the messages put on record before rows said whether criminal history was shown:
    // counted, as then, once the court outcome is among them.
    const stamp = '2026-11-28T18:00:00.000Z';
    await appendAuditRow(db, {
      id: newId(new Date(stamp)),
      occurred_at: stamp,
      actor_id: api.userIds['alameda.supervisor'] ?? null,
      office_id: api.officeIds.alameda,
      action: 'messages.list',
      entity_type: 'matter',
      entity_id: client.matterId,
      ip: '127.0.0.1',
      outcome: 'ok',
      detail: '{}',
    });
    await supervisor.matters.calendar();
    const letter = await db
      .selectFrom('messages')
      .select('id')
      .where('matter_id', '=', client.matterId)
      .where('channel', '=', 'letter')
      .executeTakeFirstOrThrow();
    await printLetter(await authedContext(api, 'alameda.attorney', 'letters.print'), letter.id);
    // The outcome's e-mail failed, and was tried again (by someone with the RAP sheet permission: it
    // tells the outcome again).
    const email = await db
      .selectFrom('outbox')
      .select(['id', 'version'])
      .where('matter_id', '=', client.matterId)
      .where('channel', '=', 'email')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('outbox')
      .set({ state: 'failed', last_error: 'Mailbox full.', version: email.version + 1 })
      .where('id', '=', email.id)
      .execute();
    await supervisor.messages.retry({ outboxId: email.id, version: email.version + 1 });
    // The court's signed order on the outcome matter, opened: it names the case and what was decided.
    const order = await db
      .selectFrom('document_files')
      .innerJoin('document_requests', 'document_requests.id', 'document_files.request_id')
      .select('document_files.id')
      .where('document_files.matter_id', '=', client.matterId)
      .where('document_requests.kind', '=', 'signed_order')
      .executeTakeFirstOrThrow();
    const orderDownload = await openDocumentFile(
      await authedContext(api, 'alameda.supervisor', 'documents.download'),
      order.id,
    );
    (orderDownload.stream as Readable).destroy();
    // Another client's record, seen by the same people: not in this report.
    const other = await openMatterFor(api);
    await supervisor.matters.get({ matterId: other.matterId });

    const report = await supervisor.audit.disclosures({ clientId: client.clientId, limit: 500 });
    expect(report.client).toEqual({ id: client.clientId, name: onFile.details.legalName });
    const secondRef = second.matters[0]?.reference;
    const seen = report.items.map((i) => `${i.action} ${i.actorName?.split(' of ')[0]} ${i.matterReference}`);
    for (const line of [
      `matters.get Supervisor ${client.reference}`,
      `matters.get Attorney ${client.reference}`,
      `convictions.add Attorney ${client.reference}`,
      `petitions.create Attorney ${client.reference}`,
      `petitions.update Attorney ${client.reference}`,
      `messages.composeOutcome Attorney ${client.reference}`,
      `messages.sendOutcome Attorney ${client.reference}`,
      `messages.list Attorney ${client.reference}`,
      `messages.list Supervisor ${client.reference}`,
      `letters.print Attorney ${client.reference}`,
      `messages.retry Supervisor ${client.reference}`,
      `documents.upload Attorney ${client.reference}`,
      `documents.download Supervisor ${client.reference}`,
      `convictions.add Attorney ${secondRef}`,
      `convictions.history Attorney ${secondRef}`,
      `petitions.update Attorney ${secondRef}`,
      `documents.upload Attorney ${secondRef}`,
      `documents.download Supervisor ${secondRef}`,
      `matters.calendar Supervisor ${secondRef}`,
    ])
      expect(seen).toContain(line);
    // Intake's look at the matter page showed no criminal history (withheld): not a disclosure.
    expect(seen).not.toContain(`matters.get Intake ${client.reference}`);
    expect(seen).not.toContain(`messages.list Intake ${client.reference}`);
    expect(
      report.items.every((i) => i.matterReference === client.reference || i.matterReference === secondRef),
    ).toBe(true);
    expect(report.items.map((i) => i.id)).toEqual([...report.items.map((i) => i.id)].sort().reverse());
    expect(report.items.find((i) => i.action === 'letters.print')).toMatchObject({
      description: 'Printed the court outcome letter',
      ip: '127.0.0.1',
      occurredAt: '2026-11-28T18:00:00.000Z',
    });
    expect(report.items.find((i) => i.action === 'messages.retry')?.description).toBe(
      'Sent the court outcome again',
    );
    // The report is on record itself.
    await chainAuditJournal(db);
    const audit = await db
      .selectFrom('audit_log')
      .select(['actor_id', 'entity_type', 'entity_id'])
      .where('action', '=', 'audit.disclosures')
      .execute();
    expect(audit).toContainEqual({
      actor_id: api.userIds['alameda.supervisor'],
      entity_type: 'client',
      entity_id: client.clientId,
    });

    // Pages, newest first, neither missing nor repeating a row.
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof supervisor.audit.disclosures>> =
        await supervisor.audit.disclosures({
          clientId: client.clientId,
          limit: 4,
          cursor,
        });
      pages.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual(report.items.map((i) => i.id));
  });

  it('lists a status update about the record or the court sent again, retried or by another channel, and not one that tells none', async () => {
    const db = api.database.db;
    const { matterId, clientId } = await openMatterFor(api, {
      contact: { email: true, sms: true, letter: true, phone: false },
      consentToText: true,
    });
    await petitionWithHearing(api, matterId, '2026-12-10', { caseNumber: '19CR03333' });
    const attorney = await api.signedIn('alameda.attorney');
    const supervisor = await api.signedIn('alameda.supervisor');
    const intake = await api.signedIn('alameda.intake');
    const courtDate = { matterId, statusType: 'court_date_set' as const, courtDate: '2026-12-10' };
    const composed = await attorney.messages.composeStatus(courtDate);
    await attorney.messages.sendStatus({
      writtenIn: composed.language,
      choice: courtDate,
      messages: composed.messages.map((m) => ({ channel: m.channel, subject: m.subject, text: m.text })),
    });
    await intake.messages.sendStatus({
      writtenIn: composed.language,
      choice: { matterId, statusType: 'in_review' },
      messages: [
        { channel: 'email', text: 'We are reviewing your record.' },
        { channel: 'sms', text: 'We are reviewing your record.' },
      ],
    });
    /** The matter's deliveries by e-mail and text, failed as the worker leaves one it gave up on. */
    const failAll = async (except: string[] = []) => {
      const rows = await db
        .selectFrom('outbox')
        .innerJoin('messages', 'messages.id', 'outbox.message_id')
        .select(['outbox.id', 'outbox.channel', 'outbox.version', 'messages.status_type'])
        .where('outbox.matter_id', '=', matterId)
        .where('outbox.state', '=', 'pending')
        .where('outbox.id', 'not in', [...except, ''])
        .orderBy('outbox.id')
        .execute();
      for (const row of rows)
        await db
          .updateTable('outbox')
          .set({ state: 'failed', last_error: 'The provider refused the message.', version: row.version + 1 })
          .where('id', '=', row.id)
          .execute();
      return rows.map((r) => ({ ...r, version: r.version + 1 }));
    };
    const failed = await failAll();
    const find = (rows: typeof failed, statusType: string, channel: string) => {
      const row = rows.find((r) => r.status_type === statusType && r.channel === channel);
      if (!row) throw new Error(`no failed ${statusType} by ${channel}`);
      return { outboxId: row.id, version: row.version };
    };
    // The court date: its text message tried again, its e-mail sent by text instead (by those with the
    // RAP sheet permission: it tells of the court); that text fails too and is tried again. "In review"
    // the same ways, by intake.
    await attorney.messages.retry(find(failed, 'court_date_set', 'sms'));
    await supervisor.messages.resendVia({ ...find(failed, 'court_date_set', 'email'), channel: 'sms' });
    await intake.messages.retry(find(failed, 'in_review', 'sms'));
    await intake.messages.resendVia({ ...find(failed, 'in_review', 'email'), channel: 'sms' });
    // The new deliveries fail too (those tried again wait their turn).
    const resent = await failAll(failed.map((r) => r.id));
    await supervisor.messages.retry(find(resent, 'court_date_set', 'sms'));
    await intake.messages.retry(find(resent, 'in_review', 'sms'));
    await chainAuditJournal(db);
    const sentAgain = await db
      .selectFrom('audit_log')
      .select(['id', 'action', 'entity_id'])
      .where('action', 'in', ['messages.retry', 'messages.resendVia'])
      .where(
        'entity_id',
        'in',
        [...failed, ...resent].map((r) => r.id),
      )
      .where('outcome', '=', 'ok')
      .execute();
    expect(sentAgain).toHaveLength(6);

    // Its letter, printed.
    const letter = await db
      .selectFrom('messages')
      .select('id')
      .where('matter_id', '=', matterId)
      .where('channel', '=', 'letter')
      .executeTakeFirstOrThrow();
    await printLetter(await authedContext(api, 'alameda.attorney', 'letters.print'), letter.id);

    // The matter's messages read (it has no court outcome): by the attorney, who sees the court date,
    // and by intake, for whom it is withheld.
    await attorney.messages.forMatter({ matterId });
    await intake.messages.forMatter({ matterId });

    const report = await supervisor.audit.disclosures({ clientId, limit: 500 });
    const { reference } = await db
      .selectFrom('matters')
      .select('reference')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(
      report.items
        .filter((i) => i.action === 'messages.list')
        .map((i) => [i.actorName?.split(' of ')[0], i.matterReference]),
    ).toEqual([['Attorney', reference]]);
    const again = report.items
      .filter((i) => i.action === 'messages.retry' || i.action === 'messages.resendVia')
      .map((i) => [i.action, i.actorName?.split(' of ')[0], i.matterReference, i.description]);
    expect(again).toEqual([
      ['messages.retry', 'Supervisor', reference, 'Sent a status update about the record or the court again'],
      [
        'messages.resendVia',
        'Supervisor',
        reference,
        'Sent a status update about the record or the court by another channel',
      ],
      ['messages.retry', 'Attorney', reference, 'Sent a status update about the record or the court again'],
    ]);
    expect(report.items.find((i) => i.action === 'letters.print')).toMatchObject({
      actorName: expect.stringMatching(/^Attorney/),
      matterReference: reference,
      description: 'Printed a letter with a status update about the record or the court',
    });
    // "In review" tells nothing of the record: sent again, it is not a disclosure.
    const inReview = new Set(
      [...failed, ...resent].filter((r) => r.status_type === 'in_review').map((r) => r.id),
    );
    const listed = new Set(report.items.map((i) => i.id));
    expect(sentAgain.filter((r) => inReview.has(r.entity_id ?? '') && listed.has(r.id))).toEqual([]);
    expect(sentAgain.filter((r) => !inReview.has(r.entity_id ?? '') && !listed.has(r.id))).toEqual([]);
  });

  it('is for supervisors and administrators with the RAP sheet permission, and only their office’s clients', async () => {
    const client = await openMatterFor(api);
    const ask = async (who: 'alameda.intake' | 'alameda.attorney' | 'alameda.admin' | 'alameda.supervisor') =>
      (await api.signedIn(who)).audit.disclosures({ clientId: client.clientId });
    expect(await refusal(ask('alameda.intake'))).toMatchObject({
      appCode: 'FORBIDDEN',
      message: expect.stringContaining('role'),
    });
    expect(await refusal(ask('alameda.attorney'))).toMatchObject({ appCode: 'FORBIDDEN' });
    // Administrators hold the permission only when granted it.
    expect(await refusal(ask('alameda.admin'))).toMatchObject({
      appCode: 'FORBIDDEN',
      message: expect.stringContaining('own permission'),
    });
    await api.database.db
      .updateTable('users')
      .set({ can_view_rap_sheets: 1 })
      .where('id', '=', api.userIds['alameda.admin'])
      .execute();
    expect((await ask('alameda.admin')).client.id).toBe(client.clientId);

    // Another office's client: not found, and on record in both offices.
    const other = await api.signedIn('bayLegal.supervisor');
    expect(await refusal(other.audit.disclosures({ clientId: client.clientId }))).toMatchObject({
      appCode: 'NOT_FOUND',
    });
    const denied = await api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'entity_id'])
      .where('action', '=', 'audit.disclosures')
      .where('outcome', '=', 'denied')
      .where('actor_id', '=', api.userIds['bayLegal.supervisor'])
      .execute();
    expect(denied).toEqual(
      expect.arrayContaining([
        { office_id: api.officeIds.bayLegal, entity_id: client.clientId },
        { office_id: api.officeIds.alameda, entity_id: client.clientId },
      ]),
    );
  });
});

// Every query of the router is called by staff who hold the RAP sheet permission, on records that
// carry values found nowhere else. A response that carries one of them showed that client's criminal
// history: the call must be on record under one of CRIMINAL_HISTORY_ACTIONS, and the client's
// disclosure report must list it. A query missing from the inputs below fails by name. Mutations are
// not walked: those that send criminal history again (a failed status update or court outcome retried,
// or sent by another channel) are the cases above.
const SENTINELS = {
  outcome: ['ZD71ALA', '7101(zd)', '7102(zd)'],
  hearing: ['ZD72ALA', '7203(zd)'],
  pending: ['ZD73ALA', '7304(zd)', '7305(zd)'],
} as const;

describe.each(testDialects())(
  'the disclosure report misses no query that shows criminal history (%s)',
  (dialect) => {
    let api: ApiHarness;
    let clients: Record<keyof typeof SENTINELS, { clientId: string; matterId: string }>;
    let convictionId: string;
    let hearingPetitionId: string;
    let rapImportId: string;
    beforeAll(async () => {
      api = await createApiHarness(dialect);
      await giveOfficesLetterheads(api);
      const outcome = await clientWithOutcome(api, SENTINELS.outcome[0], [
        SENTINELS.outcome[1],
        SENTINELS.outcome[2],
      ]);
      const hearing = await openMatterFor(api);
      const attorney = await api.signedIn('alameda.attorney');
      ({ convictionId, petitionId: hearingPetitionId } = await petitionWithHearing(
        api,
        hearing.matterId,
        '2026-12-10',
        {
          caseNumber: SENTINELS.hearing[0],
          section: SENTINELS.hearing[1],
        },
      ));
      // A RAP sheet read into the matter, proposing the sentinel conviction.
      const rapImport = await attorney.rapImports.start({
        matterId: hearing.matterId,
        source: {
          kind: 'text',
          name: 'rap.txt',
          text: `CII/A01234567\n* * * *\nCOURT:                NAM:01\n20150302  CASC ALAMEDA\n\nCNT:01     #${SENTINELS.hearing[0]}9\n  ${SENTINELS.hearing[1].toUpperCase()} PC-SENTINEL OFFENSE\n*DISPO:CONVICTED\n   CONV STATUS:MISDEMEANOR\n`,
        },
      });
      await runWorker(api);
      rapImportId = rapImport.id;
      // Suggestions shown, then the record corrected: the matter is up for rules review.
      await attorney.eligibility.savePersonFacts({
        matterId: hearing.matterId,
        version: 0,
        facts: {
          currentlyCharged: 'no',
          underSupervision: 'no',
          servingSentence: 'no',
          requiredToRegisterPC290: 'no',
          hasSuperstrikePrior: 'no',
        },
      });
      await attorney.eligibility.suggestions({ matterId: hearing.matterId });
      const conviction = await api.database.db
        .selectFrom('convictions')
        .selectAll()
        .where('id', '=', convictionId)
        .executeTakeFirstOrThrow();
      await attorney.convictions.edit({
        convictionId,
        version: conviction.version,
        conviction: {
          caseNumber: SENTINELS.hearing[0],
          county: 'Alameda',
          court: 'Superior Court of California, County of Alameda',
          code: 'PC',
          section: SENTINELS.hearing[1],
          level: 'misdemeanor',
          wobbler: 'no',
          convictionDate: '2016-05-02',
          sentenceKind: 'probation',
          mandatorySupervision: 'unknown',
          endDate: '2019-05-02',
          probationOutcome: 'violated',
          valueOver950: 'no',
          reliefGrantedRemedy: null,
          reliefGrantedOn: null,
        },
      });
      // A court outcome ready to compose, not yet sent.
      const pending = await matterAtOutcome(api, byLetter, {
        caseNumber: SENTINELS.pending[0],
        sections: [SENTINELS.pending[1], SENTINELS.pending[2]],
      });
      clients = {
        outcome: { clientId: await clientOf(api, outcome.matterId), matterId: outcome.matterId },
        hearing,
        pending: { clientId: await clientOf(api, pending.matterId), matterId: pending.matterId },
      };
    }, 120_000);
    afterAll(async () => api.destroy());

    it('walks every query as an attorney and a supervisor', async () => {
      const inputs: Record<string, unknown> = {
        'auth.me': undefined,
        'auth.sessions': undefined,
        'auth.sessionStatus': undefined,
        'auth.mfa.status': undefined,
        'referrals.findPossibleClients': { legalName: 'Begoña Núñez', dateOfBirth: '1960-01-02', phone: '' },
        'clients.get': { clientId: clients.outcome.clientId },
        'clients.duplicates': { clientId: clients.outcome.clientId },
        'clients.mergePreview': {
          survivingClientId: clients.outcome.clientId,
          mergedClientId: clients.pending.clientId,
        },
        'matters.list': { queue: 'all' },
        'matters.get': { matterId: clients.outcome.matterId },
        'matters.calendar': undefined,
        'queues.counts': undefined,
        'queues.viewCount': { queue: 'all' },
        'queues.limits': undefined,
        'dashboard.get': undefined,
        'messages.composeStatus': { matterId: clients.hearing.matterId, statusType: 'in_review' },
        'messages.composeOutcome': { matterId: clients.pending.matterId },
        'messages.signedOrderCopies': { matterId: clients.outcome.matterId },
        'messages.forMatter': { matterId: clients.outcome.matterId },
        'messages.deliveryStatus': undefined,
        'messages.deliveryProblems': undefined,
        'messages.lettersToPrint': undefined,
        'messages.templates': undefined,
        'messages.followUpSettings': undefined,
        'convictions.history': { convictionId },
        'rapImports.list': { matterId: clients.hearing.matterId },
        'rapImports.review': { importId: rapImportId },
        'arrests.list': { matterId: clients.hearing.matterId },
        'arrests.decisionHistory': { arrestId: 'no-such-arrest', remedy: 'pc851.91' },
        'decisions.history': { convictionId, remedy: 'pc1203.4' },
        'eligibility.suggestions': { matterId: clients.hearing.matterId },
        'eligibility.reviewList': undefined,
        'offices.documentDueDays': undefined,
        'offices.profile': undefined,
        'offices.openMattersByCounty': undefined,
        'offices.signInSettings': undefined,
        'partnerKeys.list': undefined,
        'packets.check': { petitionId: hearingPetitionId },
        'filings.overview': { county: 'Alameda' },
        'filings.run': { runId: 'no-such-run' },
        'courtSettings.get': undefined,
        'users.listColleagues': undefined,
        'users.list': undefined,
        'users.invitations': undefined,
        'audit.list': {},
        'audit.people': undefined,
        'audit.disclosures': { clientId: clients.outcome.clientId },
      };
      const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>;
      // Showing the suggestions again clears the rules review: it goes last.
      const queries = Object.keys(procedures)
        .filter((p) => procedures[p]?._def.type === 'query')
        .sort((a, b) => Number(a === 'eligibility.suggestions') - Number(b === 'eligibility.suggestions'));
      expect(
        queries.filter((q) => !(q in inputs)),
        'queries with no input here: add them',
      ).toEqual([]);

      const disclosed: Record<keyof typeof SENTINELS, string[]> = { outcome: [], hearing: [], pending: [] };
      const called = new Set<string>();
      const undeclared: string[] = [];
      let showing = 0;
      for (const who of ['attorney', 'supervisor'] as const) {
        const signIn = api.context();
        await createCaller(signIn).auth.signIn({ email: `${who}@alameda.test`, password: TEST_PASSWORD });
        const caller = createCaller(api.context({ sessionToken: signIn.cookieJar.token }));
        for (const path of queries) {
          const last = await lastAuditId(api);
          const query = procedureAt(caller, path);
          const text = await query(inputs[path]).then(
            (value) => JSON.stringify(value ?? null),
            (error: unknown) => {
              // A path the router has no procedure at is the walk's fault, never an answer.
              if (error instanceof MissingProcedure) throw error;
              return JSON.stringify({ error: String(error) });
            },
          );
          // Reached, not answered "no procedure on this path" (what cutting the path to two parts did).
          if (!text.includes('No procedure found on path')) called.add(path);
          const shown = (Object.keys(SENTINELS) as (keyof typeof SENTINELS)[]).filter((c) =>
            SENTINELS[c].some((s) => text?.includes(s)),
          );
          if (shown.length === 0) continue;
          showing++;
          await chainAuditJournal(api.database.db);
          const rows = await api.database.db
            .selectFrom('audit_log')
            .select(['id', 'action'])
            .where('id', '>', last)
            .where('actor_id', '=', api.userIds[`alameda.${who}`])
            .where('outcome', '=', 'ok')
            .execute();
          const declared = rows.filter((r) => isCriminalHistoryAction(r.action));
          if (declared.length === 0)
            undeclared.push(`${who} ${path}: ${rows.map((r) => r.action).join(', ') || 'no audit row'}`);
          for (const c of shown) disclosed[c].push(...declared.map((r) => r.id));
        }
      }
      expect(undeclared, 'queries that showed criminal history without a declared audit row').toEqual([]);
      // Every query was called, those nested deeper than group.name (auth.mfa.status) too.
      expect([...called].sort()).toEqual([...queries].sort());
      expect(queries.some((q) => q.split('.').length > 2)).toBe(true);
      // The walk can fail: the matter page, the calendar, the outcome, the messages, a conviction's
      // versions and the rules review do show it.
      expect(showing).toBeGreaterThanOrEqual(11);

      const supervisor = await api.signedIn('alameda.supervisor');
      for (const c of Object.keys(SENTINELS) as (keyof typeof SENTINELS)[]) {
        const report = await supervisor.audit.disclosures({ clientId: clients[c].clientId, limit: 500 });
        const listed = new Set(report.items.map((i) => i.id));
        expect(
          disclosed[c].filter((id) => !listed.has(id)),
          `${c}: disclosures the report does not list`,
        ).toEqual([]);
      }
    });
  },
);

async function clientOf(api: ApiHarness, matterId: string): Promise<string> {
  const matter = await api.database.db
    .selectFrom('matters')
    .select('client_id')
    .where('id', '=', matterId)
    .executeTakeFirstOrThrow();
  return matter.client_id;
}

async function lastAuditId(api: ApiHarness): Promise<string> {
  await chainAuditJournal(api.database.db);
  const row = await api.database.db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.id ?? '';
}
