// What the desk says it erased (a discarded RAP sheet, a removed file's name) is gone from the bytes
// of the SQLite file, of its -wal file and of a backup taken afterwards, not only from its rows:
// SQLite otherwise leaves deleted text in pages' free space and older copies of the pages in the
// -wal file, and a backup copies pages as they are.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupSqliteFile } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { authedContext, openMatter, pdfBytes } from '../lifecycle-fixtures.ts';
import { RAP_TEXT, runWorker } from './fixtures.ts';

/** How many times the text appears in the file's raw bytes (0 when there is no such file). */
function occurrences(path: string, text: string): number {
  if (!existsSync(path)) return 0;
  return readFileSync(path).toString('latin1').split(text).length - 1;
}

describe('erased text in the SQLite files (sqlite)', () => {
  let api: ApiHarness;
  let databasePath: string;
  const scratch = mkdtempSync(join(tmpdir(), 'relief-desk-erased-'));
  beforeAll(async () => {
    api = await createApiHarness('sqlite', { filesDir: join(scratch, 'files') });
    databasePath = api.database.url.replace(/^file:/, '');
  });
  afterAll(async () => {
    await api?.destroy();
    rmSync(scratch, { recursive: true, force: true });
  });

  /** The text's count in the database file, its -wal file and a backup taken now. */
  async function foundIn(text: string, backupName: string) {
    const backup = join(scratch, `${backupName}.sqlite`);
    await backupSqliteFile(databasePath, backup);
    return {
      database: occurrences(databasePath, text),
      wal: occurrences(`${databasePath}-wal`, text),
      backup: occurrences(backup, text),
    };
  }

  it('a discarded RAP sheet: its text is in none of the files, nor in a backup taken after', async () => {
    const stranger = 'ZZSTRANGER';
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const started = await attorney.rapImports.start({
      matterId,
      source: { kind: 'text', name: 'sheet.txt', text: RAP_TEXT.replaceAll('NUNEZ', stranger) },
    });
    expect(await runWorker(api)).toBe('ready');
    const review = await attorney.rapImports.review({ importId: started.id });
    expect(JSON.stringify(review)).toContain(stranger);
    // Before: the text and what was read from it are there to find (the test can see them).
    const before = await foundIn(stranger, 'before');
    expect(before.database + before.wal).toBeGreaterThan(0);
    expect(before.backup).toBeGreaterThan(0);

    await attorney.rapImports.discard({ importId: started.id, version: 1, reason: 'Another person’s sheet' });

    expect(await foundIn(stranger, 'after-discard')).toEqual({ database: 0, wal: 0, backup: 0 });
  });

  it('a file removed as attached by mistake: its name is in none of the files, nor in a backup taken after', async () => {
    const filename = 'ZZREMOVEDCLIENT docket.pdf';
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const request = await attorney.documents.request({
      matterId,
      kind: 'court_docket',
      requestedFrom: 'court',
      requestedOn: '2026-11-28',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename,
      bytes: pdfBytes('MINUTE ORDER of another client'),
    });
    const before = await foundIn('ZZREMOVEDCLIENT', 'before-remove');
    expect(before.database + before.wal).toBeGreaterThan(0);

    await attorney.documents.removeFile({ fileId: file.id, version: 2, reason: 'Another client’s record' });

    expect(await foundIn('ZZREMOVEDCLIENT', 'after-remove')).toEqual({ database: 0, wal: 0, backup: 0 });
  });
});
