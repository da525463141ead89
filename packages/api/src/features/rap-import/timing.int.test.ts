// How long from the upload to the review's answer, with the worker in this process as in the server:
// a 10-page RAP sheet (as text, and as a PDF with a text layer) and one scanned page (OCR). Printed,
// and held to generous limits so a slow machine does not fail it but a regression does.
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scannedPdf, textPdf } from '../../../../rap-sheet/src/test-support/pdfs.ts';
import {
  renderRapSheet,
  sampleSheet,
  withPageHeaders,
} from '../../../../rap-sheet/src/test-support/synthetic.ts';
import { type ApiHarness, createApiHarness } from '../../testing.ts';
import { uploadDocumentFile } from '../documents/files.ts';
import { openMatter } from '../lifecycle-fixtures.ts';
import { authedContext } from '../messages/fixtures.ts';
import { RAP_TEXT, runWorker } from './fixtures.ts';

function tenPages(): string {
  for (let cycles = 20; ; cycles += 2) {
    const text = withPageHeaders(renderRapSheet(sampleSheet(cycles, 11)), 60);
    if (text.split('\n').length >= 600) return text.split('\n').slice(0, 610).join('\n');
  }
}

describe.each(testDialects())('RAP sheet import timing (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
  });
  afterAll(async () => api.destroy());

  async function timed(what: string, source: { text: string } | { pdf: Uint8Array; name: string }) {
    const matterId = await openMatter(api);
    const attorney = await api.signedIn('alameda.attorney');
    const began = performance.now();
    let started: { id: string };
    if ('text' in source) {
      started = await attorney.rapImports.start({
        matterId,
        source: { kind: 'text', name: what, text: source.text },
      });
    } else {
      const request = await attorney.documents.request({
        matterId,
        kind: 'rap_sheet',
        requestedFrom: 'doj',
        requestedOn: '2026-11-20',
      });
      const file = await uploadDocumentFile(
        await authedContext(api, 'alameda.attorney', 'documents.upload'),
        {
          documentId: request.id,
          filename: source.name,
          bytes: source.pdf,
        },
      );
      started = await attorney.rapImports.start({ matterId, source: { kind: 'file', fileId: file.id } });
    }
    expect(await runWorker(api)).toBe('ready');
    const review = await attorney.rapImports.review({ importId: started.id });
    const ms = performance.now() - began;
    console.log(
      `rap import timing (${dialect}): ${what}: ${ms.toFixed(0)} ms from upload to review (${review.proposals.length} proposals)`,
    );
    return { ms, review };
  }

  it('a 10-page text RAP sheet, pasted and as a PDF with a text layer', async () => {
    const text = tenPages();
    const pasted = await timed('10 pages of text', { text });
    expect(pasted.review.proposals.length).toBeGreaterThan(10);
    expect(pasted.ms).toBeLessThan(5_000);
    const pdf = await timed('10-page PDF (text layer)', { pdf: await textPdf(text, 61), name: 'rap.pdf' });
    expect(pdf.review.proposals.length).toBe(pasted.review.proposals.length);
    expect(pdf.ms).toBeLessThan(15_000);
  });

  it('one scanned page (OCR)', async () => {
    const page = RAP_TEXT.split('\n').slice(0, 60).join('\n');
    const { ms, review } = await timed('1 scanned page', { pdf: await scannedPdf(page), name: 'scan.pdf' });
    expect(review.proposals.length).toBeGreaterThanOrEqual(2);
    expect(review.proposals.every((p) => p.confidence !== null)).toBe(true);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
