// The matter page's data: the matter, its client's details and its timeline. Reading a client's
// details is audited, and the first opening is recorded (the "new referrals" queue ends there).
import { inTransaction } from '@relief-desk/db';
import {
  type County,
  hasNoteEntry,
  type MatterEventKind,
  moveNeedsNote,
  movesOffered,
  type ReferralSource,
  type Stage,
  suggestedMove,
} from '@relief-desk/domain';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { notFound } from '../../errors.ts';
import { type ClientView, clientView } from '../../matter-core/clientColumns.ts';
import { entryNoteOf, noteKeptApart, type TimelineEntry } from '../../matter-core/entry-notes.ts';
import { signedOrdersAwaited } from '../messages/signedOrders.ts';
import { officesToPassOnTo } from '../offices/queries.ts';
import { type Deadline, upcomingDeadlines } from './calendar.ts';
import {
  type ConvictionView,
  type DocumentView,
  loadConvictions,
  loadDocuments,
  loadPetitions,
  type PetitionView,
  petitionsFor,
  stageEventOf,
} from './matterRecords.ts';

export interface MatterDetail {
  id: string;
  reference: string;
  version: number;
  county: County;
  stage: Stage;
  referredTo: string | null;
  /** When the matter was passed on to the office it is referred to (that office holds it); else null. */
  passedOnAt: string | null;
  /**
   * At "Referred out" and not yet passed on: the other offices of the desk serving its county, which
   * it may be passed on to (none: the client is told whom to contact by staff). Else empty.
   */
  passOnOffices: { id: string; name: string }[];
  assignee: { id: string; name: string } | null;
  source: { kind: ReferralSource; detail: string };
  receivedOn: string;
  referralNote: string;
  /** The referral's note, when staff marked it as about the criminal record; else null. */
  referralRecordNote: string | null;
  client: ClientView;
  otherMatters: { id: string; reference: string; county: County; stage: Stage }[];
  timeline: {
    id: string;
    kind: MatterEventKind;
    summary: string;
    /**
     * The status update an event is about (sent, logged, printed, failed), or null: the summary of
     * one about the record or the court is withheld without the RAP sheet permission.
     */
    statusType: string | null;
    /**
     * The note written with a stage move into or out of a stage the record decides ("Not eligible", a
     * court's decision), or a note staff marked as about the record; else null: criminal history,
     * withheld without the RAP sheet permission.
     */
    recordNote: string | null;
    /**
     * What may be done with the note staff wrote on this entry (markTimelineNote): `mark` it as about
     * the record, take the mark off (`unmark`, for staff with the RAP sheet permission), or null: the
     * entry has no note of staff, or its note is kept apart whatever the mark (a move the record decides).
     */
    noteMark: 'mark' | 'unmark' | null;
    actorName: string | null;
    occurredAt: string;
  }[];
  documents: DocumentView[];
  /** Null when the caller may not see criminal history (RAP sheet permission). */
  convictions: ConvictionView[] | null;
  petitions: PetitionView[];
  deadlines: Deadline[];
  allowedMoves: Stage[];
  /** The allowed moves the stage machine refuses without a note (moveNeedsNote). */
  movesNeedingNote: Stage[];
  /** A move the matter's records suggest (RAP sheet in: eligibility review; all decided: outcome to send). */
  suggestedStage: Stage | null;
}

