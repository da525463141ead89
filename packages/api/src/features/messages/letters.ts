// Printed letters: one letter, or the letters waiting in the print queue as one PDF for a mailing run.
// Printing only renders (outside any transaction) and is audited as a read; the letters stay in the
// print queue until staff confirm they were printed, which marks them sent, audited, and strikes the
// token of any one-time link from the stored copy. A letter the PDF cannot print (one queued before
// letters were checked as they are written) is left out of a mailing run, named with what to correct,
// and staff may take it (or any letter) out of the print queue: it is then a delivery problem, to be
// written again from the client's details, sent another way, or put back.
// A letter whose status or outcome is no longer true of the matter (a hearing continued, a decision
// corrected, a matter closed) is held the same way: its claims are checked again, by the rule that
// checked them when it was written (stillTrue.ts), when letters are listed, printed and confirmed.
import { inTransaction, type Message } from '@relief-desk/db';
import {
  californiaDate,
  type LetterIdsInput,
  letterIdsInputSchema,
  MAX_LETTERS_PER_PRINT,
  statusTellsCriminalHistory,
  type withdrawLetterInputSchema,
} from '@relief-desk/domain';
import {
  type Letter,
  type LetterField,
  renderLetterPdf,
  renderMailingRunPdf,
  TemplateError,
  type UnprintableLetterError,
} from '@relief-desk/notify';
import type { z } from 'zod';
import { requirePermission, requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { recountClientContact } from '../../matter-core/queueFacts.ts';
import { strikeLinks } from './oneTimeLinks.ts';
import {
  canPrint,
  enclosureRemoved,
  type Letterhead,
  type LetterSource,
  letterheadOf,
  letterOf,
  sourceOf,
} from './printable.ts';
import { noLongerTrue } from './stillTrue.ts';
import { timelineSubject } from './timelineSubject.ts';

/**
 * A letter the PDF cannot draw (a name in a script its font has not, such as Chinese or Korean) is
 * refused with what the font lacks and how to fix it, for staff to act on, not as a server error.
 */
async function printable(drawing: Promise<Buffer>): Promise<Buffer> {
  try {
    return await drawing;
  } catch (error) {
    if (error instanceof TemplateError && error.code === 'INVALID_VALUE')
      throw badInput('letters', error.message);
    throw error;
  }
}

/** A letter that tells criminal history: a court outcome, or a status about the record or the court. */
export const tellsCriminalHistory = (message: { kind: string; status_type: string | null }) =>
  message.kind === 'outcome' || statusTellsCriminalHistory(message.status_type);

/**
 * Whether reading a message's words is reading criminal history: one that tells it, or one whose
 * wording staff changed before sending (their own words may tell of the record). Sending, stopping or
 * resending such a message shows none of its words, so those ask only tellsCriminalHistory.
 */
export const wordsTellCriminalHistory = (message: {
  kind: string;
  status_type: string | null;
  worded_by_staff: number;
}) => tellsCriminalHistory(message) || message.worded_by_staff === 1;

export interface PrintedPdf {
  bytes: Uint8Array;
  filename: string;
  letters: number;
  /** The letters in the PDF, in order: what a confirmation of this print names. */
  messageIds: string[];
}

/** The parts of a letter that are its own, kept as it was written; the rest is read as it prints. */
const KEPT_AS_WRITTEN: ReadonlySet<LetterField> = new Set(['recipient', 'subject', 'body']);

/**
 * Why a letter written earlier cannot be printed, and what to do. The office's details, the signer
 * and the enclosures' names are read when it prints: corrected, it prints. Its name, address and text
 * are as it was written: correcting the client changes a letter written from then on, not this one.
 */
function printRefusal(letter: Letter, state: string | null): UnprintableLetterError | null {
  const refusal = canPrint(letter);
  if (!refusal || !KEPT_AS_WRITTEN.has(refusal.field)) return refusal;
  const kept = 'the name, address and text it was written with';
  return refusal.endingWith(
    state === 'printing'
      ? `take the letter out of the print queue and write it again (Delivery problems): it keeps ${kept}`
      : state === 'failed'
        ? `write the letter again (Delivery problems): it keeps ${kept}`
        : `send a new letter: this one keeps ${kept}`,
  );
}

/**
 * A letter still to be mailed (in the print queue, or taken out of it) whose enclosure was removed
 * since it was written: it would say the document is enclosed without it. Checked before the fonts:
 * no correction of a name prints the file that is gone.
 */
function enclosureGone(source: LetterSource, letterhead: Letterhead, state: string | null) {
  if (state !== 'printing' && state !== 'failed') return null;
  return enclosureRemoved(
    source,
    letterhead,
    state === 'printing'
      ? 'take this one out of the print queue (Delivery problems)'
      : 'leave this one unsent',
  );
}

/** The letters of the caller's office among these ids, with where each stands in the outbox. */
async function lettersOfOffice(ctx: OfficeContext, messageIds: readonly string[]) {
  return ctx.db
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .selectAll('messages')
    .select('outbox.state as outbox_state')
    .where('messages.channel', '=', 'letter')
    .where('messages.id', 'in', [...messageIds, ''])
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
}

/**
 * One letter as a PDF, to print or print again. Rendering changes nothing: the letter stays in the
 * print queue until staff confirm it was printed (confirmPrinted). The read is audited.
 */
export async function printLetter(ctx: OfficeContext, messageId: string): Promise<PrintedPdf> {
  await requirePermission(ctx, 'workMatters');
  const message = await ctx.db
    .selectFrom('messages')
    .leftJoin('outbox', 'outbox.message_id', 'messages.id')
    .selectAll('messages')
    .select('outbox.state as outbox_state')
    .where('messages.id', '=', messageId)
    .where('messages.channel', '=', 'letter')
    .executeTakeFirst();
  if (!message) {
    await putOnRecord(ctx.db, {
      entityType: 'message',
      entityId: messageId.slice(0, 64),
      outcome: 'denied',
    });
    throw notFound('That letter');
  }
  // An outcome letter names the convictions and the court's decisions, and some status letters tell
  // of the record or the court: criminal history.
  if (wordsTellCriminalHistory(message)) await requireRapSheetAccess(ctx, 'letters.print', message.id);
  const source = sourceOf(message);
  const letterhead = await letterheadOf(ctx.db, ctx.user.officeId, [source]);
  const letter = letterOf(source, letterhead, ctx.clock.now());
  const refusal =
    enclosureGone(source, letterhead, message.outbox_state) ?? printRefusal(letter, message.outbox_state);
  if (refusal) throw badInput('letters', refusal.message);
  // A letter still to be mailed must still be true; a copy of one sent is what was sent.
  if (message.outbox_state === 'printing') {
    const untrue = (await noLongerTrue(ctx.db, ctx, [message])).get(message.id);
    if (untrue) throw badInput('letters', `This letter cannot be printed. ${untrue.reason}`);
  }
  const bytes = await printable(renderLetterPdf(letter));
  await putReadOnRecord(ctx.db, {
    entityType: 'message',
    entityId: message.id,
    detail: { letters: 1, messageIds: [message.id] },
  });
  return { bytes, filename: `letter-${message.id}.pdf`, letters: 1, messageIds: [message.id] };
}

/** A letter waiting in the print queue that cannot be printed as it is, and why. */
export interface LetterNotPrintable {
  messageId: string;
  outboxId: string;
  /** The delivery's version, to take the letter out of the print queue. */
  version: number;
  matterId: string;
  reference: string;
  /** The client's name as it is now (the letter keeps the one it was written with). */
  clientName: string;
  subject: string;
  /** Staff changed the office's wording: its subject is withheld without the RAP sheet permission. */
  wordedByStaff: boolean;
  /** The language the letter is written in, so its subject is read in it (lang). */
  language: string;
  /**
   * cannotDraw: the PDF cannot draw a character of it; noLongerTrue: what it tells the client is no
   * longer true of the matter (a hearing continued, a decision changed); recipientChanged: the client's
   * name or mailing address changed since it was written (it would go to the old one);
   * enclosureRemoved: a document it encloses was removed since it was written.
   */
  because: 'cannotDraw' | 'noLongerTrue' | 'recipientChanged' | 'enclosureRemoved';
  /** Which character, where, and what to correct; or what is no longer true, and what to do. */
  reason: string;
}

/** The office's letters waiting in the print queue, oldest first, with their client and matter. */
function lettersWaiting(ctx: OfficeContext) {
  return ctx.db
    .selectFrom('messages')
    .innerJoin('outbox', 'outbox.message_id', 'messages.id')
    .innerJoin('matters', 'matters.id', 'messages.matter_id')
    .innerJoin('clients', 'clients.id', 'messages.client_id')
    .selectAll('messages')
    .select([
      'outbox.id as outbox_id',
      'outbox.version as outbox_version',
      'matters.reference',
      'clients.legal_name',
    ])
    .where('outbox.state', '=', 'printing')
    .orderBy('messages.created_at')
    .orderBy('messages.id')
    .execute();
}

/**
 * Letters waiting in the print queue, sorted as a mailing run takes them: those that print as they
 * are, and those that cannot (no longer true of the matter, or a character the PDF cannot draw) with
 * why. Reads only; what staff are shown is put on record by the caller.
 */
async function sortWaiting(
  ctx: OfficeContext,
  rows: Awaited<ReturnType<typeof lettersWaiting>>,
  options: { acrossOffices?: boolean } = {},
): Promise<{ ready: string[]; cannotPrint: LetterNotPrintable[] }> {
  const letterhead = await letterheadOf(ctx.db, ctx.user.officeId, rows.map(sourceOf));
  const untrue = await noLongerTrue(ctx.db, ctx, rows, options);
  const now = ctx.clock.now();
  const ready: string[] = [];
  const cannotPrint: LetterNotPrintable[] = [];
  for (const row of rows) {
    // Untrue first: writing it again with its name corrected would not make it true.
    const stale = untrue.get(row.id);
    const gone = stale ? null : enclosureGone(sourceOf(row), letterhead, 'printing');
    const refusal = stale || gone ? null : printRefusal(letterOf(sourceOf(row), letterhead, now), 'printing');
    if (!stale && !gone && !refusal) ready.push(row.id);
    else
      cannotPrint.push({
        messageId: row.id,
        outboxId: row.outbox_id,
        version: row.outbox_version,
        matterId: row.matter_id,
        reference: row.reference,
        clientName: row.legal_name,
        subject: row.subject,
        wordedByStaff: row.worded_by_staff === 1,
        language: row.language,
        because:
          stale?.because === 'recipient'
            ? 'recipientChanged'
            : stale
              ? 'noLongerTrue'
              : gone
                ? 'enclosureRemoved'
                : 'cannotDraw',
        reason: stale?.reason ?? gone?.message ?? refusal?.message ?? '',
      });
  }
  return { ready, cannotPrint };
}

/**
 * The letters of the office waiting in the print queue, oldest first: what a mailing run prints.
 * Outcome letters carry criminal history: without the RAP sheet permission they are left for a
 * colleague who has it, and counted so the page can say so. Letters that cannot be printed as they
 * are (no longer true of the matter, or queued before letters were checked when written) are listed
 * apart, with what to correct. `ready` counts the letters that print as they are (`messageIds` names
 * at most a run's worth of them).
 */
export async function lettersToPrint(ctx: OfficeContext): Promise<{
  messageIds: string[];
  ready: number;
  waiting: number;
  needRapSheetPermission: number;
  cannotPrint: LetterNotPrintable[];
}> {
  const rows = await lettersWaiting(ctx);
  const allowed = ctx.user.canViewRapSheets ? rows : rows.filter((r) => !wordsTellCriminalHistory(r));
  const { ready, cannotPrint } = await sortWaiting(ctx, allowed);
  // Listed by client and matter: on record as shown, as the list of delivery problems is.
  if (cannotPrint.length > 0)
    await putReadOnRecord(ctx.db, {
      entityType: 'office',
      entityId: ctx.user.officeId,
      detail: { cannotPrint: cannotPrint.map((l) => l.messageId) },
    });
  return {
    messageIds: ready.slice(0, MAX_LETTERS_PER_PRINT),
    ready: ready.length,
    waiting: allowed.length,
    needRapSheetPermission: rows.length - allowed.length,
    cannotPrint,
  };
}

/**
 * How the office's print queue stands, for the banner on every page: the letters that print as they
 * are, and those that cannot (a delivery problem until staff take them out), sorted as lettersToPrint
 * sorts them. Counted for the whole office whoever asks: a letter telling criminal history is counted,
 * never shown. The banner asks every minute on every page: it reads nothing of another office (a
 * "transferred" letter's receiving office is asked when the list is opened, on that office's log), so
 * a colleague's open page does not put a read on that office's log each minute.
 */
export async function printQueueCounts(ctx: OfficeContext): Promise<{ ready: number; cannotPrint: number }> {
  const rows = await lettersWaiting(ctx);
  if (rows.length === 0) return { ready: 0, cannotPrint: 0 };
  const { ready, cannotPrint } = await sortWaiting(ctx, rows, { acrossOffices: false });
  return { ready: ready.length, cannotPrint: cannotPrint.length };
}

/** A letter named for a mailing run and left out of its PDF, and why. */
export interface LetterLeftOut {
  messageId: string;
  /**
   * Where its text is (recipient, body, office...), or `facts` when what it tells is no longer true
   * of the matter: on record, never the text.
   */
  field: LetterField | 'facts';
  reason: string;
}

/** Letters named in full in the refusal of a run none of whose letters can be printed. */
const LEFT_OUT_NAMED = 10;

/**
 * The named letters that still wait in the print queue, as one PDF for a mailing run (a page or more
 * each, in the order they were queued). Letters printed meanwhile are left out, and so are letters
 * that cannot be printed as they are: the rest print, and the answer names those left out and why
 * (a run none of whose letters can be printed is refused, saying so). Changes nothing.
 */
export async function printMailingRun(
  ctx: OfficeContext,
  input: LetterIdsInput,
): Promise<PrintedPdf & { leftOut: LetterLeftOut[] }> {
  await requirePermission(ctx, 'workMatters');
  const messageIds = [...new Set(letterIdsInputSchema.parse(input).messageIds)];
  const found = await lettersOfOffice(ctx, messageIds);
  await refuseLettersNotFound(ctx, messageIds, found);
  const messages = found.filter((m) => m.outbox_state === 'printing');
  if (messages.length === 0) throw badInput('letters', 'No letters are waiting to be printed.');
  const outcome = messages.find(wordsTellCriminalHistory);
  if (outcome) await requireRapSheetAccess(ctx, 'letters.printMailingRun', outcome.id);
  const now = ctx.clock.now();
  const { letters, printed, leftOut } = await byPrintability(ctx, messages, now);
  if (letters.length === 0)
    throw cannotPrint(
      leftOut,
      messageIds,
      messages,
      leftOut.length === 1
        ? 'This letter cannot be printed.'
        : `None of these ${leftOut.length} letters can be printed.`,
    );
  const bytes = await printable(renderMailingRunPdf(letters));
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: ctx.user.officeId,
    detail: {
      letters: printed.length,
      messageIds: printed,
      ...(leftOut.length > 0
        ? { leftOut: leftOut.map(({ messageId, field }) => ({ messageId, field })) }
        : {}),
    },
  });
  return {
    bytes,
    filename: `mailing-run-${californiaDate(now)}.pdf`,
    letters: printed.length,
    messageIds: printed,
    leftOut,
  };
}

