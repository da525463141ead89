// Reading in a worker thread: the same text and pages as reading in the caller's thread, progress
// answered page by page, and a file that would hold the reader (a stream that unpacks to hundreds of
// MB, a read past its time) fails saying what to do, as does a read whose progress callback throws.
import { describe, expect, it } from 'vitest';
import { readPdfText } from './pdf.ts';
import { ReaderPdfError, ReadLimitError, startRapReader } from './reader.ts';
import { flateBombPdf } from './test-support/flate-bomb.ts';
import { scanImage, textPdf } from './test-support/pdfs.ts';

const SHEET = `CII/A07070707
DOB/19840307     SEX/F
NAM/01 NUNEZ, MARIA JOSE
* * * *
COURT:                NAM:01
20150415  CASC ALAMEDA

CNT:01     #15CR007234
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY`;

describe('reading a RAP sheet in a worker thread', () => {
  it('reads a PDF as the caller would, page by page, and parses its text', async () => {
    const pdf = await textPdf(SHEET, 5);
    const reader = startRapReader();
    try {
      const seen: string[] = [];
      const read = await reader.readPdf(pdf, {
        onProgress: ({ done, total }) => {
          seen.push(`${done}/${total}`);
        },
      });
      expect(read).toEqual(await readPdfText(pdf));
      expect(seen).toEqual(['0/3', '1/3', '2/3', '3/3']);
      const sheet = await reader.parse(read.text);
      expect(sheet.cycles[0]?.events[0]?.counts[0]?.disposition?.kind).toBe('convicted');
    } finally {
      await reader.close();
    }
  }, 60_000);

  it('reads a scanned page by OCR in the thread', async () => {
    const reader = startRapReader();
    try {
      const read = await reader.readImage(await scanImage(SHEET));
      expect(read.pages).toEqual([expect.objectContaining({ page: 1, source: 'ocr' })]);
      expect(read.text).toContain('NUNEZ, MARIA JOSE');
      expect(read.text).toContain('459 PC-BURGLARY');
    } finally {
      await reader.close();
    }
  }, 120_000);

  it('fails a PDF whose content stream unpacks to hundreds of MB, saying what to do', async () => {
    const reader = startRapReader();
    try {
      const read = reader.readPdf(flateBombPdf(200));
      await expect(read).rejects.toThrow(ReadLimitError);
      await expect(read).rejects.toThrow(
        /^The RAP sheet could not be read: a part of the PDF unpacks to more than 64 MB, .* Save or print it to PDF again, give a clearer scan, or paste its text\.$/,
      );
    } finally {
      await reader.close();
    }
  }, 180_000);

  it('stops a read that runs past its time limit, saying what to do', async () => {
    const reader = startRapReader({ timeLimitMs: () => 1 });
    const read = reader.readPdf(await textPdf(SHEET));
    await expect(read).rejects.toThrow(ReadLimitError);
    await expect(read).rejects.toThrow(
      /^The RAP sheet could not be read in time: reading stopped after 1 second\. If it is long, split it into parts and read each on its own; if it is scanned, give a clearer scan; or paste its text\.$/,
    );
    // The thread is ended: nothing more is read.
    await expect(reader.parse(SHEET)).rejects.toThrow(ReadLimitError);
  });

  it('ends a thread that runs out of its heap, saying what to do', async () => {
    const reader = startRapReader({ heapMb: 12 });
    const read = reader.readPdf(await textPdf(SHEET));
    await expect(read).rejects.toThrow(ReadLimitError);
    await expect(read).rejects.toThrow(
      /^The RAP sheet needs more memory to read than one import is given \(12 MB\), so reading stopped\./,
    );
  }, 60_000);

  it('ends the reading when a page’s progress callback throws (the import was cancelled)', async () => {
    const reader = startRapReader();
    const cancelled = new Error('cancelled');
    const seen: number[] = [];
    await expect(
      reader.readPdf(await textPdf(SHEET, 5), {
        onProgress: ({ done }) => {
          seen.push(done);
          if (done === 1) throw cancelled;
        },
      }),
    ).rejects.toBe(cancelled);
    expect(seen).toEqual([0, 1]);
    await expect(reader.parse(SHEET)).rejects.toBe(cancelled);
  }, 60_000);

  it('says a PDF that cannot be opened is damaged', async () => {
    const reader = startRapReader();
    try {
      await expect(reader.readPdf(new TextEncoder().encode('%PDF-1.4\nnot a PDF'))).rejects.toThrow(
        ReaderPdfError,
      );
    } finally {
      await reader.close();
    }
  }, 60_000);
});
