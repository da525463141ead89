// Petitions: created from convictions of one case under one remedy, or (PC 851.91) on one arrest that
// did not end in a conviction, then filed, heard and decided. A decision creates a request for the
// signed order, so the order's arrival is tracked like any document.
import { type Database, inTransaction, newId, type OfficeTx, takeTurns } from '@relief-desk/db';
import {
  ARREST_DISPOSITION_LABELS,
  addDays,
  COUNTY_PROSECUTOR_ID,
  type County,
  californiaDate,
  californiaDateTime,
  courthouseFor,
  courtOfCounty,
  courtOutsideCounty,
  type createArrestPetitionInputSchema,
  type createPetitionInputSchema,
  DOCUMENT_KIND_LABELS,
  isAutomaticRemedy,
  OPEN_PETITION_STATUSES,
  OUTCOME_LABELS,
  OUTCOMES,
  type Outcome,
  PETITION_STATUS_LABELS,
  type RemedyId,
  readableDate,
  remedyLabel,
  type setPetitionCourthouseInputSchema,
  type setPetitionProsecutorInputSchema,
  stageAfterFiling,
  type updatePetitionInputSchema,
} from '@relief-desk/domain';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { requireRapSheetAccess } from '../../access.ts';
import { putOnRecord } from '../../audit.ts';
import { requireSaved, versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { moveSentence, recordEvent, recordStageMove } from '../../matter-core/events.ts';
import { lockMatter, lockMatterOf } from '../../matter-core/lockMatters.ts';
import { refreshQueueFacts } from '../../matter-core/queueFacts.ts';
import { requireMatter } from '../../matter-core/requireMatter.ts';
import { stageMoveColumns } from '../../matter-core/stageFacts.ts';
import { dueDaysFor } from '../documents/dueDays.ts';
import { outcomeGivesOrder } from '../messages/signedOrders.ts';
import { countyCourtOf, parseCourthouses, parseProsecutors } from '../packets/settings.ts';
import { arrestCountyProblem } from './arrestCounty.ts';

/** "PC 1203.4 dismissal, case 16CR01234"; an arrest petition filed without a case, by its remedy alone. */
const petitionLabel = (p: { remedy: string; case_number: string }) =>
  `${remedyLabel(p.remedy)}${p.case_number ? `, case ${p.case_number}` : ''}`;

export async function createPetition(ctx: OfficeContext, input: z.output<typeof createPetitionInputSchema>) {
  await requireRapSheetAccess(ctx, 'petitions.create', input.matterId);
  // PC 851.91 seals an arrest: its petition is drafted on the arrest (createArrestPetition).
  if (input.remedy === 'pc851.91')
    throw badInput(
      'remedy',
      'A petition to seal an arrest (PC 851.91) is drafted on the arrest, one petition per arrest, not on convictions: draft it from the arrests to petition for at Filing runs.',
    );
  // Relief the DOJ grants by itself: nothing is filed for it.
  if (isAutomaticRemedy(input.remedy))
    throw badInput(
      'remedy',
      `${remedyLabel(input.remedy)} is granted by the DOJ without a petition: nothing is filed for it. Record the decision, and look for “relief granted” on the next RAP sheet; to ask the court, draft the petition under the remedy it asks for, such as PC 1203.4 or PC 17(b).`,
    );
  return inTransaction(ctx.db, async ({ tx }) => {
    await lockMatter(tx, input.matterId);
    const matter = await requireMatter(tx, input.matterId);
    const ids = [...new Set(input.convictionIds)];
    const convictions = await tx
      .selectFrom('convictions')
      .select([
        'id',
        'case_number',
        'county',
        'code',
        'section',
        'relief_granted_remedy',
        'relief_granted_on',
      ])
      .where('matter_id', '=', matter.id)
      .where('id', 'in', ids)
      .where('removed_at', 'is', null)
      // Locked on PostgreSQL: a removal of one at the same time waits, then finds this petition.
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .execute();
    if (convictions.length !== ids.length) {
      const missing = ids.filter((id) => !convictions.some((c) => c.id === id));
      const removed = await tx
        .selectFrom('convictions')
        .select('id')
        .where('matter_id', '=', matter.id)
        .where('id', 'in', missing)
        .where('removed_at', 'is not', null)
        .execute();
      if (removed.length > 0)
        throw badInput(
          'convictionIds',
          'A conviction chosen has been removed from the matter: reload the page and choose from the convictions it has now.',
        );
      // Another matter's convictions (perhaps another office's): refused, and on record wherever they live.
      const foreign = missing;
      throw new AppError('BAD_INPUT', 'Choose convictions of this matter only.', {
        fieldErrors: [{ path: 'convictionIds', message: 'Choose convictions of this matter only.' }],
        audit: {
          entityType: 'matter',
          entityId: matter.id,
          detail: { convictionIds: foreign },
          concerns: [{ entityType: 'conviction', ids: foreign }],
        },
      });
    }
    const cases = [...new Set(convictions.map((c) => c.case_number))];
    if (cases.length > 1)
      throw badInput(
        'convictionIds',
        `A petition covers one court case; these are from ${cases.join(' and ')}. File one petition per case.`,
      );
    // Relief the court already granted on a conviction (recorded from the RAP sheet or the client's
    // other matter) is not asked for again.
    const granted = convictions.find((c) => c.relief_granted_remedy === input.remedy);
    if (granted)
      throw badInput(
        'convictionIds',
        `The conviction under ${granted.code} ${granted.section}, case ${granted.case_number}, already has ${remedyLabel(input.remedy)} granted${granted.relief_granted_on ? ` (${readableDate(granted.relief_granted_on)})` : ''}: no second petition for it is filed. Leave it out of this petition, or correct its record if the relief was not granted.`,
      );
    const outside = convictions[0] && courtOutsideCounty(input.court, convictions[0].county);
    if (outside) throw badInput('court', outside);
    // One open petition per conviction and remedy (two tabs drafting the same one made two): drafts
    // of one matter take turns from this check to the insert. A decided or withdrawn one may be filed anew.
    await takeTurns(tx, 'petition', matter.id);
    await requireNoOtherOpenPetition(tx, { convictionIds: ids, remedy: input.remedy });

    const id = newId(ctx.clock.now());
    const now = ctx.clock.now().toISOString();
    await tx
      .insertInto('petitions')
      .values({
        id,
        matter_id: matter.id,
        office_id: matter.office_id,
        remedy: input.remedy,
        case_number: cases[0] ?? '',
        form_set: input.formSet,
        court: input.court,
        courthouse: input.courthouse,
        ...newDraft(now, ctx.user.id),
      })
      .execute();
    await tx
      .insertInto('petition_convictions')
      .values(ids.map((convictionId) => ({ petition_id: id, conviction_id: convictionId, outcome: null })))
      .execute();
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'petition_created',
      `Petition drafted: ${remedyLabel(input.remedy)}, case ${cases[0]}, ${ids.length} ${ids.length === 1 ? 'conviction' : 'convictions'}.`,
      { petitionId: id },
    );
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: id,
      detail: { matterId: matter.id },
    });
    return { id, version: 1 };
  });
}

