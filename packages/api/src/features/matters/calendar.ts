// The office's deadlines for the next 30 days (and anything already overdue), or for the days a week
// or month view shows: hearings, rule-by dates and documents due. A court date passed while the
// petition is still before the court is overdue like a document: someone has to chase the court.
import {
  addDays,
  type CalendarRange,
  californiaDate,
  noticeProblem,
  petitionNamed,
  stillBeforeCourt,
} from '@relief-desk/domain';
import { putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { MAYBE_BEFORE_COURT, withOutcomes } from '../../matter-core/beforeCourt.ts';
import { documentName, documentNameForAll } from '../documents/requestDocument.ts';

export interface Deadline {
  date: string;
  kind: 'hearing' | 'rule_by' | 'document_due';
  label: string;
  overdue: boolean;
  matterId: string;
  reference: string;
  clientName: string;
}

export async function upcomingDeadlines(
  ctx: OfficeContext,
  options: { matterId?: string; days?: number; range?: CalendarRange } = {},
): Promise<Deadline[]> {
  const today = californiaDate(ctx.clock.now());
  // Without a range: everything up to 30 days on, overdue entries however old (an outstanding
  // document, a hearing or rule-by date passed with the court still to rule). With one: those days only.
  const from = options.range?.from ?? null;
  const until = options.range?.to ?? addDays(today, options.days ?? 30);
  const office = ctx.user.officeId;

  let petitions = ctx.db
    .selectFrom('petitions')
    .innerJoin('matters', 'matters.id', 'petitions.matter_id')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    // A petition to seal an arrest on which no charges were filed has no case: named by its arrest.
    .leftJoin('petition_arrests', 'petition_arrests.petition_id', 'petitions.id')
    .leftJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
    .select([
      'petitions.id',
      'petitions.hearing_on',
      'petitions.rule_by_on',
      'petitions.case_number',
      'petitions.status',
      'petitions.remedy',
      'petitions.served_on',
      'arrests.arrest_date',
      'matters.id as matter_id',
      'matters.reference',
      'clients.legal_name',
    ])
    // Kept by hand: it leads the (office_id, hearing_on) and (office_id, rule_by_on) indexes on SQLite,
    // where the scope's own term is +office_id, which no index serves.
    .where('petitions.office_id', '=', office)
    // A decided petition is still before the court while a hearing of it is continued.
    .where('petitions.status', 'in', [...MAYBE_BEFORE_COURT])
    .where((eb) =>
      eb.or(
        (['petitions.hearing_on', 'petitions.rule_by_on'] as const).map((column) =>
          eb.and([...(from ? [eb(column, '>=', from)] : []), eb(column, '<=', until)]),
        ),
      ),
    );
  let documents = ctx.db
    .selectFrom('document_requests')
    .innerJoin('matters', 'matters.id', 'document_requests.matter_id')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select([
      'document_requests.due_on',
      'document_requests.kind',
      'document_requests.label',
      'matters.id as matter_id',
      'matters.reference',
      'clients.legal_name',
    ])
    // Kept by hand: it leads the (office_id, status, due_on) index, as above.
    .where('document_requests.office_id', '=', office)
    .where('document_requests.status', '=', 'requested')
    .where('document_requests.due_on', '<=', until)
    // A closed matter's request left outstanding is no one's work any more: nothing is awaited for a
    // matter whose client has been told the outcome (reopening the matter brings it back).
    .where('matters.closed_at', 'is', null);
  if (from) documents = documents.where('document_requests.due_on', '>=', from);
  if (options.matterId) {
    petitions = petitions.where('petitions.matter_id', '=', options.matterId);
    documents = documents.where('document_requests.matter_id', '=', options.matterId);
  }
  const [petitionRows, documentRows] = await Promise.all([
    petitions.execute().then((rows) => withOutcomes(ctx.db, rows)),
    documents.execute(),
  ]);

  const deadlines: Deadline[] = [];
  const base = (r: { matter_id: string; reference: string; legal_name: string }) => ({
    matterId: r.matter_id,
    reference: r.reference,
    clientName: r.legal_name,
  });
  const shown = (date: string | null): date is string => !!date && (!from || date >= from) && date <= until;
  // Only petitions still before the court are read: a date of theirs passed means the court has not
  // ruled yet (a hearing on which no decision is recorded, a rule-by date gone by).
  for (const p of petitionRows.filter(stillBeforeCourt)) {
    const named = petitionNamed({ caseNumber: p.case_number, arrestDate: p.arrest_date });
    if (shown(p.hearing_on))
      deadlines.push({
        date: p.hearing_on,
        kind: 'hearing',
        // The matter's petition card says what is wrong with the notice, and why.
        label: `Hearing, ${named}${noticeProblem({ ...p, servedOn: p.served_on, hearingOn: p.hearing_on }) ? ' (notice before the hearing to check)' : ''}`,
        overdue: p.hearing_on < today,
        ...base(p),
      });
    if (shown(p.rule_by_on))
      deadlines.push({
        date: p.rule_by_on,
        kind: 'rule_by',
        label: `Court to rule by, ${named}`,
        overdue: p.rule_by_on < today,
        ...base(p),
      });
  }
  for (const d of documentRows) {
    deadlines.push({
      date: d.due_on,
      kind: 'document_due',
      // Staff's own label of a criminal-history document may name the case: by its kind without the permission.
      label: `${ctx.user.canViewRapSheets ? documentName(d.kind, d.label) : documentNameForAll(d.kind, d.label)} due`,
      overdue: d.due_on < today,
      ...base(d),
    });
  }
  return deadlines.sort((a, b) => a.date.localeCompare(b.date) || a.reference.localeCompare(b.reference));
}

/**
 * The office calendar page: its hearings and rule-by dates name court cases, so the read is on record
 * with the matters whose court dates it showed (the disclosure report finds them there).
 */
export async function officeCalendar(ctx: OfficeContext, range?: CalendarRange): Promise<Deadline[]> {
  const deadlines = await upcomingDeadlines(ctx, { range });
  const court = deadlines.filter((d) => d.kind === 'hearing' || d.kind === 'rule_by');
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: ctx.user.officeId,
    detail: {
      ...(range ? { from: range.from, to: range.to } : {}),
      entries: deadlines.length,
      matterIds: [...new Set(court.map((d) => d.matterId))],
      criminalHistoryShown: ctx.user.canViewRapSheets && court.length > 0,
    },
  });
  return deadlines;
}
