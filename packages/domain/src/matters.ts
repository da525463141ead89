// Matter list inputs: sort and filter keys are allow-listed here and nowhere else.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { isoDateSchema, searchedDateProblem } from './dates.ts';
import { languageSchema } from './languages.ts';
import { MATTER_SORT_KEYS, QUEUE_IDS } from './queues.ts';
import { REFERRAL_SOURCES } from './referrals.ts';
import { STAGES, type Stage } from './stages.ts';
import { singleLine } from './text.ts';

export const MATTER_STATUSES = ['any', 'open', 'closed'] as const;
export type MatterStatus = (typeof MATTER_STATUSES)[number];
export const MATTER_STATUS_LABELS: Record<MatterStatus, string> = {
  any: 'Open and closed',
  open: 'Open',
  closed: 'Closed',
};

/**
 * Days from referral to the first message or call, in the bands the dashboard counts; `max` null
 * is open-ended, and "not yet" is a matter nobody has contacted.
 */
export const FIRST_CONTACT_BANDS = [
  { id: 'days_0_1', label: '0-1 days', min: 0, max: 1 },
  { id: 'days_2_3', label: '2-3 days', min: 2, max: 3 },
  { id: 'days_4_7', label: '4-7 days', min: 4, max: 7 },
  { id: 'days_8_14', label: '8-14 days', min: 8, max: 14 },
  { id: 'days_15_42', label: '15-42 days', min: 15, max: 42 },
  { id: 'over_42', label: 'Over 42 days', min: 43, max: null },
  { id: 'not_yet', label: 'Not yet', min: null, max: null },
] as const;
export type FirstContactBand = (typeof FIRST_CONTACT_BANDS)[number]['id'];
const FIRST_CONTACT_BAND_IDS = FIRST_CONTACT_BANDS.map((b) => b.id) as [
  FirstContactBand,
  ...FirstContactBand[],
];

/** What happened to a matter, for views that open from a dashboard number: "decided in this week". */
export const MATTER_ACTIVITIES = [
  'eligibility_decided',
  'petition_filed',
  'outcome_sent',
  'touched',
  'court_granted',
  'court_denied',
  'court_pending',
] as const;
export type MatterActivity = (typeof MATTER_ACTIVITIES)[number];
export const MATTER_ACTIVITY_LABELS: Record<MatterActivity, string> = {
  eligibility_decided: 'Eligibility decided',
  petition_filed: 'Petition filed',
  outcome_sent: 'Outcome sent',
  touched: 'Worked on',
  court_granted: 'Court granted relief',
  court_denied: 'Court denied relief',
  court_pending: 'Petition awaiting the court',
};

/** A move out of one stage into one of others. */
export interface StageMove {
  from: Stage;
  to: readonly Stage[];
}

/**
 * The activities that are a matter's move out of one stage into one of others: the dashboard's weekly
 * numbers, their drill-downs and the drill-downs' counts all read them from here.
 */
export const STAGE_MOVE_ACTIVITIES = {
  /** The review ended in a decision: on to petitions, or not eligible. */
  eligibility_decided: { from: 'eligibility_review', to: ['petitions_to_file', 'not_eligible'] },
  /** The court's outcome was sent to the person, and the matter closed. */
  outcome_sent: { from: 'outcome_to_send', to: ['closed'] },
} as const satisfies Partial<Record<MatterActivity, StageMove>>;

export const matterActivityFilterSchema = z
  .object({
    kind: z.enum(MATTER_ACTIVITIES),
    /** First and last California day, both included; null leaves that end open. */
    from: isoDateSchema.nullable().default(null),
    to: isoDateSchema.nullable().default(null),
    /** For "touched" only: whose work. */
    by: singleLine().min(1).max(64).nullable().default(null),
  })
  .refine((a) => !a.from || !a.to || a.from <= a.to, {
    message: 'The first day must not be after the last day.',
    path: ['to'],
  })
  .refine((a) => a.by === null || a.kind === 'touched', {
    message: 'Only "worked on" can name whose work; remove the person.',
    path: ['by'],
  })
  .refine((a) => a.kind !== 'court_pending' || (a.from === null && a.to === null), {
    message: 'Petitions awaiting the court have no span of days; remove the dates.',
    path: ['from'],
  });