/**
 * A PC 851.91 petition to seal one arrest of a matter (form CR-409-INFO: "A separate petition must be
 * filed for each arrest"), on the arrest's current decision for PC 851.91, which must be "eligible".
 * Filed in the county's court; the case number only when charges were filed. One petition an arrest
 * while it is not withdrawn.
 */
export async function createArrestPetition(
  ctx: OfficeContext,
  input: z.output<typeof createArrestPetitionInputSchema>,
): Promise<{ id: string; version: number }> {
  await requireRapSheetAccess(ctx, 'petitions.create', input.arrestId);
  return inTransaction(ctx.db, async ({ tx }) => {
    await lockMatterOf(tx, 'arrests', input.arrestId);
    const arrest = await tx
      .selectFrom('arrests')
      .selectAll()
      .where('id', '=', input.arrestId)
      .where('removed_at', 'is', null)
      // Locked on PostgreSQL: a removal of it at the same time waits, then finds this petition.
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    if (!arrest)
      throw notFound('That arrest', {
        entityType: 'arrest',
        entityId: input.arrestId,
      });
    const matter = await requireMatter(tx, arrest.matter_id);
    const decision = await tx
      .selectFrom('arrest_decisions')
      .select(['determination'])
      .where('arrest_id', '=', arrest.id)
      .where('remedy', '=', 'pc851.91')
      .orderBy('decided_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
    if (
      decision?.determination !== 'eligible_mandatory' &&
      decision?.determination !== 'eligible_discretionary'
    )
      throw badInput(
        'arrestId',
        decision
          ? 'The decision on this arrest for PC 851.91 is not “eligible”: record an eligible decision on the arrest before petitioning.'
          : 'This arrest has no decision for PC 851.91: record one on the arrest before petitioning.',
      );
    const wrongCounty = arrestCountyProblem(arrest.agency, input.county);
    if (wrongCounty) throw badInput('county', wrongCounty);
    // Drafts of one matter take turns from this check to the insert (PostgreSQL).
    await takeTurns(tx, 'petition', matter.id);
    await requireNoOtherArrestPetition(tx, { arrestId: arrest.id });

    const id = newId(ctx.clock.now());
    const now = ctx.clock.now().toISOString();
    await tx
      .insertInto('petitions')
      .values({
        id,
        matter_id: matter.id,
        office_id: matter.office_id,
        remedy: 'pc851.91',
        case_number: input.caseNumber,
        form_set: 'cr409_cr410',
        court: courtOfCounty(input.county),
        courthouse: '',
        ...newDraft(now, ctx.user.id),
      })
      .execute();
    await tx
      .insertInto('petition_arrests')
      .values({
        petition_id: id,
        arrest_id: arrest.id,
        office_id: matter.office_id,
        county: input.county,
        outcome: null,
      })
      .execute();
    const disposition = ARREST_DISPOSITION_LABELS[arrest.disposition]?.toLowerCase() ?? arrest.disposition;
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'petition_created',
      `Petition drafted: ${remedyLabel('pc851.91')}, arrest of ${readableDate(arrest.arrest_date)} (${arrest.code} ${arrest.section}, ${disposition}), ${input.county} County.`,
      { petitionId: id, arrestId: arrest.id },
    );
    // On record as drafting a petition, however it was started (the disclosure report reads one name).
    await putOnRecord(tx, {
      action: 'petitions.create',
      entityType: 'petition',
      entityId: id,
      detail: { matterId: matter.id, arrestId: arrest.id },
    });
    return { id, version: 1 };
  });
}