/** Letters waiting in the print queue, as printed (the letter drawn) and as left out (why). */
async function byPrintability(
  ctx: OfficeContext,
  messages: (Message & { outbox_state: string | null })[],
  now: Date,
): Promise<{ letters: Letter[]; printed: string[]; leftOut: LetterLeftOut[] }> {
  const letterhead = await letterheadOf(ctx.db, ctx.user.officeId, messages.map(sourceOf));
  const untrue = await noLongerTrue(ctx.db, ctx, messages);
  const letters: Letter[] = [];
  const printed: string[] = [];
  const leftOut: LetterLeftOut[] = [];
  for (const message of messages) {
    const letter = letterOf(sourceOf(message), letterhead, now);
    const stale = untrue.get(message.id);
    const refusal = stale
      ? null
      : (enclosureGone(sourceOf(message), letterhead, message.outbox_state) ??
        printRefusal(letter, message.outbox_state));
    if (stale)
      leftOut.push({
        messageId: message.id,
        field: stale.because === 'recipient' ? 'recipient' : 'facts',
        reason: stale.reason,
      });
    else if (refusal) leftOut.push({ messageId: message.id, field: refusal.field, reason: refusal.message });
    else {
      letters.push(letter);
      printed.push(message.id);
    }
  }
  return { letters, printed, leftOut };
}

