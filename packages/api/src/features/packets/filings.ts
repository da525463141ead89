// Filing runs: the petitions ready to file at one courthouse of a county's court (or at the court, when
// the county has no courthouses in the settings), chosen together, printed as one PDF
// (a cover list, then each packet exactly as it was prepared) with a CSV for the court's clerk, and,
// once filed, the filing date and the court's hearing or rule-by dates recorded for the whole run at
// once (each petition filed, its matter moving to "awaiting court decision"). Everything here names
// petitions and their convictions: the RAP sheet permission, and audited.
import type { Readable } from 'node:stream';
import { type Db, inTransaction, newId, type OfficeDb, type OfficeTx, type Tx } from '@relief-desk/db';
import {
  type ArrestDisposition,
  type County,
  type Courthouse,
  californiaDate,
  type createFilingRunInputSchema,
  type Determination,
  describeCharacter,
  type filingOverviewInputSchema,
  type Level,
  PACKET_NOT_AS_DRAWN_TODAY,
  type PacketData,
  PETITION_STATUS_LABELS,
  type PetitionStatus,
  petitionNamed,
  petitionTitled,
  readableDate,
  type recordRunFiledInputSchema,
  type Stage,
} from '@relief-desk/domain';
import {
  coverPages,
  type FilingCover,
  type FilingRunCheck,
  filingRunCheck,
  paperOf,
  renderFilingRunPdf,
  type UnprintableTextError,
} from '@relief-desk/petitions';
import type { z } from 'zod';
import { requirePermission, requireRapSheetAccess } from '../../access.ts';
import { putOnRecord, putReadOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { lockMatters } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { followFiling } from '../petitions/petitions.ts';
import { csvCell } from '../queues/export.ts';
import { assemblePackets, sameContent } from './assemble.ts';
import { endedSaid, FILING_BY_STAGE } from './ended.ts';
import { countyCourtOf, parseCourthouses } from './settings.ts';

const FILING_STAGES = (Object.keys(FILING_BY_STAGE) as Stage[]).filter((s) => FILING_BY_STAGE[s]);

/** The petitions, of those given, whose matter ended (FILING_BY_STAGE), with the stage it ended at. */
async function endedMatterPetitions(
  db: Db | Tx,
  petitionIds: readonly string[],
): Promise<Map<string, Stage>> {
  if (petitionIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('petitions')
    .innerJoin('matters', 'matters.id', 'petitions.matter_id')
    .select(['petitions.id', 'matters.stage'])
    .where('petitions.id', 'in', [...petitionIds])
    .where('matters.stage', 'not in', FILING_STAGES)
    .execute();
  return new Map(rows.map((r) => [r.id, r.stage as Stage]));
}

export interface FilingCandidate {
  petitionId: string;
  matterId: string;
  matterReference: string;
  petitioner: string;
  caseNumber: string;
  /** The arrest a PC 851.91 petition asks to seal, which names it when it has no case; null otherwise. */
  arrestDate: string | null;
  remedy: string;
  /**
   * Ready: the newest packet says what would be drawn today. Otherwise why not; no_courthouse: which
   * courthouse it goes to is not known (choose it on the matter page); unprintable: its packet has
   * text the court papers cannot show (saved before text was checked), said in `unprintable`.
   */
  state: 'ready' | 'no_packet' | 'out_of_date' | 'incomplete' | 'no_courthouse' | 'unprintable';
  /** For an unprintable packet: where the text is, which character, and what to correct. */
  unprintable: string | null;
  packetVersion: number | null;
  pages: number | null;
  preparedAt: string | null;
  /** The newest run, not yet filed, that holds this petition's current packet. */
  inRun: { runId: string; createdAt: string } | null;
}

export interface FilingRunSummary {
  id: string;
  version: number;
  county: string;
  courtName: string;
  /** The courthouse the run is for; null: the county has none in its settings. */
  courthouse: { id: string; name: string; address: string } | null;
  eFiling: boolean;
  status: 'prepared' | 'filed';
  petitionCount: number;
  pages: number;
  createdAt: string;
  createdBy: string;
  filedOn: string | null;
}

/** An arrest of an open matter in the county whose PC 851.91 decision is eligible, with no petition yet. */
export interface ArrestToPetition {
  arrestId: string;
  matterId: string;
  matterReference: string;
  petitioner: string;
  arrestDate: string;
  code: string;
  section: string;
  level: Level;
  disposition: ArrestDisposition;
  arrestAgency: string;
  determination: Determination;
}

export interface FilingOverview {
  county: string;
  court: { courtName: string; eFiling: boolean } | null;
  /** The county's courthouses in the settings, and the one shown: a run is for one of them. */
  courthouses: { id: string; name: string; address: string }[];
  courthouse: { id: string; name: string; address: string } | null;
  candidates: FilingCandidate[];
  /** PC 851.91: arrests to draft a petition on (each its own petition). */
  arrests: ArrestToPetition[];
  runs: FilingRunSummary[];
}

/**
 * The arrests of the office's open matters in this county whose current PC 851.91 decision is
 * eligible and which have no petition (but a withdrawn one): each is drafted as its own petition.
 */
async function arrestsToPetition(db: Db | Tx, officeId: string, county: County): Promise<ArrestToPetition[]> {
  const rows = await db
    .selectFrom('arrests')
    .innerJoin('matters', 'matters.id', 'arrests.matter_id')
    .innerJoin('clients', 'clients.id', 'matters.client_id')
    .select([
      'arrests.id',
      'arrests.matter_id',
      'arrests.arrest_date',
      'arrests.code',
      'arrests.section',
      'arrests.level',
      'arrests.disposition',
      'arrests.agency',
      'matters.reference',
      'clients.legal_name',
    ])
    // Kept by hand: it leads the (office_id, matter_id) index on SQLite, where the scope's own term
    // is +office_id, which no index serves.
    .where('arrests.office_id', '=', officeId)
    .where('arrests.removed_at', 'is', null)
    .where('matters.county', '=', county)
    .where('matters.closed_at', 'is', null)
    .where('matters.stage', 'in', FILING_STAGES)
    .where(({ exists, not, selectFrom }) =>
      not(
        exists(
          selectFrom('petition_arrests')
            .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
            .select('petition_arrests.arrest_id')
            .whereRef('petition_arrests.arrest_id', '=', 'arrests.id')
            .where('petitions.status', '!=', 'withdrawn'),
        ),
      ),
    )
    .orderBy('arrests.arrest_date')
    .orderBy('arrests.id')
    .execute();
  if (rows.length === 0) return [];
  const decisions = await db
    .selectFrom('arrest_decisions')
    .select(['arrest_id', 'determination'])
    .where(
      'arrest_id',
      'in',
      rows.map((r) => r.id),
    )
    .where('remedy', '=', 'pc851.91')
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  // Oldest first: the last written for an arrest is the current one.
  const current = new Map(decisions.map((d) => [d.arrest_id, d.determination]));
  return rows.flatMap((r) => {
    const determination = current.get(r.id);
    return determination === 'eligible_mandatory' || determination === 'eligible_discretionary'
      ? [
          {
            arrestId: r.id,
            matterId: r.matter_id,
            matterReference: r.reference,
            petitioner: r.legal_name,
            arrestDate: r.arrest_date,
            code: r.code,
            section: r.section,
            level: r.level,
            disposition: r.disposition,
            arrestAgency: r.agency,
            determination,
          },
        ]
      : [];
  });
}

/** Draft petitions of the office whose convictions are in this county, or whose arrest is filed in it. */
async function draftsIn(db: Db | Tx, officeId: string, county: County) {
  return (
    db
      .selectFrom('petitions')
      .select(['petitions.id'])
      // Kept by hand: it leads the (office_id, status, ...) index, as above.
      .where('petitions.office_id', '=', officeId)
      .where('petitions.status', '=', 'draft')
      .where(({ exists, or, selectFrom }) =>
        or([
          exists(
            selectFrom('petition_convictions')
              .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
              .select('petition_convictions.petition_id')
              .whereRef('petition_convictions.petition_id', '=', 'petitions.id')
              .where('convictions.county', '=', county),
          ),
          exists(
            selectFrom('petition_arrests')
              .select('petition_arrests.petition_id')
              .whereRef('petition_arrests.petition_id', '=', 'petitions.id')
              .where('petition_arrests.county', '=', county),
          ),
        ]),
      )
      .orderBy('petitions.created_at')
      .orderBy('petitions.id')
      .execute()
  );
}

/** The newest packet of each petition. */
async function newestPackets(db: Db | Tx, petitionIds: readonly string[]) {
  if (petitionIds.length === 0) return new Map<string, NewestPacket>();
  const rows = await db
    .selectFrom('petition_packets')
    .select(['id', 'petition_id', 'version', 'pages', 'prepared_at', 'data', 'attorney_id'])
    .where('petition_id', 'in', [...petitionIds])
    .orderBy('version')
    .execute();
  return new Map(rows.map((r) => [r.petition_id, r]));
}
type NewestPacket = {
  id: string;
  petition_id: string;
  version: number;
  pages: number;
  prepared_at: string;
  data: string;
  attorney_id: string;
};

/**
 * Each petition's newest packet and whether it says what would be drawn today (the overview's "ready",
 * packets.check's upToDate): a run holding a packet is checked against its records with this too.
 */
async function packetStates(db: OfficeDb | OfficeTx, ctx: OfficeContext, petitionIds: readonly string[]) {
  const packets = await newestPackets(db, petitionIds);
  const assembled = await assemblePackets(
    db,
    ctx,
    petitionIds,
    (p) => packets.get(p.id)?.attorney_id ?? null,
  );
  return [...assembled.values()].map((a) => {
    const packet = packets.get(a.petition.id) ?? null;
    const state: Exclude<FilingCandidate['state'], 'unprintable'> =
      a.courthouse.how === 'unknown'
        ? 'no_courthouse'
        : !packet
          ? 'no_packet'
          : a.missing.length > 0
            ? 'incomplete'
            : sameContent(packet.data, a.data)
              ? 'ready'
              : 'out_of_date';
    return { assembled: a, packet, state };
  });
}

/**
 * Each petition's readiness to file, as of today, with its newest packet. A packet that says what
 * would be drawn today but holds text the court papers cannot show (stored before text was checked)
 * is not ready: a run with it could not be printed.
 */
async function readiness(db: OfficeDb | OfficeTx, ctx: OfficeContext, petitionIds: readonly string[]) {
  const check = courtPaperCheck();
  return (await packetStates(db, ctx, petitionIds)).map(({ assembled: a, packet, state }) => {
    const refusal = state === 'ready' && packet ? check.packet(JSON.parse(packet.data) as PacketData) : null;
    return refusal
      ? { assembled: a, packet, state: 'unprintable' as const, unprintable: unprintableSaid(refusal) }
      : { assembled: a, packet, state, unprintable: null };
  });
}

/**
 * Why a run's petition no longer holds the packet to file: newer_packet, one was prepared after the
 * run was made; records_changed, its packet no longer says what would be drawn today; now_incomplete, something its papers need is now missing (named in
 * `missing`: a court setting removed, a courthouse no longer known). The records are asked only of a
 * draft: a filed petition was filed with the run's packet, whatever changed since.
 */
// records_changed keeps its name (refusals on record carry it) but is said as what it is
// (PACKET_NOT_AS_DRAWN_TODAY): a packet cannot tell changed records from a version drawing them anew.
export type NotCurrent = 'newer_packet' | 'records_changed' | 'now_incomplete';

type NotCurrentState = { why: NotCurrent; missing: string[] };

async function notCurrentIn(
  db: OfficeDb | OfficeTx,
  ctx: OfficeContext,
  rows: readonly { petition_id: string; packet_id: string; status: PetitionStatus }[],
): Promise<Map<string, NotCurrentState>> {
  const drafts = rows.filter((r) => r.status === 'draft');
  const states = new Map(
    (
      await packetStates(
        db,
        ctx,
        drafts.map((r) => r.petition_id),
      )
    ).map((s) => [s.assembled.petition.id, s]),
  );
  const filed = await newestPackets(
    db,
    rows.filter((r) => r.status !== 'draft').map((r) => r.petition_id),
  );
  const out = new Map<string, NotCurrentState>();
  for (const r of rows) {
    const s = states.get(r.petition_id);
    const newest = s ? s.packet : (filed.get(r.petition_id) ?? null);
    if (newest && newest.id !== r.packet_id) out.set(r.petition_id, { why: 'newer_packet', missing: [] });
    else if (s && s.state === 'out_of_date') out.set(r.petition_id, { why: 'records_changed', missing: [] });
    else if (s && s.state !== 'ready')
      out.set(r.petition_id, {
        why: 'now_incomplete',
        missing: s.assembled.missing.map((m) => m.message),
      });
  }
  return out;
}

/** Why a run's petition is not the one to file, and what to do: "has a packet prepared after…". */
function notCurrentSaid({ why, missing }: NotCurrentState, then: string): string {
  if (why === 'newer_packet') return `has a packet prepared after this run was made: ${then}.`;
  if (why === 'records_changed')
    return `has a packet that no longer says what would be drawn today (${PACKET_NOT_AS_DRAWN_TODAY}): prepare it again to print what it now says and ${then}.`;
  return `can no longer have its papers drawn: ${missing.join(' ')} Then prepare its packet again and ${then}.`;
}

async function summaries(
  db: Db | Tx,
  officeId: string,
  runIds: string[] | { county: County; courthouseId: string | null },
) {
  let query = db
    .selectFrom('filing_runs')
    .innerJoin('users', 'users.id', 'filing_runs.created_by')
    .selectAll('filing_runs')
    .select('users.name as created_by_name')
    // Kept by hand: it leads the (office_id, county, ...) index, as above.
    .where('filing_runs.office_id', '=', officeId);
  query = Array.isArray(runIds)
    ? query.where('filing_runs.id', 'in', [...runIds, ''])
    : runIds.courthouseId === null
      ? query.where('filing_runs.county', '=', runIds.county).where('filing_runs.courthouse_id', 'is', null)
      : query
          .where('filing_runs.county', '=', runIds.county)
          .where('filing_runs.courthouse_id', '=', runIds.courthouseId);
  const runs = await query
    .orderBy('filing_runs.created_at', 'desc')
    .orderBy('filing_runs.id', 'desc')
    .limit(20)
    .execute();
  const pages = runs.length
    ? await db
        .selectFrom('filing_run_petitions')
        .innerJoin('petition_packets', 'petition_packets.id', 'filing_run_petitions.packet_id')
        .select(['filing_run_petitions.run_id', 'petition_packets.pages'])
        .where(
          'filing_run_petitions.run_id',
          'in',
          runs.map((r) => r.id),
        )
        .execute()
    : [];
  return runs.map(
    (r): FilingRunSummary => ({
      id: r.id,
      version: r.version,
      county: r.county,
      courtName: r.court_name,
      courthouse: r.courthouse_id
        ? { id: r.courthouse_id, name: r.courthouse_name, address: r.courthouse_address }
        : null,
      eFiling: r.e_filing === 1,
      status: r.status,
      petitionCount: r.petition_count,
      pages:
        coverPages(r.petition_count) +
        pages.filter((p) => p.run_id === r.id).reduce((sum, p) => sum + p.pages, 0),
      createdAt: r.created_at,
      createdBy: r.created_by_name,
      filedOn: r.filed_on,
    }),
  );
}

const place = (c: Courthouse) => ({ id: c.id, name: c.name, address: c.address });

/**
 * The courthouse a run (or the overview) is for: the one asked for, else the county's first; null
 * when the county has no courthouses in the settings. One it does not have is refused.
 */
function chosenCourthouse(
  courthouses: readonly Courthouse[],
  courthouseId: string | null,
  county: string,
): Courthouse | null {
  if (courthouses.length === 0) {
    if (courthouseId)
      throw badInput('courthouseId', `${county} County has no courthouses in Office settings.`);
    return null;
  }
  if (!courthouseId) return courthouses[0] ?? null;
  const found = courthouses.find((c) => c.id === courthouseId);
  if (!found)
    throw badInput(
      'courthouseId',
      `That courthouse is not among ${county} County’s courthouses in Office settings.`,
    );
  return found;
}

export async function filingOverview(
  ctx: OfficeContext,
  input: z.output<typeof filingOverviewInputSchema>,
): Promise<FilingOverview> {
  await requireRapSheetAccess(ctx, 'filings.overview', null);
  const officeId = ctx.user.officeId;
  const [court, drafts, arrests] = await Promise.all([
    countyCourtOf(ctx.db, officeId, input.county),
    draftsIn(ctx.db, officeId, input.county),
    arrestsToPetition(ctx.db, officeId, input.county),
  ]);
  const courthouses = parseCourthouses(court?.courthouses ?? '[]');
  const courthouse = chosenCourthouse(courthouses, input.courthouseId, input.county);
  const runs = await summaries(ctx.db, officeId, {
    county: input.county,
    courthouseId: courthouse?.id ?? null,
  });
  // A matter that ended (withdrawn, closed…) offers none of its petitions to file.
  const ended = await endedMatterPetitions(
    ctx.db,
    drafts.map((d) => d.id),
  );
  // This courthouse's petitions, and those whose courthouse is not known (to be chosen).
  const states = (
    await readiness(
      ctx.db,
      ctx,
      drafts.filter((d) => !ended.has(d.id)).map((d) => d.id),
    )
  ).filter(
    (s) =>
      s.assembled.courthouse.how === 'unknown' ||
      (s.assembled.courthouse.courthouse?.id ?? null) === (courthouse?.id ?? null),
  );
  // Petitions already in a run not yet filed, with the packet that run holds.
  const open = runs.filter((r) => r.status === 'prepared').map((r) => r.id);
  const inRuns = open.length
    ? await ctx.db
        .selectFrom('filing_run_petitions')
        .innerJoin('filing_runs', 'filing_runs.id', 'filing_run_petitions.run_id')
        .select([
          'filing_run_petitions.petition_id',
          'filing_run_petitions.packet_id',
          'filing_runs.id',
          'filing_runs.created_at',
        ])
        .where('filing_runs.id', 'in', open)
        .orderBy('filing_runs.created_at')
        .execute()
    : [];
  const candidates = states.map(({ assembled: a, packet, state, unprintable }): FilingCandidate => {
    const run = inRuns.filter((r) => r.petition_id === a.petition.id && r.packet_id === packet?.id).at(-1);
    return {
      petitionId: a.petition.id,
      matterId: a.petition.matter_id,
      matterReference: a.matterReference,
      petitioner: a.petitioner,
      caseNumber: a.petition.case_number,
      arrestDate: a.arrest?.arrestDate ?? null,
      remedy: a.petition.remedy,
      state,
      unprintable,
      packetVersion: packet?.version ?? null,
      pages: packet?.pages ?? null,
      preparedAt: packet?.prepared_at ?? null,
      inRun: run ? { runId: run.id, createdAt: run.created_at } : null,
    };
  });
  await putReadOnRecord(ctx.db, {
    entityType: 'office',
    entityId: officeId,
    detail: {
      county: input.county,
      courthouseId: courthouse?.id ?? null,
      petitionIds: candidates.map((c) => c.petitionId),
      arrestIds: arrests.map((a) => a.arrestId),
    },
  });
  return {
    county: input.county,
    court: court ? { courtName: court.court_name, eFiling: court.e_filing === 1 } : null,
    courthouses: courthouses.map(place),
    courthouse: courthouse ? place(courthouse) : null,
    candidates,
    arrests,
    runs,
  };
}

export async function createFilingRun(
  ctx: OfficeContext,
  input: z.output<typeof createFilingRunInputSchema>,
): Promise<FilingRunSummary> {
  await requireRapSheetAccess(ctx, 'filings.createRun', null);
  const officeId = ctx.user.officeId;
  const court = await countyCourtOf(ctx.db, officeId, input.county);
  if (!court)
    throw badInput(
      'county',
      `The court for ${input.county} County is not set: an administrator sets it at Office settings.`,
    );
  const courthouses = parseCourthouses(court.courthouses);
  if (courthouses.length > 1 && !input.courthouseId)
    throw badInput(
      'courthouseId',
      `${input.county} County has ${courthouses.length} courthouses in Office settings: choose the one the run is for.`,
    );
  const courthouse = chosenCourthouse(courthouses, input.courthouseId, input.county);
  const own = await ctx.db
    .selectFrom('petitions')
    .select('id')
    .where('id', 'in', input.petitionIds)
    .execute();
  if (own.length !== input.petitionIds.length) {
    const foreign = input.petitionIds.filter((id) => !own.some((p) => p.id === id));
    throw new AppError('NOT_FOUND', 'One of the petitions was not found. It may belong to another office.', {
      audit: {
        entityType: 'petition',
        entityId: foreign[0] ?? null,
        concerns: [{ entityType: 'petition', ids: foreign }],
      },
    });
  }
  const coverRefusal = courtPaperCheck().cover({
    courtName: court.court_name,
    courthouse: courthouse ? { name: courthouse.name, address: courthouse.address } : null,
    county: input.county,
    eFiling: court.e_filing === 1,
    date: californiaDate(ctx.clock.now()),
    officeName: await officeNameOf(ctx),
    rows: [],
  });
  if (coverRefusal)
    throw badInput(
      'county',
      `A filing run for this court cannot be printed: on its filing list, ${unprintableSaid(coverRefusal)}`,
    );
  const drafts = new Set((await draftsIn(ctx.db, officeId, input.county)).map((d) => d.id));
  const ended = await endedMatterPetitions(ctx.db, input.petitionIds);
  const states = new Map(
    (await readiness(ctx.db, ctx, input.petitionIds)).map((s) => [s.assembled.petition.id, s]),
  );
  const problems = input.petitionIds.flatMap((id, i) => {
    const s = states.get(id);
    const name = s
      ? `${s.assembled.petitioner}, ${petitionNamed({ caseNumber: s.assembled.petition.case_number, arrestDate: s.assembled.arrest?.arrestDate ?? null })}`
      : 'A petition';
    const endedAt = ended.get(id);
    const why = !s
      ? 'was not found'
      : endedAt
        ? `cannot be filed: ${endedSaid(endedAt)}`
        : s.assembled.petition.status !== 'draft'
          ? `is already ${PETITION_STATUS_LABELS[s.assembled.petition.status].toLowerCase()}`
          : !drafts.has(id)
            ? `is not a case of ${input.county} County`
            : s.state === 'no_courthouse'
              ? 'has no courthouse yet: choose it on the matter page'
              : (s.assembled.courthouse.courthouse?.id ?? null) !== (courthouse?.id ?? null)
                ? `is filed at ${s.assembled.courthouse.courthouse?.name ?? 'another courthouse'}, not ${courthouse?.name ?? 'this court'}`
                : s.state === 'no_packet'
                  ? 'has no packet yet: prepare it first'
                  : s.state === 'out_of_date'
                    ? 'has a packet that no longer says what would be drawn today: prepare it again'
                    : s.state === 'incomplete'
                      ? `is not ready (${s.assembled.missing.map((m) => m.message.replace(/\.$/, '')).join('; ')})`
                      : s.state === 'unprintable'
                        ? `has text the court papers cannot print: ${s.unprintable?.replace(/\.$/, '')}`
                        : null;
    return why ? [{ path: `petitionIds.${i}`, message: `${name} ${why}.` }] : [];
  });
  if (problems.length > 0)
    throw new AppError(
      'BAD_INPUT',
      `These petitions cannot be filed yet. ${problems.map((p) => p.message).join(' ')}`,
      {
        fieldErrors: problems,
      },
    );

  const runId = await inTransaction(ctx.db, async ({ tx }) => {
    const id = newId(ctx.clock.now());
    const now = ctx.clock.now().toISOString();
    await tx
      .insertInto('filing_runs')
      .values({
        id,
        office_id: officeId,
        county: input.county,
        court_name: court.court_name,
        e_filing: court.e_filing,
        courthouse_id: courthouse?.id ?? null,
        courthouse_name: courthouse?.name ?? '',
        courthouse_address: courthouse?.address ?? '',
        petition_count: input.petitionIds.length,
        status: 'prepared',
        filed_on: null,
        served_on: null,
        created_by: ctx.user.id,
        created_at: now,
        updated_at: now,
        updated_by: ctx.user.id,
      })
      .execute();
    // The packets as they are now, under the write lock: one prepared meanwhile is the one filed.
    const newest = await newestPackets(tx, input.petitionIds);
    for (let i = 0; i < input.petitionIds.length; i += 200) {
      const chunk = input.petitionIds.slice(i, i + 200);
      await tx
        .insertInto('filing_run_petitions')
        .values(
          chunk.map((petitionId, j) => ({
            run_id: id,
            position: i + j + 1,
            petition_id: petitionId,
            packet_id: newest.get(petitionId)?.id ?? '',
          })),
        )
        .execute();
    }
    await putOnRecord(tx, {
      entityType: 'filing_run',
      entityId: id,
      detail: { county: input.county, courthouseId: courthouse?.id ?? null, petitionIds: input.petitionIds },
    });
    return id;
  });
  const [summary] = await summaries(ctx.db, officeId, [runId]);
  if (!summary) throw new Error('the filing run just written is not there');
  return summary;
}

export interface FilingRunPetition {
  position: number;
  petitionId: string;
  matterId: string;
  matterReference: string;
  petitioner: string;
  caseNumber: string;
  /** The arrest a PC 851.91 petition asks to seal, which names it when it has no case; null otherwise. */
  arrestDate: string | null;
  remedy: string;
  packetVersion: number;
  pages: number;
  /** Where the packet starts in the run's PDF. */
  firstPage: number;
  status: PetitionStatus;
  /**
   * Why the run no longer holds the packet to file (a newer one was prepared after the run, or a
   * draft's packet no longer says what would be drawn today); null while it does.
   */
  notCurrent: NotCurrent | null;
  /** For now_incomplete: what the papers need that is missing, and where to set it. */
  missing: string[];
  /**
   * A draft whose matter ended since the run was made (the client withdrew, say): why it is not to be
   * filed, as printing the run says it; null otherwise.
   */
  matterEnded: string | null;
  filedOn: string | null;
  hearingOn: string | null;
  ruleByOn: string | null;
}

export interface FilingRunDetail extends FilingRunSummary {
  servedOn: string | null;
  petitions: FilingRunPetition[];
}

async function runOf(ctx: OfficeContext, runId: string) {
  const run = await ctx.db.selectFrom('filing_runs').select('id').where('id', '=', runId).executeTakeFirst();
  if (!run) throw notFound('That filing run', { entityType: 'filing_run', entityId: runId.slice(0, 64) });
  return run.id;
}

/** A run's petition by its case, or by its arrest when it has none (petitionNamed). */
const rowNamed = (r: { case_number: string; arrest_date: string | null }) =>
  petitionNamed({ caseNumber: r.case_number, arrestDate: r.arrest_date });

async function runPetitions(db: Db | Tx, runId: string) {
  return (
    db
      .selectFrom('filing_run_petitions')
      .innerJoin('petitions', 'petitions.id', 'filing_run_petitions.petition_id')
      .innerJoin('petition_packets', 'petition_packets.id', 'filing_run_petitions.packet_id')
      .innerJoin('matters', 'matters.id', 'petitions.matter_id')
      .innerJoin('clients', 'clients.id', 'matters.client_id')
      // A petition to seal an arrest on which no charges were filed has no case: named by its arrest.
      .leftJoin('petition_arrests', 'petition_arrests.petition_id', 'petitions.id')
      .leftJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select([
        'filing_run_petitions.position',
        'filing_run_petitions.packet_id',
        'petitions.id as petition_id',
        'petitions.matter_id',
        'petitions.case_number',
        'petitions.remedy',
        'petitions.status',
        'petitions.version as petition_version',
        'petitions.filed_on',
        'petitions.hearing_on',
        'petitions.rule_by_on',
        'petition_packets.version as packet_version',
        'petition_packets.pages',
        'matters.reference',
        'matters.stage',
        'clients.legal_name',
        'arrests.arrest_date',
      ])
      .where('filing_run_petitions.run_id', '=', runId)
      .orderBy('filing_run_petitions.position')
      .execute()
  );
}

export async function filingRunDetail(ctx: OfficeContext, runId: string): Promise<FilingRunDetail> {
  await requireRapSheetAccess(ctx, 'filings.run', runId.slice(0, 64));
  const id = await runOf(ctx, runId);
  const [[summary], rows, run] = await Promise.all([
    summaries(ctx.db, ctx.user.officeId, [id]),
    runPetitions(ctx.db, id),
    ctx.db.selectFrom('filing_runs').select('served_on').where('id', '=', id).executeTakeFirstOrThrow(),
  ]);
  if (!summary) throw notFound('That filing run');
  const notCurrent = await notCurrentIn(ctx.db, ctx, rows);
  let page = coverPages(rows.length) + 1;
  const petitions = rows.map((r): FilingRunPetition => {
    const firstPage = page;
    page += r.pages;
    return {
      position: r.position,
      petitionId: r.petition_id,
      matterId: r.matter_id,
      matterReference: r.reference,
      petitioner: r.legal_name,
      caseNumber: r.case_number,
      arrestDate: r.arrest_date,
      remedy: r.remedy,
      packetVersion: r.packet_version,
      pages: r.pages,
      firstPage,
      status: r.status,
      notCurrent: notCurrent.get(r.petition_id)?.why ?? null,
      missing: notCurrent.get(r.petition_id)?.missing ?? [],
      matterEnded:
        r.status === 'draft' && !FILING_BY_STAGE[r.stage as Stage]
          ? `${endedSaid(r.stage as Stage).replace(/^its/, 'Its')}.`
          : null,
      filedOn: r.filed_on,
      hearingOn: r.hearing_on,
      ruleByOn: r.rule_by_on,
    };
  });
  await putReadOnRecord(ctx.db, {
    action: 'filings.run',
    entityType: 'filing_run',
    entityId: id,
    detail: { petitionIds: petitions.map((p) => p.petitionId) },
  });
  return { ...summary, servedOn: run.served_on, petitions };
}

/** The packets of a run, in order, read a few at a time. */
async function* packetsOf(db: Db, runId: string): AsyncGenerator<PacketData> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('filing_run_petitions')
      .innerJoin('petition_packets', 'petition_packets.id', 'filing_run_petitions.packet_id')
      .select(['filing_run_petitions.position', 'petition_packets.data'])
      .where('filing_run_petitions.run_id', '=', runId)
      .where('filing_run_petitions.position', '>', after)
      .orderBy('filing_run_petitions.position')
      .limit(25)
      .execute();
    for (const row of rows) yield JSON.parse(row.data) as PacketData;
    const last = rows.at(-1);
    if (!last || rows.length < 25) return;
    after = last.position;
  }
}

