// The records part of the matter page: document requests and their files, convictions with the
// current decision per remedy, and petitions. Criminal history only for those allowed to see it.
import type { OfficeTx } from '@relief-desk/db';
import {
  type ArrestDisposition,
  awaitsCourt,
  type BornOn,
  type ConvictionFields,
  californiaDate,
  convictedAsMinorNotice,
  type Determination,
  type DocumentKind,
  type DocumentStatus,
  type FormSet,
  isCriminalHistoryFile,
  isCriminalHistoryKind,
  type Level,
  type Outcome,
  type PetitionStatus,
  type RemedyId,
  type RequestedFrom,
  type StageEvent,
  WITHHELD,
} from '@relief-desk/domain';
import type { OfficeContext } from '../../context.ts';
import { convictionFields } from '../../matter-core/convictionColumns.ts';
import { orderStillComing } from '../messages/signedOrders.ts';

export interface DocumentView {
  id: string;
  version: number;
  kind: DocumentKind;
  label: string;
  requestedFrom: RequestedFrom;
  requestedOn: string;
  dueOn: string;
  status: DocumentStatus;
  overdue: boolean;
  remindersSent: number;
  liveScanOn: string | null;
  designee: string;
  arrivedOn: string | null;
  note: string;
  updatedBy: string | null;
  /** Drawn here from a petition (its packets, one file per version): nothing is uploaded to it. */
  packet: boolean;
  /**
   * Null when the files are criminal history the caller may not see (RAP sheets, court records,
   * signed orders, petition packets: isCriminalHistoryFile); fileCount still says how many there are.
   */
  files:
    | {
        id: string;
        filename: string;
        size: number;
        contentType: string;
        uploadedAt: string;
        /** Removed as attached by mistake: its name and bytes are gone, this says who, when and why. */
        removed: { at: string; by: string | null; reason: string } | null;
      }[]
    | null;
  fileCount: number;
}

export interface CurrentDecision {
  id: string;
  determination: Determination;
  eligibleOn: string | null;
  missingInfo: string;
  reasons: string;
  decidedBy: string;
  decidedAt: string;
  rulesVersion: string | null;
}

export interface ConvictionView {
  id: string;
  version: number;
  fields: ConvictionFields;
  decisions: Partial<Record<RemedyId, CurrentDecision>>;
  /**
   * Set when the client was 14 to 17 on the conviction date: whether it was adult court, as the
   * attorney deciding its relief must know (convictedAsMinorNotice); else null.
   */
  minorNotice: string | null;
}

export interface PetitionView {
  id: string;
  version: number;
  remedy: RemedyId;
  caseNumber: string;
  formSet: FormSet;
  court: string;
  courthouse: string;
  status: PetitionStatus;
  filedOn: string | null;
  servedOn: string | null;
  hearingOn: string | null;
  ruleByOn: string | null;
  decidedOn: string | null;
  /** The court's signed order on file: null for staff without the RAP sheet permission (see petitionsFor). */
  orderFileId: string | null;
  /** Whether the signed order is on file, whoever asks (the matter is worked from it). */
  orderAttached: boolean;
  /**
   * Whether a signed order is still to come: asked of the court and not received, for an outcome the
   * court signs an order for (a withdrawn or continued petition has none to wait for), as the outcome
   * message counts the orders awaited.
   */
  orderAwaited: boolean;
  convictions: { convictionId: string; outcome: Outcome | null }[];
  /**
   * The arrest a PC 851.91 petition asks to seal, with the court's outcome on it; null for a petition
   * on convictions, and for staff without the RAP sheet permission (criminal history, as the
   * convictions are).
   */
  arrest: PetitionArrestView | null;
}

export interface PetitionArrestView {
  arrestId: string;
  arrestDate: string;
  code: string;
  section: string;
  level: Level;
  disposition: ArrestDisposition;
  offenseDescription: string;
  outcome: Outcome | null;
}

