// Recording a referral: creates or updates the client and opens one matter per county, all in one
// transaction. Counties this office serves start at "referral received"; others are referred out.
import { inTransaction, newId, type Tx } from '@relief-desk/db';
import {
  californiaDate,
  isOpenStage,
  nameSortKey,
  REFERRAL_SOURCE_LABELS,
  type RecordReferral,
  type Stage,
} from '@relief-desk/domain';
import { writeAudit } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { AuthedContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { clientColumns } from '../clients/columns.ts';
import { nextMatterReference, recordEvent } from '../matters/events.ts';
import { countiesServedBy, otherOfficesServing } from '../offices/queries.ts';

export interface RecordedMatter {
  id: string;
  reference: string;
  county: string;
  stage: Stage;
  referredTo: string | null;
}

export interface RecordedReferral {
  clientId: string;
  matters: RecordedMatter[];
}

export async function recordReferral(ctx: AuthedContext, input: RecordReferral): Promise<RecordedReferral> {
  const now = ctx.clock.now();
  const today = californiaDate(now);
  if (input.receivedOn > today) throw badInput('receivedOn', 'The date received cannot be in the future.');
  if (input.client.dateOfBirth >= today)
    throw badInput('client.dateOfBirth', 'The date of birth must be in the past.');

  return inTransaction(ctx.db, async ({ tx }) => {
    const clientId = await saveClient(tx, ctx, input);
    await refuseDuplicateMatters(tx, clientId, input.counties);

    const served = await countiesServedBy(tx, ctx.user.officeId);
    const elsewhere = await otherOfficesServing(
      tx,
      ctx.user.officeId,
      input.counties.filter((c) => !served.has(c)),
    );
    const source = REFERRAL_SOURCE_LABELS[input.source.kind].toLowerCase();
    const sourceText = input.source.detail ? `${source} (${input.source.detail})` : source;

    const matters: RecordedMatter[] = [];
    for (const county of input.counties) {
      const referredTo = served.has(county) ? null : (elsewhere.get(county) ?? null);
      const stage: Stage = served.has(county) ? 'referral_received' : 'referred_out';
      const id = newId(now);
      const reference = await nextMatterReference(tx, ctx.user.officeId, today.slice(0, 4));
      await tx
        .insertInto('matters')
        .values({
          id,
          reference,
          office_id: ctx.user.officeId,
          client_id: clientId,
          county,
          stage,
          referred_to_office_id: referredTo?.id ?? null,
          assignee_id: null,
          referral_source: input.source.kind,
          referral_source_detail: input.source.detail,
          received_on: input.receivedOn,
          // Referred out is a closed stage: it leaves the open caseload, queues and aging at once.
          closed_at: isOpenStage(stage) ? null : now.toISOString(),
          referral_note: input.note,
          client_sort_name: nameSortKey(input.client.legalName),
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          updated_by: ctx.user.id,
          version: 1,
        })
        .execute();
      const matter = { id, officeId: ctx.user.officeId };
      await recordEvent(
        tx,
        ctx,
        matter,
        'referral_received',
        `Referral received by ${sourceText} on ${input.receivedOn}.`,
        {
          source: input.source.kind,
        },
      );
      if (stage === 'referred_out') {
        const summary = referredTo
          ? `${county} County is served by ${referredTo.name}: referred out to them.`
          : `No office in Relief Desk serves ${county} County: marked referred out; find the local public defender.`;
        await recordEvent(tx, ctx, matter, 'referred_out', summary, { toOfficeId: referredTo?.id ?? null });
      }
      matters.push({ id, reference, county, stage, referredTo: referredTo?.name ?? null });
    }

    await writeAudit(tx, ctx, {
      action: 'referrals.record',
      entityType: 'client',
      entityId: clientId,
      detail: { matterIds: matters.map((m) => m.id), attachedToExisting: input.existingClient !== null },
    });
    return { clientId, matters };
  });
}

async function saveClient(tx: Tx, ctx: AuthedContext, input: RecordReferral): Promise<string> {
  const now = ctx.clock.now().toISOString();
  const columns = clientColumns(input.client);
  if (!input.existingClient) {
    const id = newId(ctx.clock.now());
    await tx
      .insertInto('clients')
      .values({
        id,
        office_id: ctx.user.officeId,
        ...columns,
        created_at: now,
        updated_at: now,
        updated_by: ctx.user.id,
        version: 1,
      })
      .execute();
    return id;
  }

  const { id, version } = input.existingClient;
  const updated = await tx
    .updateTable('clients')
    .set({ ...columns, updated_at: now, updated_by: ctx.user.id, version: version + 1 })
    .where('id', '=', id)
    .where('office_id', '=', ctx.user.officeId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 1) {
    // The queue sorts every matter of the person by their name: a corrected name sorts anew.
    await tx
      .updateTable('matters')
      .set({ client_sort_name: nameSortKey(input.client.legalName) })
      .where('client_id', '=', id)
      .execute();
    return id;
  }

  const current = await tx
    .selectFrom('clients')
    .select(['updated_by', 'updated_at'])
    .where('id', '=', id)
    .where('office_id', '=', ctx.user.officeId)
    .executeTakeFirst();
  // Gone, or another office's client: refused, and on record in the office that owns it.
  if (!current)
    throw notFound('The client you chose', {
      action: 'referrals.record',
      entityType: 'client',
      entityId: id,
    });
  throw await versionConflict(tx, 'this client’s details', current);
}

// A second open matter for the same person and county would split one case in two.
async function refuseDuplicateMatters(tx: Tx, clientId: string, counties: readonly string[]): Promise<void> {
  const existing = await tx
    .selectFrom('matters')
    .select(['reference', 'county', 'stage'])
    .where('client_id', '=', clientId)
    .where('county', 'in', counties)
    .execute();
  const open = existing.filter((m) => isOpenStage(m.stage as Stage));
  if (open.length > 0) {
    const list = open.map((m) => `${m.county} (matter ${m.reference})`).join(', ');
    throw badInput(
      'counties',
      `This person already has an open matter in ${list}. Untick that county, or add to the open matter instead.`,
    );
  }
}
