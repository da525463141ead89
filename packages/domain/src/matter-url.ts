// A queue view's filters as the web app's address holds them (`/matters?queue=…&stage=…`): the
// dashboard's links write them, the queue page reads them. Only values the allow-lists name are
// read; anything else is dropped rather than sent to the server. Sorting is the page's own concern.
import { COUNTIES, type County } from './counties.ts';
import { isRealDate } from './dates.ts';
import { LANGUAGE_CODES, type LanguageCode } from './languages.ts';
import {
  DAYS_OPEN_MAX,
  FIRST_CONTACT_BANDS,
  type FirstContactBand,
  MATTER_ACTIVITIES,
  MATTER_STATUSES,
  type MatterActivity,
  type MatterActivityFilter,
  type MatterStatus,
  type MatterView,
} from './matters.ts';
import { QUEUE_IDS, type QueueId } from './queues.ts';
import { REFERRAL_SOURCES, type ReferralSource } from './referrals.ts';
import { STAGES, type Stage } from './stages.ts';

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/** Every allowed value of a repeated parameter (stage=a&stage=b), once each, in the list's order. */
function allOf<T extends string>(allowed: readonly T[], values: string[]): T[] {
  return allowed.filter((value) => values.includes(value));
}

/**
 * Each filter's parameter in a queue address, by the view's name for it: the one list the reader, the
 * writer (matterViewHref) and the queue page's filter controls use.
 */
export const MATTER_URL_PARAMS = {
  queue: 'queue',
  stages: 'stage',
  county: 'county',
  assignee: 'assignee',
  language: 'language',
  source: 'source',
  daysOpenMin: 'daysMin',
  daysOpenMax: 'daysMax',
  receivedFrom: 'receivedFrom',
  receivedTo: 'receivedTo',
  status: 'status',
  firstContact: 'contact',
  activity: 'activity',
  from: 'from',
  to: 'to',
  by: 'by',
  search: 'q',
} as const;
export type MatterUrlField = keyof typeof MATTER_URL_PARAMS;
const P = MATTER_URL_PARAMS;

function wholeDays(value: string | null): number | null {
  if (value === null || !/^\d{1,5}$/.test(value) || Number(value) > DAYS_OPEN_MAX) return null;
  return Number(value);
}

function day(value: string | null): string | null {
  return value !== null && isRealDate(value) ? value : null;
}

/** A dashboard drill-down: `activity` with its first and last day (`from`, `to`) and whose work (`by`). */
function activityOf(params: URLSearchParams): MatterActivityFilter | null {
  const kind = oneOf<MatterActivity>(MATTER_ACTIVITIES, params.get(P.activity));
  if (!kind) return null;
  // Only what the server accepts for that activity: a span (not for pending petitions), and a person
  // only for "worked on".
  const dated = kind !== 'court_pending';
  const from = dated ? day(params.get(P.from)) : null;
  const to = dated ? day(params.get(P.to)) : null;
  const by = kind === 'touched' ? params.get(P.by) : null;
  return {
    kind,
    from,
    to: from && to && to < from ? from : to,
    by: by && by.length <= 64 ? by : null,
  };
}

export type MatterViewFilters = Omit<MatterView, 'sort' | 'direction'>;

function inOrder(low: number | null, high: number | null): [number | null, number | null] {
  return low !== null && high !== null && low > high ? [high, low] : [low, high];
}

/** The queue, search and filters a queue address names. */
export function matterViewFiltersFromUrl(params: URLSearchParams): MatterViewFilters {
  // A range of days typed the wrong way round (by hand, in a shared link) is the same range.
  const [daysOpenMin, daysOpenMax] = inOrder(
    wholeDays(params.get(P.daysOpenMin)),
    wholeDays(params.get(P.daysOpenMax)),
  );
  const county = oneOf<County>(COUNTIES, params.get(P.county));
  const language = oneOf<LanguageCode>(LANGUAGE_CODES, params.get(P.language));
  const receivedFrom = day(params.get(P.receivedFrom));
  const receivedTo = day(params.get(P.receivedTo));
  const assignee = params.get(P.assignee);
  return {
    queue: oneOf<QueueId>(QUEUE_IDS, params.get(P.queue)) ?? 'all',
    stages: allOf<Stage>(STAGES, params.getAll(P.stages)),
    counties: county ? [county] : [],
    assignee: assignee && assignee.length <= 64 ? assignee : null,
    languages: language ? [language] : [],
    // Repeated for a dashboard number that counts several (source=phone&source=walk_in).
    referralSources: allOf<ReferralSource>(REFERRAL_SOURCES, params.getAll(P.source)),
    daysOpenMin,
    daysOpenMax,
    // Ends given the wrong way round are the same span.
    receivedFrom: receivedFrom && receivedTo && receivedTo < receivedFrom ? receivedTo : receivedFrom,
    receivedTo: receivedFrom && receivedTo && receivedTo < receivedFrom ? receivedFrom : receivedTo,
    status: oneOf<MatterStatus>(MATTER_STATUSES, params.get(P.status)) ?? 'any',
    firstContact: oneOf<FirstContactBand>(
      FIRST_CONTACT_BANDS.map((b) => b.id),
      params.get(P.firstContact),
    ),
    activity: activityOf(params),
    search: (params.get(P.search) ?? '').trim().slice(0, 100),
  };
}

/**
 * A queue address the app writes (the dashboard's numbers link to their views): what the address can
 * hold, each filter once, in the names the reader above reads. Defaults are left out.
 */
export interface MatterAddress {
  queue?: QueueId;
  stages?: readonly Stage[];
  county?: County;
  assignee?: string;
  language?: LanguageCode;
  /** One source, or several (a dashboard number counting referrals staff recorded by any means). */
  source?: ReferralSource | readonly ReferralSource[];
  daysOpenMin?: number;
  daysOpenMax?: number;
  /** California days, both included: a dashboard number's fixed span. */
  receivedFrom?: string;
  receivedTo?: string;
  status?: MatterStatus;
  firstContact?: FirstContactBand;
  activity?: Pick<MatterActivityFilter, 'kind'> & Partial<MatterActivityFilter>;
  search?: string;
}

/** The queue page's address of a view: `/matters?queue=…&stage=…`, read back by matterViewFiltersFromUrl. */
export function matterViewHref(address: MatterAddress): string {
  const query = new URLSearchParams();
  const set = (field: MatterUrlField, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') query.append(P[field], String(value));
  };
  if (address.queue !== 'all') set('queue', address.queue);
  for (const stage of address.stages ?? []) set('stages', stage);
  set('county', address.county);
  set('assignee', address.assignee);
  set('language', address.language);
  for (const source of typeof address.source === 'string' ? [address.source] : (address.source ?? []))
    set('source', source);
  set('daysOpenMin', address.daysOpenMin);
  set('daysOpenMax', address.daysOpenMax);
  set('receivedFrom', address.receivedFrom);
  set('receivedTo', address.receivedTo);
  if (address.status !== 'any') set('status', address.status);
  set('firstContact', address.firstContact);
  set('activity', address.activity?.kind);
  set('from', address.activity?.from);
  set('to', address.activity?.to);
  set('by', address.activity?.by);
  set('search', address.search?.trim());
  return `/matters?${query}`;
}