/** The refusal naming letters that cannot be printed, each beside its place in the request. */
function cannotPrint(
  leftOut: LetterLeftOut[],
  messageIds: string[],
  messages: { id: string }[],
  opening: string,
): AppError {
  const n = leftOut.length;
  const said = (l: LetterLeftOut) =>
    `Letter ${messages.findIndex((m) => m.id === l.messageId) + 1} of ${messages.length}: ${l.reason}`;
  return new AppError(
    'BAD_INPUT',
    [
      opening,
      ...leftOut.slice(0, LEFT_OUT_NAMED).map(said),
      ...(n > LEFT_OUT_NAMED ? [`And ${n - LEFT_OUT_NAMED} more.`] : []),
    ].join(' '),
    {
      fieldErrors: leftOut.map((l) => ({
        path: `messageIds.${messageIds.indexOf(l.messageId)}`,
        message: l.reason,
      })),
    },
  );
}

/**
 * Letters named that are not the office's (another office's, or none at all) refuse the whole
 * request, on record under the procedure's or route's name here and in each office that owns one.
 */
async function refuseLettersNotFound(
  ctx: OfficeContext,
  messageIds: string[],
  found: { id: string }[],
): Promise<void> {
  const missing = messageIds.filter((id) => !found.some((m) => m.id === id));
  if (missing.length === 0) return;
  await putOnRecord(ctx.db, {
    entityType: 'message',
    entityId: missing[0] ?? null,
    outcome: 'denied',
    detail: { letters: messageIds.length, notFound: missing.length },
    concerns: [{ entityType: 'message', ids: missing.slice(1) }],
  });
  throw notFound(missing.length === 1 && messageIds.length === 1 ? 'That letter' : 'One of the letters');
}

