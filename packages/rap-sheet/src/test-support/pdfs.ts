// PDFs for tests and the benchmark, made here from RAP sheet text: one with a text layer, and a
// "scanned" one whose only content is an image of the rendered page (no text layer at all).
import PDFDocument from 'pdfkit';
import { rasterisePage } from '../pdf.ts';

function render(draw: (document: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({ size: 'LETTER', margin: 0, autoFirstPage: false, compress: true });
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    document.on('error', reject);
    draw(document);
    document.end();
  });
}

/** Lines of 9-point Courier, 11 points apart, between margins of 54 points on a Letter page. */
export const LINES_PER_PAGE = 62;

/** A PDF with a text layer: the text in 9-point Courier, `linesPerPage` lines a page. */
export function textPdf(text: string, linesPerPage = 60): Promise<Uint8Array> {
  const lines = text.split('\n');
  return render((document) => {
    for (let start = 0; start < lines.length; start += linesPerPage) {
      document.addPage({ size: 'LETTER', margin: 0 });
      document.font('Courier').fontSize(9);
      lines.slice(start, start + linesPerPage).forEach((line, at) => {
        document.text(line, 54, 54 + at * 11, { lineBreak: false });
      });
    }
  });
}

/**
 * A scanned page: the text rendered into a PDF, that page rasterised with MuPDF at `dpi`, and the
 * PNG placed as the only content of a new one-page PDF.
 */
export async function scannedPdf(text: string, dpi = 200): Promise<Uint8Array> {
  const lines = text.split('\n').length;
  if (lines > LINES_PER_PAGE) throw new Error(`${lines} lines do not fit on one page (${LINES_PER_PAGE} do)`);
  const source = await textPdf(text, LINES_PER_PAGE);
  const png = await rasterisePage(source, 0, dpi);
  return render((document) => {
    document.addPage({ size: 'LETTER', margin: 0 });
    document.image(Buffer.from(png), 0, 0, { width: 612, height: 792 });
  });
}

/** A scanned PDF of several pages: each text rendered and rasterised as `scannedPdf` does, one a page. */
export async function scannedPdfPages(texts: string[], dpi = 200): Promise<Uint8Array> {
  const pngs: Uint8Array[] = [];
  for (const text of texts) {
    const lines = text.split('\n').length;
    if (lines > LINES_PER_PAGE)
      throw new Error(`${lines} lines do not fit on one page (${LINES_PER_PAGE} do)`);
    pngs.push(await rasterisePage(await textPdf(text, LINES_PER_PAGE), 0, dpi));
  }
  return render((document) => {
    for (const png of pngs) {
      document.addPage({ size: 'LETTER', margin: 0 });
      document.image(Buffer.from(png), 0, 0, { width: 612, height: 792 });
    }
  });
}