/**
 * The cover list's rows: read once, small (no declarations or convictions kept). `each` sees every
 * packet as it is read, with its position in the run.
 */
async function coverOf(
  ctx: OfficeContext,
  runId: string,
  each?: (data: PacketData, position: number) => void,
): Promise<{ cover: FilingCover; petitionIds: string[] }> {
  const run = await ctx.db
    .selectFrom('filing_runs')
    .selectAll()
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  const office = await ctx.db
    .selectFrom('offices')
    .select('name')
    .where('id', '=', run.office_id)
    .executeTakeFirstOrThrow();
  const rows: FilingCover['rows'] = [];
  const petitionIds: string[] = [];
  for await (const data of packetsOf(ctx.db, runId)) {
    petitionIds.push(data.petitionId);
    each?.(data, petitionIds.length);
    rows.push({
      caseNumber: data.caseNumber,
      petitioner: data.petitioner.name,
      paper: paperOf(data),
      pages: 0,
    });
  }
  const pages = await ctx.db
    .selectFrom('filing_run_petitions')
    .innerJoin('petition_packets', 'petition_packets.id', 'filing_run_petitions.packet_id')
    .select(['filing_run_petitions.position', 'petition_packets.pages'])
    .where('filing_run_petitions.run_id', '=', runId)
    .orderBy('filing_run_petitions.position')
    .execute();
  pages.forEach((p, i) => {
    const row = rows[i];
    if (row) row.pages = p.pages;
  });
  return {
    cover: {
      courtName: run.court_name,
      courthouse: run.courthouse_id ? { name: run.courthouse_name, address: run.courthouse_address } : null,
      county: run.county,
      eFiling: run.e_filing === 1,
      date: californiaDate(ctx.clock.now()),
      officeName: office.name,
      rows,
    },
    petitionIds,
  };
}