/**
 * Staff confirm the letters came off the printer: those still in the print queue are marked sent, with
 * a timeline event each and one audit row. Letters already marked (by a colleague) are counted, not
 * changed. A letter that is not the office's refuses the whole confirmation, audited; so does one that
 * cannot be printed as it is (it was in no mailing run).
 */
export async function confirmPrinted(
  ctx: OfficeContext,
  input: LetterIdsInput,
): Promise<{ marked: number; alreadyMarked: number; takenOut: { messageId: string; reason: string }[] }> {
  const messageIds = [...new Set(input.messageIds)];
  const found = await lettersOfOffice(ctx, messageIds);
  await refuseLettersNotFound(ctx, messageIds, found);
  // Marking a letter printed tells its subject on the timeline: those that tell criminal history
  // are for staff with the permission, as printing them is.
  const telling = found.find(tellsCriminalHistory);
  if (telling) await requireRapSheetAccess(ctx, 'letters.confirmPrinted', telling.id);
  // A letter that cannot be printed as it is was in no mailing run: marking it printed would tell the
  // timeline it went to the client. Nothing is marked then.
  const waiting = found.filter((m) => m.outbox_state === 'printing');
  const { leftOut } = await byPrintability(ctx, waiting, ctx.clock.now());
  if (leftOut.length > 0) {
    const one = leftOut.length === 1;
    throw cannotPrint(
      leftOut,
      messageIds,
      waiting,
      leftOut.some((l) => l.field === 'facts')
        ? // Printed before the matter changed, perhaps: the pages must not go in the post.
          `${one ? 'A letter' : `${leftOut.length} letters`} named no longer ${one ? 'tells' : 'tell'} the client what is true, so none is marked printed: do not mail ${one ? 'it' : 'them'}, and print the mailing run again for the rest.`
        : `${one ? 'A letter' : `${leftOut.length} letters`} named cannot be printed as written, so none is marked printed; take ${one ? 'it' : 'them'} out of the print queue and write ${one ? 'it' : 'them'} again.`,
    );
  }
  return inTransaction(ctx.db, async ({ tx }) => {
    const now = ctx.clock.now().toISOString();
    const marked: string[] = [];
    const takenOut: { messageId: string; reason: string }[] = [];
    for (const message of found) {
      // Changed from what it is now, under the write lock: a letter a colleague confirmed meanwhile
      // is not marked twice.
      const printed = await tx
        .updateTable('outbox')
        .set((eb) => ({ state: 'sent', sent_at: now, updated_at: now, version: eb('version', '+', 1) }))
        .where('message_id', '=', message.id)
        .where('state', '=', 'printing')
        .executeTakeFirst();
      if (Number(printed.numUpdatedRows) === 0) {
        // Not waiting any more: marked sent by a colleague, or taken out of the print queue (as no
        // longer right, say), which the person holding the printed page must hear before mailing it.
        const now = await tx
          .selectFrom('outbox')
          .select(['state', 'last_error'])
          .where('message_id', '=', message.id)
          .executeTakeFirst();
        if (now && now.state !== 'sent')
          takenOut.push({
            messageId: message.id,
            reason: now.last_error ?? 'Taken out of the print queue.',
          });
        continue;
      }
      marked.push(message.id);
      // Printed is sent: the letter's one-time link (an applicant's status link) leaves the database.
      await strikeLinks(tx, { messageId: message.id, staffNoticeId: null, body: message.body });
      await recordEvent(
        tx,
        ctx,
        { id: message.matter_id, officeId: message.office_id },
        'letter_printed',
        `Letter printed for mailing: “${timelineSubject(message)}”.`,
        { messageId: message.id, statusType: message.status_type },
      );
    }
    // On record beside printing (letters.print), under the letters' name the disclosure report reads.
    await putOnRecord(tx, {
      action: 'letters.confirmPrinted',
      entityType: messageIds.length === 1 ? 'message' : 'office',
      entityId: messageIds.length === 1 ? (messageIds[0] ?? null) : ctx.user.officeId,
      detail: {
        letters: marked.length,
        messageIds: marked,
        alreadyMarked: found.length - marked.length - takenOut.length,
        ...(takenOut.length > 0 ? { takenOut: takenOut.map((t) => t.messageId) } : {}),
      },
    });
    return { marked: marked.length, alreadyMarked: found.length - marked.length - takenOut.length, takenOut };
  });
}

