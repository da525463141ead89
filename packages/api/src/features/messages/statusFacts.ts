// The matter's records that a status update's claims rest on (see unbackedStatusClaims): its stage,
// its convictions' current decisions, its petitions before the court, whether its RAP sheet and the
// court's records came, whether the person is recorded under supervision, and whether another office
// holds it and still works it; and what a "transferred" update says moved and stays (transferFacts).
import { acrossOffices, type Db, type Matter, type Tx } from '@relief-desk/db';
import {
  type County,
  californiaDate,
  type DocumentKind,
  type IsoDate,
  isOpenStage,
  namedCountyOf,
  OPEN_STAGES,
  type Outcome,
  RAP_SHEET_KINDS,
  type StatusChoice,
  type StatusFacts,
  somethingToClear,
  stillBeforeCourt,
  UNBACKED_STATUS,
  unbackedStatusClaims,
} from '@relief-desk/domain';
import type { TransferFacts } from '@relief-desk/notify';
import { putReadInOtherOffice } from '../../audit.ts';
import type { Context } from '../../context.ts';
import { AppError } from '../../errors.ts';
import { conclusionFacts } from '../../matter-core/stageFacts.ts';
import { personFactsOf } from '../eligibility/record.ts';

/**
 * Each petition's requests (its convictions, or its arrest) with their outcomes and court's county: of
 * records still on the matter (a withdrawn petition may hold one removed as entered by mistake).
 */
async function petitionRequests(db: Db | Tx, matterId: string) {
  const [petitions, convictions, arrests] = await Promise.all([
    db
      .selectFrom('petitions')
      .select(['id', 'status', 'hearing_on', 'filed_on'])
      .where('matter_id', '=', matterId)
      .execute(),
    db
      .selectFrom('petition_convictions')
      .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select(['petition_convictions.petition_id', 'petition_convictions.outcome', 'convictions.county'])
      .where('petitions.matter_id', '=', matterId)
      .where('convictions.removed_at', 'is', null)
      .execute(),
    db
      .selectFrom('petition_arrests')
      .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
      .innerJoin('arrests', 'arrests.id', 'petition_arrests.arrest_id')
      .select(['petition_arrests.petition_id', 'petition_arrests.outcome', 'petition_arrests.county'])
      .where('petitions.matter_id', '=', matterId)
      .where('arrests.removed_at', 'is', null)
      .execute(),
  ]);
  const requests = [...convictions, ...arrests];
  return petitions.map((petition) => ({
    ...petition,
    requests: requests.filter((r) => r.petition_id === petition.id) as {
      outcome: Outcome | null;
      county: County;
    }[],
  }));
}

/** The court's outcomes and the petitions still before it, with their courts' counties. */
async function courtFacts(
  db: Db | Tx,
  matter: Matter,
): Promise<Pick<StatusFacts, 'courtOutcomes' | 'pendingPetitions' | 'withdrawnAfterFiling'>> {
  const petitions = await petitionRequests(db, matter.id);
  return {
    // A draft dropped before filing asked the court nothing; one filed and then withdrawn did (unless
    // every record it asked about has been removed from the matter as entered by mistake).
    withdrawnAfterFiling: petitions.filter(
      (p) => p.status === 'withdrawn' && p.filed_on !== null && p.requests.length > 0,
    ).length,
    courtOutcomes: petitions
      .filter((p) => p.status === 'decided')
      .flatMap((p) => p.requests)
      .filter((r): r is { outcome: Outcome; county: County } => r.outcome !== null),
    // Still before the court: filed and not decided, or decided with a hearing continued.
    pendingPetitions: petitions
      .filter((p) => stillBeforeCourt({ status: p.status, outcomes: p.requests.map((r) => r.outcome) }))
      .map((p) => ({ hearingOn: p.hearing_on, county: p.requests[0]?.county ?? matter.county })),
  };
}

