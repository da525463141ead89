// Named queues, their columns and sorts, and the bulk actions staff run on selected matters. The
// allow-lists live here and nowhere else: the API refuses anything not named below.
import { z } from 'zod';
import { STAGES } from './stages.ts';

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

export const QUEUE_LABELS: Record<QueueId, string> = {
  new_referrals: 'New referrals',
  needs_client_update: 'Needs client update',
  awaiting_rap_sheet: 'Awaiting RAP sheet',
  documents_outstanding: 'Documents outstanding',
  eligibility_review: 'Needs eligibility review',
  ready_to_file: 'Ready to file',
  awaiting_decision: 'Awaiting court decision',
  outcome_to_send: 'Outcome to send',
  mine: 'My matters',
  all: 'All matters',
};

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

export interface QueueDefinition {
  /** The order a queue opens in: the most urgent matter first. */
  sort: MatterSortKey;
  direction: 'asc' | 'desc';
  /** A dated column only this queue shows (and sorts by). */
  extraSort: MatterSortKey | null;
}

export const QUEUES: Record<QueueId, QueueDefinition> = {
  new_referrals: { sort: 'receivedOn', direction: 'asc', extraSort: null },
  needs_client_update: { sort: 'lastContact', direction: 'asc', extraSort: 'lastContact' },
  awaiting_rap_sheet: { sort: 'receivedOn', direction: 'asc', extraSort: null },
  documents_outstanding: { sort: 'documentDue', direction: 'asc', extraSort: 'documentDue' },
  eligibility_review: { sort: 'receivedOn', direction: 'asc', extraSort: null },
  ready_to_file: { sort: 'receivedOn', direction: 'asc', extraSort: null },
  awaiting_decision: { sort: 'nextCourtDate', direction: 'asc', extraSort: 'nextCourtDate' },
  outcome_to_send: { sort: 'receivedOn', direction: 'asc', extraSort: null },
  mine: { sort: 'receivedOn', direction: 'desc', extraSort: null },
  all: { sort: 'receivedOn', direction: 'desc', extraSort: null },
};

export function sortKeysOf(queue: QueueId): MatterSortKey[] {
  const extra = QUEUES[queue].extraSort;
  return extra ? [...COMMON_SORT_KEYS, extra] : [...COMMON_SORT_KEYS];
}

export const QUEUE_LIMIT_DEFAULTS = { clientUpdateDays: 14, clientUpdateOverdueDays: 42 } as const;

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
  .array(z.object({ id: z.string().min(1).max(64), version: z.number().int().positive() }))
  .min(1, 'Select at least one matter.')
  .max(MAX_BULK, `Select at most ${MAX_BULK} matters at a time.`)
  .refine((list) => new Set(list.map((m) => m.id)).size === list.length, {
    message: 'Each matter may be selected once.',
  });

export const bulkAssignInputSchema = z.object({
  matters: selection,
  /** A colleague's id, or null to unassign. */
  assigneeId: z.string().min(1).max(64).nullable(),
});
export const bulkMoveStageInputSchema = z.object({
  matters: selection,
  to: z.enum(STAGES, { error: 'Choose a stage.' }),
});
export const bulkAddNoteInputSchema = z.object({
  matters: selection,
  text: z.string().trim().min(1, 'Write the note.').max(8000),
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