/** What every petition starts with: a draft, nothing filed, served or decided yet. */
const newDraft = (now: string, userId: string) =>
  ({
    status: 'draft',
    filed_on: null,
    served_on: null,
    hearing_on: null,
    rule_by_on: null,
    decided_on: null,
    order_file_id: null,
    created_at: now,
    updated_at: now,
    updated_by: userId,
  }) as const;

/**
 * One open petition per conviction and remedy (two tabs drafting the same one made two; a withdrawn or
 * decided one reopened made two): the caller takes turns on the matter's petitions first. A decided or
 * withdrawn one may be filed anew. `except`: the petition being reopened.
 */
async function requireNoOtherOpenPetition(
  tx: OfficeTx,
  { convictionIds, remedy, except }: { convictionIds: string[]; remedy: RemedyId; except?: string },
): Promise<void> {
  const open = await tx
    .selectFrom('petition_convictions')
    .innerJoin('petitions', 'petitions.id', 'petition_convictions.petition_id')
    .select(['petitions.status'])
    .where('petition_convictions.conviction_id', 'in', convictionIds)
    .where('petitions.remedy', '=', remedy)
    .where('petitions.status', 'in', [...OPEN_PETITION_STATUSES])
    .$if(except !== undefined, (q) => q.where('petitions.id', '!=', except ?? ''))
    .executeTakeFirst();
  if (open)
    throw badInput(
      except ? 'status' : 'convictionIds',
      `A petition for ${remedyLabel(remedy)} of ${except ? 'its' : 'these'} convictions is already open (${PETITION_STATUS_LABELS[open.status].toLowerCase()}): one open petition per conviction and remedy. Work on that one, or withdraw it first.`,
    );
}

/** One petition per arrest, withdrawn ones aside; as above, the caller takes turns first. */
async function requireNoOtherArrestPetition(
  tx: OfficeTx,
  { arrestId, except }: { arrestId: string; except?: string },
): Promise<void> {
  const other = await tx
    .selectFrom('petition_arrests')
    .innerJoin('petitions', 'petitions.id', 'petition_arrests.petition_id')
    .select(['petitions.id', 'petitions.status'])
    .where('petition_arrests.arrest_id', '=', arrestId)
    .where('petitions.status', '!=', 'withdrawn')
    .$if(except !== undefined, (q) => q.where('petitions.id', '!=', except ?? ''))
    .executeTakeFirst();
  if (other)
    throw badInput(
      except ? 'status' : 'arrestId',
      `This arrest already has ${except ? 'another' : 'a'} petition (${PETITION_STATUS_LABELS[other.status].toLowerCase()}): one petition per arrest.${except ? ' Work on that one, or withdraw it first.' : ''}`,
    );
}

/**
 * Whether a record the petition was drafted on has been removed from the matter since: a conviction,
 * or its arrest. Its records are locked on PostgreSQL, so a removal at the same time waits and then
 * finds the petition taken up again (or this finds the record removed).
 */
async function removedRecordOf(
  tx: OfficeTx,
  ctx: OfficeContext,
  petitionId: string,
): Promise<'conviction' | 'arrest' | null> {
  const lock = ctx.dialect === 'postgres';
  const convictions = await tx
    .selectFrom('convictions')
    .select('removed_at')
    .where(
      'id',
      'in',
      tx.selectFrom('petition_convictions').select('conviction_id').where('petition_id', '=', petitionId),
    )
    .$if(lock, (q) => q.forUpdate())
    .execute();
  if (convictions.some((c) => c.removed_at !== null)) return 'conviction';
  const arrests = await tx
    .selectFrom('arrests')
    .select('removed_at')
    .where(
      'id',
      'in',
      tx.selectFrom('petition_arrests').select('arrest_id').where('petition_id', '=', petitionId),
    )
    .$if(lock, (q) => q.forUpdate())
    .execute();
  return arrests.some((a) => a.removed_at !== null) ? 'arrest' : null;
}