const handledMeanwhile = () =>
  new AppError(
    'VERSION_CONFLICT',
    'Someone has printed this letter or taken it out of the print queue since you opened it. Reload to see where it stands.',
  );

/**
 * Takes a letter out of the print queue: one that cannot be printed as it is, or one that should not
 * go. It becomes a delivery problem, with why as its reason, so the client is not left without the
 * update unnoticed: staff write it again from the client's details (once corrected), send it another
 * way, or put it back in the print queue. Version-checked, on the timeline and on record in the same
 * transaction; a letter that tells criminal history needs the RAP sheet permission, as printing it does.
 */
export async function withdrawLetter(
  ctx: OfficeContext,
  input: z.output<typeof withdrawLetterInputSchema>,
): Promise<{ outboxId: string; version: number }> {
  const found = await ctx.db
    .selectFrom('outbox')
    .innerJoin('messages', 'messages.id', 'outbox.message_id')
    .select(['outbox.id', 'messages.id as message_id', 'messages.kind', 'messages.status_type'])
    .where('outbox.id', '=', input.outboxId)
    .where('outbox.channel', '=', 'letter')
    .executeTakeFirst();
  if (!found) throw notFound('That letter', { entityType: 'outbox', entityId: input.outboxId.slice(0, 64) });
  if (tellsCriminalHistory(found)) await requireRapSheetAccess(ctx, 'messages.withdrawLetter', found.id);
  return inTransaction(ctx.db, async ({ tx }) => {
    const message = await tx
      .selectFrom('messages')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .selectAll('messages')
      .select(['outbox.state as outbox_state', 'outbox.version as outbox_version'])
      .where('outbox.id', '=', found.id)
      .executeTakeFirstOrThrow();
    if (message.outbox_version !== input.version || message.outbox_state !== 'printing')
      throw handledMeanwhile();
    const source = sourceOf(message);
    const untrue = (await noLongerTrue(tx, ctx, [message])).get(message.id);
    const letterhead = await letterheadOf(tx, message.office_id, [source]);
    const refusal = untrue
      ? null
      : (enclosureGone(source, letterhead, 'printing') ??
        canPrint(letterOf(source, letterhead, ctx.clock.now())));
    // The reason staff read among the delivery problems: why, never the text itself.
    const reason = `Taken out of the print queue by ${ctx.user.name}${
      // Of the language or the address: why tells nothing of the record.
      untrue && untrue.because !== 'facts'
        ? `: ${untrue.why.charAt(0).toLowerCase()}${untrue.why.slice(1)}`
        : untrue
          ? // Staff without the RAP sheet permission read delivery problems: why tells the record then.
            `: what it tells the client is no longer true of the matter.${tellsCriminalHistory(message) ? '' : ` ${untrue.why}`}`
          : refusal
            ? `: ${refusal.said.charAt(0).toLowerCase()}${refusal.said.slice(1)}.`
            : '.'
    }`;
    const now = ctx.clock.now().toISOString();
    const taken = await tx
      .updateTable('outbox')
      .set({ state: 'failed', last_error: reason, updated_at: now, version: input.version + 1 })
      .where('id', '=', found.id)
      .where('version', '=', input.version)
      .where('state', '=', 'printing')
      .executeTakeFirst();
    // On PostgreSQL a confirmation or withdrawal from the same version waits for this, then finds none.
    if (Number(taken.numUpdatedRows) !== 1) throw handledMeanwhile();
    // Given up on, as a delivery the worker gives up on: a one-time link leaves the stored copy.
    await strikeLinks(tx, { messageId: message.id, staffNoticeId: null, body: message.body });
    await recountClientContact(tx, message.matter_id);
    await recordEvent(
      tx,
      ctx,
      { id: message.matter_id, officeId: message.office_id },
      'delivery_failed',
      `Letter “${timelineSubject(message)}” not mailed. ${reason}`,
      { outboxId: found.id, statusType: message.status_type, withdrawn: true },
    );
    await putOnRecord(tx, {
      entityType: 'outbox',
      entityId: found.id,
      detail: {
        messageId: message.id,
        ...(untrue ? { unprintable: 'facts' } : refusal ? { unprintable: refusal.field } : {}),
      },
    });
    return { outboxId: found.id, version: input.version + 1 };
  });
}