export async function getMatter(ctx: OfficeContext, matterId: string): Promise<MatterDetail> {
  const inOffice = await ctx.db
    .selectFrom('matters')
    .select('id')
    .where('id', '=', matterId)
    .executeTakeFirst();
  if (!inOffice) {
    // Outside any transaction, so the refusal is on record even though nothing else happens.
    await putOnRecord(ctx.db, {
      entityType: 'matter',
      entityId: matterId,
      outcome: 'denied',
    });
    throw notFound('That matter');
  }
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await tx
      .selectFrom('matters')
      .leftJoin('users', 'users.id', 'matters.assignee_id')
      .leftJoin('offices as referred', 'referred.id', 'matters.referred_to_office_id')
      .selectAll('matters')
      .select(['users.name as assignee_name', 'referred.name as referred_name'])
      .where('matters.id', '=', matterId)
      .executeTakeFirstOrThrow();
    const client = await tx
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', matter.client_id)
      .executeTakeFirstOrThrow();
    const [otherMatters, events] = await Promise.all([
      tx
        .selectFrom('matters')
        .select(['id', 'reference', 'county', 'stage'])
        .where('client_id', '=', client.id)
        .where('id', '!=', matter.id)
        .orderBy('received_on', 'desc')
        .execute(),
      tx
        .selectFrom('matter_events')
        .leftJoin('users', 'users.id', 'matter_events.actor_id')
        .select([
          'matter_events.id',
          'matter_events.kind',
          'matter_events.summary',
          'matter_events.data',
          'matter_events.from_stage',
          'matter_events.to_stage',
          'matter_events.occurred_at',
          'users.name as actor_name',
        ])
        .where('matter_events.matter_id', '=', matter.id)
        .orderBy('matter_events.occurred_at', 'desc')
        .orderBy('matter_events.id', 'desc')
        .execute(),
    ]);

    const [documents, convictions, petitions, deadlines, ordersAwaited] = await Promise.all([
      loadDocuments(tx, ctx, matter.id, matter.closed_at !== null),
      ctx.user.canViewRapSheets
        ? loadConvictions(tx, matter.id, { name: client.legal_name, dateOfBirth: client.date_of_birth })
        : Promise.resolve(null),
      loadPetitions(tx, matter.id),
      upcomingDeadlines({ ...ctx, db: tx }, { matterId: matter.id }),
      signedOrdersAwaited(tx, matter.id),
    ]);
    // The stage reads every petition whole, arrests included, whoever asks.
    const stageEvent = stageEventOf(documents, petitions);
    const stage = matter.stage;
    const allowedMoves = movesOffered(ctx.user, stage);

    const opened = { entityType: 'matter', entityId: matter.id } as const;
    const detail = { clientId: client.id, criminalHistoryShown: convictions !== null };
    if (!matter.first_opened_at) {
      // The first opening changes the matter (its first contact's date): a change's row, on the chain.
      await tx
        .updateTable('matters')
        .set({ first_opened_at: ctx.clock.now().toISOString() })
        .where('id', '=', matter.id)
        .execute();
      await putOnRecord(tx, { ...opened, detail });
    } else await putReadOnRecord(tx, { ...opened, detail });

    return {
      id: matter.id,
      reference: matter.reference,
      version: matter.version,
      county: matter.county,
      stage: matter.stage,
      referredTo: matter.referred_name,
      passedOnAt: matter.passed_on_at,
      passOnOffices:
        stage === 'referred_out' && matter.passed_on_at === null
          ? await officesToPassOnTo(tx, matter.office_id, matter.county)
          : [],
      assignee:
        matter.assignee_id && matter.assignee_name
          ? { id: matter.assignee_id, name: matter.assignee_name }
          : null,
      source: { kind: matter.referral_source, detail: matter.referral_source_detail },
      receivedOn: matter.received_on,
      // A note marked as about the record goes as criminal history (withheld without the permission).
      referralNote: matter.referral_note_about_record ? '' : matter.referral_note,
      referralRecordNote: matter.referral_note_about_record ? matter.referral_note : null,
      client: clientView(client),
      otherMatters: otherMatters.map((m) => ({ ...m, stage: m.stage })),
      timeline: events.map((e) => ({
        id: e.id,
        kind: e.kind,
        summary: e.summary,
        statusType: statusTypeOf(e.data),
        recordNote: hasNoteEntry(e.kind) ? noteKeptApart(e.data) : null,
        noteMark: noteMarkOf(e),
        actorName: e.actor_name,
        occurredAt: e.occurred_at,
      })),
      documents,
      convictions,
      petitions: petitionsFor(ctx, petitions),
      deadlines,
      allowedMoves,
      movesNeedingNote: allowedMoves.filter((to) => moveNeedsNote(stage, to, ordersAwaited)),
      suggestedStage: stageEvent ? suggestedMove(stage, stageEvent) : null,
    };
  });
}

/** The status type an event's details name, if any (status updates, and letters and deliveries of them). */
function statusTypeOf(data: string): string | null {
  if (!data.includes('"statusType"')) return null;
  const { statusType } = JSON.parse(data) as { statusType?: unknown };
  return typeof statusType === 'string' ? statusType : null;
}

/** What staff may do with the note on a timeline entry (entry-notes.ts). */
function noteMarkOf(entry: TimelineEntry): 'mark' | 'unmark' | null {
  const note = entryNoteOf(entry);
  if (note === null || note.alwaysApart) return null;
  return note.marked ? 'unmark' : 'mark';
}
