// Letters as PDF for printing: one letter, or a whole mailing run with each letter on fresh pages.
// Output is byte-for-byte repeatable (the creation date is the letter's date), so tests and any
// stored copy can compare bytes.
import PDFDocument from 'pdfkit';
import { TemplateError } from '../errors.ts';
import { drawLetter } from './draw-letter.ts';
import { printableLetter, UnprintableLetterError, useLetterFonts } from './fonts.ts';
import { PAGE } from './layout.ts';
import type { Letter } from './letter.ts';

const CREATOR = 'Relief Desk';

interface DocumentMeta {
  title: string;
  author: string;
  date: string;
  language: string;
}

function startDocument(meta: DocumentMeta): PDFKit.PDFDocument {
  const created = new Date(`${meta.date}T12:00:00Z`);
  return new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: PAGE.margin,
    autoFirstPage: false,
    lang: meta.language,
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: meta.author,
      Creator: CREATOR,
      Producer: CREATOR,
      CreationDate: created,
      ModDate: created,
    },
  });
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export function renderLetterPdf(letter: Letter): Promise<Buffer> {
  return renderPdf([letter], {
    title: letter.subject ?? letter.office.name,
    author: letter.office.name,
    date: letter.date,
    language: letter.language,
  });
}

/** All letters of a mailing run in one PDF; each starts on a new page. */
export function renderMailingRunPdf(letters: readonly Letter[]): Promise<Buffer> {
  const first = letters[0];
  if (!first) return Promise.reject(new RangeError('A mailing run needs at least one letter.'));
  const offices = new Set(letters.map((l) => l.office.name));
  return renderPdf(letters, {
    title: `Mailing run ${first.date}`,
    author: offices.size === 1 ? first.office.name : CREATOR,
    date: first.date,
    language: first.language,
  });
}

/**
 * Whether a letter can be printed, by the check drawing applies (every text against the embedded
 * fonts), without drawing it: null, or the refusal drawing would throw, its last words `then`.
 */
export type LetterPrintCheck = (letter: Letter, then?: string) => UnprintableLetterError | null;

/** The check with its fonts loaded once: keep it to check many letters (each check is a lookup). */
export function letterPrintCheck(): LetterPrintCheck {
  // A document only to load the fonts into, as drawing does: nothing is added to it or read from it.
  const doc = new PDFDocument({ autoFirstPage: false });
  const coverage = useLetterFonts(doc);
  doc.destroy();
  return (letter, then) => {
    try {
      printableLetter(letter, coverage, then);
      return null;
    } catch (error) {
      if (error instanceof UnprintableLetterError) return error;
      throw error;
    }
  };
}

function renderPdf(letters: readonly Letter[], meta: DocumentMeta): Promise<Buffer> {
  const doc = startDocument(meta);
  let n = 0;
  try {
    for (const letter of letters) {
      n++;
      doc.addPage();
      drawLetter(doc, letter);
    }
  } catch (err) {
    // In a run, which letter could not be drawn.
    if (err instanceof TemplateError && letters.length > 1) {
      return Promise.reject(
        new TemplateError(err.code, err.names, `Letter ${n} of ${letters.length}: ${err.message}`),
      );
    }
    return Promise.reject(err);
  }
  return finish(doc);
}
