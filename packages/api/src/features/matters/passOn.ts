// Passing a matter at "Referred out" on to another office of the desk that serves its county, with the
// client's agreement: that office gets a referral of its own (a new client, this county's matter in its
// New referrals, a likely match among its own clients flagged for its staff), as an online
// application's other counties are passed on. Only then does another office hold the matter, so only
// then may a "transferred" update tell the client that office will contact them (status-claims.ts).
// Passed on to an office again (brought back, referred out again), the matter goes to the person that
// office already holds: to its matter for the county while it still works one, else a new matter of
// that client's; never a second client of one person in that office. That client's details stay as
// that office holds them: what was sent may have come from a form anyone can fill in (an online
// application its staff merged into their own client), and written over them it would reach that
// client's status link. Details that differ go on the matter as a note for its staff to check.
import {
  acrossOffices,
  inTransaction,
  type Matter,
  type OfficeTx,
  officeScoped,
  type Tx,
  takeTurns,
  takeTurnsInOrder,
} from '@relief-desk/db';
import {
  type ClientDetails,
  californiaDate,
  type passOnInputSchema,
  readableDate,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord, writeAudit } from '../../audit.ts';
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
  // Written in two offices, whose turns are taken in order first: should a deadlock end it on
  // PostgreSQL all the same, it is run again after a short pause.
  return retryOnDeadlock(() => passOnOnce(ctx, input));
}

function passOnOnce(ctx: OfficeContext, input: z.output<typeof passOnInputSchema>) {
  return inTransaction(ctx.db, async ({ tx }) => {
    // Both offices' turns at referrals before anything is read or written, in the one order every
    // piece of work in two offices takes them (takeTurnsInOrder): two offices passing matters (or
    // online applications) to each other at the same moment wait for each other, and never deadlock.
    await takeTurnsInOrder(tx, 'referral', [ctx.user.officeId, input.officeId]);
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
    // the order an online application passing a county on takes them.
    const now = ctx.clock.now();
    const at = now.toISOString();
    const version = await saveMatter(
      tx,
      ctx,
      matter,
      { referred_to_office_id: office.id, passed_on_at: at },
      at,
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

    // Read and written on a handle held to that office: nothing of this office's is read there. Its
    // referrals' turn is held already (taken again here, as a referral its staff record takes it),
    // then its client and open matter are locked: the order its own staff's work takes them.
    const theirs = officeScoped(acrossOffices(tx as Tx), ctx.dialect, office.id) as OfficeTx;
    await takeTurns(theirs, 'referral', office.id);
    const held = await heldThere(tx, theirs, ctx, matter, office.id);
    const receivedOn = californiaDate(now);
    const { details } = clientView(client);
    const sent = withoutTexts(details);
    let theirMatterId: string | null;
    if (held?.openMatterId) {
      // That office works a matter of the person for the county: it hears of the pass on that
      // matter's timeline and audit log, and nothing is recorded twice.
      theirMatterId = held.openMatterId;
      await recordEvent(
        theirs,
        { clock: ctx.clock, user: null },
        { id: theirMatterId, officeId: office.id },
        'referral_received',
        `${sending.name} passed this client on to us again on ${readableDate(receivedOn)}, with the client’s agreement, for ${matter.county} County. This matter is already open for that county, so no new matter was recorded: continue here.`,
        { source: 'another_office' },
      );
      // On that office's log under the person who passed it on (named with their office there).
      await writeAudit(
        theirs,
        { ...ctx, user: { id: ctx.user.id, officeId: office.id }, officeId: office.id },
        {
          action: 'referrals.record',
          entityType: 'matter',
          entityId: theirMatterId,
          detail: { passedOnBy: matter.office_id, passedOnAgain: true },
        },
      );
    } else {
      // Who the client is and how to reach them goes, and the county; not the referral's note, the
      // matter's records or its timeline, which are this office's. To a client that office holds, the
      // new matter is theirs as they are there.
      const passed = await recordIncomingReferralIn(
        theirs,
        ctx,
        office.id,
        {
          existingClient: null,
          notSamePersonAs: [],
          client: held ? held.details : sent,
          counties: [matter.county],
          source: { kind: 'another_office', detail: `passed on by ${sending.name}` },
          receivedOn,
          note: '',
          noteAboutRecord: false,
        },
        {
          auditDetail: { passedOnBy: matter.office_id, ...(held ? { passedOnAgain: true } : {}) },
          passedOnBy: { userId: ctx.user.id },
          ...(held ? { heldClient: { id: held.clientId, version: held.clientVersion } } : {}),
        },
      );
      theirMatterId = passed.matters[0]?.id ?? null;
    }
    const differing = held && theirMatterId ? sentDetailsNote(sending.name, sent, held.details) : null;
    if (differing && theirMatterId)
      await recordEvent(
        theirs,
        { clock: ctx.clock, user: null },
        { id: theirMatterId, officeId: office.id },
        'referral_received',
        differing,
        { sentDetailsNotWritten: true },
      );
    // The same sentence whatever that office holds: what it works is not this office's to read here.
    // Which of its matters it is goes with it, so a later pass to that office finds its client again.
    await recordEvent(
      tx,
      ctx,
      { id: matter.id, officeId: matter.office_id },
      'referred_out',
      `Passed on to ${office.name}, which serves ${matter.county} County, with the client’s agreement.`,
      { toOfficeId: office.id, toMatterId: theirMatterId },
    );
    // Which of that office's matters it is: a "transferred" update holds while that office works it.
    await tx
      .updateTable('matters')
      .set({ passed_on_to_matter_id: theirMatterId })
      .where('id', '=', matter.id)
      .execute();
    return { version, passedOnTo: office.name };
  });
}

interface HeldThere {
  clientId: string;
  clientVersion: number;
  details: ClientDetails;
  /** That office's open matter of the person for the county, if it still works one. */
  openMatterId?: string;
}

/**
 * What the receiving office holds of the person from an earlier pass of this matter to it: the client
 * its matter belongs to now (after any merge there) and its open matter of that client for the county,
 * both locked. Nothing for a matter never passed on to that office. Each pass names the matter it went
 * to on this matter's timeline (the newest first), and the matter keeps the last one, which an online
 * application's pass names only there.
 */
async function heldThere(
  tx: OfficeTx,
  theirs: OfficeTx,
  ctx: OfficeContext,
  matter: Pick<Matter, 'id' | 'passed_on_to_matter_id' | 'county'>,
  officeId: string,
): Promise<HeldThere | null> {
  const passes = await tx
    .selectFrom('matter_events')
    .select('data')
    .where('matter_id', '=', matter.id)
    .where('kind', '=', 'referred_out')
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const candidates = [
    ...passes.flatMap(({ data }) => {
      const pass = JSON.parse(data) as { toOfficeId?: unknown; toMatterId?: unknown };
      return pass.toOfficeId === officeId && typeof pass.toMatterId === 'string' ? [pass.toMatterId] : [];
    }),
    ...(matter.passed_on_to_matter_id ? [matter.passed_on_to_matter_id] : []),
  ];
  for (const id of new Set(candidates)) {
    // Held to that office: a matter passed on to another office is not found.
    const passed = await theirs
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!passed) continue;
    const client = await theirs
      .selectFrom('clients')
      .selectAll()
      .where('id', '=', passed.client_id)
      .where('merged_into_client_id', 'is', null)
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    // Merged away as it was read (PostgreSQL): a new client, flagged as a likely match, as before.
    if (!client) return null;
    // Locked, a matter closed meanwhile is not taken for open (PostgreSQL checks the row again).
    const open = await theirs
      .selectFrom('matters')
      .select('id')
      .where('client_id', '=', client.id)
      .where('county', '=', matter.county)
      .where('closed_at', 'is', null)
      .orderBy('received_on', 'desc')
      .orderBy('id', 'desc')
      .$if(ctx.dialect === 'postgres', (q) => q.forUpdate())
      .executeTakeFirst();
    const { details } = clientView(client);
    return {
      clientId: client.id,
      clientVersion: client.version,
      details,
      ...(open ? { openMatterId: open.id } : {}),
    };
  }
  return null;
}