/** The county a petition is filed in: its convictions', or the one its arrest petition names. */
async function countyOfPetition(tx: OfficeTx, petitionId: string): Promise<County> {
  const member = await tx
    .selectFrom('petition_convictions')
    .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
    .select('convictions.county')
    .where('petition_convictions.petition_id', '=', petitionId)
    .executeTakeFirst();
  if (member) return member.county;
  const arrest = await tx
    .selectFrom('petition_arrests')
    .select('county')
    .where('petition_id', '=', petitionId)
    .executeTakeFirst();
  // Every petition is created with its convictions or its arrest, in one transaction.
  if (!arrest) throw new Error(`Petition ${petitionId} holds neither convictions nor an arrest.`);
  return arrest.county;
}

export async function updatePetition(ctx: OfficeContext, input: z.output<typeof updatePetitionInputSchema>) {
  // Filing and the court's decision have happened by the time they are recorded.
  const today = californiaDate(ctx.clock.now());
  if (input.filedOn && input.filedOn > today)
    throw badInput(
      'filedOn',
      `The filing date cannot be after today (${readableDate(today)}). Check the date filed.`,
    );
  if (input.servedOn && input.servedOn > today)
    throw badInput(
      'servedOn',
      `The service date cannot be after today (${readableDate(today)}). Check the date served.`,
    );
  if (input.decidedOn && input.decidedOn > today)
    throw badInput(
      'decidedOn',
      `The decision date cannot be after today (${readableDate(today)}). Check the date decided.`,
    );
  await requireRapSheetAccess(ctx, 'petitions.update', input.petitionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const petition = await tx
      .selectFrom('petitions')
      .selectAll()
      .where('id', '=', input.petitionId)
      .executeTakeFirst();
    if (!petition)
      throw notFound('That petition', {
        entityType: 'petition',
        entityId: input.petitionId,
      });
    // An outcome message or a status update sent meanwhile waits, or is seen (earlierOutcomeTold).
    await lockMatter(tx, petition.matter_id);
    if (petition.version !== input.version) throw await versionConflict(tx, 'this petition', petition);
    // A court changed: it must be the case's county's (one saved before this check stays editable).
    if (input.court !== petition.court) {
      const outside = courtOutsideCounty(input.court, await countyOfPetition(tx, petition.id));
      if (outside) throw badInput('court', outside);
    }

    const members = await tx
      .selectFrom('petition_convictions')
      .innerJoin('convictions', 'convictions.id', 'petition_convictions.conviction_id')
      .select([
        'petition_convictions.conviction_id',
        'petition_convictions.outcome',
        'convictions.conviction_date',
        'convictions.removed_at',
      ])
      .where('petition_convictions.petition_id', '=', petition.id)
      .execute();
    // A petition asks to clear a conviction: it is filed after the conviction, not before.
    const latestConviction = members
      .map((m) => m.conviction_date)
      .filter((d): d is string => d !== null)
      .sort()
      .at(-1);
    if (input.filedOn && latestConviction && input.filedOn < latestConviction)
      throw badInput(
        'filedOn',
        `The filing date is before a conviction this petition asks to clear (convicted ${readableDate(latestConviction)}). Check the date filed.`,
      );
    const arrestMember = await tx
      .selectFrom('petition_arrests')
      .select(['arrest_id', 'outcome'])
      .where('petition_id', '=', petition.id)
      .executeTakeFirst();
    // A withdrawn petition taken up again would file, and tell the client of, a record removed since.
    if (petition.status === 'withdrawn' && input.status !== 'withdrawn') {
      const removed = await removedRecordOf(tx, ctx, petition.id);
      if (removed)
        throw badInput(
          'status',
          `${removed === 'arrest' ? 'The arrest' : 'A conviction'} this petition was drafted on has been removed from the matter, so the petition stays withdrawn. Draft a new petition from the records the matter has now.`,
        );
    }
    if (input.arrestOutcome !== undefined && !arrestMember)
      throw badInput(
        'arrestOutcome',
        'This petition is on convictions: give the outcome per conviction, not on an arrest.',
      );
    // A removed conviction is no longer listed on the petition (withdrawn: removing waits for that).
    const memberIds = new Set(members.filter((m) => m.removed_at === null).map((m) => m.conviction_id));
    const given = new Set(input.outcomes.map((o) => o.convictionId));
    if (given.size !== memberIds.size || [...given].some((id) => !memberIds.has(id)))
      throw badInput(
        'outcomes',
        'Give an outcome (or none yet) for exactly the convictions in this petition.',
      );
    if (arrestMember) {
      // The arrest's outcome as it will be: given, or left as it is (the schema checks one given).
      const outcome = input.arrestOutcome === undefined ? arrestMember.outcome : input.arrestOutcome;
      if (input.status === 'decided' && !outcome)
        throw badInput('arrestOutcome', 'Record the court’s outcome on the arrest.');
      if (input.status !== 'decided' && outcome)
        throw badInput(
          'arrestOutcome',
          `The arrest has the court’s outcome (${OUTCOME_LABELS[outcome].toLowerCase()}): leave the status “${PETITION_STATUS_LABELS.decided}”, or set the outcome back to “No outcome yet”.`,
        );
    }
    // Reopened (a withdrawn or decided petition set back to an open status): as drafting a new one,
    // it may not make two open petitions of one conviction and remedy, or two of one arrest.
    const isOpen = (status: string) => (OPEN_PETITION_STATUSES as readonly string[]).includes(status);
    const reopened = arrestMember
      ? petition.status === 'withdrawn' && input.status !== 'withdrawn'
      : !isOpen(petition.status) && isOpen(input.status);
    if (reopened) {
      await takeTurns(tx, 'petition', petition.matter_id);
      if (arrestMember)
        await requireNoOtherArrestPetition(tx, { arrestId: arrestMember.arrest_id, except: petition.id });
      else
        await requireNoOtherOpenPetition(tx, {
          convictionIds: [...memberIds],
          remedy: petition.remedy,
          except: petition.id,
        });
    }

    const version = petition.version + 1;
    const saved = await tx
      .updateTable('petitions')
      .set({
        status: input.status,
        court: input.court,
        courthouse: input.courthouse,
        // The courthouse typed again by another name: that name decides, not the one chosen before.
        courthouse_id: input.courthouse === petition.courthouse ? petition.courthouse_id : null,
        filed_on: input.filedOn,
        served_on: input.servedOn,
        hearing_on: input.hearingOn,
        rule_by_on: input.ruleByOn,
        decided_on: input.decidedOn,
        updated_at: ctx.clock.now().toISOString(),
        updated_by: ctx.user.id,
        version,
      })
      .where('id', '=', petition.id)
      .where('version', '=', petition.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'petitions', petition.id, 'this petition');
    if (arrestMember && input.arrestOutcome !== undefined)
      await tx
        .updateTable('petition_arrests')
        .set({ outcome: input.arrestOutcome })
        .where('petition_id', '=', petition.id)
        .execute();
    for (const o of input.outcomes) {
      await tx
        .updateTable('petition_convictions')
        .set({ outcome: o.outcome })
        .where('petition_id', '=', petition.id)
        .where('conviction_id', '=', o.convictionId)
        .execute();
    }

    const matter = { id: petition.matter_id, officeId: petition.office_id };
    const label = petitionLabel(petition);
    let toldEarlier: string | null = null;
    if (petition.status !== input.status) {
      const outcomes =
        input.status === 'decided'
          ? ` (${summariseOutcomes([
              ...input.outcomes.map((o) => o.outcome),
              ...(arrestMember ? [input.arrestOutcome ?? arrestMember.outcome] : []),
            ] as (Outcome | null)[])})`
          : '';
      await recordEvent(
        tx,
        ctx,
        matter,
        'petition_status',
        `Petition ${label}: ${PETITION_STATUS_LABELS[input.status].toLowerCase()}${outcomes}.`,
        {
          petitionId: petition.id,
          from: petition.status,
          to: input.status,
        },
      );
      // A draft recorded straight as decided (the filing entered after the fact) was filed too.
      if (petition.status === 'draft' && ['filed', 'hearing_set', 'decided'].includes(input.status))
        await followFiling(tx, ctx, petition.matter_id);
    } else {
      // An outcome corrected says what changed, and, once the client was told the earlier one, that
      // they must be told again. Criminal history: the timeline withholds this sentence
      // (CRIMINAL_HISTORY_TEXT_BY_KIND.petition_updated) from staff without the RAP sheet permission.
      const changes = outcomeChanges(
        [
          ...members.map((m) => ({
            from: m.outcome,
            to: input.outcomes.find((o) => o.convictionId === m.conviction_id)?.outcome ?? null,
          })),
        ],
        arrestMember && input.arrestOutcome !== undefined
          ? [{ from: arrestMember.outcome, to: input.arrestOutcome }]
          : [],
      );
      toldEarlier = changes ? await earlierOutcomeTold(tx, petition.matter_id) : null;
      await recordEvent(
        tx,
        ctx,
        matter,
        'petition_updated',
        changes
          ? `Petition ${label}: ${changes}.${toldEarlier ? ` ${toldEarlier}` : ''}`
          : `Petition ${label} updated.`,
        {
          petitionId: petition.id,
          ...(changes ? { outcomeCorrected: true, clientToldEarlier: !!toldEarlier } : {}),
        },
      );
    }
    // The court's signed order follows the outcome, whenever it is recorded or corrected: asked of the
    // court when the court ruled, and no longer awaited once no order is coming (an outcome that gives
    // none, the petition withdrawn, or its decision taken back).
    const outcomes = [
      ...input.outcomes.map((o) => o.outcome),
      ...(arrestMember
        ? [input.arrestOutcome === undefined ? arrestMember.outcome : input.arrestOutcome]
        : []),
    ];
    if (input.status === 'decided' && outcomes.some(outcomeGivesOrder))
      await requestSignedOrder(tx, ctx, petition, label);
    else
      await cancelSignedOrder(
        tx,
        ctx,
        petition,
        input.status === 'decided'
          ? 'its outcome gives no order'
          : input.status === 'withdrawn'
            ? 'the petition was withdrawn'
            : 'the petition is no longer recorded decided',
      );
    await refreshQueueFacts(tx, petition.matter_id);
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: petition.id,
      detail: {
        from: petition.status,
        to: input.status,
        ...(toldEarlier ? { clientToldEarlier: true } : {}),
      },
    });
    // Shown where the petition was saved: the client holds the outcome as it was before.
    return { id: petition.id, version, clientToldEarlier: toldEarlier };
  });
}

