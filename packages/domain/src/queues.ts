// Named queues, their columns and sorts, and the bulk actions staff run on selected matters. The
// allow-lists live here and nowhere else: the API refuses anything not named below.
import { z } from 'zod';
import { addDays, type IsoDate } from './dates.ts';
import { STAGES } from './stages.ts';
import { multiLine, singleLine } from './text.ts';

export const QUEUE_IDS = [
  'new_referrals',
  'needs_client_update',
  'awaiting_rap_sheet',
  'documents_outstanding',
  'eligibility_review',
  'ready_to_file',
  'awaiting_decision',
  'outcome_to_send',
  'mine',
  'all',
] as const;
export type QueueId = (typeof QUEUE_IDS)[number];

/** Server sort keys. Days open is received-on read the other way round (the web maps it). */
export const MATTER_SORT_KEYS = [
  'receivedOn',
  'clientName',
  'county',
  'stage',
  'reference',
  'assignee',
  'lastContact',
  'documentDue',
  'nextCourtDate',
] as const;
export type MatterSortKey = (typeof MATTER_SORT_KEYS)[number];

/** Sorts every queue offers; the dated columns are shown, and sortable, only in their own queue. */
export const COMMON_SORT_KEYS: readonly MatterSortKey[] = [
  'receivedOn',
  'clientName',
  'county',
  'stage',
  'reference',
  'assignee',
];

/** The matter columns a queue's membership reads. */
export type QueueFactColumn =
  | 'closed_at'
  | 'first_opened_at'
  | 'rap_sheet_outstanding'
  | 'earliest_document_due_on'
  | 'stage';

/**
 * One condition of a queue's membership. `null`, `notNull` and `equals` hold whatever the day or the
 * person, so they can be an index's predicate; `before` (a sort key's value before a day counted
 * from today) and `assignedToMe` are checked on the index's rows.
 */
export type QueueCondition =
  | { kind: 'null'; column: QueueFactColumn }
  | { kind: 'notNull'; column: QueueFactColumn }
  | { kind: 'equals'; column: QueueFactColumn; value: string | number }
  | { kind: 'before'; key: MatterSortKey; day: 'today' | 'clientUpdateDue' }
  | { kind: 'assignedToMe' };

export interface QueueIndex {
  name: string;
  /**
   * Partial: the fixed conditions are the index's predicate (`where …`). Otherwise the index is
   * shared by several queues and their fixed equalities lead its columns. Either way the columns are
   * the office, those equalities, the person for "mine", then the queue's own sort.
   */
  partial: boolean;
}

export interface QueueDefinition {
  label: string;
  /** Who is in the queue: every condition holds. */
  conditions: readonly QueueCondition[];
  /** The order a queue opens in: the most urgent matter first. */
  sort: MatterSortKey;
  direction: 'asc' | 'desc';
  /** A dated column only this queue shows (and sorts by). */
  extraSort: MatterSortKey | null;
  /** The index its first page and its count read. */
  index: QueueIndex;
  /** Other sorts that index serves (after its own); any other sort reads that column's index. */
  alsoServes: readonly MatterSortKey[];
}

const open: QueueCondition = { kind: 'null', column: 'closed_at' };
const inStage = (value: string): QueueCondition => ({ kind: 'equals', column: 'stage', value });
/** The stage queues share one index, by stage and then the day received. */
const byStage = { name: 'matters_office_stage', partial: false };

/** Every named queue, defined once: the API's SQL, the indexes' check and the web app read it. */
export const QUEUES: Record<QueueId, QueueDefinition> = {
  new_referrals: {
    label: 'New referrals',
    conditions: [open, { kind: 'null', column: 'first_opened_at' }],
    sort: 'receivedOn',
    direction: 'asc',
    extraSort: null,
    index: { name: 'matters_q_new', partial: true },
    alsoServes: [],
  },
  needs_client_update: {
    label: 'Needs client update',
    conditions: [open, { kind: 'before', key: 'lastContact', day: 'clientUpdateDue' }],
    sort: 'lastContact',
    direction: 'asc',
    extraSort: 'lastContact',
    index: { name: 'matters_q_contact', partial: true },
    alsoServes: [],
  },
  awaiting_rap_sheet: {
    label: 'Awaiting RAP sheet',
    conditions: [open, { kind: 'equals', column: 'rap_sheet_outstanding', value: 1 }],
    sort: 'receivedOn',
    direction: 'asc',
    extraSort: null,
    index: { name: 'matters_q_rap', partial: true },
    alsoServes: [],
  },
  documents_outstanding: {
    label: 'Documents outstanding',
    conditions: [
      open,
      { kind: 'notNull', column: 'earliest_document_due_on' },
      { kind: 'before', key: 'documentDue', day: 'today' },
    ],
    sort: 'documentDue',
    direction: 'asc',
    extraSort: 'documentDue',
    index: { name: 'matters_q_documents', partial: true },
    alsoServes: [],
  },
  eligibility_review: {
    label: 'Needs eligibility review',
    conditions: [inStage('eligibility_review')],
    sort: 'receivedOn',
    direction: 'asc',
    extraSort: null,
    index: byStage,
    alsoServes: ['stage'],
  },
  ready_to_file: {
    label: 'Ready to file',
    conditions: [inStage('petitions_to_file')],
    sort: 'receivedOn',
    direction: 'asc',
    extraSort: null,
    index: byStage,
    alsoServes: ['stage'],
  },
  awaiting_decision: {
    label: 'Awaiting court decision',
    conditions: [inStage('awaiting_decision')],
    sort: 'nextCourtDate',
    direction: 'asc',
    extraSort: 'nextCourtDate',
    index: { name: 'matters_q_court', partial: false },
    alsoServes: ['receivedOn', 'stage'],
  },
  outcome_to_send: {
    label: 'Outcome to send',
    conditions: [inStage('outcome_to_send')],
    sort: 'receivedOn',
    direction: 'asc',
    extraSort: null,
    index: byStage,
    alsoServes: ['stage'],
  },
  mine: {
    label: 'My matters',
    conditions: [open, { kind: 'assignedToMe' }],
    sort: 'receivedOn',
    direction: 'desc',
    extraSort: null,
    index: { name: 'matters_q_mine', partial: true },
    alsoServes: [],
  },
  all: {
    label: 'All matters',
    conditions: [],
    sort: 'receivedOn',
    direction: 'desc',
    extraSort: null,
    index: { name: 'matters_office_received', partial: false },
    // Every common sort has an index of its own over the office's matters.
    alsoServes: ['clientName', 'county', 'stage', 'reference', 'assignee'],
  },
};

