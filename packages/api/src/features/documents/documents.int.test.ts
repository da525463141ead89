import { testDialects } from '@relief-desk/db/testing';
import {
  addDays,
  REQUESTED_FROM_LABELS,
  type RequestDocumentInput,
  type RequestedFrom,
  readableDate,
  type UpdateDocumentInput,
  WITHHELD,
} from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import {
  authedContext,
  expectEventAndAudit,
  expectRefusedWritingNothing,
  NAMES,
  nowInCalifornia,
  openMatter,
  pdfBytes,
} from '../lifecycle-fixtures.ts';
import { matterAtOutcome } from '../messages/fixtures.ts';
import { openDocumentFile, uploadDocumentFile } from './files.ts';

const rapSheet = (matterId: string, overrides: Partial<RequestDocumentInput> = {}): RequestDocumentInput => ({
  matterId,
  kind: 'rap_sheet',
  requestedFrom: 'doj',
  requestedOn: '2026-11-28',
  liveScanOn: '2026-11-25',
  designee: 'Attorney of Alameda County Public Defender',
  ...overrides,
});

const received = (documentId: string, version: number, overrides: Partial<UpdateDocumentInput> = {}) => ({
  documentId,
  version,
  status: 'received' as const,
  dueOn: '2026-12-28',
  arrivedOn: '2026-11-26',
  ...overrides,
});

