// Matter list inputs: sort and filter keys are allow-listed here and nowhere else.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { languageSchema } from './languages.ts';
import { MATTER_SORT_KEYS, QUEUE_IDS } from './queues.ts';
import { REFERRAL_SOURCES } from './referrals.ts';
import { STAGES } from './stages.ts';

/** The table's filters: the same shape lists a page, counts a queue and exports a view to CSV. */
export const matterViewSchema = z.object({
  queue: z.enum(QUEUE_IDS).default('all'),
  stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
  counties: z.array(countySchema).max(58).default([]),
  /** A user id, or "unassigned". */
  assignee: z.string().max(64).nullable().default(null),
  languages: z.array(languageSchema).max(10).default([]),
  referralSources: z.array(z.enum(REFERRAL_SOURCES)).max(REFERRAL_SOURCES.length).default([]),
  daysOpenMin: z.number().int().min(0).max(36500).nullable().default(null),
  daysOpenMax: z.number().int().min(0).max(36500).nullable().default(null),
  /** A client's name (any order, accents optional), a date of birth, a court case number or a matter reference or id. */
  search: z.string().trim().max(100).default(''),
  /** Null: the queue's own order. */
  sort: z.enum(MATTER_SORT_KEYS).nullable().default(null),
  direction: z.enum(['asc', 'desc']).nullable().default(null),
});
export type MatterView = z.output<typeof matterViewSchema>;

export const listMattersInputSchema = matterViewSchema.extend({
  cursor: z.string().max(1024).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListMattersInput = z.input<typeof listMattersInputSchema>;

export const matterIdInputSchema = z.object({ matterId: z.string().min(1).max(64) });

export const listAuditInputSchema = z.object({
  cursor: z.string().max(512).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
  entityId: z.string().max(64).nullable().default(null),
});