/** `matterClosed`: a closed matter's requests are never overdue (nothing is awaited for it any more). */
export async function loadDocuments(
  tx: OfficeTx,
  ctx: OfficeContext,
  matterId: string,
  matterClosed = false,
): Promise<DocumentView[]> {
  const today = californiaDate(ctx.clock.now());
  const [requests, files] = await Promise.all([
    tx
      .selectFrom('document_requests')
      .leftJoin('users', 'users.id', 'document_requests.updated_by')
      .selectAll('document_requests')
      .select('users.name as updated_by_name')
      .where('matter_id', '=', matterId)
      .orderBy('requested_on', 'desc')
      .orderBy('document_requests.id', 'desc')
      .execute(),
    tx
      .selectFrom('document_files')
      .leftJoin('users', 'users.id', 'document_files.removed_by')
      .selectAll('document_files')
      .select('users.name as removed_by_name')
      .where('matter_id', '=', matterId)
      .orderBy('uploaded_at')
      .execute(),
  ]);
  return requests.map((r) => {
    const kind = r.kind;
    const own = files.filter((f) => f.request_id === r.id);
    // RAP sheets, court records and orders, and petition packets (they name each conviction).
    const hidden =
      isCriminalHistoryFile({ kind, packetPetitionId: r.packet_petition_id }) && !ctx.user.canViewRapSheets;
    return {
      id: r.id,
      version: r.version,
      kind,
      // Staff's own words on a criminal-history document may name the case or the charge.
      label: hidden && isCriminalHistoryKind(kind) ? '' : r.label,
      requestedFrom: r.requested_from,
      requestedOn: r.requested_on,
      dueOn: r.due_on,
      status: r.status,
      overdue: !matterClosed && r.status === 'requested' && r.due_on < today,
      remindersSent: r.reminders_sent,
      liveScanOn: r.live_scan_on,
      designee: r.designee,
      arrivedOn: r.arrived_on,
      // Withheld whether or not there is one: the form then offers no note to type, which would not be kept.
      note: hidden && isCriminalHistoryKind(kind) ? WITHHELD : r.note,
      updatedBy: r.updated_by_name,
      packet: r.packet_petition_id !== null,
      files: hidden
        ? null
        : own.map((f) => ({
            id: f.id,
            filename: f.filename,
            size: f.size,
            contentType: f.content_type,
            uploadedAt: f.uploaded_at,
            removed: f.removed_at
              ? { at: f.removed_at, by: f.removed_by_name, reason: f.removed_reason ?? '' }
              : null,
          })),
      // The files still kept: one removed is no file of the request's.
      fileCount: own.filter((f) => f.removed_at === null).length,
    };
  });
}

export async function loadConvictions(
  tx: OfficeTx,
  matterId: string,
  born: BornOn,
): Promise<ConvictionView[]> {
  const [convictions, decisions] = await Promise.all([
    tx
      .selectFrom('convictions')
      .selectAll()
      .where('matter_id', '=', matterId)
      .where('removed_at', 'is', null)
      .orderBy('conviction_date')
      .orderBy('id')
      .execute(),
    tx
      .selectFrom('eligibility_decisions')
      .innerJoin('users', 'users.id', 'eligibility_decisions.decided_by')
      .selectAll('eligibility_decisions')
      .select('users.name as decided_by_name')
      .where('matter_id', '=', matterId)
      .orderBy('decided_at')
      .orderBy('eligibility_decisions.id')
      .execute(),
  ]);
  // Oldest first, so the last decision written for a conviction and remedy is the current one.
  return convictions.map((c) => {
    const current: Partial<Record<RemedyId, CurrentDecision>> = {};
    for (const d of decisions.filter((x) => x.conviction_id === c.id)) {
      current[d.remedy] = {
        id: d.id,
        determination: d.determination,
        eligibleOn: d.eligible_on,
        missingInfo: d.missing_info,
        reasons: d.reasons,
        decidedBy: d.decided_by_name,
        decidedAt: d.decided_at,
        rulesVersion: d.rules_version,
      };
    }
    const fields = convictionFields(c);
    return {
      id: c.id,
      version: c.version,
      fields,
      decisions: current,
      minorNotice: convictedAsMinorNotice(fields.convictionDate, born),
    };
  });
}