const slug = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** "filing-run-alameda-lakeview-hall-of-justice-2026-11-28" */
function runFileName(cover: FilingCover): string {
  return [
    'filing-run',
    slug(cover.county),
    ...(cover.courthouse ? [slug(cover.courthouse.name)] : []),
    cover.date,
  ]
    .filter(Boolean)
    .join('-');
}

/** "the petitioner's name has "王" (U+738B, a Chinese character). Enter the client's name in…" */
function unprintableSaid(r: UnprintableTextError): string {
  return `${r.place.what.charAt(0).toLowerCase()}${r.place.what.slice(1)} has ${describeCharacter(r.character)}. ${r.place.fix}.`;
}

/** The court papers' check, its fonts loaded once: each overview and new run checks its packets. */
let paperCheck: FilingRunCheck | null = null;
const courtPaperCheck = () => {
  paperCheck ??= filingRunCheck();
  return paperCheck;
};

async function officeNameOf(ctx: OfficeContext): Promise<string> {
  const office = await ctx.db
    .selectFrom('offices')
    .select('name')
    .where('id', '=', ctx.user.officeId)
    .executeTakeFirstOrThrow();
  return office.name;
}

/** A packet of a run whose text the court papers cannot show. */
interface UnprintablePacket {
  position: number;
  petitionId: string;
  caseNumber: string;
  arrestDate: string | null;
  refusal: UnprintableTextError;
}

