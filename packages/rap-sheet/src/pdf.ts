// Reading a RAP sheet PDF into text: each page's text layer when it has one, otherwise the page
// drawn by pdf.js onto @napi-rs/canvas (Skia) and read by Tesseract (WASM) with the English model
// shipped in @tesseract.js-data/eng. Nothing is downloaded at run time. This module reads files (the
// model, pdf.js's standard fonts) and is not part of the pure parser. A server reads files with
// startRapReader (reader.ts): these functions, in a worker thread of their own.
/// <reference path="./tesseract-data.d.ts" />
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

export {
  defaultTimeLimit,
  type RapReader,
  type RapReaderOptions,
  ReaderPdfError,
  ReadLimitError,
  startRapReader,
} from './reader.ts';

export interface PdfPage {
  /** 1-based page number. */
  page: number;
  /** Where the text came from. */
  source: 'text' | 'ocr';
  /** 1-based line of the joined text where this page starts, and how many lines it has. */
  firstLine: number;
  lineCount: number;
  /** Tesseract's mean confidence (0-100) for an OCR page. */
  confidence?: number;
}

export interface PdfText {
  text: string;
  pages: PdfPage[];
}

export interface ReadPdfOptions {
  /** `auto` (default): OCR only pages without a text layer; `always`; `never`. */
  ocr?: 'auto' | 'always' | 'never';
  /** Rasterising resolution for OCR, dots per inch (default 300). */
  dpi?: number;
  /**
   * Called before each page is read (`done` pages of `total` read so far, and whether this one needs
   * OCR) and once more when all are read. Awaited: throwing from it stops the reading there (a
   * cancelled import), and the OCR engine is still shut down.
   */
  onProgress?: (progress: { done: number; total: number; ocr: boolean }) => void | Promise<void>;
}

/** A page with fewer visible characters than this in its text layer is read by OCR. */
const MIN_TEXT_LAYER_CHARS = 16;

export class PdfReadError extends Error {}

