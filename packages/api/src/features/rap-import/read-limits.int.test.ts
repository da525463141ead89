// A file is read in a worker thread with a time limit: a read past it fails saying the file could not
// be read in time and what to do, and an import cancelled while a page is being read (a page that
// unpacks to hundreds of MB) stops at once, not when the page is done.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flateBombPdf } from '../../../../rap-sheet/src/test-support/flate-bomb.ts';
import { textPdf } from '../../../../rap-sheet/src/test-support/pdfs.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { authedContext } from '../messages/fixtures.ts';
import { RAP_TEXT } from './fixtures.ts';
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
});
