// Turns view rows into what the table shows: days open and whether the client is due (or overdue)
// an update, worked out from the row; the names come with the page's own statement (view.ts).

import {
  type County,
  californiaDate,
  clientUpdateStatus,
  daysBetween,
  type LanguageCode,
  type ReferralSource,
  type Stage,
} from '@relief-desk/domain';
import type { ViewRow, ViewScope } from './view.ts';

export interface MatterRow {
  id: string;
  reference: string;
  version: number;
  clientId: string;
  clientName: string;
  /** The client's language, as the matter keeps a copy of it. */
  preferredLanguage: LanguageCode;
  county: County;
  stage: Stage;
  assigneeId: string | null;
  assigneeName: string | null;
  referralSource: ReferralSource;
  receivedOn: string;
  daysOpen: number;
  /** The last message or call, or the day received when there has been none. */
  lastContactOn: string;
  /** The last message or call with the client; null when nobody has contacted them yet. */
  clientContactedOn: string | null;
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

export function describeRows(scope: ViewScope, rows: ViewRow[]): MatterRow[] {
  return rows.map((row) => {
    const clientContactedOn = row.last_client_contact_at
      ? californiaDate(new Date(row.last_client_contact_at))
      : null;
    // The queues count a client nobody has contacted from the day received (when they became due).
    const lastContactOn = clientContactedOn ?? row.received_on;
    const end = row.closed_at ? californiaDate(new Date(row.closed_at)) : scope.today;
    const daysSinceContact = daysBetween(lastContactOn, scope.today);
    const open = row.closed_at === null;
    return {
      id: row.id,
      reference: row.reference,
      version: Number(row.version),
      clientId: row.client_id,
      clientName: row.client_name ?? '',
      preferredLanguage: row.preferred_language,
      county: row.county,
      stage: row.stage,
      assigneeId: row.assignee_id,
      assigneeName: row.assignee_id ? row.assignee_name : null,
      referralSource: row.referral_source,
      receivedOn: row.received_on,
      daysOpen: daysBetween(row.received_on, end),
      lastContactOn,
      clientContactedOn,
      daysSinceContact,
      contactStatus: open ? clientUpdateStatus(lastContactOn, scope.today, scope.limits) : null,
      documentDueOn: row.earliest_document_due_on,
      nextCourtDate: row.next_court_date,
      rapSheetOutstanding: Number(row.rap_sheet_outstanding) === 1,
      activityOn: activityDayOf(row.activity_at),
    };
  });
}
