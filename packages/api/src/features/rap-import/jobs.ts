// The import worker's side: claim a waiting import (or one whose worker stopped answering: its lease
// ran out), read it (text as it is; a PDF's text layer, or OCR page by page; an image by OCR), parse
// it (both in a worker thread, with limits of time and memory: reader.ts in @relief-desk/rap-sheet),
// and store what was read for the review (or refuse a sheet that proposes more than one review
// takes, saying how to read it in parts). Progress is written after each page with the lease
// renewed, and the lease is renewed while a page is read; a write that finds the import no longer
// ours (cancelled, or taken over) stops the reading.
// A server stopping on purpose gives its import back to the queue; one that died leaves the lease to
// run out, and the next claim starts it again, at most MAX_IMPORT_ATTEMPTS times, then it fails with
// a message that says so.
import type { Readable } from 'node:stream';
import { type Database, type Db, dialectOf, officeScoped } from '@relief-desk/db';
import {
  cleanSingleLine,
  MAX_RAP_IMPORT_PROPOSALS,
  MAX_RAP_PDF_PAGES,
  MAX_RAP_TEXT_CHARS,
  rapSheetTooLong,
} from '@relief-desk/domain';
import type { RapReader, RapReaderOptions } from '@relief-desk/rap-sheet/pdf';
import type { ExpressionBuilder } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { FileStore } from '../../files/store.ts';
import { boundedWarnings } from './bounded.ts';
import { proposalCounts, type ReadPage, type StoredResult } from './proposals.ts';

export const MAX_IMPORT_ATTEMPTS = 3;
/** A page read by OCR takes up to ~15 s on two loaded cores: the lease outlasts several. */
export const DEFAULT_IMPORT_LEASE_MS = 120_000;

export interface ImportWorkerDeps {
  db: Db;
  files: FileStore;
  clock: Clock;
  workerId: string;
  leaseMs?: number;
  /**
   * Checked between pages and while one is read: true when the server is stopping (the import goes
   * back to the queue).
   */
  stopping?: () => boolean;
  /** The reading thread's limits (time, heap); the reader's defaults when left out. */
  readLimits?: RapReaderOptions;
}

export type ImportRunOutcome = 'ready' | 'failed' | 'cancelled' | 'lost' | 'released';

/** Thrown from a progress write: the import is no longer this worker's, or the server is stopping. */
class Interrupted extends Error {
  constructor(readonly why: 'gone' | 'stopping') {
    super(why);
  }
}

/**
 * A file longer than any RAP sheet: refused before it is read through (no OCR of a thousand pages,
 * no parsing of megabytes of text), with its own words.
 */
class TooLong extends Error {}

/** Waiting, or running under a lease that has run out (its server stopped answering). */
const claimableAt = (nowIso: string) => (eb: ExpressionBuilder<Database, 'rap_imports'>) =>
  eb.or([
    eb('state', '=', 'queued'),
    eb.and([eb('state', '=', 'running'), eb('locked_until', '<=', nowIso)]),
  ]);

/** The next import to read, claimed for this worker; null when none waits. */
export async function claimNextImport(deps: ImportWorkerDeps): Promise<string | null> {
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const lease = new Date(now.getTime() + (deps.leaseMs ?? DEFAULT_IMPORT_LEASE_MS)).toISOString();
  const candidates = await deps.db
    .selectFrom('rap_imports')
    .select(['id', 'state', 'attempts'])
    .where(claimableAt(nowIso))
    .orderBy('created_at')
    .orderBy('id')
    .limit(10)
    .execute();
  for (const candidate of candidates) {
    const claimable = (q: ReturnType<typeof updateOf>) =>
      q.where('id', '=', candidate.id).where(claimableAt(nowIso));
    if (candidate.attempts >= MAX_IMPORT_ATTEMPTS) {
      await claimable(updateOf(deps.db))
        .set({
          state: 'failed',
          error: `The server stopped ${candidate.attempts} times while reading this RAP sheet, so it was not tried again. Start the import again; if it stops again, paste the text or split the file.`,
          locked_by: null,
          locked_until: null,
          finished_at: nowIso,
          updated_at: nowIso,
        })
        .execute();
      continue;
    }
    const claimed = await claimable(updateOf(deps.db))
      .set((eb) => ({
        state: 'running',
        locked_by: deps.workerId,
        locked_until: lease,
        attempts: eb('attempts', '+', 1),
        progress_done: 0,
        progress_label: 'Starting',
        started_at: nowIso,
        updated_at: nowIso,
      }))
      .executeTakeFirst();
    if (claimed.numUpdatedRows > 0n) return candidate.id;
  }
  return null;
}

const updateOf = (db: Db) => db.updateTable('rap_imports');

/**
 * Why a sheet that proposes more than one review takes is not reviewed, and how to read it instead;
 * null when it fits. A part read after another shows what the other entered as already recorded.
 */
