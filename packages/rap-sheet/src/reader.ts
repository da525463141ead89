// Reading a RAP sheet file and parsing its text in a worker thread (reader-thread.ts), so the thread
// that starts it (the server's, answering every office) is never held by a file: a PDF whose streams
// unpack to gigabytes, hundreds of scanned pages, a megabyte of text. The thread's heap is bounded,
// and the whole read has a time limit (a few minutes, more for each page), after which the thread
// is ended and the read fails saying what to do. Each page's progress is answered before the next
// page is read: a progress callback that throws (the import was cancelled) ends the thread there.
import { Worker } from 'node:worker_threads';
import type { PdfText, ReadPdfOptions } from './pdf.ts';
import type { RapSheet } from './types.ts';

/** The time a read is given, whatever its pages: opening the file, parsing its text. */
export const READ_TIME_BASE_MS = 2 * 60_000;
/** And for each page (a scanned page takes up to ~15 s of OCR on two loaded cores). */
export const READ_TIME_PER_PAGE_MS = 30_000;
/** The reading thread's heap; pdf.js and the parser need far less for any RAP sheet. */
export const READ_HEAP_MB = 512;

/** What the main thread asks of the reading thread. */
export type ToReader =
  | { type: 'pdf'; data: Uint8Array; ocr?: ReadPdfOptions['ocr']; dpi?: number }
  | { type: 'image'; data: Uint8Array }
  | { type: 'parse'; text: string }
  | { type: 'go' };

/** What the reading thread answers. */
export type FromReader =
  | { type: 'progress'; done: number; total: number; ocr: boolean }
  | { type: 'read'; read: PdfText }
  | { type: 'parsed'; sheet: RapSheet }
  | { type: 'failed'; kind: 'pdf' | 'limit' | 'other'; message: string };

/** The PDF could not be read (its own words say why and what to do). */
export class ReaderPdfError extends Error {}

/**
 * The file takes more than a RAP sheet can (time, memory, a stream unpacking to hundreds of MB): the
 * message says so and what to do, and is shown as it is.
 */
export class ReadLimitError extends Error {}

export interface RapReaderOptions {
  /** The time the whole read is given: of `pages` once the PDF's page count is known, null before. */
  timeLimitMs?: (pages: number | null) => number;
  /** The reading thread's heap, MB. */
  heapMb?: number;
}

export interface RapReader {
  readPdf(data: Uint8Array, options?: ReadPdfOptions): Promise<PdfText>;
  readImage(data: Uint8Array): Promise<PdfText>;
  parse(text: string): Promise<RapSheet>;
  /** Ends the reading at once: what is being read rejects with `reason`. */
  abort(reason: Error): void;
  /** Ends the thread (after the read, or to give it up). */
  close(): Promise<void>;
}

export const defaultTimeLimit = (pages: number | null) =>
  READ_TIME_BASE_MS + (pages ?? 0) * READ_TIME_PER_PAGE_MS;

const duration = (ms: number) => {
  if (ms >= 60_000) {
    const n = Math.round(ms / 6_000) / 10;
    return `${n} ${n === 1 ? 'minute' : 'minutes'}`;
  }
  const n = Math.max(1, Math.round(ms / 1000));
  return `${n} ${n === 1 ? 'second' : 'seconds'}`;
};

/**
 * The reading thread's script: from the sources, a starter that loads the TypeScript; in the built
 * server (this module bundled into main.js), the thread's own bundle beside it (apps/server/build.ts).
 */
function threadScript(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./reader-thread.mjs', import.meta.url)
    : new URL('./rap-sheet-reader.js', import.meta.url);
}

/** Starts a reading thread: one file read (and its text parsed) at a time. */
export function startRapReader(options: RapReaderOptions = {}): RapReader {
  const timeLimit = options.timeLimitMs ?? defaultTimeLimit;
  const heapMb = options.heapMb ?? READ_HEAP_MB;
  const worker = new Worker(threadScript(), {
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: 32 },
    stdout: false,
    stderr: false,
  });
  const startedAt = Date.now();
  let ended: Error | null = null;
  let pending: {
    resolve: (message: FromReader) => void;
    reject: (error: Error) => void;
    onProgress?: ReadPdfOptions['onProgress'];
  } | null = null;

  const end = (reason: Error) => {
    if (!ended) {
      ended = reason;
      clearTimeout(timer);
      void worker.terminate();
    }
    pending?.reject(reason);
    pending = null;
  };
  let allowed = timeLimit(null);
  const expire = () =>
    end(
      new ReadLimitError(
        `The RAP sheet could not be read in time: reading stopped after ${duration(allowed)}. If it is long, split it into parts and read each on its own; if it is scanned, give a clearer scan; or paste its text.`,
      ),
    );
  let timer = setTimeout(expire, allowed);

  worker.on('message', (message: FromReader) => {
    const asked = pending;
    if (!asked) return;
    if (message.type === 'progress') {
      // The page count is known: the time limit grows with it, counted from the start.
      if (message.done === 0) {
        allowed = timeLimit(message.total);
        clearTimeout(timer);
        timer = setTimeout(expire, Math.max(0, startedAt + allowed - Date.now()));
      }
      Promise.resolve()
        .then(() => asked.onProgress?.({ done: message.done, total: message.total, ocr: message.ocr }))
        .then(
          () => {
            if (!ended) worker.postMessage({ type: 'go' } satisfies ToReader);
          },
          (error: unknown) => end(error instanceof Error ? error : new Error(String(error))),
        );
      return;
    }
    pending = null;
    if (message.type === 'failed') {
      const Failure =
        message.kind === 'limit' ? ReadLimitError : message.kind === 'pdf' ? ReaderPdfError : Error;
      asked.reject(new Failure(message.message));
    } else {
      asked.resolve(message);
    }
  });
  worker.on('error', (error: Error & { code?: string }) => {
    end(
      error.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? new ReadLimitError(
            `The RAP sheet needs more memory to read than one import is given (${heapMb} MB), so reading stopped. If it is long, split it into parts and read each on its own; or paste its text.`,
          )
        : error,
    );
  });
  worker.on('exit', () => end(new Error('The reading of the RAP sheet stopped unexpectedly.')));

  const ask = (message: ToReader, onProgress?: ReadPdfOptions['onProgress']) =>
    new Promise<FromReader>((resolve, reject) => {
      if (ended) return reject(ended);
      if (pending) return reject(new Error('The reader reads one file at a time.'));
      pending = { resolve, reject, ...(onProgress ? { onProgress } : {}) };
      worker.postMessage(message);
    });
  const read = async (message: ToReader, onProgress?: ReadPdfOptions['onProgress']) => {
    const answer = await ask(message, onProgress);
    if (answer.type !== 'read') throw new Error(`The reader answered ${answer.type} to a read.`);
    return answer.read;
  };

  return {
    readPdf: (data, readOptions = {}) =>
      read(
        {
          type: 'pdf',
          data,
          ...(readOptions.ocr ? { ocr: readOptions.ocr } : {}),
          ...(readOptions.dpi ? { dpi: readOptions.dpi } : {}),
        },
        readOptions.onProgress,
      ),
    readImage: (data) => read({ type: 'image', data }),
    async parse(text) {
      const answer = await ask({ type: 'parse', text });
      if (answer.type !== 'parsed') throw new Error(`The reader answered ${answer.type} to a parse.`);
      return answer.sheet;
    },
    abort: end,
    async close() {
      end(new Error('The reader was closed.'));
      // Resolved once the thread has exited: what it held is let go by then.
      await worker.terminate();
    },
  };
}
