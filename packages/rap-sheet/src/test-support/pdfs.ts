// PDFs for tests and the benchmark, made here from RAP sheet text: one with a text layer, and a
// "scanned" one whose only content is an image of the rendered page (no text layer at all).
import { createRequire } from 'node:module';
import path from 'node:path';
import zlib from 'node:zlib';
import PDFDocument from 'pdfkit';

/** A PDF drawn by PDFKit; `options` adds to the document's (a password, for instance). */
export function makePdf(
  draw: (document: PDFKit.PDFDocument) => void,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const document = new PDFDocument({
      size: 'LETTER',
      margin: 0,
      autoFirstPage: false,
      compress: true,
      ...options,
    });
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
export function textPdf(
  text: string,
  linesPerPage = 60,
  options: PDFKit.PDFDocumentOptions = {},
): Promise<Uint8Array> {
  const lines = text.split('\n');
  return makePdf((document) => {
    for (let start = 0; start < lines.length; start += linesPerPage) {
      document.addPage({ size: 'LETTER', margin: 0 });
      document.font('Courier').fontSize(9);
      lines.slice(start, start + linesPerPage).forEach((line, at) => {
        document.text(line, 54, 54 + at * 11, { lineBreak: false });
      });
    }
  }, options);
}

/**
 * A page as a scanner gives it: the text drawn in 9-point Courier on a white Letter page at `dpi`,
 * laid out as `textPdf` lays a page out, by Skia (@napi-rs/canvas) directly, so the scans the tests
 * read are not made by the rasteriser under test. The font is FoxitFixed, the Courier that pdf.js
 * ships (a Type 1 font that Skia reads); no system font is needed.
 */
export async function scanImage(text: string, dpi = 300): Promise<Uint8Array> {
  const lines = text.split('\n');
  if (lines.length > LINES_PER_PAGE)
    throw new Error(`${lines.length} lines do not fit on one page (${LINES_PER_PAGE} do)`);
  const { createCanvas, GlobalFonts } = await import('@napi-rs/canvas');
  if (!GlobalFonts.has(SCAN_FONT)) GlobalFonts.registerFromPath(courierPath(), SCAN_FONT);
  const scale = dpi / 72;
  const canvas = createCanvas(Math.round(612 * scale), Math.round(792 * scale));
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = `${9 * scale}px ${SCAN_FONT}`;
  context.textBaseline = 'top';
  lines.forEach((line, at) => {
    context.fillText(line, 54 * scale, (54 + at * 11) * scale);
  });
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  const grey = new Uint8Array(canvas.width * canvas.height);
  for (let at = 0; at < grey.length; at++) grey[at] = data[at * 4] ?? 255;
  return greyPng(canvas.width, canvas.height, grey);
}

/**
 * An 8-bit greyscale PNG, as a scanner saves a page: no alpha channel (which the canvas's own PNG
 * has, and which PDFKit would embed as a separate mask no scan carries).
 */
function greyPng(width: number, height: number, pixels: Uint8Array): Uint8Array {
  const rows = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    rows[y * (width + 1)] = 0; // filter: none
    rows.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  }
  const chunk = (type: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(body.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(Buffer.concat([head.subarray(4), body])), 0);
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8 bits, greyscale, deflate, no filter method, no interlace
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header),
      chunk('IDAT', zlib.deflateSync(rows)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const SCAN_FONT = 'ScanCourier';

function courierPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(
    path.dirname(require.resolve('pdfjs-dist/package.json')),
    'standard_fonts',
    'FoxitFixed.pfb',
  );
}

/** A scanned PDF: one page a text, each the image `scanImage` draws and nothing else (no text layer). */
export async function scannedPdfPages(texts: string[], dpi = 300): Promise<Uint8Array> {
  const images: Uint8Array[] = [];
  for (const text of texts) images.push(await scanImage(text, dpi));
  return makePdf((document) => {
    for (const image of images) {
      document.addPage({ size: 'LETTER', margin: 0 });
      document.image(Buffer.from(image), 0, 0, { width: 612, height: 792 });
    }
  });
}

/** A scanned one-page PDF of `text` (at most `LINES_PER_PAGE` lines). */
export function scannedPdf(text: string, dpi = 300): Promise<Uint8Array> {
  return scannedPdfPages([text], dpi);
}

/**
 * A one-page PDF written out by hand: `lines` in 9-point Courier, laid out as `textPdf` lays a page
 * out, with a ToUnicode map that reads the byte codes `readAs` names as other text. That is how a PDF
 * puts characters such as NUL or BEL into the text pdf.js gives, which PDFKit does not write. Each
 * character of `lines` is one byte code (below 256).
 */
export function pdfReadingAs(lines: string[], readAs: Record<number, string>): Uint8Array {
  const literal = (line: string) =>
    [...line]
      .map((ch) => {
        const code = ch.charCodeAt(0);
        if (code > 255) throw new Error(`${JSON.stringify(ch)} is not one byte: give its byte code`);
        if (ch === '(' || ch === ')' || ch === '\\') return `\\${ch}`;
        return code >= 32 && code < 127 ? ch : `\\${code.toString(8).padStart(3, '0')}`;
      })
      .join('');
  const utf16 = (text: string) => Buffer.from(text, 'utf16le').swap16().toString('hex').toUpperCase();
  const hex = (code: number) => code.toString(16).padStart(2, '0').toUpperCase();
  const mapped = Object.entries(readAs).map(([code, text]) => `<${hex(Number(code))}> <${utf16(text)}>`);
  const cmap = [
    '/CIDInit /ProcSet findresource begin 12 dict begin begincmap',
    '/CMapName /ReadAs def /CMapType 2 def',
    '1 begincodespacerange <00> <FF> endcodespacerange',
    `${mapped.length} beginbfchar ${mapped.join(' ')} endbfchar`,
    'endcmap CMapName currentdict /CMap defineresource pop end end',
  ].join('\n');
  const content = lines
    .map((line, at) => `BT /F1 9 Tf 54 ${792 - 54 - 9 - at * 11} Td (${literal(line)}) Tj ET`)
    .join('\n');
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 4 0 R>>>>/Contents 5 0 R>>',
    '<</Type/Font/Subtype/Type1/BaseFont/Courier/ToUnicode 6 0 R>>',
    `<</Length ${Buffer.byteLength(content, 'latin1')}>>stream\n${content}\nendstream`,
    `<</Length ${Buffer.byteLength(cmap, 'latin1')}>>stream\n${cmap}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((object, at) => {
    const offset = Buffer.byteLength(pdf, 'latin1');
    pdf += `${at + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(pdf, 'latin1');
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(pdf, 'latin1'));
}