function tooManyToReview(proposed: { convictions: number; arrests: number }): string | null {
  const most = MAX_RAP_IMPORT_PROPOSALS;
  if (proposed.convictions <= most && proposed.arrests <= most) return null;
  const shown = (n: number, one: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
  const parts = Math.ceil(Math.max(proposed.convictions, proposed.arrests) / most);
  return `This RAP sheet proposes ${shown(proposed.convictions, 'conviction')} and ${shown(proposed.arrests, 'arrest')}; one review decides and saves at most ${most.toLocaleString('en-US')} of each. Read it in at least ${parts} parts: paste the text a part at a time, each part starting at a "* * * *" line, or split the file, and review each part on its own.`;
}

/** An update of the import only while this worker holds it (running, under its claim). */
const heldBy = (importId: string, workerId: string) => (q: ReturnType<typeof updateOf>) =>
  q.where('id', '=', importId).where('locked_by', '=', workerId).where('state', '=', 'running');

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return new Uint8Array(Buffer.concat(chunks));
}

/** Reads a claimed import to its end: stored for review, failed with why, or stopped. */
export async function runImport(deps: ImportWorkerDeps, importId: string): Promise<ImportRunOutcome> {
  const { clock, workerId } = deps;
  // Claimed from any office's queue (claimNextImport); read for the import's own office, so what the
  // worker reads and writes from here on is held to it (office-scope.ts).
  const owner = await deps.db
    .selectFrom('rap_imports')
    .select('office_id')
    .where('id', '=', importId)
    .executeTakeFirst();
  if (!owner) return 'lost';
  const db = officeScoped(deps.db, dialectOf(deps.db), owner.office_id);
  const leaseMs = deps.leaseMs ?? DEFAULT_IMPORT_LEASE_MS;
  const mine = heldBy(importId, workerId);

  const progress = async (done: number, total: number, label: string) => {
    if (deps.stopping?.()) throw new Interrupted('stopping');
    const now = clock.now();
    const written = await mine(updateOf(db))
      .set({
        progress_done: done,
        progress_total: total,
        progress_label: label,
        locked_until: new Date(now.getTime() + leaseMs).toISOString(),
        updated_at: now.toISOString(),
      })
      .executeTakeFirst();
    if (written.numUpdatedRows === 0n) throw new Interrupted('gone');
  };

  // While the reading thread works on one page (or parses), the import is checked: cancelled, taken
  // over, or the server stopping ends the reading at once, not at the next page. The check reads (on
  // SQLite a read does not wait for writers); the lease is renewed only once half of it has run.
  let reader: RapReader | null = null;
  let checking = false;
  let renewedAt = clock.now().getTime();
  const heartbeat = setInterval(
    async () => {
      if (!reader || checking) return;
      checking = true;
      try {
        if (deps.stopping?.()) throw new Interrupted('stopping');
        const now = clock.now();
        if (now.getTime() - renewedAt >= leaseMs / 2) {
          const renewed = await mine(updateOf(db))
            .set({ locked_until: new Date(now.getTime() + leaseMs).toISOString() })
            .executeTakeFirst();
          if (renewed.numUpdatedRows === 0n) throw new Interrupted('gone');
          renewedAt = now.getTime();
        } else {
          const held = await db
            .selectFrom('rap_imports')
            .select('id')
            .where('id', '=', importId)
            .where('locked_by', '=', workerId)
            .where('state', '=', 'running')
            .executeTakeFirst();
          if (!held) throw new Interrupted('gone');
        }
      } catch (error) {
        if (error instanceof Interrupted) reader?.abort(error);
        // A database that did not answer: the next beat tries again.
      } finally {
        checking = false;
      }
    },
    Math.max(50, Math.min(leaseMs / 4, 2_000)),
  );
  /** The reading is over: no more checks (the saves that follow find a gone import themselves). */
  const doneReading = () => {
    clearInterval(heartbeat);
    reader = null;
  };

  try {
    const row = await db
      .selectFrom('rap_imports')
      .leftJoin('document_files', 'document_files.id', 'rap_imports.file_id')
      .select([
        'rap_imports.source_kind',
        'rap_imports.source_text',
        'document_files.sha256',
        'document_files.content_type',
      ])
      .where('rap_imports.id', '=', importId)
      .executeTakeFirstOrThrow();
    let text: string;
    let pages: ReadPage[] = [];
    const pdf = await import('@relief-desk/rap-sheet/pdf');
    reader = pdf.startRapReader(deps.readLimits);
    if (row.source_kind === 'text') {
      await progress(0, 1, 'Reading the text');
      text = row.source_text ?? '';
    } else {
      if (!row.sha256) throw new Error('The file of this import is missing.');
      const bytes = await readAll(deps.files.open(row.sha256));
      if (row.content_type === 'application/pdf') {
        const read = await reader.readPdf(bytes, {
          onProgress: ({ done, total, ocr }) => {
            if (total > MAX_RAP_PDF_PAGES) throw new TooLong(rapSheetTooLong({ pages: total }));
            return progress(
              done,
              total,
              done === total
                ? `Read ${total} ${total === 1 ? 'page' : 'pages'}`
                : `Reading page ${done + 1} of ${total}${ocr ? ' (scanned: OCR)' : ''}`,
            );
          },
        });
        text = read.text;
        pages = read.pages;
      } else {
        await progress(0, 1, 'Reading the scanned page (OCR)');
        const read = await reader.readImage(bytes);
        text = read.text;
        pages = read.pages;
      }
    }
    if (text.length > MAX_RAP_TEXT_CHARS) throw new TooLong(rapSheetTooLong({ chars: text.length }));
    await progress(pages.length || 1, pages.length || 1, 'Finding the convictions');
    // A file's text enters the records here: cleaned as every typed text is (control characters out,
    // NFC), one line at a time, so each page's lines keep their numbers.
    const lines = text.replace(/\r\n?/g, '\n').split('\n').map(cleanSingleLine);
    // Bounded: a long text that is no RAP sheet would otherwise store (and show) a warning a line.
    const parsed = await reader.parse(lines.join('\n'));
    const finished = reader;
    doneReading();
    await finished.close();
    const sheet = boundedWarnings(parsed, lines.length - (lines[lines.length - 1] === '' ? 1 : 0));
    // Every proposal is decided and saved at once: a sheet that proposes more than one review takes
    // is refused now, saying how to read it, not once an attorney has decided them all.
    const tooMany = tooManyToReview(proposalCounts(sheet));
    if (tooMany) {
      const now = clock.now().toISOString();
      const refused = await mine(updateOf(db))
        .set({
          state: 'failed',
          error: tooMany,
          locked_by: null,
          locked_until: null,
          finished_at: now,
          updated_at: now,
        })
        .executeTakeFirst();
      return refused.numUpdatedRows > 0n ? 'failed' : await whyGone(db, importId);
    }
    const result: StoredResult = { lines, pages, sheet };
    const convicted = sheet.cycles.reduce(
      (n, c) =>
        n +
        c.events.reduce((m, e) => m + e.counts.filter((x) => x.disposition?.kind === 'convicted').length, 0),
      0,
    );
    const now = clock.now().toISOString();
    const done = pages.length || 1;
    const stored = await mine(updateOf(db))
      .set({
        state: 'ready',
        result: JSON.stringify(result),
        progress_done: done,
        progress_total: done,
        progress_label: `Read ${pages.length ? `${pages.length} ${pages.length === 1 ? 'page' : 'pages'}` : 'the text'}: ${convicted} convicted ${convicted === 1 ? 'count' : 'counts'} found`,
        locked_by: null,
        locked_until: null,
        finished_at: now,
        updated_at: now,
      })
      .executeTakeFirst();
    return stored.numUpdatedRows > 0n ? 'ready' : await whyGone(db, importId);
  } catch (error) {
    if (error instanceof Interrupted) {
      if (error.why === 'gone') return whyGone(db, importId);
      await releaseImport(db, clock, importId, workerId);
      return 'released';
    }
    // pdf.js's words may quote the file: cleaned as its text is.
    const message = cleanSingleLine(error instanceof Error ? error.message : String(error));
    const now = clock.now().toISOString();
    const { ReadLimitError } = await import('@relief-desk/rap-sheet/pdf');
    await mine(updateOf(db))
      .set({
        state: 'failed',
        error:
          error instanceof TooLong || error instanceof ReadLimitError
            ? message
            : `The RAP sheet could not be read: ${message.slice(0, 300)} Try a clearer scan, or paste the text.`,
        locked_by: null,
        locked_until: null,
        finished_at: now,
        updated_at: now,
      })
      .execute();
    return 'failed';
  } finally {
    clearInterval(heartbeat);
    await reader?.close();
  }
}

async function whyGone(db: Db, importId: string): Promise<ImportRunOutcome> {
  const row = await db
    .selectFrom('rap_imports')
    .select('state')
    .where('id', '=', importId)
    .executeTakeFirst();
  return row?.state === 'cancelled' ? 'cancelled' : 'lost';
}

/** Gives a claimed import back to the queue (the server is stopping): the next start reads it again. */
export async function releaseImport(db: Db, clock: Clock, importId: string, workerId: string): Promise<void> {
  const mine = heldBy(importId, workerId);
  await mine(updateOf(db))
    .set((eb) => ({
      state: 'queued',
      locked_by: null,
      locked_until: null,
      attempts: eb('attempts', '-', 1),
      progress_done: 0,
      progress_label: 'Waiting: the server restarted',
      updated_at: clock.now().toISOString(),
    }))
    .execute();
}

/** Claims and reads one import; null when none waits. */
export async function runNextImport(deps: ImportWorkerDeps): Promise<ImportRunOutcome | null> {
  const id = await claimNextImport(deps);
  return id ? runImport(deps, id) : null;
}
