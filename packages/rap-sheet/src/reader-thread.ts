// The worker thread that reads a RAP sheet file and parses its text (reader.ts starts it): pdf.js,
// the drawing of pages and Tesseract run here, not on the server's main thread, so a file that takes
// long to read (a content stream of gigabytes of spaces packed into a few megabytes) keeps only this
// thread busy. The main thread answers each page's progress before the next page is read, and ends
// the thread when the import is cancelled or the time limit is reached.
import { parentPort } from 'node:worker_threads';
import { parseRapSheet } from './parse.ts';
import { PdfReadError, readImageText, readPdfText } from './pdf.ts';
import type { FromReader, ToReader } from './reader.ts';

/**
 * The largest byte array this thread makes. pdf.js unpacks a stream into one array that doubles as
 * it grows, outside the heap the thread's resource limits bound: a stream that unpacks to gigabytes
 * would take gigabytes of memory. No page of a RAP sheet comes near it (a page of text is a few kB unpacked,
 * a 300 dpi colour scan of a Legal page 32 MB, a 600 dpi grey one 43 MB); a larger one fails the read.
 */
export const MAX_ARRAY_BYTES = 64 * 1024 * 1024;

let overBound = false;
const BoundedUint8Array = new Proxy(Uint8Array, {
  construct(target, args, newTarget) {
    if (typeof args[0] === 'number' && args[0] > MAX_ARRAY_BYTES) {
      // pdf.js may swallow the error and read the page as blank: remembered, so the read fails.
      overBound = true;
      throw new RangeError(`An array of ${args[0]} bytes is more than this reader makes.`);
    }
    return Reflect.construct(target, args, newTarget);
  },
});
// Only this thread's global: nothing else runs here.
globalThis.Uint8Array = BoundedUint8Array;

const overBoundMessage = () =>
  `The RAP sheet could not be read: a part of the PDF unpacks to more than ${MAX_ARRAY_BYTES / 1024 / 1024} MB, where a RAP sheet's page is a few kB of text or a few MB scanned. Save or print it to PDF again, give a clearer scan, or paste its text.`;

function checkBound(): void {
  if (overBound) throw new Error(overBoundMessage());
}

const port = parentPort;
if (!port) throw new Error('reader-thread.ts runs as a worker thread (reader.ts starts it).');
const post = (message: FromReader) => port.postMessage(message);

// The main thread's answer to the last progress message: go on, or (never sent) stop.
let answered: (() => void) | null = null;

async function handle(message: ToReader): Promise<void> {
  if (message.type === 'go') {
    answered?.();
    answered = null;
    return;
  }
  try {
    if (message.type === 'pdf') {
      const read = await readPdfText(message.data, {
        ...(message.ocr ? { ocr: message.ocr } : {}),
        ...(message.dpi ? { dpi: message.dpi } : {}),
        onProgress: (progress) => {
          checkBound();
          return new Promise<void>((resolve) => {
            answered = resolve;
            post({ type: 'progress', ...progress });
          });
        },
      });
      checkBound();
      post({ type: 'read', read });
    } else if (message.type === 'image') {
      const read = await readImageText(message.data);
      checkBound();
      post({ type: 'read', read });
    } else {
      post({ type: 'parsed', sheet: parseRapSheet(message.text) });
    }
  } catch (error) {
    post(
      overBound
        ? { type: 'failed', kind: 'limit', message: overBoundMessage() }
        : {
            type: 'failed',
            kind: error instanceof PdfReadError ? 'pdf' : 'other',
            message: error instanceof Error ? error.message : String(error),
          },
    );
  }
}

port.on('message', (message: ToReader) => {
  void handle(message);
});