/** Problems named in full in a refused run's message; the rest by their matters (all are field errors). */
const UNPRINTABLE_NAMED = 10;

/**
 * A run that cannot be drawn to the end, refused before any of it is: each packet whose text the
 * papers' fonts cannot show named by its matter, client and case with what to correct (a name as the
 * court's records have it, in Latin letters), and the cover's own text if it has such a character.
 * The packets are the run's: once corrected, they are prepared again and filed in a new run. On record
 * as refused, with the petitions and where in each the text is (never the text).
 */
async function unprintableRun(
  ctx: OfficeContext,
  runId: string,
  packets: UnprintablePacket[],
  cover: UnprintableTextError | null,
): Promise<AppError> {
  const whose = new Map(
    packets.length === 0
      ? []
      : (
          await ctx.db
            .selectFrom('petitions')
            .innerJoin('matters', 'matters.id', 'petitions.matter_id')
            .innerJoin('clients', 'clients.id', 'matters.client_id')
            .select(['petitions.id', 'matters.reference', 'clients.legal_name'])
            .where(
              'petitions.id',
              'in',
              packets.map((p) => p.petitionId),
            )
            .execute()
        ).map((r) => [r.id, r]),
  );
  const named = (p: UnprintablePacket) => {
    const w = whose.get(p.petitionId);
    return [
      w ? `Matter ${w.reference}, client ${w.legal_name}` : 'A petition',
      ...(p.caseNumber || p.arrestDate ? [petitionNamed(p)] : []),
    ].join(', ');
  };
  // The cover's first: it is one, and named in full however many packets there are.
  const fieldErrors = [
    ...(cover
      ? [{ path: `cover.${cover.field ?? ''}`, message: `The filing list: ${unprintableSaid(cover)}` }]
      : []),
    ...packets.map((p) => ({
      path: `petitions.${p.position - 1}`,
      message: `${named(p)}: ${unprintableSaid(p.refusal)}`,
    })),
  ];
  const n = packets.length;
  const rest = packets
    .slice(UNPRINTABLE_NAMED - (cover ? 1 : 0))
    .map((p) => whose.get(p.petitionId)?.reference ?? p.petitionId);
  const message = [
    `This filing run cannot be printed: court papers print Latin letters with any accent, Greek and Cyrillic, and ${
      n === 0 ? 'its filing list has' : n === 1 ? 'one of its packets has' : `${n} of its packets have`
    } text they cannot show. Nothing was printed.`,
    ...fieldErrors.slice(0, UNPRINTABLE_NAMED).map((f) => f.message),
    ...(rest.length > 0 ? [`And ${rest.length} more: matters ${rest.join(', ')}.`] : []),
    n === 0
      ? 'Then make a new filing run.'
      : `Then prepare ${n === 1 ? 'that packet' : 'those packets'} again and make a new filing run with ${
          n === 1 ? 'it' : 'them'
        }: this run keeps the packets it was made with.`,
  ].join(' ');
  return new AppError('BAD_INPUT', message, {
    fieldErrors,
    audit: {
      entityType: 'filing_run',
      entityId: runId,
      detail: {
        unprintable: packets.map((p) => ({ petitionId: p.petitionId, field: p.refusal.field })),
        ...(cover ? { cover: cover.field } : {}),
      },
    },
  });
}