describe.each(testDialects())('document requests (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function requested(overrides: Partial<RequestDocumentInput> = {}) {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const { id } = await intake.documents.request(rapSheet(matterId, overrides));
    return { matterId, documentId: id };
  }

  it('requests a RAP sheet due after the default 30 days, shown on the matter page, with a timeline event and an audit row', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'document_requested', who: 'alameda.intake', action: 'documents.request' },
      () => intake.documents.request(rapSheet(matterId)),
    );
    expect(result.dueOn).toBe('2026-12-28');
    expect(summary).toBe('Requested DOJ RAP sheet from California DOJ, due Dec 28, 2026.');
    const matter = await intake.matters.get({ matterId });
    expect(matter.documents).toEqual([
      expect.objectContaining({
        id: result.id,
        version: 1,
        kind: 'rap_sheet',
        status: 'requested',
        dueOn: '2026-12-28',
        overdue: false,
        remindersSent: 0,
        liveScanOn: '2026-11-25',
        designee: 'Attorney of Alameda County Public Defender',
        updatedBy: NAMES['alameda.intake'],
      }),
    ]);
  });

  it('marks a request past its due date overdue on the matter page', async () => {
    const { matterId } = await requested({
      kind: 'photo_id',
      requestedFrom: 'client',
      requestedOn: '2026-11-13',
    });
    const intake = await api.signedIn('alameda.intake');
    const matter = await intake.matters.get({ matterId });
    expect(matter.documents.map((d) => [d.kind, d.dueOn, d.overdue])).toEqual([
      ['photo_id', '2026-11-27', true],
    ]);
  });

  it('records a RAP sheet received, with the date it arrived, as a timeline event and an audit row', async () => {
    const { matterId, documentId } = await requested();
    const attorney = await api.signedIn('alameda.attorney');
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'document_status', who: 'alameda.attorney', action: 'documents.update' },
      () => attorney.documents.update(received(documentId, 1)),
    );
    expect(result.version).toBe(2);
    expect(summary).toBe('DOJ RAP sheet: received (arrived Nov 26, 2026).');
    const [document] = (await attorney.matters.get({ matterId })).documents;
    expect(document).toMatchObject({ status: 'received', arrivedOn: '2026-11-26', version: 2 });
  });

  it('counts reminders sent, on the timeline and in the audit log', async () => {
    const { matterId, documentId } = await requested();
    const intake = await api.signedIn('alameda.intake');
    const first = await intake.documents.recordReminder({ documentId, version: 1 });
    const { result, summary } = await expectEventAndAudit(
      api,
      { matterId, kind: 'document_reminder', who: 'alameda.intake', action: 'documents.recordReminder' },
      () => intake.documents.recordReminder({ documentId, version: first.version }),
    );
    expect(result).toEqual({ version: 3, remindersSent: 2 });
    expect(summary).toBe('Reminder sent for DOJ RAP sheet (reminder 2).');
  });

  it('keeps the proper names of whom a document was requested from as written on the timeline, for every source', async () => {
    const matterId = await openMatter(api);
    const intake = await api.signedIn('alameda.intake');
    const wrong: string[] = [];
    for (const [from, label] of Object.entries(REQUESTED_FROM_LABELS) as [RequestedFrom, string][]) {
      const { summary } = await expectEventAndAudit(
        api,
        { matterId, kind: 'document_requested', who: 'alameda.intake', action: 'documents.request' },
        () => intake.documents.request(rapSheet(matterId, { requestedFrom: from })),
      );
      // A name (several words, or an acronym) as written; a single common noun may read in lower case.
      const name = label.includes(' ') || /[A-Z]/.test(label.slice(1));
      const expected = `Requested DOJ RAP sheet from ${name ? label : label.toLowerCase()}, due `;
      if (!summary.startsWith(expected)) wrong.push(`${from}: ${summary}`);
    }
    expect(wrong).toEqual([]);
  });

  it('attaches no file to a cancelled or waived request, saying who closed it and how to go on', async () => {
    for (const status of ['cancelled', 'waived'] as const) {
      const { documentId } = await requested();
      const attorney = await api.signedIn('alameda.attorney');
      await attorney.documents.update(received(documentId, 1, { status, arrivedOn: null }));
      const stored = () =>
        Promise.all([
          api.database.db
            .selectFrom('document_files')
            .select('id')
            .where('request_id', '=', documentId)
            .execute(),
          api.database.db
            .selectFrom('document_requests')
            .select(['status', 'arrived_on', 'version'])
            .where('id', '=', documentId)
            .executeTakeFirstOrThrow(),
        ]);
      const before = await stored();
      // From a page that still shows the request open.
      await expect(
        uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
          documentId,
          filename: 'rap.pdf',
          bytes: pdfBytes(),
        }),
        status,
      ).rejects.toMatchObject({
        appCode: 'BAD_INPUT',
        message: `This document request was ${status} by ${NAMES['alameda.attorney']} on ${nowInCalifornia(api)}, so the file was not attached. To attach it, reopen the request (set its status back to Requested) or request the document again.`,
        audit: { entityType: 'document_request', entityId: documentId },
      });
      expect(await stored(), status).toEqual(before);
      expect(before[0]).toEqual([]);
      expect(before[1]).toMatchObject({ status, arrived_on: null });
    }
  });

  it('shows intake that a RAP sheet has files, but not the files themselves', async () => {
    const { matterId, documentId } = await requested();
    await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId,
      filename: 'rap.pdf',
      bytes: pdfBytes(),
    });
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    const [forIntake] = (await intake.matters.get({ matterId })).documents;
    const [forAttorney] = (await attorney.matters.get({ matterId })).documents;
    expect([forIntake?.files, forIntake?.fileCount]).toEqual([null, 1]);
    expect(forAttorney?.files?.map((f) => [f.filename, f.contentType])).toEqual([
      ['rap.pdf', 'application/pdf'],
    ]);
  });

  it('keeps a court docket’s and a signed order’s files from intake: not listed, opened or added to, each refusal on record', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const intake = await api.signedIn('alameda.intake');
    for (const kind of ['court_docket', 'signed_order'] as const) {
      const { id: documentId } = await attorney.documents.request({
        matterId,
        kind,
        requestedFrom: 'court',
        requestedOn: '2026-11-28',
      });
      const file = await uploadDocumentFile(
        await authedContext(api, 'alameda.attorney', 'documents.upload'),
        {
          documentId,
          filename: `${kind}.pdf`,
          bytes: pdfBytes(`${kind}: case 16CR01234, PC 484(a)`),
        },
      );
      const forIntake = await intake.matters.get({ matterId });
      const shown = forIntake.documents.find((d) => d.id === documentId);
      // Intake still sees the request, that it arrived and how many files it has.
      expect([shown?.status, shown?.files, shown?.fileCount], kind).toEqual(['received', null, 1]);
      expect(JSON.stringify(forIntake), kind).not.toContain(file.id);
      const forAttorney = (await attorney.matters.get({ matterId })).documents.find(
        (d) => d.id === documentId,
      );
      expect(forAttorney?.files?.map((f) => f.id)).toEqual([file.id]);

      const before = await api.database.db.selectFrom('document_files').select('id').execute();
      await expect(
        uploadDocumentFile(await authedContext(api, 'alameda.intake', 'documents.upload'), {
          documentId,
          filename: 'more.pdf',
          bytes: pdfBytes('more'),
        }),
        kind,
      ).rejects.toMatchObject({ appCode: 'FORBIDDEN', message: expect.stringContaining('own permission') });
      expect(await api.database.db.selectFrom('document_files').select('id').execute()).toEqual(before);
      await expect(
        openDocumentFile(await authedContext(api, 'alameda.intake', 'documents.download'), file.id),
        kind,
      ).rejects.toMatchObject({ appCode: 'FORBIDDEN' });
      // On record as every refusal of the RAP sheet permission is, naming what was asked for.
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['action', 'entity_type', 'entity_id'])
        .where('actor_id', '=', api.userIds['alameda.intake'])
        .where('outcome', '=', 'denied')
        .where('entity_id', 'in', [documentId, file.id])
        .orderBy('id')
        .execute();
      expect(denied, kind).toEqual([
        { action: 'documents.upload', entity_type: 'rap_sheet_data', entity_id: documentId },
        { action: 'documents.download', entity_type: 'rap_sheet_data', entity_id: file.id },
      ]);
    }
  });

  it('tells intake a decided petition’s signed order is on file, without its file’s id', async () => {
    const { matterId } = await matterAtOutcome(api);
    const attorney = await api.signedIn('alameda.attorney');
    const intake = await api.signedIn('alameda.intake');
    const [forAttorney] = (await attorney.matters.get({ matterId })).petitions;
    expect(forAttorney?.orderFileId).toEqual(expect.any(String));
    expect(forAttorney?.orderAttached).toBe(true);
    const forIntake = await intake.matters.get({ matterId });
    expect(forIntake.petitions.map((p) => [p.status, p.orderFileId, p.orderAttached])).toEqual([
      ['decided', null, true],
    ]);
    expect(JSON.stringify(forIntake)).not.toContain(forAttorney?.orderFileId ?? 'no order');
    expect([forAttorney?.orderAwaited, forIntake.petitions[0]?.orderAwaited]).toEqual([false, false]);
  });

  it('says a decided petition’s signed order is awaited only when its outcome comes with one', async () => {
    const { matterId } = await matterAtOutcome(api, {}, { withOrder: false });
    const attorney = await api.signedIn('alameda.attorney');
    const intake = await api.signedIn('alameda.intake');
    const awaited = async () => [
      (await attorney.matters.get({ matterId })).petitions[0]?.orderAwaited,
      (await intake.matters.get({ matterId })).petitions[0]?.orderAwaited,
    ];
    // Granted and denied: the court signs an order, and none is on file yet.
    expect(await awaited()).toEqual([true, true]);
    // Withdrawn, or continued to another hearing: no order is coming (nor asked of the court).
    for (const outcome of ['withdrawn', 'continued'] as const) {
      const [petition] = (await attorney.matters.get({ matterId })).petitions;
      if (!petition) throw new Error('the matter has its petition');
      await attorney.petitions.update({
        petitionId: petition.id,
        version: petition.version,
        status: 'decided',
        court: petition.court,
        filedOn: petition.filedOn,
        decidedOn: petition.decidedOn,
        outcomes: petition.convictions.map((c) => ({ convictionId: c.convictionId, outcome })),
      });
      expect(await awaited(), outcome).toEqual([false, false]);
    }
  });

  it('refuses a caller without a session for every document procedure', async () => {
    const { documentId, matterId } = await requested();
    const anonymous = api.anonymous();
    await expect(anonymous.documents.request(rapSheet(matterId))).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(anonymous.documents.update(received(documentId, 1))).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(anonymous.documents.recordReminder({ documentId, version: 1 })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  describe('another office gets NOT_FOUND and nothing is written', () => {
    it('when requesting a document for the matter', async () => {
      const matterId = await openMatter(api);
      const other = await api.signedIn('bayLegal.intake');
      const refused = await expectRefusedWritingNothing(api, () =>
        other.documents.request(rapSheet(matterId)),
      );
      expect(refused.code).toBe('NOT_FOUND');
    });

    it('when updating a request or recording a reminder', async () => {
      const { documentId } = await requested();
      const other = await api.signedIn('bayLegal.attorney');
      expect(
        (await expectRefusedWritingNothing(api, () => other.documents.update(received(documentId, 1)))).code,
      ).toBe('NOT_FOUND');
      expect(
        (
          await expectRefusedWritingNothing(api, () =>
            other.documents.recordReminder({ documentId, version: 1 }),
          )
        ).code,
      ).toBe('NOT_FOUND');
    });
  });

  it.each([
    ['“other” with no label', { kind: 'other' as const }, 'label', 'Say what the document is.'],
    [
      'a due date before the request',
      { dueOn: '2026-11-01' },
      'dueOn',
      'The due date cannot be before the request date.',
    ],
    [
      'no one to request it from',
      { requestedFrom: 'neighbour' as 'client' },
      'requestedFrom',
      'Choose who the document is requested from.',
    ],
    [
      'a request date after today',
      { requestedOn: '2026-11-29' },
      'requestedOn',
      'The request date cannot be after today (Nov 28, 2026). Check the date requested.',
    ],
    [
      'an impossible date',
      { requestedOn: '2026-11-31' },
      'requestedOn',
      'Enter a real date such as 03/07/2027 (month, day, year).',
    ],
  ])(
    'refuses a request with %s with a field error saying how to fix it, and writes nothing',
    async (_why, change, path, message) => {
      const matterId = await openMatter(api);
      const intake = await api.signedIn('alameda.intake');
      const refused = await expectRefusedWritingNothing(api, () =>
        intake.documents.request(rapSheet(matterId, change)),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.fields).toContainEqual({ path, message });
    },
  );

  it('refuses marking a document received without the date it arrived, and writes nothing', async () => {
    const { documentId } = await requested();
    const intake = await api.signedIn('alameda.intake');
    const refused = await expectRefusedWritingNothing(api, () =>
      intake.documents.update(received(documentId, 1, { arrivedOn: null })),
    );
    expect(refused.fields).toContainEqual({
      path: 'arrivedOn',
      message: 'Enter the date the document arrived.',
    });
  });

  it('refuses an arrival date after today, and writes nothing; one before the request (a RAP sheet the client brought) is kept', async () => {
    const { documentId } = await requested();
    const intake = await api.signedIn('alameda.intake');
    const refused = await expectRefusedWritingNothing(api, () =>
      intake.documents.update(received(documentId, 1, { arrivedOn: '2026-11-29' })),
    );
    expect(refused.fields).toContainEqual({
      path: 'arrivedOn',
      message: 'The arrival date cannot be after today (Nov 28, 2026). Check the date it arrived.',
    });
    await expect(
      intake.documents.update(received(documentId, 1, { arrivedOn: '2026-10-02' })),
    ).resolves.toMatchObject({ version: 2 });
  });

  it('refuses a due date before the matter was received, and one moved before the request, writing nothing', async () => {
    const matterId = await openMatter(api);
    const { received_on } = await api.database.db
      .selectFrom('matters')
      .select('received_on')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    const intake = await api.signedIn('alameda.intake');
    const early = await expectRefusedWritingNothing(api, () =>
      intake.documents.request(
        rapSheet(matterId, { requestedOn: addDays(received_on, -20), dueOn: addDays(received_on, -1) }),
      ),
    );
    expect(early.fields).toContainEqual({
      path: 'dueOn',
      message: `The due date cannot be before the matter was received (${readableDate(received_on)}). Check the due date.`,
    });
    const { id } = await intake.documents.request(rapSheet(matterId, { requestedOn: received_on }));
    const backwards = await expectRefusedWritingNothing(api, () =>
      intake.documents.update({
        ...received(id, 1),
        status: 'requested',
        arrivedOn: null,
        dueOn: addDays(received_on, -1),
      }),
    );
    expect(backwards.fields).toContainEqual({
      path: 'dueOn',
      message: `The due date cannot be before the document was requested (${readableDate(received_on)}). Check the due date.`,
    });
  });

  it('staff’s label and note on a criminal-history request are for staff with the permission: others see its kind, and keep the note when they update it', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { id } = await attorney.documents.request({
      matterId,
      kind: 'court_docket',
      label: 'Docket of 14CR55501',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
      note: 'Ask for the 14CR55501 minute order too.',
    });
    const intake = await api.signedIn('alameda.intake');
    const seen = (await intake.matters.get({ matterId })).documents.find((d) => d.id === id);
    expect([seen?.label, seen?.note]).toEqual(['', WITHHELD]);
    const page = JSON.stringify(await intake.matters.get({ matterId }));
    expect(page).not.toContain('14CR55501');
    const calendar = await intake.matters.calendar({ from: '2026-12-01', to: '2027-01-10' });
    expect(calendar.filter((d) => d.matterId === matterId).map((d) => d.label)).toEqual([
      'Court docket / minute order due',
    ]);
    // Updated by intake (the form sends back what it showed): the note stays as written.
    await intake.documents.update(received(id, 1, { note: WITHHELD }));
    const kept = (await attorney.matters.get({ matterId })).documents.find((d) => d.id === id);
    expect([kept?.label, kept?.note, kept?.status]).toEqual([
      'Docket of 14CR55501',
      'Ask for the 14CR55501 minute order too.',
      'received',
    ]);
    // The timeline names it by its kind, for everyone.
    expect(JSON.stringify((await attorney.matters.get({ matterId })).timeline)).not.toContain('14CR55501');
  });

  it('refuses a reminder without the version it was counted from, and writes nothing', async () => {
    const { documentId } = await requested();
    const intake = await api.signedIn('alameda.intake');
    const refused = await expectRefusedWritingNothing(api, () =>
      intake.documents.recordReminder({ documentId, version: 0 }),
    );
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.fields.map((f) => f.path)).toEqual(['version']);
  });

  it('refuses an update or a reminder from a stale version, naming who changed it and when, and writes nothing', async () => {
    const { documentId } = await requested();
    const intake = await api.signedIn('alameda.intake');
    const attorney = await api.signedIn('alameda.attorney');
    await attorney.documents.update(received(documentId, 1));
    for (const [action, stale] of [
      [
        'documents.update',
        () => intake.documents.update(received(documentId, 1, { status: 'waived', arrivedOn: null })),
      ],
      ['documents.recordReminder', () => intake.documents.recordReminder({ documentId, version: 1 })],
    ] as const) {
      const refused = await expectRefusedWritingNothing(api, stale);
      expect(refused.appCode).toBe('VERSION_CONFLICT');
      expect(refused.message).toContain(
        `${NAMES['alameda.attorney']} changed this document request on ${nowInCalifornia(api)}, after you opened it`,
      );
      // The refusal itself is on record, about the request, though the save rolled back.
      const denied = await api.database.db
        .selectFrom('audit_log')
        .select(['entity_type', 'entity_id', 'detail'])
        .where('actor_id', '=', api.userIds['alameda.intake'])
        .where('action', '=', action)
        .where('entity_id', '=', documentId)
        .where('outcome', '=', 'denied')
        .execute();
      expect(
        denied.map((d) => ({ ...d, detail: JSON.parse(d.detail) })),
        action,
      ).toEqual([
        { entity_type: 'document_request', entity_id: documentId, detail: { reason: 'version_conflict' } },
      ]);
    }
  });

  // Rounds, so that on PostgreSQL the two transactions really do overlap in some of them.
  it('regression: two people changing the same request at once: one wins, the other gets VERSION_CONFLICT', async () => {
    for (let round = 0; round < 4; round++) {
      const { documentId } = await requested();
      const intake = await api.signedIn('alameda.intake');
      const attorney = await api.signedIn('alameda.attorney');
      const results = await Promise.allSettled([
        attorney.documents.update(received(documentId, 1)),
        intake.documents.recordReminder({ documentId, version: 1 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({
        reason: { appCode: 'VERSION_CONFLICT' },
      });
      const stored = await api.database.db
        .selectFrom('document_requests')
        .select(['status', 'reminders_sent', 'version'])
        .where('id', '=', documentId)
        .executeTakeFirstOrThrow();
      const attorneyWon = results[0]?.status === 'fulfilled';
      expect(stored).toEqual({
        status: attorneyWon ? 'received' : 'requested',
        reminders_sent: attorneyWon ? 0 : 1,
        version: 2,
      });
    }
  });
});