export async function loadPetitions(tx: OfficeTx, matterId: string): Promise<PetitionView[]> {
  const [petitions, members, arrests, ordersAsked] = await Promise.all([
    tx
      .selectFrom('petitions')
      .selectAll()
      .where('matter_id', '=', matterId)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    // In a steady order (the outcome form's rows must not move after each save): as the outcome
    // message lists them.
    tx
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select([
        'petition_convictions.petition_id',
        'petition_convictions.conviction_id',
        'petition_convictions.outcome',
      ])
      .where('petitions.matter_id', '=', matterId)
      // Only a withdrawn petition can hold a removed conviction: it lists those the matter still has.
      .where('convictions.removed_at', 'is', null)
      .orderBy('convictions.case_number')
      .orderBy('convictions.section')
      .orderBy('convictions.conviction_date')
      .orderBy('convictions.id')
      .execute(),
    tx
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select([
        'petition_arrests.petition_id',
        'petition_arrests.arrest_id',
        'petition_arrests.outcome',
        'arrests.arrest_date',
        'arrests.code',
        'arrests.section',
        'arrests.level',
        'arrests.disposition',
        'arrests.description',
      ])
      .where('petitions.matter_id', '=', matterId)
      .execute(),
    // The orders still awaited, read as the outcome message and the stage machine read them.
    tx
      .selectFrom('document_requests')
      .select('petition_id')
      .where('matter_id', '=', matterId)
      .where('kind', '=', 'signed_order')
      .where('status', '=', 'requested')
      .where('requested_from', '=', 'court')
      .where(orderStillComing)
      .execute(),
  ]);
  const awaited = new Set(ordersAsked.map((r) => r.petition_id));
  return petitions.map((p) => {
    const arrest = arrests.find((a) => a.petition_id === p.id);
    return {
      id: p.id,
      version: p.version,
      remedy: p.remedy,
      caseNumber: p.case_number,
      formSet: p.form_set,
      court: p.court,
      courthouse: p.courthouse,
      status: p.status,
      filedOn: p.filed_on,
      servedOn: p.served_on,
      hearingOn: p.hearing_on,
      ruleByOn: p.rule_by_on,
      decidedOn: p.decided_on,
      orderFileId: p.order_file_id,
      orderAttached: p.order_file_id !== null,
      orderAwaited: p.order_file_id === null && awaited.has(p.id),
      convictions: members
        .filter((m) => m.petition_id === p.id)
        .map((m) => ({ convictionId: m.conviction_id, outcome: m.outcome })),
      arrest: arrest
        ? {
            arrestId: arrest.arrest_id,
            arrestDate: arrest.arrest_date,
            code: arrest.code,
            section: arrest.section,
            level: arrest.level,
            disposition: arrest.disposition,
            offenseDescription: arrest.description,
            outcome: arrest.outcome,
          }
        : null,
    };
  });
}

/**
 * A petition's arrest and its signed order's file, left out for staff without the RAP sheet
 * permission (see PetitionView.arrest; the order is the court's record of the case, as its file in
 * the documents is).
 */
export function petitionsFor(ctx: OfficeContext, petitions: PetitionView[]): PetitionView[] {
  return ctx.user.canViewRapSheets
    ? petitions
    : petitions.map((p) => ({ ...p, arrest: null, orderFileId: null }));
}

/**
 * Which stage-suggesting event the matter's records show, if any. A petition counts as decided once
 * the court's outcome is recorded on each of its convictions, or on its arrest, and none was continued.
 */
export function stageEventOf(documents: DocumentView[], petitions: PetitionView[]): StageEvent | null {
  const active = petitions.filter((p) => p.status !== 'withdrawn');
  const decided = (p: PetitionView) =>
    p.status === 'decided' &&
    p.convictions.every((c) => !awaitsCourt(c.outcome)) &&
    (p.arrest === null || !awaitsCourt(p.arrest.outcome));
  if (active.length > 0 && active.every(decided)) return 'all_petitions_decided';
  if (documents.some((d) => d.kind === 'rap_sheet' && (d.status === 'received' || d.status === 'reviewed')))
    return 'rap_sheet_received';
  return null;
}