/**
 * A run holding a packet that is no longer the one to file, refused before any of it is printed: each
 * such petition named by its matter, client and case, with why (its packet no longer says what would
 * be drawn today, or a newer packet was prepared). On record as refused, with the petitions and why.
 */
function staleRun(
  runId: string,
  rows: Awaited<ReturnType<typeof runPetitions>>,
  notCurrent: Map<string, NotCurrentState>,
  asked: 'pdf' | 'csv',
): AppError {
  const stale = rows.flatMap((r) => {
    const state = notCurrent.get(r.petition_id);
    return state ? [{ ...r, ...state }] : [];
  });
  const fieldErrors = stale.map((r) => ({
    path: `petitions.${r.position - 1}`,
    message: `Matter ${r.reference}, client ${r.legal_name}${r.case_number || r.arrest_date ? `, ${rowNamed(r)}` : ''}: ${
      r.why === 'newer_packet'
        ? 'a newer packet was prepared after this run was made.'
        : r.why === 'records_changed'
          ? `its packet no longer says what would be drawn today: ${PACKET_NOT_AS_DRAWN_TODAY}.`
          : `its papers can no longer be drawn: ${r.missing.join(' ')}`
    }`,
  }));
  const n = stale.length;
  const message = [
    `${asked === 'pdf' ? 'This filing run cannot be printed' : 'This filing run’s list for the clerk cannot be made'}: ${
      n === 1 ? 'one of its packets is' : `${n} of its packets are`
    } no longer the papers to file. ${asked === 'pdf' ? 'Nothing was printed.' : 'No list was made.'}`,
    ...fieldErrors.map((f) => f.message),
    stale.every((r) => r.why === 'records_changed')
      ? `Prepare ${n === 1 ? 'that packet' : 'those packets'} again and make a new filing run with ${
          n === 1 ? 'it' : 'them'
        }: this run keeps the packets it was made with.`
      : `${[
          stale.some((r) => r.why === 'now_incomplete') ? 'Set what is missing. ' : '',
          stale.some((r) => r.why !== 'newer_packet')
            ? 'Prepare again each packet named that no newer packet followed, and m'
            : 'M',
        ].join(
          '',
        )}ake a new filing run with the current packets: this run keeps the packets it was made with.`,
  ].join(' ');
  return new AppError('BAD_INPUT', message, {
    fieldErrors,
    audit: {
      entityType: 'filing_run',
      entityId: runId,
      detail: { notCurrent: stale.map((r) => ({ petitionId: r.petition_id, why: r.why })) },
    },
  });
}

