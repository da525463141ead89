// A file is read in a worker thread with a time limit: a read past it fails saying the file could not
// be read in time and what to do, and an import cancelled while a page is being read (a page that
// unpacks to hundreds of MB) stops at once, not when the page is done. A file longer than any RAP
// sheet is refused as soon as that is known, in words that say how to read it in parts: no OCR of
// hundreds of pages, no megabytes of text parsed.
import { testDialects } from '@relief-desk/db/testing';
import { MAX_RAP_PDF_PAGES, MAX_RAP_TEXT_CHARS } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flateBombPdf } from '../../../../rap-sheet/src/test-support/flate-bomb.ts';
import { textPdf } from '../../../../rap-sheet/src/test-support/pdfs.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { authedContext } from '../messages/fixtures.ts';
import { RAP_TEXT, runWorker } from './fixtures.ts';
import { claimNextImport, type ImportWorkerDeps, runImport } from './jobs.ts';

describe.each(testDialects())('reading a RAP sheet file within limits (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function started(pdf: Uint8Array) {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const request = await attorney.documents.request({
      matterId,
      kind: 'rap_sheet',
      requestedFrom: 'doj',
      requestedOn: '2026-11-20',
    });
    const file = await uploadDocumentFile(await authedContext(api, 'alameda.attorney', 'documents.upload'), {
      documentId: request.id,
      filename: 'rap.pdf',
      bytes: Buffer.from(pdf),
    });
    const { id } = await attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } });
    return { attorney, matterId, id };
  }

  const depsOf = (workerId: string, more: Partial<ImportWorkerDeps> = {}): ImportWorkerDeps => ({
    db: api.database.db,
    files: api.context().files,
    clock: api.clock,
    workerId,
    leaseMs: 60_000,
    ...more,
  });

  it('fails a file not read within the time limit, saying so and what to do', async () => {
    const { attorney, matterId, id } = await started(await textPdf(RAP_TEXT));
    const deps = depsOf('w-slow', { readLimits: { timeLimitMs: () => 1 } });
    expect(await claimNextImport(deps)).toBe(id);
    expect(await runImport(deps, id)).toBe('failed');
    const [read] = await attorney.rapImports.list({ matterId });
    expect(read).toMatchObject({
      state: 'failed',
      error:
        'The RAP sheet could not be read in time: reading stopped after 1 second. If it is long, split it into parts and read each on its own; if it is scanned, give a clearer scan; or paste its text.',
    });
  }, 60_000);

  it('stops reading a page at once when the import is cancelled, and stores nothing', async () => {
    const { attorney, matterId, id } = await started(flateBombPdf(300));
    const deps = depsOf('w-cancel-page');
    expect(await claimNextImport(deps)).toBe(id);
    const reading = runImport(deps, id);
    const cancelled = await attorney.rapImports.cancel({ importId: id, version: 1 });
    expect(cancelled.version).toBe(2);
    // Noticed while the page is read, not after it: read to its end, the page fails (it unpacks to
    // more than the reader takes), and the import would be reported `failed`, not `cancelled`.
    expect(await reading).toBe('cancelled');
    const [read] = await attorney.rapImports.list({ matterId });
    expect(read).toMatchObject({ state: 'cancelled', error: null });
  }, 60_000);

  /** An import of the PDF read to its end by the worker: how it ended, and the import as listed. */
  async function readToEnd(pdf: Uint8Array) {
    const { attorney, matterId, id } = await started(pdf);
    const outcome = await runWorker(api);
    const [read] = await attorney.rapImports.list({ matterId });
    expect(read?.id).toBe(id);
    return { outcome, read };
  }
  const numbered = (lines: number, words: string) =>
    Array.from({ length: lines }, (_, i) => `${words} ${i + 1}`).join('\n');

  it('refuses a PDF of more pages than a RAP sheet has before reading them, saying how to read it in parts', async () => {
    const pages = MAX_RAP_PDF_PAGES + 1;
    const { outcome, read } = await readToEnd(await textPdf(numbered(pages, 'PAGE'), 1));
    expect(outcome).toBe('failed');
    expect(read).toMatchObject({ state: 'failed', progress: { done: 0 } });
    expect(read?.error).toBe(
      `This file is longer than a RAP sheet can be (${pages} pages; one import reads at most ${MAX_RAP_PDF_PAGES} pages). If it is one person's RAP sheet, split it into parts, each starting at a "* * * *" line, and read each part on its own; otherwise choose the right file.`,
    );
  }, 60_000);

  it('refuses a PDF whose text is longer than a RAP sheet’s, and reads one just within both limits', async () => {
    // 180 pages of 62 lines of 90 characters: 1,004,400 characters and the line ends.
    const line = 'X'.repeat(90);
    expect(180 * 62 * line.length).toBeGreaterThan(MAX_RAP_TEXT_CHARS);
    const long = await readToEnd(await textPdf(Array.from({ length: 180 * 62 }, () => line).join('\n'), 62));
    expect(long.outcome).toBe('failed');
    expect(long.read?.error).toMatch(
      /^This file is longer than a RAP sheet can be \(1,0\d\d,\d{3} characters of text; one import reads at most 1,000,000\)\./,
    );
    const within = await readToEnd(await textPdf(numbered(MAX_RAP_PDF_PAGES, 'NOT A RAP SHEET LINE'), 1));
    expect(within.outcome).toBe('ready');
    expect(within.read).toMatchObject({ state: 'ready', progress: { total: MAX_RAP_PDF_PAGES } });
  }, 120_000);
});