/**
 * The client's details as another office receives them. Consent to texts was given to this office:
 * that office asks for its own, so it does not text until it has. A person who chose texts alone is
 * reached by phone there (the number goes with them): every client keeps a way to be reached.
 */
export function withoutTexts(details: ClientDetails): ClientDetails {
  const contact = { ...details.contact, sms: false };
  const reachable = contact.email || contact.letter || contact.phone;
  return { ...details, consentToText: false, contact: reachable ? contact : { ...contact, phone: true } };
}

/**
 * What was sent that differs from the client that office holds, as a note for its staff, or null. Not
 * written over that client: the sending office may have had them from an online application, which
 * anyone can fill in with another person's name and birth date.
 */
export function sentDetailsNote(sender: string, sent: ClientDetails, held: ClientDetails): string | null {
  const digits = (phone: string) => phone.replace(/\D/g, '').slice(-10);
  const address = (a: ClientDetails['address']) =>
    [a.line1, a.line2, [a.city, a.state, a.postalCode].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const differ: string[] = [];
  if (sent.legalName.trim().toLowerCase() !== held.legalName.trim().toLowerCase())
    differ.push(`legal name ${sent.legalName}`);
  if (sent.dateOfBirth !== held.dateOfBirth) differ.push(`date of birth ${readableDate(sent.dateOfBirth)}`);
  if (digits(sent.phone) !== digits(held.phone)) differ.push(`phone ${sent.phone || 'none'}`);
  if (sent.email.trim().toLowerCase() !== held.email.trim().toLowerCase())
    differ.push(`e-mail ${sent.email || 'none'}`);
  if (address(sent.address).toLowerCase() !== address(held.address).toLowerCase())
    differ.push(`address ${address(sent.address) || 'none'}`);
  if (differ.length === 0) return null;
  return `${sender} passed this client on with these details, which differ from this client’s: ${differ.join('; ')}. They were not written over this client’s details (they may have come from a form anyone can fill in): check them with the client before using them, and correct the client’s details if they are right.`;
}