/**
 * A packet that no longer says what would be drawn today (or that a newer one followed) would print, or
 * list for the clerk, papers that are not the ones to file. Only drafts: a filed run prints as it was
 * filed.
 */
async function requireCurrentPackets(ctx: OfficeContext, runId: string, asked: 'pdf' | 'csv') {
  const all = await runPetitions(ctx.db, runId);
  const run = await ctx.db
    .selectFrom('filing_runs')
    .select('status')
    .where('id', '=', runId)
    .executeTakeFirstOrThrow();
  // A run not yet filed holding a petition whose matter ended since (the client withdrew, say) is
  // refused whole, naming each, rather than printed without it: the attorney checked the run's list,
  // and papers quietly missing from it would be found at the clerk's window, not here; refused, the
  // run is made again with the petitions still to file, and nothing of the ended matter is printed.
  const ended =
    run.status === 'filed'
      ? []
      : all.filter((r) => r.status === 'draft' && !FILING_BY_STAGE[r.stage as Stage]);
  if (ended.length > 0) {
    const fieldErrors = ended.map((r) => ({
      path: `petitions.${r.position - 1}`,
      message: `Matter ${r.reference}, client ${r.legal_name}${r.case_number || r.arrest_date ? `, ${rowNamed(r)}` : ''}: ${endedSaid(r.stage as Stage)}.`,
    }));
    throw new AppError(
      'BAD_INPUT',
      [
        `${asked === 'pdf' ? 'This filing run cannot be printed' : 'This filing run’s list for the clerk cannot be made'}: ${
          ended.length === 1 ? 'one of its petitions is' : `${ended.length} of its petitions are`
        } of a matter that ended since the run was made. ${asked === 'pdf' ? 'Nothing was printed.' : 'No list was made.'}`,
        ...fieldErrors.map((f) => f.message),
        'Make a new filing run without them (if a matter was ended by mistake, move it back first).',
      ].join(' '),
      {
        fieldErrors,
        audit: {
          entityType: 'filing_run',
          entityId: runId,
          detail: { ended: ended.map((r) => r.petition_id) },
        },
      },
    );
  }
  // A run not recorded filed whose petition was filed since (through another run, or by hand):
  // printing it would file that petition a second time.
  const filedSince = run.status === 'filed' ? [] : all.filter((r) => r.status !== 'draft');
  if (filedSince.length > 0) {
    const fieldErrors = filedSince.map((r) => ({
      path: `petitions.${r.position - 1}`,
      message: `Matter ${r.reference}, client ${r.legal_name}${r.case_number || r.arrest_date ? `, ${rowNamed(r)}` : ''}: already ${PETITION_STATUS_LABELS[r.status].toLowerCase()} since this run was made, through another run or by hand.`,
    }));
    throw new AppError(
      'BAD_INPUT',
      [
        `${asked === 'pdf' ? 'This filing run cannot be printed' : 'This filing run’s list for the clerk cannot be made'}: it would file again what was filed since. ${asked === 'pdf' ? 'Nothing was printed.' : 'No list was made.'}`,
        ...fieldErrors.map((f) => f.message),
        'Make a new filing run with the petitions still to file.',
      ].join(' '),
      {
        fieldErrors,
        audit: {
          entityType: 'filing_run',
          entityId: runId,
          detail: { filedSince: filedSince.map((r) => r.petition_id) },
        },
      },
    );
  }
  const rows = all.filter((r) => r.status === 'draft');
  const notCurrent = await notCurrentIn(ctx.db, ctx, rows);
  if (notCurrent.size > 0) throw staleRun(runId, rows, notCurrent, asked);
}

