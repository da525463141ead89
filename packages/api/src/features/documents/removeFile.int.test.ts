// Removing a file attached by mistake (another client's court record): erased from the disk once no
// row names its bytes (the same scan attached twice is one file), its row kept as a tombstone (who,
// when, why), audited in the same transaction and on the timeline; refused without the RAP sheet
// permission for a court record, from another office and from a stale version. The server's start
// sweeps bytes no row names (an erasure a crash cut short).
import { existsSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acrossOffices } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { authedContext, expectRefusedWritingNothing, openMatter, pdfBytes } from '../lifecycle-fixtures.ts';
import { openDocumentFile, uploadDocumentFile } from './files.ts';
import { sweepUnreferencedFiles } from './removeFile.ts';

const REASON = 'Another client’s court record';

describe.each(testDialects())('removing a file attached by mistake (%s)', (dialect) => {
  let api: ApiHarness;
  const filesDir = mkdtempSync(join(tmpdir(), 'relief-desk-remove-'));
  beforeAll(async () => {
    api = await createApiHarness(dialect, { filesDir });
  });
  afterAll(async () => {
    await api?.destroy();
    rmSync(filesDir, { recursive: true, force: true });
  });

  const attachDocket = async (matterId: string, bytes: Uint8Array) => {
    const attorney = await api.signedIn('alameda.attorney');
    const request = await attorney.documents.request({
      matterId,
      kind: 'court_docket',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename: 'Delgado docket 16CR01234.pdf',
      bytes,
    });
    return { requestId: request.id, fileId: file.id };
  };
  const shaOf = async (fileId: string) =>
    (
      await api.database.db
        .selectFrom('document_files')
        .select('sha256')
        .where('id', '=', fileId)
        .executeTakeFirstOrThrow()
    ).sha256;

  it('erases the file from the disk once no other row names its bytes, keeping who, when and why', async () => {
    const attorney = await api.signedIn('alameda.attorney');
    const bytes = pdfBytes('MINUTE ORDER 16CR01234 of another client');
    const first = await openMatter(api);
    const second = await openMatter(api);
    const one = await attachDocket(first, bytes);
    // The same scan attached to another matter is the same file on disk.
    const two = await attachDocket(second, bytes);
    const sha256 = await shaOf(one.fileId);
    const onDisk = join(filesDir, sha256.slice(0, 2), sha256);
    expect(existsSync(onDisk)).toBe(true);
    // The request's version: 1 requested, 2 once the file arrived.
    const remove = (who: Awaited<ReturnType<ApiHarness['signedIn']>>, version: number) =>
      who.documents.removeFile({ fileId: one.fileId, version, reason: REASON });

    const intake = await api.signedIn('alameda.intake');
    expect((await expectRefusedWritingNothing(api, () => remove(intake, 2))).appCode).toBe('FORBIDDEN');
    const elsewhere = await api.signedIn('bayLegal.attorney');
    expect((await expectRefusedWritingNothing(api, () => remove(elsewhere, 2))).appCode).toBe('NOT_FOUND');
    expect((await expectRefusedWritingNothing(api, () => remove(attorney, 1))).appCode).toBe(
      'VERSION_CONFLICT',
    );
    expect(
      await api.database.db.selectFrom('document_files').select('id').where('sha256', '=', sha256).execute(),
    ).toHaveLength(2);

    expect(await remove(attorney, 2)).toEqual({ id: one.fileId, documentVersion: 3 });
    const row = await api.database.db
      .selectFrom('document_files')
      .selectAll()
      .where('id', '=', one.fileId)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      filename: '',
      sha256: '',
      removed_by: api.userIds['alameda.attorney'],
      removed_reason: REASON,
    });
    // The other matter's copy still names the bytes: kept, and still opens.
    expect(existsSync(onDisk)).toBe(true);
    await openDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.download'), two.fileId);

    const audit = await api.database.db
      .selectFrom('audit_log')
      .select(['entity_type', 'detail'])
      .where('action', '=', 'documents.removeFile')
      .where('entity_id', '=', one.fileId)
      .where('outcome', '=', 'ok')
      .execute();
    expect(audit.map((a) => [a.entity_type, JSON.parse(a.detail ?? '{}')])).toEqual([
      ['document_file', { documentId: one.requestId, removed: true }],
    ]);
    const page = await attorney.matters.get({ matterId: first });
    expect(page.timeline.find((e) => e.kind === 'document_file_removed')?.summary).toBe(
      'File removed from Court docket / minute order (attached by mistake): it is no longer kept.',
    );
    const shown = page.documents.find((d) => d.id === one.requestId);
    expect(shown?.fileCount).toBe(0);
    expect(shown?.files).toEqual([
      expect.objectContaining({
        id: one.fileId,
        filename: '',
        removed: expect.objectContaining({
          by: 'Attorney of Alameda County Public Defender',
          reason: REASON,
        }),
      }),
    ]);
    await expect(
      openDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.download'), one.fileId),
    ).rejects.toMatchObject({ message: expect.stringContaining(`(${REASON}): it is no longer kept.`) });
    expect((await expectRefusedWritingNothing(api, () => remove(attorney, 3))).message).toContain(
      'This file was removed by',
    );

    // The last row naming the bytes removed: gone from the disk.
    await attorney.documents.removeFile({ fileId: two.fileId, version: 2, reason: REASON });
    expect(existsSync(onDisk)).toBe(false);
    expect(
      await api.database.db.selectFrom('document_files').select('id').where('sha256', '=', sha256).execute(),
    ).toEqual([]);
  });

  it('the start’s sweep erases stored bytes no row names, and keeps those a row names', async () => {
    const matterId = await openMatter(api);
    const kept = await attachDocket(matterId, pdfBytes('a docket that stays'));
    const keptSha = await shaOf(kept.fileId);
    // Bytes whose row was blanked and committed, the erasure cut short by a crash.
    const files = api.context().files;
    const orphan = await files.save(pdfBytes('an erasure a crash cut short'));
    const hour = Date.now() / 1000 - 2 * 60 * 60;
    for (const sha of [orphan.sha256, keptSha]) utimesSync(join(filesDir, sha.slice(0, 2), sha), hour, hour);
    // A younger one may be an upload another server has not committed yet: left for the next start.
    const young = await files.save(pdfBytes('an upload not yet committed'));

    const swept = await sweepUnreferencedFiles(files, acrossOffices(api.database.db));
    expect(swept).toBeGreaterThanOrEqual(1);
    const at = (sha: string) => join(filesDir, sha.slice(0, 2), sha);
    expect(existsSync(at(orphan.sha256))).toBe(false);
    expect(existsSync(at(keptSha))).toBe(true);
    expect(existsSync(at(young.sha256))).toBe(true);
  });
});