/** Whether a document of these kinds is recorded received or reviewed on the matter: it was read. */
async function documentRead(db: Db | Tx, matterId: string, kinds: readonly DocumentKind[]): Promise<boolean> {
  const row = await db
    .selectFrom('document_requests')
    .select('id')
    .where('matter_id', '=', matterId)
    .where('kind', 'in', [...kinds])
    .where('status', 'in', ['received', 'reviewed'])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * What the matter's records hold that a status update can claim, as of `today`. Whether the office a
 * matter was passed on to still works it is read (across offices, on that office's log) only when
 * `transferred` asks it: only a "transferred" update claims it.
 */
export async function statusFacts(
  db: Db | Tx,
  matter: Matter,
  today: IsoDate,
  {
    transferred = true,
    notEligible = true,
    otherMatters = false,
  }: { transferred?: boolean; notEligible?: boolean; otherMatters?: boolean } = {},
): Promise<StatusFacts> {
  const [decided, court, rapSheetRead, courtRecordRead, person] = await Promise.all([
    conclusionFacts(db, matter, today, { rules: notEligible }),
    courtFacts(db, matter),
    documentRead(db, matter.id, RAP_SHEET_KINDS),
    documentRead(db, matter.id, ['court_docket']),
    personFactsOf(db, matter.client_id),
  ]);
  return {
    stage: matter.stage,
    ...decided,
    ...court,
    rapSheetRead,
    courtRecordRead,
    underSupervision: person.facts.underSupervision,
    // Another office holds it: passed on to the office recorded as receiving it.
    passedOn: matter.referred_to_office_id !== null && matter.passed_on_at !== null,
    receivingOfficeWorksIt: transferred ? await receivingOfficeWorksIt(db, matter) : undefined,
    ...(otherMatters ? { otherMattersToClear: await otherMattersToClear(db, matter, today) } : {}),
    today,
  };
}

/**
 * The counties of the person's other open matters with this office whose records hold something to
 * clear, read by the same rules as the matter's own (conclusionFacts, courtFacts).
 */
async function otherMattersToClear(db: Db | Tx, matter: Matter, today: IsoDate): Promise<County[]> {
  const others = await db
    .selectFrom('matters')
    .selectAll()
    .where('office_id', '=', matter.office_id)
    .where('client_id', '=', matter.client_id)
    .where('id', '<>', matter.id)
    .where('stage', 'in', [...OPEN_STAGES])
    .execute();
  const counties: County[] = [];
  for (const other of others) {
    const [decided, court] = await Promise.all([
      conclusionFacts(db, other, today, { rules: false }),
      courtFacts(db, other),
    ]);
    if (somethingToClear({ ...decided, ...court })) counties.push(other.county);
  }
  return counties;
}

/**
 * What a "transferred" update says moved and what stays: the name of the office the matter was passed
 * on to (null when none is recorded), and the counties of the person's other open matters with this
 * office, which stay here. "Your request moved" alone would tell a person who applied for two counties
 * that both went (only the county another office serves did).
 */
export async function transferFacts(db: Db | Tx, matter: Matter): Promise<TransferFacts> {
  const [office, others] = await Promise.all([
    matter.referred_to_office_id === null
      ? undefined
      : db
          .selectFrom('offices')
          .select('name')
          .where('id', '=', matter.referred_to_office_id)
          .executeTakeFirst(),
    db
      .selectFrom('matters')
      .select('county')
      .where('office_id', '=', matter.office_id)
      .where('client_id', '=', matter.client_id)
      .where('id', '<>', matter.id)
      // Another matter of the county that moved is not "the rest": the message would say the county
      // both moved and stayed.
      .where('county', '<>', matter.county)
      .where('stage', 'in', [...OPEN_STAGES])
      .execute(),
  ]);
  return {
    receivingOffice: office?.name.trim() ? office.name : null,
    staysHere: [...new Set(others.map((o) => o.county))].sort(),
  };
}

/** How many offices on from this one a matter passed on again is followed. */
const PASSED_ON_HOPS = 4;

/**
 * Whether an office will still contact the client about a matter passed on: the receiving office
 * works the matter it holds, or another open one of the same person in that county (its staff merged
 * the client into a record they had, and kept their own matter), or passed it on again to an office
 * that does. Undefined when not passed on, or passed on before the two were linked. Read across
 * offices: only stages, of matters of the person this matter was passed on for. A person's request
 * that reads them is put on each receiving office's log (putReadInOtherOffice), as its own staff's
 * reads are.
 */
async function receivingOfficeWorksIt(db: Db | Tx, matter: Matter): Promise<boolean | undefined> {
  if (matter.passed_on_at === null || matter.passed_on_to_matter_id === null) return undefined;
  const across = acrossOffices(db);
  let next: string | null = matter.passed_on_to_matter_id;
  for (let hop = 0; next !== null && hop < PASSED_ON_HOPS; hop++) {
    const theirs = await across
      .selectFrom('matters')
      .select(['id', 'office_id', 'client_id', 'county', 'stage', 'passed_on_at', 'passed_on_to_matter_id'])
      .where('id', '=', next)
      .executeTakeFirst();
    // Gone (its record purged): nobody works it.
    if (!theirs) return false;
    await putReadInOtherOffice(db, {
      officeId: theirs.office_id,
      action: 'matters.passedOnStillWorked',
      entityType: 'matter',
      entityId: theirs.id,
      detail: { passedOnFrom: matter.id },
    });
    if (isOpenStage(theirs.stage)) return true;
    const open = await across
      .selectFrom('matters')
      .select('id')
      .where('office_id', '=', theirs.office_id)
      .where('client_id', '=', theirs.client_id)
      .where('county', '=', theirs.county)
      .where('stage', 'in', [...OPEN_STAGES])
      .executeTakeFirst();
    if (open) return true;
    next =
      theirs.stage === 'referred_out' && theirs.passed_on_at !== null ? theirs.passed_on_to_matter_id : null;
  }
  return false;
}

/**
 * Refuses a status update written earlier (waiting to be printed or sent, or sent again) that the
 * records no longer back, or whose county they no longer give: "the court in Alameda County" is untrue
 * once the only conviction still eligible is Contra Costa's. Otherwise the county it names.
 */
export async function requireStillBackedStatus(
  db: Db | Tx,
  ctx: Pick<Context, 'clock'>,
  matter: Matter,
  written: { choice: Parameters<typeof requireBackedStatus>[3]; county?: County },
  options: { acrossOffices?: boolean } = {},
): Promise<County> {
  const county = await requireBackedStatus(db, ctx, matter, written.choice, options);
  if (written.county === undefined || written.county === county) return county;
  throw new AppError(
    'BAD_INPUT',
    `It speaks of ${written.county} County, and the records now give ${county} County.`,
    {
      fieldErrors: [{ path: 'choice.statusType', message: 'The county it names is no longer the records’.' }],
      audit: { entityType: 'matter', entityId: matter.id, detail: { reason: UNBACKED_STATUS } },
    },
  );
}

/**
 * Refuses a status update that would tell the client something the matter's records do not back;
 * otherwise the county its message names, read from the same facts: the court's for a court date or
 * a decision (a petition can be filed in another county than the matter's), the convicting court's
 * for "eligible" (and "not eligible" when all are in one county), else the matter's.
 */
export async function requireBackedStatus(
  db: Db | Tx,
  ctx: Pick<Context, 'clock'>,
  matter: Matter,
  choice: Pick<StatusChoice, 'statusType' | 'courtDate' | 'nextSteps'> &
    Partial<Pick<StatusChoice, 'cantProceedReason'>>,
  { acrossOffices = true }: { acrossOffices?: boolean } = {},
): Promise<County> {
  const facts = await statusFacts(db, matter, californiaDate(ctx.clock.now()), {
    // Whether the receiving office still works it is read (on that office's log) only when asked.
    transferred: choice.statusType === 'transferred' && acrossOffices,
    // Running the rules on the matter's records is asked only by "not eligible".
    notEligible: choice.statusType === 'not_eligible',
    // Only these two speak of the person's whole record (a text names no county).
    otherMatters: choice.statusType === 'not_eligible' || choice.statusType === 'no_convictions_found',
  });
  const problems = unbackedStatusClaims(choice, facts);
  const first = problems[0];
  if (!first) return namedCountyOf(choice, facts) ?? matter.county;
  // The refusal tells what the records hold ("a conviction is decided eligible"): it is on the log
  // as a read would be, once the request's transaction has rolled back.
  throw new AppError('BAD_INPUT', first.message, {
    fieldErrors: problems.map((p) => ({ path: `choice.${p.path}`, message: p.message })),
    audit: { entityType: 'matter', entityId: matter.id, detail: { reason: UNBACKED_STATUS } },
  });
}
