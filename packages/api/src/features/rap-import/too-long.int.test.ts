// A file longer than any RAP sheet is refused as it is found to be, in words that say how to read it
// (in parts), before the server reads it through: no OCR of hundreds of pages, no megabytes of text
// parsed on the server's main thread.
import { testDialects } from '@relief-desk/db/testing';
import { MAX_RAP_PDF_PAGES, MAX_RAP_TEXT_CHARS } from '@relief-desk/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { authedContext } from '../messages/fixtures.ts';
import { runWorker } from './fixtures.ts';

/** A PDF of the given pages, each its lines of text in its text layer, with a correct cross-reference table. */
function textPdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<</Type/Catalog/Pages 2 0 R>>';
  objects[2] = `<</Type/Pages/Kids[${pageIds.map((id) => `${id} 0 R`).join(' ')}]/Count ${pages.length}>>`;
  objects[3] = '<</Type/Font/Subtype/Type1/BaseFont/Courier>>';
  pages.forEach((lines, i) => {
    const shown = lines.map((line) => `(${line.replace(/[\\()]/g, (c) => `\\${c}`)}) Tj T*`).join(' ');
    // One-point type a point apart: 700 lines fit on the page (text below its edge is not read).
    const stream = `BT /F1 1 Tf 1 TL 36 756 Td ${shown} ET`;
    objects[pageIds[i] as number] =
      '<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 3 0 R>>>>' +
      `/Contents ${(pageIds[i] as number) + 1} 0 R>>`;
    objects[(pageIds[i] as number) + 1] = `<</Length ${stream.length}>>stream\n${stream}\nendstream`;
  });
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = body.length;
    body += `${id} 0 obj${objects[id]}endobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) body += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  body += `trailer<</Size ${objects.length}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

describe.each(testDialects())('a file longer than a RAP sheet can be (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function importOf(pdf: Buffer) {
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
      bytes: pdf,
    });
    const started = await attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } });
    const outcome = await runWorker(api);
    const [read] = await attorney.rapImports.list({ matterId });
    expect(read?.id).toBe(started.id);
    return { outcome, read };
  }

  it('refuses a PDF of more pages than a RAP sheet has before reading them, saying how to read it in parts', async () => {
    const pages = MAX_RAP_PDF_PAGES + 1;
    const { outcome, read } = await importOf(
      textPdf(Array.from({ length: pages }, (_, i) => [`PAGE ${i + 1}`])),
    );
    expect(outcome).toBe('failed');
    expect(read).toMatchObject({ state: 'failed', progress: { done: 0 } });
    expect(read?.error).toBe(
      `This file is longer than a RAP sheet can be (${pages} pages; one import reads at most ${MAX_RAP_PDF_PAGES} pages). If it is one person's RAP sheet, split it into parts, each starting at a "* * * *" line, and read each part on its own; otherwise choose the right file.`,
    );
  });

  it('refuses a PDF whose text is longer than a RAP sheet’s, and reads one just within both limits', async () => {
    // 20 pages of 700 lines of 80 characters: 1,133,980 characters with the line ends.
    const line = 'X'.repeat(80);
    expect(20 * 700 * (line.length + 1)).toBeGreaterThan(MAX_RAP_TEXT_CHARS);
    const long = await importOf(
      textPdf(Array.from({ length: 20 }, () => Array.from({ length: 700 }, () => line))),
    );
    expect(long.outcome).toBe('failed');
    expect(long.read?.error).toMatch(
      /^This file is longer than a RAP sheet can be \(1,13\d,\d{3} characters of text; one import reads at most 1,000,000\)\./,
    );
    const within = await importOf(
      textPdf(Array.from({ length: MAX_RAP_PDF_PAGES }, (_, i) => [`NOT A RAP SHEET LINE ${i + 1}`])),
    );
    expect(within.outcome).toBe('ready');
    expect(within.read).toMatchObject({ state: 'ready', progress: { total: MAX_RAP_PDF_PAGES } });
  }, 60_000);
});
