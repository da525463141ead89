// Timeline events: every change to a matter writes one, in the same transaction as the change,
// whether a person made it or the system did.
import {
  dialectOf,
  insertOfficeRow,
  newId,
  OFFICE_SLOT,
  officeStatement,
  slot,
  type Tx,
} from '@relief-desk/db';
import {
  CALL_DIRECTIONS,
  CALL_RESULT_LABELS,
  CALL_RESULTS,
  type MatterEventKind,
  matterCounterName,
  matterReference,
  moveNoteTellsCriminalHistory,
  STAGE_LABELS,
  type Stage,
} from '@relief-desk/domain';
import type { Clock } from '../clock.ts';

export type MatterRef = { id: string; officeId: string };
/** Who acts, and when: a signed-in person, or the system (the outbox worker, follow-ups). */
export type Actor = { clock: Clock; user: { id: string } | null };

export function recordEvent(
  tx: Tx,
  ctx: Actor,
  matter: MatterRef,
  kind: MatterEventKind,
  summary: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  return insertEvent(tx, ctx, matter, kind, summary, data, null);
}

/** The timeline's sentence for a note about the criminal record, whose text is withheld from some. */
export const RECORD_NOTE_SUMMARY = 'Note about the criminal record.';

/** A stage move's sentence on the timeline, with why when the desk moved it itself ("petition filed"). */
export function moveSentence(from: Stage, to: Stage, why = ''): string {
  return `Moved from ${STAGE_LABELS[from]} to ${STAGE_LABELS[to]}${why ? `: ${why}` : ''}.`;
}

/** A logged call's sentence on the timeline; what was said follows it. */
export function callSentence(
  direction: (typeof CALL_DIRECTIONS)[number],
  result: (typeof CALL_RESULTS)[number],
): string {
  const who = direction === 'outgoing' ? 'Called the client' : 'The client called';
  return `${who}: ${CALL_RESULT_LABELS[result].toLowerCase()}.`;
}

/** Every sentence a logged call may begin with. */
export const CALL_SENTENCES: readonly string[] = CALL_DIRECTIONS.flatMap((direction) =>
  CALL_RESULTS.map((result) => callSentence(direction, result)),
);

/** How the sentence of a status given another way ends; its note follows. */
export const STATUS_LOGGED_END = ' given to the client without a message.';
/** A status given to the client another way (by phone, in person); its note follows. */
export const statusLoggedSentence = (label: string): string => `Status “${label}”${STATUS_LOGGED_END}`;

/**
 * A stage move on the matter's timeline; the dashboard counts its weekly throughput from these. The
 * note staff wrote with it follows the summary, except on a move into or out of what the criminal
 * record decides (moveNoteTellsCriminalHistory: "Not eligible", a court's decision): there the note
 * is criminal history, kept apart in the event's data (`note`) and shown as the timeline's
 * `recordNote`, which staff without the RAP sheet permission read as withheld. So is a note staff
 * marked as about the record (`aboutRecord`), on any move.
 */
export function recordStageMove(
  tx: Tx,
  ctx: Actor,
  matter: MatterRef,
  move: { from: Stage; to: Stage },
  summary: string,
  note = '',
  aboutRecord = false,
): Promise<void> {
  if (!note) return insertEvent(tx, ctx, matter, 'stage_changed', summary, {}, move);
  if (aboutRecord || moveNoteTellsCriminalHistory(move.from, move.to))
    return insertEvent(tx, ctx, matter, 'stage_changed', summary, { note }, move);
  return insertEvent(tx, ctx, matter, 'stage_changed', `${summary} ${note}`, {}, move);
}

async function insertEvent(
  tx: Tx,
  ctx: Actor,
  matter: MatterRef,
  kind: MatterEventKind,
  summary: string,
  data: Record<string, unknown>,
  move: { from: Stage; to: Stage } | null,
): Promise<void> {
  const now = ctx.clock.now();
  // Every change writes one: compiled once, not built and compiled on each.
  await insertOfficeRow(tx, 'matter_events', {
    id: newId(now),
    matter_id: matter.id,
    office_id: matter.officeId,
    kind,
    summary,
    data: JSON.stringify(data),
    actor_id: ctx.user?.id ?? null,
    occurred_at: now.toISOString(),
    from_stage: move?.from ?? null,
    to_stage: move?.to ?? null,
  });
}

// Every new matter takes one: compiled once (the office scope checks the office named).
const nextCounterValue = officeStatement((db) =>
  db
    .insertInto('counters')
    .values({ office_id: slot(OFFICE_SLOT), name: slot('name'), value: 1 })
    .onConflict((oc) =>
      oc.columns(['office_id', 'name']).doUpdateSet((eb) => ({ value: eb('counters.value', '+', 1) })),
    )
    .returning('value'),
);

/** The next matter reference in this office, such as 2026-00042, unique and never reused. */
export async function nextMatterReference(tx: Tx, officeId: string, year: string): Promise<string> {
  const [row] = await nextCounterValue(tx, dialectOf(tx), { officeId, name: matterCounterName(year) });
  if (!row) throw new Error('The matter counter returned no value.');
  return matterReference(year, Number(row.value));
}