export type MatterActivityFilter = z.output<typeof matterActivityFilterSchema>;

/** The most days since received a filter may name: a hundred years. */
export const DAYS_OPEN_MAX = 36500;

/** The table's filters: the same shape lists a page, counts a queue and exports a view to CSV. */
const matterViewShape = z.object({
  queue: z.enum(QUEUE_IDS).default('all'),
  stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
  counties: z.array(countySchema).max(58).default([]),
  /** A user id, or "unassigned". */
  assignee: singleLine().max(64).nullable().default(null),
  languages: z.array(languageSchema).max(10).default([]),
  referralSources: z.array(z.enum(REFERRAL_SOURCES)).max(REFERRAL_SOURCES.length).default([]),
  daysOpenMin: z.number().int().min(0).max(DAYS_OPEN_MAX).nullable().default(null),
  daysOpenMax: z.number().int().min(0).max(DAYS_OPEN_MAX).nullable().default(null),
  /**
   * Received on or after, and on or before, these California days: a dashboard number's fixed span,
   * so its list is the same whenever the link is opened (days open move with today).
   */
  receivedFrom: isoDateSchema.nullable().default(null),
  receivedTo: isoDateSchema.nullable().default(null),
  status: z.enum(MATTER_STATUSES).default('any'),
  firstContact: z.enum(FIRST_CONTACT_BAND_IDS).nullable().default(null),
  activity: matterActivityFilterSchema.nullable().default(null),
  /** A client's name (any order, accents optional), a date of birth, a court case number or a matter reference or id. */
  search: singleLine()
    .max(100)
    // A date that does not exist would search for nobody's birth date and list nothing, silently.
    .superRefine((value, ctx) => {
      const problem = searchedDateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .default(''),
  /** Null: the queue's own order. */
  sort: z.enum(MATTER_SORT_KEYS).nullable().default(null),
  direction: z.enum(['asc', 'desc']).nullable().default(null),
});

/**
 * "Days since received" read as a range, its two ends in order: the filter form says so as they are
 * typed, and an address (bookmarked, shared, a script's) is told the same rather than listing nothing.
 */
function daysOpenInOrder<
  T extends z.ZodType<{
    daysOpenMin: number | null;
    daysOpenMax: number | null;
    receivedFrom: string | null;
    receivedTo: string | null;
  }>,
>(schema: T) {
  return schema
    .refine((v) => v.daysOpenMin === null || v.daysOpenMax === null || v.daysOpenMin <= v.daysOpenMax, {
      message: 'The first number of days must not be larger than the second.',
      path: ['daysOpenMax'],
    })
    .refine((v) => v.receivedFrom === null || v.receivedTo === null || v.receivedFrom <= v.receivedTo, {
      message: 'The first day received must not be after the last.',
      path: ['receivedTo'],
    });
}

export const matterViewSchema = daysOpenInOrder(matterViewShape);
export type MatterView = z.output<typeof matterViewSchema>;

const cursorSchema = singleLine().max(1024).nullable().default(null);
export const listMattersInputSchema = daysOpenInOrder(
  matterViewShape.extend({ cursor: cursorSchema, limit: z.number().int().min(1).max(200).default(50) }),
);
export type ListMattersInput = z.input<typeof listMattersInputSchema>;

/** How many matters a view holds, and how many come before the page at the cursor. */
export const viewCountInputSchema = daysOpenInOrder(matterViewShape.extend({ cursor: cursorSchema }));

export const matterIdInputSchema = z.object({ matterId: singleLine().min(1).max(64) });
