// Reading a RAP sheet PDF into text: each page's text layer when it has one, otherwise the page
// rasterised with MuPDF (WASM) and read by Tesseract (WASM) with the English model shipped in
// @tesseract.js-data/eng. Nothing is downloaded at run time. This module reads files (the model)
// and is not part of the pure parser.
import { createRequire } from 'node:module';
import path from 'node:path';

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
  const rows: Array<{ y: number; items: TextItemLike[] }> = [];
  for (const item of visible) {
    const y = item.transform[5] ?? 0;
    const row = rows.find((candidate) => Math.abs(candidate.y - y) <= tolerance);
    if (row) row.items.push(item);
    else rows.push({ y, items: [item] });
  }
  rows.sort((a, b) => b.y - a.y);
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

async function textLayer(data: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(data),
      verbosity: 0,
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
    }).promise;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new PdfReadError(`The PDF could not be opened (${message}).`);
  }
  try {
    const pages: string[][] = [];
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      const items = content.items.filter((item): item is TextItemLike & typeof item => 'str' in item);
      pages.push(linesFromItems(items));
      page.cleanup();
    }
    return pages;
  } finally {
    await document.destroy();
  }
}

const require = createRequire(import.meta.url);

/** The folder of the English model shipped with @tesseract.js-data/eng. */
export function englishModelPath(): string {
  return path.join(path.dirname(require.resolve('@tesseract.js-data/eng/package.json')), '4.0.0_best_int');
}

export interface OcrEngine {
  recognize(png: Uint8Array): Promise<{ text: string; confidence: number }>;
  terminate(): Promise<void>;
}

/** Starts Tesseract with the shipped English model (no download). */
export async function createOcrEngine(): Promise<OcrEngine> {
  const { createWorker, PSM } = await import('tesseract.js');
  const worker = await createWorker('eng', 1, {
    langPath: englishModelPath(),
    gzip: true,
    cacheMethod: 'none',
  });
  // One block of monospaced text: keeps lines such as `- - - -` that the automatic layout drops.
  await worker.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_BLOCK, preserve_interword_spaces: '1' });
  return {
    async recognize(png) {
      const result = await worker.recognize(Buffer.from(png));
      return { text: result.data.text, confidence: result.data.confidence };
    },
    async terminate() {
      await worker.terminate();
    },
  };
}

/** Rasterises one page (0-based) to a grayscale PNG. */
export async function rasterisePage(data: Uint8Array, pageIndex: number, dpi = 300): Promise<Uint8Array> {
  const mupdf = await import('mupdf');
  const document = mupdf.Document.openDocument(new Uint8Array(data), 'application/pdf');
  try {
    const page = document.loadPage(pageIndex);
    const scale = dpi / 72;
    const pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false, true);
    const png = pixmap.asPNG();
    pixmap.destroy();
    page.destroy();
    return png;
  } finally {
    document.destroy();
  }
}

/** Reads a PDF's text, page by page; OCR for pages without a text layer. */
export async function readPdfText(data: Uint8Array, options: ReadPdfOptions = {}): Promise<PdfText> {
  const mode = options.ocr ?? 'auto';
  const layer = await textLayer(data);
  const pages: PdfPage[] = [];
  const lines: string[] = [];
  let engine: OcrEngine | null = null;
  try {
    for (let index = 0; index < layer.length; index++) {
      const fromLayer = layer[index] ?? [];
      const visible = fromLayer.join('').replace(/\s/g, '').length;
      const useOcr = mode === 'always' || (mode === 'auto' && visible < MIN_TEXT_LAYER_CHARS);
      await options.onProgress?.({ done: index, total: layer.length, ocr: useOcr });
      let pageLines = fromLayer;
      let confidence: number | undefined;
      if (useOcr) {
        engine ??= await createOcrEngine();
        let png: Uint8Array;
        try {
          png = await rasterisePage(data, index, options.dpi);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          throw new PdfReadError(`Page ${index + 1} of the PDF could not be rasterised (${message}).`);
        }
        const result = await engine.recognize(png);
        pageLines = result.text.replace(/\s+$/, '').split('\n');
        confidence = result.confidence;
      }
      const page: PdfPage = {
        page: index + 1,
        source: useOcr ? 'ocr' : 'text',
        firstLine: lines.length + 1,
        lineCount: pageLines.length,
      };
      if (confidence !== undefined) page.confidence = confidence;
      pages.push(page);
      lines.push(...pageLines);
    }
    await options.onProgress?.({ done: layer.length, total: layer.length, ocr: false });
  } finally {
    if (engine) await engine.terminate();
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