export const QUEUE_LABELS = Object.fromEntries(QUEUE_IDS.map((id) => [id, QUEUES[id].label])) as Record<
  QueueId,
  string
>;

/** The sorts a queue offers; "mine" has one assignee, so it does not sort by assignee. */
export function sortKeysOf(queue: QueueId): MatterSortKey[] {
  const extra = QUEUES[queue].extraSort;
  const keys = extra ? [...COMMON_SORT_KEYS, extra] : [...COMMON_SORT_KEYS];
  return queue === 'mine' ? keys.filter((key) => key !== 'assignee') : keys;
}

/** The sorts a queue's own index serves. */
export function naturalSortsOf(queue: QueueId): MatterSortKey[] {
  return [QUEUES[queue].sort, ...QUEUES[queue].alsoServes];
}

/** The web app's address of a queue. */
export function queueHref(queue: QueueId): string {
  return `/matters?queue=${queue}`;
}

export const QUEUE_LIMIT_DEFAULTS = { clientUpdateDays: 14, clientUpdateOverdueDays: 42 } as const;

/** An office's limits for keeping clients told: update due after this many days, overdue after that. */
export interface ClientUpdateLimits {
  clientUpdateDays: number;
  clientUpdateOverdueDays: number;
}

/**
 * The California day a last contact must fall on or after for a matter not to need a client update:
 * contacted before it, the update is due (Needs client update lists such open matters).
 */
export function clientUpdateCutoff(
  today: IsoDate,
  limits: Pick<ClientUpdateLimits, 'clientUpdateDays'>,
): IsoDate {
  return addDays(today, 1 - limits.clientUpdateDays);
}

/**
 * An open matter's client update by the day of its last contact (the day received when none): due once
 * that day is before the cutoff, as Needs client update counts it; overdue past the overdue limit.
 */
export function clientUpdateStatus(
  lastContactOn: IsoDate,
  today: IsoDate,
  limits: ClientUpdateLimits,
): 'due' | 'overdue' | null {
  const overdue = clientUpdateCutoff(today, { clientUpdateDays: limits.clientUpdateOverdueDays });
  if (lastContactOn < overdue) return 'overdue';
  return lastContactOn < clientUpdateCutoff(today, limits) ? 'due' : null;
}

export const queueSettingsInputSchema = z
  .object({
    /** The settings' version the form started from; 0 when the office never saved its own. */
    version: z.number().int().nonnegative(),
    clientUpdateDays: z.number().int().min(1, 'Use at least one day.').max(365, 'Use at most 365 days.'),
    clientUpdateOverdueDays: z
      .number()
      .int()
      .min(2, 'Use at least two days.')
      .max(730, 'Use at most 730 days.'),
  })
  .refine((s) => s.clientUpdateOverdueDays > s.clientUpdateDays, {
    path: ['clientUpdateOverdueDays'],
    message: 'The overdue limit must be longer than the update limit.',
  });
export type QueueSettings = z.infer<typeof queueSettingsInputSchema>;

const MAX_BULK = 200;
const selection = z
  .array(z.object({ id: singleLine().min(1).max(64), version: z.number().int().positive() }))
  .min(1, 'Select at least one matter.')
  .max(MAX_BULK, `Select at most ${MAX_BULK} matters at a time.`)
  .refine((list) => new Set(list.map((m) => m.id)).size === list.length, {
    message: 'Each matter may be selected once.',
  });

export const bulkAssignInputSchema = z.object({
  matters: selection,
  /** A colleague's id, or null to unassign. */
  assigneeId: singleLine().min(1).max(64).nullable(),
});
export const bulkMoveStageInputSchema = z.object({
  matters: selection,
  to: z.enum(STAGES, { error: 'Choose a stage.' }),
});
export const bulkAddNoteInputSchema = z.object({
  matters: selection,
  text: multiLine().min(1, 'Write the note.').max(8000),
  /** As a note added to one matter (addNoteInputSchema): kept apart, withheld without the permission. */
  aboutRecord: z.boolean().default(false),
});

/** How a bulk action went for one matter; the action is applied to all or to none. */
export interface BulkRowResult {
  matterId: string;
  reference: string | null;
  ok: boolean;
  message: string;
}
export interface BulkResult {
  applied: boolean;
  rows: BulkRowResult[];
}
