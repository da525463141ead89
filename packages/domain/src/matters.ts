// Matter list inputs: sort and filter keys are allow-listed here and nowhere else.
import { z } from 'zod';
import { countySchema } from './counties.ts';
import { STAGES } from './stages.ts';

export const MATTER_SORT_KEYS = ['receivedOn', 'clientName', 'county', 'stage'] as const;
export type MatterSortKey = (typeof MATTER_SORT_KEYS)[number];

export const listMattersInputSchema = z.object({
  stages: z.array(z.enum(STAGES)).max(STAGES.length).default([]),
  counties: z.array(countySchema).max(58).default([]),
  /** A user id, or "unassigned". */
  assignee: z.string().max(64).nullable().default(null),
  sort: z.enum(MATTER_SORT_KEYS).default('receivedOn'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(512).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListMattersInput = z.input<typeof listMattersInputSchema>;

export const matterIdInputSchema = z.object({ matterId: z.string().min(1).max(64) });

export const listAuditInputSchema = z.object({
  cursor: z.string().max(512).nullable().default(null),
  limit: z.number().int().min(1).max(200).default(50),
  entityId: z.string().max(64).nullable().default(null),
});
