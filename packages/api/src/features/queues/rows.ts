// Turns view rows into what the table shows: client names and languages, assignee names, days open
// and whether the client is due (or overdue) an update. Two small lookups by id per page, each
// compiled once.

import { type DialectName, officeStatement, slot } from '@relief-desk/db';
import {
  type County,
  californiaDate,
  clientUpdateStatus,
  daysBetween,
  type LanguageCode,
  type ReferralSource,
  type Stage,
} from '@relief-desk/domain';
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { ViewRow, ViewScope } from './view.ts';

export interface MatterRow {
  id: string;
  reference: string;
  version: number;
  clientId: string;
  clientName: string;
  /** Empty when the client's row is not found (a matter never lists without one). */
  preferredLanguage: LanguageCode | '';
  county: County;
  stage: Stage;
  assigneeId: string | null;
  assigneeName: string | null;
  referralSource: ReferralSource;
  receivedOn: string;
  daysOpen: number;
  /** The last message or call, or the day received when there has been none. */
  lastContactOn: string;
  daysSinceContact: number;
  /** Open matters only: "due" past the office's update limit, "overdue" past its overdue limit. */
  contactStatus: 'due' | 'overdue' | null;
  documentDueOn: string | null;
  nextCourtDate: string | null;
  rapSheetOutstanding: boolean;
  /** In a dashboard drill-down, the California day the activity happened (the list's order); else null. */
  activityOn: string | null;
}

/** A drill-down's activity date as a California day: a day as it is, an instant on its day there. */
function activityDayOf(at: string | null): string | null {
  if (!at) return null;
  return at.length > 10 ? californiaDate(new Date(at)) : at;
}

/**
 * The page's ids as one value, so each lookup is one statement compiled once (officeStatement): a
 * JSON array SQLite reads with json_each, a text array PostgreSQL reads with any().
 */
function idsIn(dialect: DialectName, column: RawBuilder<unknown>): RawBuilder<SqlBool> {
  return dialect === 'sqlite'
    ? sql<SqlBool>`${column} in (select value from json_each(${slot('ids')}))`
    : sql<SqlBool>`${column} = any(${slot('ids')}::text[])`;
}
const idsValue = (dialect: DialectName, ids: string[]) => (dialect === 'sqlite' ? JSON.stringify(ids) : ids);

/**
 * The page's clients by id. On SQLite the ids drive (CROSS JOIN from the list): beside the office's
 * own term, which every query through the office scope carries, SQLite would otherwise read all of the
 * office's clients through its office index, a cost that grows with the office.
 */
const clientsOfPage = officeStatement((db, dialect) =>
  dialect === 'sqlite'
    ? db
        .selectFrom(sql<{ value: string }>`json_each(${slot('ids')})`.as('page_client'))
        .crossJoin('clients')
        .select(['clients.id', 'clients.legal_name', 'clients.preferred_language'])
        .whereRef('clients.id', '=', 'page_client.value')
    : db
        .selectFrom('clients')
        .select(['id', 'legal_name', 'preferred_language'])
        .where(idsIn(dialect, sql`clients.id`)),
);

const assigneesOfPage = officeStatement((db, dialect) =>
  db.selectFrom('users').select(['id', 'name']).where(idsIn(dialect, sql`users.id`)),
);

export async function describeRows(scope: ViewScope, rows: ViewRow[]): Promise<MatterRow[]> {
  if (rows.length === 0) return [];
  const clientIds = [...new Set(rows.map((r) => r.client_id))];
  const userIds = [...new Set(rows.flatMap((r) => (r.assignee_id ? [r.assignee_id] : [])))];
  const { db, dialect, officeId } = scope;
  const [clients, users] = await Promise.all([
    clientsOfPage(db, dialect, { officeId, ids: idsValue(dialect, clientIds) }),
    userIds.length > 0
      ? assigneesOfPage(db, dialect, { officeId, ids: idsValue(dialect, userIds) })
      : Promise.resolve([]),
  ]);
  const clientById = new Map(clients.map((c) => [c.id, c]));
  const userName = new Map(users.map((u) => [u.id, u.name]));
  return rows.map((row) => {
    const client = clientById.get(row.client_id);
    const lastContactOn = row.last_client_contact_at
      ? californiaDate(new Date(row.last_client_contact_at))
      : row.received_on;
    const end = row.closed_at ? californiaDate(new Date(row.closed_at)) : scope.today;
    const daysSinceContact = daysBetween(lastContactOn, scope.today);
    const open = row.closed_at === null;
    return {
      id: row.id,
      reference: row.reference,
      version: Number(row.version),
      clientId: row.client_id,
      clientName: client?.legal_name ?? '',
      preferredLanguage: client?.preferred_language ?? '',
      county: row.county,
      stage: row.stage,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_id ? (userName.get(row.assignee_id) ?? null) : null,
      referralSource: row.referral_source,
      receivedOn: row.received_on,
      daysOpen: daysBetween(row.received_on, end),
      lastContactOn,
      daysSinceContact,
      contactStatus: open ? clientUpdateStatus(lastContactOn, scope.today, scope.limits) : null,
      documentDueOn: row.earliest_document_due_on,
      nextCourtDate: row.next_court_date,
      rapSheetOutstanding: Number(row.rap_sheet_outstanding) === 1,
      activityOn: activityDayOf(row.activity_at),
    };
  });
}