/**
 * The run as one PDF, streamed as it is drawn: the cover list, then each packet from the snapshot it
 * was prepared from (the same pages as the stored packet). Every packet is checked before the first
 * byte: a draft's packet that no longer says what would be drawn today, or that a newer packet followed,
 * refuses the whole run, and so does text the court papers cannot show, each naming the matters to
 * correct (and nothing is put on record as printed); then it is put on record, and a failure of the
 * source while drawing is put on record too.
 */
export async function printFilingRun(
  ctx: OfficeContext,
  runId: string,
): Promise<{ stream: Readable; filename: string; petitions: number }> {
  // Who may print a run or its list: as the filing procedures (attorneys and supervisors).
  await requirePermission(ctx, 'decideEligibility');
  await requireRapSheetAccess(ctx, 'filings.printRun', runId.slice(0, 64));
  const id = await runOf(ctx, runId);
  const check = courtPaperCheck();
  const unprintable: UnprintablePacket[] = [];
  const { cover, petitionIds } = await coverOf(ctx, id, (data, position) => {
    const refusal = check.packet(data);
    if (refusal)
      unprintable.push({
        position,
        petitionId: data.petitionId,
        caseNumber: data.caseNumber,
        arrestDate: data.arrests?.[0]?.arrestDate ?? null,
        refusal,
      });
  });
  const coverRefusal = check.cover(cover);
  if (unprintable.length > 0 || coverRefusal) throw await unprintableRun(ctx, id, unprintable, coverRefusal);
  // Asked after what cannot be printed at all, whose refusal says what to correct before preparing again.
  await requireCurrentPackets(ctx, id, 'pdf');
  await putReadOnRecord(ctx.db, {
    entityType: 'filing_run',
    entityId: id,
    detail: {
      petitionIds,
      pages: coverPages(cover.rows.length) + cover.rows.reduce((s, r) => s + r.pages, 0),
    },
  });
  const db = ctx.db;
  async function* recorded(): AsyncGenerator<PacketData> {
    let drawn = 0;
    try {
      for await (const packet of packetsOf(db, id)) {
        drawn++;
        yield packet;
      }
    } catch (error) {
      await putOnRecord(db, {
        entityType: 'filing_run',
        entityId: id,
        outcome: 'failed',
        detail: { drawn },
      });
      throw error;
    }
  }
  return {
    stream: renderFilingRunPdf(cover, recorded()),
    filename: `${runFileName(cover)}.pdf`,
    petitions: cover.rows.length,
  };
}

const CSV_COLUMNS: [
  string,
  (data: PacketData, at: { position: number; firstPage: number; pages: number }) => string | number,
][] = [
  ['#', (_, at) => at.position],
  ['Case number', (d) => d.caseNumber],
  ['Petitioner', (d) => d.petitioner.name],
  ['Date of birth', (d) => d.petitioner.dateOfBirth],
  ['Papers', (d) => paperOf(d)],
  // A petition holds convictions or (PC 851.91) one arrest: each in its own column, the other empty.
  ['Convictions', (d) => d.convictions.map((c) => `${c.code} ${c.section}`).join('; ')],
  ['Arrest', (d) => (d.arrests ?? []).map((a) => `${a.arrestDate}: ${a.code} ${a.section}`).join('; ')],
  [
    'Statute cited',
    (d) => [...new Set([...d.convictions, ...(d.arrests ?? [])].map((c) => c.citation))].join('; '),
  ],
  ['Declaration', (d) => (d.declaration ? 'yes' : 'no')],
  ['Served', (d) => d.served.map((s) => s.name).join('; ')],
  ['Attorney', (d) => d.attorney.name],
  ['State Bar No.', (d) => d.attorney.stateBarNumber],
  ['Pages', (_, at) => at.pages],
  ['First page', (_, at) => at.firstPage],
  ['Last page', (_, at) => at.firstPage + at.pages - 1],
];

