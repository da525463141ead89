// Passing a matter at "Referred out" on to another office of the desk that serves its county, with the
// client's agreement: that office gets a referral of its own (a new client, this county's matter in its
// New referrals, a likely match among its own clients flagged for its staff), as an online
// application's other counties are passed on. Only then does another office hold the matter, so only
// then may a "transferred" update tell the client that office will contact them (status-claims.ts).
import { acrossOffices, inTransaction, type OfficeTx, officeScoped, type Tx } from '@relief-desk/db';
import { californiaDate, type passOnInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { retryOnDeadlock } from '../../deadlocks.ts';
import { badInput } from '../../errors.ts';
import { clientView } from '../../matter-core/clientColumns.ts';
import { recordEvent } from '../../matter-core/events.ts';
import { requireMatter, saveMatter } from '../../matter-core/requireMatter.ts';
import { officesToPassOnTo } from '../offices/queries.ts';
import { recordIncomingReferralIn } from '../referrals/recordReferral.ts';

export function passOn(ctx: OfficeContext, input: z.output<typeof passOnInputSchema>) {
  // Written in two offices: two offices passing matters to each other at the same moment (or an
  // online application passed on at the same moment) can deadlock on PostgreSQL, which ends one.
  return retryOnDeadlock(() => passOnOnce(ctx, input));
}

function passOnOnce(ctx: OfficeContext, input: z.output<typeof passOnInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const matter = await requireMatter(tx, input.matterId);
    if (matter.version !== input.version) throw await versionConflict(tx, 'this matter', matter);
    if (matter.stage !== 'referred_out')
      throw badInput('matterId', 'Only a matter at “Referred out” can be passed on: move it there first.');
    if (matter.passed_on_at !== null)
      throw badInput('matterId', 'This matter has already been passed on to another office.');
    const offices = await officesToPassOnTo(tx, matter.office_id, matter.county);
    const office = offices.find((o) => o.id === input.officeId);
    if (!office)
      throw badInput(
        'officeId',
        offices.length > 0
          ? `Choose an office that serves ${matter.county} County: ${offices.map((o) => o.name).join(', ')}.`
          : `No other office of the desk serves ${matter.county} County: tell the client yourself whom to contact, such as the public defender of that county.`,
      );

    // The client as they are now, locked before the matter as an edit or a merge of clients locks
    // them: one committed during this pass is waited for, and its details go (PostgreSQL; SQLite
    // writes one transaction at a time).
    const client = await tx
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', matter.client_id)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirstOrThrow();
    // A merge, or the undoing of one, committed meanwhile may have moved the matter to another record
    // (without a new version of the matter): the details going must be of the matter's client now.
    const current = await tx
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', matter.id)
      .executeTakeFirstOrThrow();
    if (client.merged_into_client_id !== null || current.client_id !== client.id)
      throw badInput(
        'matterId',
        'This client’s record was just merged with another, or a merge undone: reload the page, then pass the matter on.',
      );

    // This office's own rows first (the matter's row, then its audit chain), then the other office's:
    // the order an online application passing a county on takes them, so the two never wait on each
    // other in opposite orders.
    const now = ctx.clock.now();
    const at = now.toISOString();
    const version = await saveMatter(
      tx,
      ctx,
      matter,
      { referred_to_office_id: office.id, passed_on_at: at },
      at,
    );
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'referred_out',
      `Passed on to ${office.name}, which serves ${matter.county} County, with the client’s agreement.`,
      { toOfficeId: office.id },
    );
    await putOnRecord(tx, {
      entityType: 'matter',
      entityId: matter.id,
      detail: { toOfficeId: office.id, clientAgreed: true },
    });

    const sending = await tx
      .selectFrom('offices')
      .select('name')
      .where('id', '=', matter.office_id)
      .executeTakeFirstOrThrow();
    const { details } = clientView(client);
    // Written on a handle held to that office: nothing of this office's is read there. Who the client
    // is and how to reach them goes, and the county; not the referral's note, the matter's records or
    // its timeline, which are this office's. Consent to texts was given to this office: that office
    // asks for its own, so it does not text until it has.
    const theirs = officeScoped(acrossOffices(tx as Tx), ctx.dialect, office.id) as OfficeTx;
    const passed = await recordIncomingReferralIn(
      theirs,
      ctx,
      office.id,
      {
        existingClient: null,
        notSamePersonAs: [],
        client: { ...details, consentToText: false, contact: { ...details.contact, sms: false } },
        counties: [matter.county],
        source: { kind: 'another_office', detail: `passed on by ${sending.name}` },
        receivedOn: californiaDate(now),
        note: '',
        noteAboutRecord: false,
      },
      { auditDetail: { passedOnBy: matter.office_id } },
    );
    // Which of that office's matters it is: a "transferred" update holds while that office works it.
    await tx
      .updateTable('matters')
      .set({ passed_on_to_matter_id: passed.matters[0]?.id ?? null })
      .where('id', '=', matter.id)
      .execute();
    return { version, passedOnTo: office.name };
  });
}