type OutcomeChange = { from: Outcome | null; to: Outcome | null };

/**
 * "outcome for 1 conviction: granted → denied; for 1 arrest: denied → granted", or null when no
 * outcome changed (a date or the court corrected).
 */
function outcomeChanges(convictions: OutcomeChange[], arrests: OutcomeChange[]): string | null {
  const word = (o: Outcome | null) => (o ? OUTCOME_LABELS[o].toLowerCase() : 'no outcome');
  const told = (changes: OutcomeChange[], one: string, many: string) => {
    const counted = new Map<string, number>();
    for (const c of changes.filter((c) => c.from !== c.to)) {
      const key = `${word(c.from)} → ${word(c.to)}`;
      counted.set(key, (counted.get(key) ?? 0) + 1);
    }
    return [...counted].map(([change, n]) => `${n} ${n === 1 ? one : many}: ${change}`);
  };
  const parts = [...told(convictions, 'conviction', 'convictions'), ...told(arrests, 'arrest', 'arrests')];
  return parts.length > 0 ? `outcome for ${parts.join('; for ')}` : null;
}

/**
 * When the client was already told the court's outcome (the outcome message, or a granted or denied
 * status): the sentence telling staff they hold the earlier one and must be told the correction; null
 * when none was. (Not outcome.ts's outcomeAlreadySent, which refuses sending the outcome twice.)
 */