export function isPdf(data: Uint8Array): boolean {
  const head = Buffer.from(data.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-');
}

interface TextItemLike {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

/** Rebuilds lines from positioned text items: same baseline → one line, gaps → spaces. */
export function linesFromItems(items: TextItemLike[]): string[] {
  const visible = items.filter((item) => item.str.trim() !== '');
  if (visible.length === 0) return [];
  const heights = visible.map((item) => Math.abs(item.transform[3] ?? item.height) || item.height || 10);
  const tolerance = (heights.reduce((a, b) => a + b, 0) / heights.length) * 0.4;
  // Top to bottom, each item joining the row above it when within the tolerance of that row's top:
  // one pass, where looking each item's row up among all rows was quadratic in a page's lines.
  const rows: Array<{ y: number; items: TextItemLike[] }> = [];
  const byHeight = [...visible].sort((a, b) => (b.transform[5] ?? 0) - (a.transform[5] ?? 0));
  for (const item of byHeight) {
    const y = item.transform[5] ?? 0;
    const row = rows.at(-1);
    if (row && row.y - y <= tolerance) row.items.push(item);
    else rows.push({ y, items: [item] });
  }
  const lines: string[] = [];
  let previousY: number | null = null;
  let lineHeight = tolerance / 0.4;
  for (const row of rows) {
    // Keep blank lines where the page had them (one blank line is enough for the parser).
    if (previousY !== null && previousY - row.y > lineHeight * 1.8) lines.push('');
    previousY = row.y;
    row.items.sort((a, b) => (a.transform[4] ?? 0) - (b.transform[4] ?? 0));
    let text = '';
    let end: number | null = null;
    for (const item of row.items) {
      const x = item.transform[4] ?? 0;
      const charWidth = item.str.length > 0 ? item.width / item.str.length : 0;
      if (end !== null && charWidth > 0) {
        const gap = Math.round((x - end) / charWidth);
        text += ' '.repeat(Math.max(text.endsWith(' ') || item.str.startsWith(' ') ? 0 : 1, gap));
      }
      text += item.str;
      end = x + item.width;
    }
    lines.push(text.trimEnd());
    lineHeight = Math.max(1, Math.abs(row.items[0]?.transform[3] ?? lineHeight));
  }
  return lines;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPageProxy = Awaited<ReturnType<PdfDocument['getPage']>>;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * pdf.js's folder of the 14 standard fonts, which a PDF may use without embedding them; null when
 * it cannot be found from here (this module bundled into the server, with pdfjs-dist not installed
 * beside it). A scanned page needs none: only text drawn in such a font would then be left out.
 */
function standardFontsPath(): string | undefined {
  try {
    return `${path.join(path.dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}${path.sep}`;
  } catch {
    return undefined;
  }
}

/** Opens a PDF with pdf.js; a PDF that cannot be opened is a PdfReadError saying what to do. */
async function openPdf(data: Uint8Array): Promise<PdfDocument> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const fonts = standardFontsPath();
  try {
    return await pdfjs.getDocument({
      data: new Uint8Array(data),
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      ...(fonts ? { standardFontDataUrl: fonts } : {}),
    }).promise;
  } catch (error) {
    if (error instanceof Error && error.name === 'PasswordException') {
      throw new PdfReadError(
        'The PDF is protected by a password, so it cannot be read: open it, save or print a copy without the password, and give that copy.',
      );
    }
    throw new PdfReadError(
      `The PDF could not be opened (${message(error)}): it may be damaged or cut short. Save or print it to PDF again, or give its text.`,
    );
  }
}

/** The lines of a page's text layer. */
async function pageTextLines(page: PdfPageProxy): Promise<string[]> {
  const content = await page.getTextContent();
  const items = content.items.filter((item): item is TextItemLike & typeof item => 'str' in item);
  return linesFromItems(items);
}

/**
 * The most pixels a page is drawn with (about a Legal page at 400 dpi): a page that would be larger
 * at the asked resolution (a poster-sized page) is drawn at a lower one instead of exhausting memory.
 */
const MAX_PAGE_PIXELS = 8.5 * 14 * 400 * 400;

/**
 * Draws a page on a white canvas at `dpi` and hands it over as an 8-bit greyscale PGM, which
 * Tesseract reads as it reads a PNG: building it is a copy, where encoding a PNG of a 300 dpi page
 * takes longer than drawing it.
 */
async function drawPage(page: PdfPageProxy, dpi: number): Promise<Uint8Array> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const unscaled = page.getViewport({ scale: 1 });
  let scale = dpi / 72;
  const pixels = unscaled.width * unscaled.height * scale * scale;
  if (pixels > MAX_PAGE_PIXELS) scale *= Math.sqrt(MAX_PAGE_PIXELS / pixels);
  const viewport = page.getViewport({ scale });
  // Whole pixels; the small tolerance keeps 792 pt × 300/72 at 3300, not 3301.
  const width = Math.max(1, Math.floor(viewport.width + 1e-6));
  const height = Math.max(1, Math.floor(viewport.height + 1e-6));
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  // Scans are black on white; a transparent background would read as black.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, width, height);
  await page.render({
    // pdf.js is typed for the DOM's canvas; @napi-rs/canvas implements the same 2D context.
    canvasContext: context as unknown as Parameters<PdfPageProxy['render']>[0]['canvasContext'],
    viewport,
  }).promise;
  const { data } = context.getImageData(0, 0, width, height);
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1');
  const image = new Uint8Array(header.length + width * height);
  image.set(header);
  // Luma (ITU-R BT.601) in integers: 77 + 150 + 29 = 256.
  for (let at = 0, out = header.length; at < data.length; at += 4, out++) {
    image[out] = ((data[at] ?? 255) * 77 + (data[at + 1] ?? 255) * 150 + (data[at + 2] ?? 255) * 29) >> 8;
  }
  return image;
}

/** Rasterises one page (0-based) at `dpi` to a greyscale PGM image: pdf.js drawing onto @napi-rs/canvas. */
export async function rasterisePage(data: Uint8Array, pageIndex: number, dpi = 300): Promise<Uint8Array> {
  const document = await openPdf(data);
  try {
    const page = await document.getPage(pageIndex + 1);
    try {
      return await drawPage(page, dpi);
    } finally {
      page.cleanup();
    }
  } catch (error) {
    if (error instanceof PdfReadError) throw error;
    throw new PdfReadError(`Page ${pageIndex + 1} of the PDF could not be drawn (${message(error)}).`);
  } finally {
    await document.destroy();
  }
}

/**
 * The folder of the English model shipped with @tesseract.js-data/eng, asked of the package itself:
 * its import is resolved where this module is built into the server too, a path lookup from here is not.
 */
export async function englishModelPath(): Promise<string> {
  const { default: data } = await import('@tesseract.js-data/eng');
  return path.join(path.dirname(data.langPath), '4.0.0_best_int');
}

export interface OcrEngine {
  /** Reads an image file (PNG, JPEG, PGM...). */
  recognize(image: Uint8Array): Promise<{ text: string; confidence: number }>;
  terminate(): Promise<void>;
}

/** Starts Tesseract with the shipped English model (no download). */
export async function createOcrEngine(): Promise<OcrEngine> {
  const { createWorker, PSM } = await import('tesseract.js');
  const worker = await createWorker('eng', 1, {
    langPath: await englishModelPath(),
    gzip: true,
    cacheMethod: 'none',
  });
  // One block of monospaced text: keeps lines such as `- - - -` that the automatic layout drops.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
  return {
    async recognize(image) {
      const result = await worker.recognize(Buffer.from(image));
      return { text: result.data.text, confidence: result.data.confidence };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Reads a PDF's text, page by page; OCR for pages without a text layer. */
export async function readPdfText(data: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfText> {
  const mode = options.ocr ?? 'auto';
  const document = await openPdf(data);
  const pages: PdfPage[] = [];
  const lines: string[] = [];
  let engine: OcrEngine | null = null;
  try {
    const total = document.numPages;
    for (let number = 1; number <= total; number++) {
      // What pdf.js throws on a damaged page is the PDF's fault: say so, with the page.
      const readPage = async <T>(what: string, step: () => Promise<T>): Promise<T> => {
        try {
          return await step();
        } catch (error) {
          throw new PdfReadError(
            `Page ${number} of the PDF could not be ${what} (${message(error)}): it may be damaged. Save or print the PDF again, or give its text.`,
          );
        }
      };
      const page = await readPage('opened', () => document.getPage(number));
      try {
        const fromLayer = await readPage('read', () => pageTextLines(page));
        const visible = fromLayer.join('').replace(/\s/g, '').length;
        const useOcr = mode === 'always' || (mode === 'auto' && visible < MIN_TEXT_LAYER_CHARS);
        await options.onProgress?.({ done: number - 1, total, ocr: useOcr });
        let pageLines = fromLayer;
        let confidence: number | undefined;
        if (useOcr) {
          engine ??= await createOcrEngine();
          const image = await readPage('drawn', () => drawPage(page, options.dpi ?? 300));
          const result = await engine.recognize(image);
          pageLines = result.text.replace(/\s+$/, '').split('\n');
          confidence = result.confidence;
        }
        const read: PdfPage = {
          page: number,
          source: useOcr ? 'ocr' : 'text',
          firstLine: lines.length + 1,
          lineCount: pageLines.length,
        };
        if (confidence !== undefined) read.confidence = confidence;
        pages.push(read);
        lines.push(...pageLines);
      } finally {
        page.cleanup();
      }
    }
    await options.onProgress?.({ done: total, total, ocr: false });
  } finally {
    if (engine) await engine.terminate();
    await document.destroy();
  }
  return { text: lines.join('\n'), pages };
}

/** Reads a scanned page given as a PNG or JPEG image by OCR: one page. */
export async function readImageText(image: Uint8Array): Promise<PdfText> {
  const engine = await createOcrEngine();
  try {
    const result = await engine.recognize(image);
    const lines = result.text.replace(/\s+$/, '').split('\n');
    return {
      text: lines.join('\n'),
      pages: [
        { page: 1, source: 'ocr', firstLine: 1, lineCount: lines.length, confidence: result.confidence },
      ],
    };
  } finally {
    await engine.terminate();
  }
}

/** The page a line of the joined text came from. */
export function pageOfLine(pages: PdfPage[], line: number): number | null {
  for (const page of pages) {
    if (line >= page.firstLine && line < page.firstLine + page.lineCount) return page.page;
  }
  return null;
}
