// Packets as PDF: one packet (kept with the matter's documents), or a filing run (the cover list, then
// every packet) streamed as it is drawn. Output is byte-for-byte repeatable: the creation date is the
// day the packet was prepared (no paper prints it: each is dated by hand when signed), so a packet
// drawn again from its snapshot gives the same bytes, and a run draws exactly the pages each packet
// had when it was prepared.
import type { Readable } from 'node:stream';
import type { PacketData } from '@relief-desk/domain';
import PDFDocument from 'pdfkit';
import { coverPages, drawFilingCover, type FilingCover } from './cover.ts';
import { refuseUnprintable, UnprintableTextError, useCourtFonts } from './fonts.ts';
import { PAGE } from './layout.ts';
import { drawPacket, preparePacketAgain } from './packet.ts';
import { PleadingPaper } from './pleading.ts';

const CREATOR = 'Relief Desk';

function startDocument(
  title: string,
  author: string,
  date: string,
  highWaterMark = 256 * 1024,
): PDFKit.PDFDocument {
  const created = new Date(`${date}T12:00:00Z`);
  return new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: 0,
    autoFirstPage: false,
    lang: 'en-US',
    displayTitle: true,
    // Output waiting to be read, up to which a filing run goes on drawing.
    highWaterMark,
    info: {
      Title: title,
      Author: author,
      Creator: CREATOR,
      Producer: CREATOR,
      CreationDate: created,
      ModDate: created,
    },
  } as PDFKit.PDFDocumentOptions);
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** One packet as a PDF, with how many pages it has. */
export async function renderPacketPdf(data: PacketData): Promise<{ bytes: Buffer; pages: number }> {
  const doc = startDocument(
    `Petition packet, People v. ${data.petitioner.name}, No. ${data.caseNumber}`,
    data.attorney.officeName,
    data.date,
  );
  const bytes = collect(doc);
  const paper = new PleadingPaper(doc);
  try {
    drawPacket(paper, data);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  doc.end();
  return { bytes: await bytes, pages: paper.pages };
}

/** The pages a filing run's PDF has: the cover's, then each packet's. */
export function filingRunPages(packetPages: readonly number[]): number {
  return coverPages(packetPages.length) + packetPages.reduce((sum, n) => sum + n, 0);
}

/** What a filing run's checker finds in one packet, or in the cover's own text: null when all of it prints. */
export interface FilingRunCheck {
  /** The cover's own text (court, courthouse, county, office): its rows are the packets', checked each. */
  cover(cover: FilingCover): UnprintableTextError | null;
  /** A packet, as drawing it checks it first: the refusal it would meet. */
  packet(data: PacketData): UnprintableTextError | null;
}

/**
 * Checks a filing run's text against the papers' fonts before any of it is drawn, so a run that could
 * not be drawn to the end is refused whole instead of being cut off after the packets before (once
 * the stream has begun, its reader has the first bytes). The same check drawing makes, with the same
 * fonts; it draws nothing.
 */
export function filingRunCheck(): FilingRunCheck {
  // A document only to load the fonts into, as drawing does: nothing is added to it or read from it.
  const doc = new PDFDocument({ autoFirstPage: false });
  const coverage = useCourtFonts(doc);
  doc.destroy();
  const check = (value: unknown, then: string) => {
    try {
      refuseUnprintable(value, coverage, then);
      return null;
    } catch (error) {
      if (error instanceof UnprintableTextError) return error;
      throw error;
    }
  };
  return {
    cover: ({ rows: _, ...own }) => check(own, 'print the run again'),
    packet: (data) => check(data, preparePacketAgain(data)),
  };
}

/**
 * A filing run as one PDF, drawn while it is read: the cover list, then each packet as the source
 * yields it. After each packet the reader gets its turn, and drawing waits while more than the
 * stream's high-water mark (256 KiB) is waiting to be read, so a run of any length holds about one
 * packet in memory. A source that fails, or a packet that cannot be drawn, destroys the stream with
 * that error (check the run with filingRunCheck first); a reader that goes away stops the drawing.
 */
export function renderFilingRunPdf(
  cover: FilingCover,
  packets: AsyncIterable<PacketData>,
  options: { highWaterMark?: number } = {},
): Readable {
  const doc = startDocument(
    `Filing list, ${cover.courtName}${cover.courthouse ? `, ${cover.courthouse.name}` : ''}, ${cover.date}`,
    cover.officeName,
    cover.date,
    options.highWaterMark,
  );
  let wake: (() => void) | null = null;
  let closed = false;
  const read = doc._read.bind(doc);
  doc._read = (size: number) => {
    read(size);
    const resume = wake;
    wake = null;
    resume?.();
  };
  doc.once('close', () => {
    closed = true;
    const resume = wake;
    wake = null;
    resume?.();
  });
  const room = async () => {
    // A turn of the event loop first: the source's reads may all resolve at once, and without it the
    // whole run would be drawn before the reader (a socket) is given a byte.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (!closed && doc.readableLength > doc.readableHighWaterMark)
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
  };
  void (async () => {
    try {
      const paper = new PleadingPaper(doc);
      drawFilingCover(paper, cover);
      await room();
      for await (const packet of packets) {
        if (closed) return;
        drawPacket(paper, packet);
        await room();
      }
      if (!closed) doc.end();
    } catch (error) {
      doc.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return doc;
}