async function earlierOutcomeTold(tx: OfficeTx, matterId: string): Promise<string | null> {
  const sent = await tx
    .selectFrom('messages')
    .select('created_at')
    .where('matter_id', '=', matterId)
    // The outcome message, or a status update that told the court's decision.
    .where((eb) =>
      eb.or([
        eb('kind', '=', 'outcome'),
        eb.and([eb('kind', 'in', ['status', 'logged']), eb('status_type', 'in', ['granted', 'denied'])]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (!sent) return null;
  return `The client was told the court’s outcome on ${californiaDateTime(sent.created_at)}, before this correction: they hold the earlier outcome and must be told of the correction (send them a new outcome or status message).`;
}

/** "1 granted, 1 denied": in the outcomes' own order, whatever order the rows came in. */
function summariseOutcomes(outcomes: (Outcome | null)[]): string {
  return OUTCOMES.flatMap((outcome) => {
    const n = outcomes.filter((o) => o === outcome).length;
    return n > 0 ? [`${n} ${OUTCOME_LABELS[outcome].toLowerCase()}`] : [];
  }).join(', ');
}

/** Stages follow the records: a petition filed puts the matter in "awaiting court decision". */
export async function followFiling(tx: OfficeTx, ctx: OfficeContext, matterId: string) {
  const matter = await tx
    .selectFrom('matters')
    .selectAll()
    .where('id', '=', matterId)
    .executeTakeFirstOrThrow();
  const from = matter.stage;
  const to = stageAfterFiling(from);
  if (!to) return;
  const now = ctx.clock.now().toISOString();
  const moved = await tx
    .updateTable('matters')
    .set({
      ...stageMoveColumns(from, to, now),
      updated_at: now,
      updated_by: ctx.user.id,
      version: matter.version + 1,
    })
    .where('id', '=', matter.id)
    .where('version', '=', matter.version)
    .executeTakeFirst();
  // Someone moved the matter meanwhile (PostgreSQL): their move stands.
  if (Number(moved.numUpdatedRows) !== 1) return;
  await recordStageMove(
    tx,
    ctx,
    { id: matter.id, officeId: matter.office_id },
    { from, to },
    moveSentence(from, to, 'petition filed'),
  );
}

/**
 * Asks the court for a decided petition's signed order, once per petition (a request cancelled when
 * its outcome gave no order is asked again). The label names the petition by its remedy and court case,
 * so staff can tell two orders apart: the request list withholds it from staff without the RAP sheet
 * permission, and the timeline and calendar name it by its kind alone (documentName).
 */
async function requestSignedOrder(
  tx: OfficeTx,
  ctx: OfficeContext,
  petition: { id: string; matter_id: string; office_id: string },
  label: string,
) {
  // Locked: an order received meanwhile (an upload) is seen, not asked for again over it.
  const existing = await tx
    .selectFrom('document_requests')
    .select(['id', 'status', 'version'])
    .where('petition_id', '=', petition.id)
    .where('kind', '=', 'signed_order')
    .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
    .executeTakeFirst();
  const today = californiaDate(ctx.clock.now());
  const now = ctx.clock.now().toISOString();
  const dueOn = addDays(today, (await dueDaysFor(tx, petition.office_id)).signed_order);
  if (existing && existing.status !== 'cancelled') return;
  if (existing) {
    await tx
      .updateTable('document_requests')
      .set({
        status: 'requested',
        requested_on: today,
        due_on: dueOn,
        updated_at: now,
        updated_by: ctx.user.id,
        version: existing.version + 1,
      })
      .where('id', '=', existing.id)
      .where('version', '=', existing.version)
      .execute();
    await recordEvent(
      tx,
      ctx,
      { id: petition.matter_id, officeId: petition.office_id },
      'document_status',
      `${DOCUMENT_KIND_LABELS.signed_order}: requested again (the court ruled on the petition).`,
      { documentId: existing.id, kind: 'signed_order', from: 'cancelled', to: 'requested' },
    );
    return;
  }
  await tx
    .insertInto('document_requests')
    .values({
      id: newId(ctx.clock.now()),
      matter_id: petition.matter_id,
      office_id: petition.office_id,
      kind: 'signed_order',
      label: `Signed order: ${label}`,
      requested_from: 'court',
      requested_on: today,
      due_on: dueOn,
      status: 'requested',
      petition_id: petition.id,
      created_at: now,
      updated_at: now,
      updated_by: ctx.user.id,
    })
    .execute();
}

/**
 * A petition whose outcome gives no order (withdrawn, or its hearing continued), or no longer decided:
 * the order asked of the court is not coming, so its request is cancelled, not left awaited (the outcome
 * message would promise it, and closing would ask why it is missing). A received order is kept.
 */
async function cancelSignedOrder(
  tx: OfficeTx,
  ctx: OfficeContext,
  petition: { id: string; matter_id: string; office_id: string },
  why: string,
) {
  // Locked: an order received meanwhile (an upload) waits, and is then no longer "requested" here.
  const open = await tx
    .selectFrom('document_requests')
    .select(['id', 'version'])
    .where('petition_id', '=', petition.id)
    .where('kind', '=', 'signed_order')
    .where('status', '=', 'requested')
    .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
    .execute();
  const now = ctx.clock.now().toISOString();
  for (const request of open) {
    await tx
      .updateTable('document_requests')
      .set({ status: 'cancelled', updated_at: now, updated_by: ctx.user.id, version: request.version + 1 })
      .where('id', '=', request.id)
      .where('version', '=', request.version)
      .execute();
    await recordEvent(
      tx,
      ctx,
      { id: petition.matter_id, officeId: petition.office_id },
      'document_status',
      `${DOCUMENT_KIND_LABELS.signed_order}: cancelled (${why}: no order is coming).`,
      { documentId: request.id, kind: 'signed_order', from: 'requested', to: 'cancelled' },
    );
  }
}

type PetitionRow = Selectable<Database['petitions']>;
type CountyCourtRow = Awaited<ReturnType<typeof countyCourtOf>>;

/** What a choice made on a petition's packet changes, and how the timeline and the audit say it. */
interface PacketChoice {
  set: { courthouse_id?: string | null; courthouse?: string; prosecutor_id?: string | null };
  event: string;
  detail: Record<string, unknown>;
}

/**
 * A choice made on a petition's packet (its courthouse, the prosecutor it is served on): the petition
 * read in the caller's office, its version checked and bumped, the change told on the timeline and
 * audited, in one transaction. `choose` sees the petition's county and that county's court settings.
 */
async function choosePetitionPacketDetail(
  ctx: OfficeContext,
  action: 'petitions.setCourthouse' | 'petitions.setProsecutor',
  input: { petitionId: string; version: number },
  choose: (petition: PetitionRow, county: County, court: CountyCourtRow) => PacketChoice,
): Promise<{ id: string; version: number }> {
  await requireRapSheetAccess(ctx, action, input.petitionId);
  return inTransaction(ctx.db, async ({ tx }) => {
    const petition = await tx
      .selectFrom('petitions')
      .selectAll()
      .where('id', '=', input.petitionId)
      .executeTakeFirst();
    if (!petition) throw notFound('That petition', { entityType: 'petition', entityId: input.petitionId });
    if (petition.version !== input.version) throw await versionConflict(tx, 'this petition', petition);
    const county = await countyOfPetition(tx, petition.id);
    const choice = choose(petition, county, await countyCourtOf(tx, ctx.user.officeId, county));
    const version = petition.version + 1;
    const saved = await tx
      .updateTable('petitions')
      .set({ ...choice.set, updated_at: ctx.clock.now().toISOString(), updated_by: ctx.user.id, version })
      .where('id', '=', petition.id)
      .where('version', '=', petition.version)
      .executeTakeFirst();
    await requireSaved(tx, saved, 'petitions', petition.id, 'this petition');
    await recordEvent(
      tx,
      ctx,
      { id: petition.matter_id, officeId: petition.office_id },
      'petition_updated',
      `Petition ${petitionLabel(petition)}: ${choice.event}.`,
      { petitionId: petition.id },
    );
    await putOnRecord(tx, {
      entityType: 'petition',
      entityId: petition.id,
      detail: { ...choice.detail, version },
    });
    return { id: petition.id, version };
  });
}

/**
 * The courthouse a petition is filed at, chosen from its county's courthouses in the settings (its
 * packet's caption names it, and a filing run is for one courthouse); null goes back to the case
 * number's beginning. Versioned with the petition, audited.
 */
export function setPetitionCourthouse(
  ctx: OfficeContext,
  input: z.output<typeof setPetitionCourthouseInputSchema>,
): Promise<{ id: string; version: number }> {
  return choosePetitionPacketDetail(ctx, 'petitions.setCourthouse', input, (petition, county, court) => {
    const courthouses = parseCourthouses(court?.courthouses ?? '[]');
    const chosen = input.courthouseId ? courthouses.find((c) => c.id === input.courthouseId) : null;
    if (input.courthouseId && !chosen)
      throw badInput(
        'courthouseId',
        `That courthouse is not among ${county} County’s courthouses in Office settings: choose one of them.`,
      );
    // Without a choice, the case number decides (the typed name is cleared, or it would decide).
    const name = chosen?.name ?? '';
    const found = courthouseFor(courthouses, {
      caseNumber: petition.case_number,
      courthouseId: chosen?.id ?? null,
      courthouseName: name,
      county,
    });
    return {
      set: { courthouse_id: chosen?.id ?? null, courthouse: name },
      event: found.courthouse
        ? `to be filed at ${found.courthouse.name}${chosen ? '' : ' (by its case number)'}`
        : 'courthouse not chosen',
      detail: { chosen: chosen !== null && chosen !== undefined },
    };
  });
}

/**
 * The prosecutor a petition is served on, chosen on its packet from its county's prosecuting agencies
 * (the county's own: 'county'); null goes back to the settings' rule (the agency that takes the case's
 * level at its courthouse, else the county's). Versioned with the petition, audited.
 */
export function setPetitionProsecutor(
  ctx: OfficeContext,
  input: z.output<typeof setPetitionProsecutorInputSchema>,
): Promise<{ id: string; version: number }> {
  return choosePetitionPacketDetail(ctx, 'petitions.setProsecutor', input, (_petition, county, court) => {
    const others = parseProsecutors(court?.prosecutors ?? '[]');
    const chosen =
      input.prosecutorId === null
        ? null
        : input.prosecutorId === COUNTY_PROSECUTOR_ID
          ? { name: court?.prosecutor_name || `${county} County’s prosecutor` }
          : (others.find((p) => p.id === input.prosecutorId) ?? undefined);
    if (chosen === undefined)
      throw badInput(
        'prosecutorId',
        `That prosecutor is not among ${county} County’s prosecuting agencies in Office settings: choose one of them.`,
      );
    return {
      set: { prosecutor_id: input.prosecutorId },
      event: chosen ? `to be served on ${chosen.name}` : 'served on the prosecutor the settings name',
      detail: { prosecutorId: input.prosecutorId },
    };
  });
}