/** The clerk's list of the run: one row per petition, in the PDF's order. Audited. */
export async function filingRunCsv(
  ctx: OfficeContext,
  runId: string,
): Promise<{ csv: string; filename: string }> {
  // Who may print a run or its list: as the filing procedures (attorneys and supervisors).
  await requirePermission(ctx, 'decideEligibility');
  await requireRapSheetAccess(ctx, 'filings.exportCsv', runId.slice(0, 64));
  const id = await runOf(ctx, runId);
  await requireCurrentPackets(ctx, id, 'csv');
  const { cover, petitionIds } = await coverOf(ctx, id);
  let page = coverPages(cover.rows.length) + 1;
  const lines = ['\uFEFF', `${CSV_COLUMNS.map(([name]) => csvCell(name)).join(',')}\r\n`];
  let position = 0;
  for await (const data of packetsOf(ctx.db, id)) {
    const pages = cover.rows[position]?.pages ?? 0;
    position++;
    const at = { position, firstPage: page, pages };
    page += pages;
    lines.push(`${CSV_COLUMNS.map(([, cell]) => csvCell(cell(data, at))).join(',')}\r\n`);
  }
  await putReadOnRecord(ctx.db, {
    entityType: 'filing_run',
    entityId: id,
    detail: { petitionIds },
  });
  return {
    csv: lines.join(''),
    filename: `${runFileName(cover)}.csv`,
  };
}

/**
 * The run was filed: every petition in it filed on one day, served (when given), with the hearing or
 * rule-by date the court set for each; each matter follows its petition to "awaiting court decision".
 * All or nothing: a petition filed otherwise meanwhile, whose packet was prepared again since the run
 * was printed, or whose packet no longer says what would be drawn today, refuses the whole record,
 * naming it.
 */
export async function recordRunFiled(
  ctx: OfficeContext,
  input: z.output<typeof recordRunFiledInputSchema>,
): Promise<FilingRunDetail> {
  const today = californiaDate(ctx.clock.now());
  if (input.filedOn > today)
    throw badInput(
      'filedOn',
      `The filing date cannot be after today (${readableDate(today)}). Check the date filed.`,
    );
  if (input.servedOn && input.servedOn > today)
    throw badInput('servedOn', `The service date cannot be after today (${readableDate(today)}).`);
  await requireRapSheetAccess(ctx, 'filings.recordFiled', input.runId);
  const id = await runOf(ctx, input.runId);
  await inTransaction(ctx.db, async ({ tx }) => {
    const run = await tx
      .selectFrom('filing_runs')
      .selectAll()
      .where('id', '=', id)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    if (run.version !== input.version || run.status === 'filed')
      throw await versionConflict(tx, 'this filing run', run);
    const listed = await runPetitions(tx, id);
    // Its matters before its petitions (lockMatters.ts), then the petitions read again under them.
    await lockMatters(
      tx,
      listed.map((r) => r.matter_id),
    );
    const rows = await runPetitions(tx, id);
    const given = new Map(input.petitions.map((p) => [p.petitionId, p]));
    if (given.size !== rows.length || rows.some((r) => !given.has(r.petition_id)))
      throw badInput('petitions', 'Give the dates for exactly the petitions of this run.');
    const notCurrent = await notCurrentIn(tx, ctx, rows);
    const problems = rows.flatMap((r, i) => {
      const name = `${r.legal_name}, ${rowNamed(r)}`;
      if (r.status !== 'draft')
        return [
          {
            path: `petitions.${i}`,
            message: `${name} is already ${PETITION_STATUS_LABELS[r.status].toLowerCase()}: make a new filing run with the petitions still to file.`,
          },
        ];
      if (!FILING_BY_STAGE[r.stage as Stage])
        return [
          {
            path: `petitions.${i}`,
            message: `${name} cannot be recorded filed: ${endedSaid(r.stage as Stage)}. Make a new filing run without it.`,
          },
        ];
      const why = notCurrent.get(r.petition_id);
      if (why)
        return [
          { path: `petitions.${i}`, message: `${name} ${notCurrentSaid(why, 'print a new run with it')}` },
        ];
      return [];
    });
    if (problems.length > 0)
      throw new AppError(
        'BAD_INPUT',
        `The run cannot be recorded filed. ${problems.map((p) => p.message).join(' ')}`,
        {
          fieldErrors: problems,
          // On record as refused, with the petitions whose packets are no longer the ones to file.
          audit: {
            entityType: 'filing_run',
            entityId: id,
            detail: { notCurrent: [...notCurrent].map(([petitionId, { why }]) => ({ petitionId, why })) },
          },
        },
      );
    const now = ctx.clock.now().toISOString();
    const matters = new Set<string>();
    for (const r of rows) {
      const dates = given.get(r.petition_id);
      const to: PetitionStatus = dates?.hearingOn ? 'hearing_set' : 'filed';
      const saved = await tx
        .updateTable('petitions')
        .set({
          status: to,
          filed_on: input.filedOn,
          served_on: input.servedOn,
          hearing_on: dates?.hearingOn ?? null,
          rule_by_on: dates?.ruleByOn ?? null,
          updated_at: now,
          updated_by: ctx.user.id,
          version: r.petition_version + 1,
        })
        .where('id', '=', r.petition_id)
        .where('version', '=', r.petition_version)
        .executeTakeFirst();
      if (Number(saved.numUpdatedRows) !== 1) {
        const current = await tx
          .selectFrom('petitions')
          .select(['updated_by', 'updated_at'])
          .where('id', '=', r.petition_id)
          .executeTakeFirstOrThrow();
        throw await versionConflict(tx, `the petition of ${r.legal_name} (${rowNamed(r)})`, current);
      }
      await recordEvent(
        tx,
        ctx,
        { id: r.matter_id, officeId: run.office_id },
        'petition_status',
        `Petition ${petitionTitled({ remedy: r.remedy, caseNumber: r.case_number, arrestDate: r.arrest_date })}: ${PETITION_STATUS_LABELS[to].toLowerCase()} (filing run).`,
        { petitionId: r.petition_id, from: 'draft', to, runId: id },
      );
      matters.add(r.matter_id);
    }
    for (const matterId of matters) {
      await followFiling(tx, ctx, matterId);
      await refreshQueueFacts(tx, matterId);
    }
    await tx
      .updateTable('filing_runs')
      .set({
        status: 'filed',
        filed_on: input.filedOn,
        served_on: input.servedOn,
        version: run.version + 1,
        updated_at: now,
        updated_by: ctx.user.id,
      })
      .where('id', '=', id)
      .where('version', '=', run.version)
      .execute();
    await putOnRecord(tx, {
      entityType: 'filing_run',
      entityId: id,
      detail: { petitionIds: rows.map((r) => r.petition_id), filedOn: input.filedOn },
    });
  });
  return filingRunDetail(ctx, id);
}
