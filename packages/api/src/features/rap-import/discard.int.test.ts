// Discarding a RAP sheet import read into the wrong matter (another person's sheet): its text, what
// was read from it and its file are erased from the database and the disk, a tombstone kept (who,
// when, why), on the timeline without criminal history and on record in the same transaction;
// refused without the RAP sheet permission, from another office, from a stale version, and while a
// conviction entered from it is on the matter.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { testDialects } from '@relief-desk/db/testing';
import { auditFiltersSchema, auditSentenceText } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { exportAuditCsv } from '../audit/export.ts';
import { openDocumentFile, uploadDocumentFile } from '../documents/files.ts';
import {
  authedContext,
  decisionInput,
  expectRefusedWritingNothing,
  filedPetition,
  openMatter,
  pdfBytes,
  petitionInput,
} from '../lifecycle-fixtures.ts';
import { filingRunCsv, printFilingRun } from '../packets/filings.ts';
import { readyPetition, setUpFiling } from '../packets/fixtures.ts';
import { acceptSheet, readSheet } from './fixtures.ts';

const REASON = 'Another person’s RAP sheet';

describe.each(testDialects())('discarding a RAP sheet import (%s)', (dialect) => {
  let api: ApiHarness;
  const filesDir = mkdtempSync(join(tmpdir(), 'relief-desk-discard-'));
  beforeAll(async () => {
    api = await createApiHarness(dialect, { filesDir });
  });
  afterAll(async () => {
    await api?.destroy();
    rmSync(filesDir, { recursive: true, force: true });
  });

  /** The audit log's sentences, for a reader, of the refused discards of a matter's RAP sheets. */
  async function refusedDiscardsSaid(reader: 'alameda.supervisor' | 'alameda.admin', matterId: string) {
    const log = await (await api.signedIn(reader)).audit.list({
      matter: matterId,
      action: 'rapImports.discard',
      outcome: 'denied',
    });
    return log.lines.map((line) => auditSentenceText(line.sentence));
  }

  /** The audit log's CSV export of the refused discards of a matter's RAP sheets. */
  async function auditCsv(reader: 'alameda.supervisor', matterId: string) {
    const ctx = await authedContext(api, reader, 'audit.export');
    const filters = auditFiltersSchema.parse({
      matter: matterId,
      action: 'rapImports.discard',
      outcome: 'denied',
    });
    let csv = '';
    for await (const chunk of exportAuditCsv(ctx, filters)) csv += chunk;
    return csv;
  }

  /** How the log names a matter: "María Núñez’s matter 2026-00042". */
  async function matterName(matterId: string) {
    const matter = await api.database.db
      .selectFrom('matters')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      .select(['matters.reference', 'clients.legal_name'])
      .where('matters.id', '=', matterId)
      .executeTakeFirstOrThrow();
    return `${matter.legal_name}’s matter ${matter.reference}`;
  }

  /** A matter with another person's sheet read into it and every proposal dropped (version 2). */
  async function strangersSheetReviewed() {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { importId, review } = await readSheet(api, attorney, matterId, 'Nunez RAP.txt');
    expect(review.otherPerson).toContain('another person');
    // Nothing accepted from it: no confirmation that it is another person's is asked for.
    await attorney.rapImports.accept({
      importId,
      version: 1,
      personFactsVersion: review.personFactsVersion,
      convictions: review.proposals.map((p) => ({ key: p.key, decision: 'drop' as const })),
      arrests: review.rapArrests.map((a) => ({ key: a.key, decision: 'drop' as const })),
      personFacts: review.personFactProposals.map((f) => ({ key: f.key, decision: 'drop' as const })),
    });
    return { matterId, importId, attorney };
  }

  it('erases the text and what was read from it, keeps who, when and why, on record and on the timeline', async () => {
    const { matterId, importId, attorney } = await strangersSheetReviewed();
    const db = api.database.db;
    expect(
      (await db.selectFrom('rap_import_items').select('id').where('import_id', '=', importId).execute())
        .length,
    ).toBeGreaterThan(0);

    // Refused, writing nothing but the refusal: without the permission, from another office, stale.
    const intake = await api.signedIn('alameda.intake');
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          intake.rapImports.discard({ importId, version: 2, reason: REASON }),
        )
      ).appCode,
    ).toBe('FORBIDDEN');
    const elsewhere = await api.signedIn('bayLegal.attorney');
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          elsewhere.rapImports.discard({ importId, version: 2, reason: REASON }),
        )
      ).appCode,
    ).toBe('NOT_FOUND');
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          attorney.rapImports.discard({ importId, version: 1, reason: REASON }),
        )
      ).appCode,
    ).toBe('VERSION_CONFLICT');
    // A reason is required.
    const blank = await expectRefusedWritingNothing(api, () =>
      attorney.rapImports.discard({ importId, version: 2, reason: '  ' }),
    );
    expect(blank.fields.map((f) => f.message)).toEqual([
      'Say why, for example “Another person’s RAP sheet”.',
    ]);

    expect(await attorney.rapImports.discard({ importId, version: 2, reason: REASON })).toEqual({
      id: importId,
      version: 3,
      fileErased: false,
    });

    const row = await db
      .selectFrom('rap_imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      source_text: null,
      result: null,
      source_name: '',
      discarded_by: api.userIds['alameda.attorney'],
      discarded_reason: REASON,
      version: 3,
    });
    expect(row.discarded_at).not.toBeNull();
    // Nothing of the sheet is left in the database: its names, case numbers, sections.
    expect(JSON.stringify(row)).not.toMatch(/NUNEZ|14CM005678|11350|Nunez RAP/);
    expect(
      await db.selectFrom('rap_import_items').select('id').where('import_id', '=', importId).execute(),
    ).toEqual([]);

    const audit = await db
      .selectFrom('audit_log')
      .select(['entity_type', 'entity_id', 'detail', 'outcome'])
      .where('action', '=', 'rapImports.discard')
      .where('actor_id', '=', api.userIds['alameda.attorney'])
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ entity_type: 'matter', entity_id: matterId });
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toEqual({ importId, discarded: true });

    // The timeline says so to everyone who works the matter, with nothing of the record.
    const forIntake = await intake.matters.get({ matterId });
    const event = forIntake.timeline.find((e) => e.kind === 'rap_import_discarded');
    expect(event?.summary).toBe(
      'A RAP sheet import was discarded as read into the wrong matter: its text was erased.',
    );

    // The list keeps the tombstone; the review and accepting are refused.
    const [listed] = await attorney.rapImports.list({ matterId });
    expect(listed).toMatchObject({
      id: importId,
      sourceName: '',
      discarded: { by: 'Attorney of Alameda County Public Defender', reason: REASON },
    });
    expect(
      (await expectRefusedWritingNothing(api, () => attorney.rapImports.review({ importId }))).message,
    ).toMatch(
      /^This RAP sheet import was discarded by Attorney of Alameda County Public Defender on .* \(Another person’s RAP sheet\): its text and file are no longer kept\.$/,
    );
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          attorney.rapImports.discard({ importId, version: 3, reason: REASON }),
        )
      ).message,
    ).toContain('was discarded by');
  });

  it('erases its uploaded file from the disk after the commit, and the file’s name with it', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const request = await attorney.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-28',
    });
    const bytes = pdfBytes('RAP SHEET OF SOMEONE ELSE 14CM005678');
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename: 'Nunez RAP sheet.pdf',
      bytes,
    });
    const stored = await api.database.db
      .selectFrom('document_files')
      .select('sha256')
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    const onDisk = join(filesDir, stored.sha256.slice(0, 2), stored.sha256);
    expect(existsSync(onDisk)).toBe(true);
    const started = await attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } });
    // Reading it would take OCR (the test PDF has no text layer): cancelled, it is read no more.
    expect(
      (
        await expectRefusedWritingNothing(api, () =>
          attorney.rapImports.discard({ importId: started.id, version: 1, reason: REASON }),
        )
      ).message,
    ).toBe('This RAP sheet is still being read: cancel reading it first, then discard it.');
    await attorney.rapImports.cancel({ importId: started.id, version: 1 });
    // The file goes with its import: not removed on its own while the import reads it.
    const alone = await expectRefusedWritingNothing(api, () =>
      attorney.documents.removeFile({ fileId: file.id, version: 2, reason: REASON }),
    );
    expect(alone.message).toContain('discard that import under Read RAP sheet instead');

    expect(
      await attorney.rapImports.discard({
        importId: started.id,
        version: 2,
        reason: REASON,
      }),
    ).toMatchObject({ fileErased: true });
    expect(existsSync(onDisk)).toBe(false);
    const row = await api.database.db
      .selectFrom('document_files')
      .selectAll()
      .where('id', '=', file.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ filename: '', sha256: '', removed_reason: REASON });
    // The matter page lists a tombstone in its place; the file cannot be opened or read again.
    const shown = (await attorney.matters.get({ matterId })).documents.find((d) => d.id === request.id);
    expect(shown?.fileCount).toBe(0);
    expect(shown?.files?.[0]).toMatchObject({ id: file.id, filename: '', removed: { reason: REASON } });
    await expect(
      openDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.download'), file.id),
    ).rejects.toMatchObject({ message: expect.stringContaining('This file was removed by') });
    await expect(
      attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } }),
    ).rejects.toMatchObject({ message: 'Choose a RAP sheet file attached to this matter.' });
  });

  it('is refused while a conviction entered from it is on the matter', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { importId, review } = await readSheet(api, attorney, matterId);
    await acceptSheet(attorney, importId, review, { convictions: (_key, i) => i === 0 });
    const refused = await expectRefusedWritingNothing(api, () =>
      attorney.rapImports.discard({ importId, version: 2, reason: REASON }),
    );
    expect(refused.message).toBe(
      '1 conviction entered from this RAP sheet is on the matter, so it is kept as their source. If it is another person’s sheet, remove it first (a petition drafted on one is withdrawn before), then discard it.',
    );

    // The audit log says why, not "what was entered needed correcting": how many only to a reader
    // with the RAP sheet permission (the supervisor), the kind of record to one without (the admin).
    const why =
      'if it is another person’s, remove those convictions from the matter first, then discard the sheet; nothing was discarded';
    expect(await refusedDiscardsSaid('alameda.supervisor', matterId)).toEqual([
      `Attorney of Alameda County Public Defender was refused: Discard a RAP sheet import, ${await matterName(matterId)}: 1 conviction entered from that RAP sheet is still on the matter, so the sheet is kept as its source; ${why}`,
    ]);
    const [forAdmin] = await refusedDiscardsSaid('alameda.admin', matterId);
    expect(forAdmin).toMatch(
      /: convictions entered from that RAP sheet are still on the matter, so the sheet is kept as their source; /,
    );
    expect(forAdmin).not.toMatch(/needed correcting|1 conviction/);
    // The CSV export words it the same.
    const csv = await auditCsv('alameda.supervisor', matterId);
    expect(csv).toContain(
      '1 conviction entered from that RAP sheet is still on the matter, so the sheet is kept as its source',
    );
    expect(csv).toContain(why);
    expect(csv).not.toContain('needed correcting');
  });

  it('blanks the arrests entered from it (removed first) and what the timeline said of them, keeping a tombstone', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { importId, review } = await readSheet(api, attorney, matterId, 'Nunez RAP.txt');
    expect(review.rapArrests.length).toBeGreaterThan(0);
    await acceptSheet(attorney, importId, review, { arrests: true });
    const entered = await api.database.db
      .selectFrom('arrests')
      .select(['id', 'version', 'section'])
      .where('source_ref', '=', importId)
      .execute();
    expect(entered.length).toBeGreaterThan(0);
    const section = entered[0]?.section ?? '';
    // Refused while they are on the matter, the log saying what to do.
    await expectRefusedWritingNothing(api, () =>
      attorney.rapImports.discard({ importId, version: 2, reason: REASON }),
    );
    const [said] = await refusedDiscardsSaid('alameda.supervisor', matterId);
    expect(said).toMatch(
      new RegExp(
        `: ${entered.length} arrests? entered from that RAP sheet (is|are) still on the matter, so the sheet is kept as (its|their) source; if it is another person’s, remove those arrests from the matter first, then discard the sheet; nothing was discarded$`,
      ),
    );
    // The documented path: the arrests entered from the stranger's sheet removed first, then the sheet.
    for (const a of entered) await attorney.arrests.remove({ arrestId: a.id, version: a.version });
    const before = await attorney.matters.get({ matterId });
    expect(before.timeline.map((e) => e.summary).join('\n')).toContain(section);
    await attorney.rapImports.discard({ importId, version: 2, reason: REASON });

    const rows = await api.database.db
      .selectFrom('arrests')
      .selectAll()
      .where(
        'id',
        'in',
        entered.map((a) => a.id),
      )
      .execute();
    for (const row of rows)
      expect(row).toMatchObject({
        arrest_date: '',
        agency: '',
        code: '',
        section: '',
        description: '',
        source: 'rap_sheet',
        source_ref: importId,
        removed_at: expect.any(String),
      });
    const after = (await attorney.matters.get({ matterId })).timeline.map((e) => e.summary);
    expect(after.join('\n')).not.toContain(section);
    expect(after).toContain('An arrest read from a RAP sheet that was discarded was removed.');
    expect(after).toContain(
      'An arrest was entered from a RAP sheet that was later discarded: its details were erased with it.',
    );
  });

  it('blanks the convictions entered from it (removed first), their versions, decisions and timeline, keeping a tombstone', async () => {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const { importId, review } = await readSheet(api, attorney, matterId);
    const accepted = review.proposals.filter((p) => p.status === 'new');
    expect(accepted.length).toBeGreaterThan(1);
    await acceptSheet(attorney, importId, review, { convictions: () => true });
    const entered = await api.database.db
      .selectFrom('convictions')
      .select(['id', 'version', 'case_number', 'section'])
      .where('matter_id', '=', matterId)
      .orderBy('id')
      .execute();
    expect(entered).toHaveLength(accepted.length);
    const [first] = entered;
    if (!first) throw new Error('no conviction entered');
    // Its probation completed, as the court's records say (what a packet needs), and a decision
    // written on it, with its reasons naming the case; a petition drafted, its packet
    // prepared and put in a filing run beside another client's, then withdrawn.
    const [asRead] = await attorney.convictions.history({ convictionId: first.id });
    await attorney.convictions.edit({
      convictionId: first.id,
      version: first.version,
      // biome-ignore lint/suspicious/noExplicitAny: the fields as stored, completed here.
      conviction: { ...(asRead?.fields as any), probationOutcome: 'completed', endDate: '2012-04-15' },
    });
    first.version += 1;
    await attorney.decisions.record(
      decisionInput(first.id, {
        reasons: `Case ${first.case_number}: probation completed (PC 1203.4(a)(1)).`,
      }),
    );
    const { id: petitionId } = await attorney.petitions.create(petitionInput(matterId, [first.id]));
    await setUpFiling(api);
    const other = await readyPetition(api, { caseNumber: '16CR07070' });
    const attorneyId = api.userIds['alameda.attorney'];
    const packet = await attorney.packets.prepare({ petitionId, attorneyId, baseVersion: 0 });
    await attorney.packets.prepare({ petitionId: other.petitionId, attorneyId, baseVersion: 0 });
    const overview = await attorney.filings.overview({ county: 'Alameda' });
    const run = await attorney.filings.createRun({
      county: 'Alameda',
      courthouseId: overview.courthouse?.id ?? null,
      petitionIds: [petitionId, other.petitionId],
    });
    const held = await expectRefusedWritingNothing(api, () =>
      attorney.convictions.remove({ convictionId: first.id, version: first.version }),
    );
    expect(held.message).toMatch(
      /^Its petition \(PC 1203\.4 .*\) is drafted: set the petition to “Withdrawn” first/,
    );
    const drafted = (await attorney.matters.get({ matterId })).petitions.find((p) => p.id === petitionId);
    await attorney.petitions.update(
      filedPetition(petitionId, drafted?.version ?? 1, [first.id], { status: 'withdrawn', filedOn: null }),
    );
    for (const c of entered) await attorney.convictions.remove({ convictionId: c.id, version: c.version });
    await attorney.rapImports.discard({ importId, version: 2, reason: REASON });

    const rows = await api.database.db
      .selectFrom('convictions')
      .selectAll()
      .where(
        'id',
        'in',
        entered.map((c) => c.id),
      )
      .execute();
    for (const row of rows)
      expect(row).toMatchObject({
        case_number: '',
        court: '',
        code: '',
        section: '',
        conviction_date: '',
        offense_date: null,
        end_date: null,
        removed_at: expect.any(String),
      });
    const revisions = await api.database.db
      .selectFrom('conviction_revisions')
      .select('data')
      .where(
        'conviction_id',
        'in',
        entered.map((c) => c.id),
      )
      .execute();
    expect(revisions.map((r) => r.data)).toEqual(revisions.map(() => '{}'));
    const decision = await api.database.db
      .selectFrom('eligibility_decisions')
      .select(['reasons', 'missing_info'])
      .where('conviction_id', '=', first.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(decision)).not.toContain(first.case_number);
    const timeline = (await attorney.matters.get({ matterId })).timeline.map((e) => e.summary).join('\n');
    for (const c of entered) {
      expect(timeline, timeline).not.toContain(c.case_number);
      expect(timeline).not.toContain(c.section);
    }
    expect(timeline).toContain('A conviction read from a RAP sheet that was discarded was removed.');
    // The withdrawn petition drafted on it named its case and court: erased with it.
    expect(
      await api.database.db
        .selectFrom('petitions')
        .select(['case_number', 'court', 'courthouse', 'status'])
        .where('id', '=', petitionId)
        .executeTakeFirstOrThrow(),
    ).toEqual({ case_number: '', court: '', courthouse: '', status: 'withdrawn' });
    expect(timeline).toContain(
      'A petition was drafted on convictions read from a RAP sheet that was later discarded: its details were erased with it.',
    );
    // Its packet is erased, and the filing run holds the other client's petition only: it still
    // prints and exports, without the stranger's case.
    const packetFile = await api.database.db
      .selectFrom('document_files')
      .select(['filename', 'sha256', 'removed_at'])
      .where('id', '=', packet.fileId)
      .executeTakeFirstOrThrow();
    expect(packetFile).toMatchObject({ filename: '', sha256: '', removed_at: expect.any(String) });
    const detail = await attorney.filings.run({ runId: run.id });
    expect(detail.petitions.map((p) => p.petitionId)).toEqual([other.petitionId]);
    const ctx = await authedContext(api, 'alameda.attorney', 'filings.exportCsv');
    const { csv } = await filingRunCsv(ctx, run.id);
    expect(csv).toContain('16CR07070');
    expect(csv).not.toContain(first.case_number);
    const printed = await printFilingRun(
      await authedContext(api, 'alameda.attorney', 'filings.printRun'),
      run.id,
    );
    expect(printed.petitions).toBe(1);
    // Read to its end: the run's PDF is drawn as it is read, from the database.
    expect((await buffer(printed.stream)).subarray(0, 5).toString()).toBe('%PDF-');
    expect(timeline).toContain(
      'An eligibility decision was recorded on a conviction read from a RAP sheet that was discarded: its details were erased with it.',
    );
  });
});
