// An administrator invites a person to their office by e-mail, with a role (and the RAP sheet
// permission if wanted): a one-time link through the outbox, its token kept only as a SHA-256, good
// for 72 hours. Sent again, it gets a new token (the old link stops working); revoked, it stops for
// good (it is not sent again: the address is invited anew), so an address has at most one open
// invitation in an office.
// An invitation for an administrator with the RAP sheet permission is sent (first or again) only by an
// administrator who holds it, as the permission is granted to an existing administrator (rapSheetAccess.ts):
// otherwise one without it could invite a second account of their own and have it with nobody's approval.
// Each is versioned and audited, in one transaction with the e-mail it sends. An address has one
// account in all of Relief Desk (users.email is unique), so an address with an account in any office
// is not invited, nor invited again.
import { acrossOffices, type Db, inTransaction, newId, type OfficeTx, takeTurns } from '@relief-desk/db';
import {
  type InvitationVersionInput,
  type inviteUserInputSchema,
  ROLE_LABELS,
  STAFF_ACCESS_RULES,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { versionConflict } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, badInput, notFound } from '../../errors.ts';
import { linkOrigin, newLinkToken, tokenLink } from '../auth/linkOrigin.ts';
import { strikeLinks } from '../messages/oneTimeLinks.ts';
import { invitationNotice, queueStaffNotice, rapSheetAccessSaid } from '../messages/staffNotices.ts';
import { adminGrantRefused } from '../users/refusedOnRecord.ts';

export const INVITATION_PATH = '/invitation';

const newInvitationToken = (now: Date) => newLinkToken(now, STAFF_ACCESS_RULES.invitationHours * 3_600_000);

function originFor(ctx: OfficeContext): string {
  const origin = linkOrigin(ctx, 'signed_in');
  if (!origin)
    throw new AppError(
      'BAD_INPUT',
      'Invitations need the address people open Relief Desk at. Set PUBLIC_ORIGIN on the server and try again.',
    );
  return origin;
}

/**
 * The role an invitation is for, and whether the person will see RAP sheets, from the invitation
 * itself: "Attorney. You will see RAP sheets (people’s criminal history): …", for the invitation page.
 */
export function invitedAs(role: keyof typeof ROLE_LABELS, canViewRapSheets: boolean): string {
  return `${ROLE_LABELS[role]}. ${rapSheetAccessSaid(canViewRapSheets)}`;
}

async function queueInvitationEmail(
  tx: OfficeTx,
  ctx: OfficeContext,
  invitation: { id: string; email: string; role: keyof typeof ROLE_LABELS; can_view_rap_sheets: number },
  link: { token: string; expiresAt: string },
  origin: string,
  now: Date,
) {
  await queueStaffNotice(
    tx,
    {
      officeId: ctx.user.officeId,
      userId: null,
      invitationId: invitation.id,
      recipient: invitation.email,
      ...invitationNotice({
        officeName: ctx.user.officeName,
        inviterName: ctx.user.name,
        roleLabel: ROLE_LABELS[invitation.role],
        canViewRapSheets: invitation.can_view_rap_sheets === 1,
        link: tokenLink(origin, INVITATION_PATH, link.token),
        expiresAt: link.expiresAt,
      }),
    },
    now,
  );
}

/**
 * Stops the invitation's e-mails still waiting in the outbox (pending: no worker holds them), in the
 * caller's transaction: withdrawn or accepted, an invitation's link no longer works, and sent again, the
 * earlier e-mail's link is dead. Each becomes 'withdrawn' (withdrawn before it was sent), which the worker never
 * claims, and its stored copy keeps the link no longer, as a message given up on. One a worker already
 * holds (sending) is not stopped here. Returns how many were stopped.
 */
export async function stopWaitingEmails(tx: OfficeTx, invitationId: string, now: string): Promise<number> {
  const waiting = await tx
    .selectFrom('outbox')
    .innerJoin('staff_notices', 'staff_notices.id', 'outbox.staff_notice_id')
    .select(['outbox.id', 'outbox.version', 'staff_notices.id as notice_id', 'staff_notices.body'])
    .where('staff_notices.invitation_id', '=', invitationId)
    .where('outbox.state', '=', 'pending')
    .execute();
  let stopped = 0;
  for (const row of waiting) {
    const done = await tx
      .updateTable('outbox')
      .set({ state: 'withdrawn', updated_at: now, version: row.version + 1 })
      .where('id', '=', row.id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) continue;
    await strikeLinks(tx, { messageId: null, staffNoticeId: row.notice_id, body: row.body });
    stopped++;
  }
  return stopped;
}

/** Where an address already has an account: in the administrator's office, in another, or nowhere. */
export type AccountAt = 'this_office' | 'another_office' | null;

/**
 * Whether an address has an account, and whether in the administrator's office. The office's own
 * users are read through the scope; the other offices' on purpose across it (the address is one
 * account everywhere), and of them only whether one exists: no id, name or office.
 */
export async function accountAt(tx: OfficeTx, email: string): Promise<AccountAt> {
  const own = await tx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (own) return 'this_office';
  const elsewhere = await acrossOffices(tx)
    .selectFrom('users')
    .select((eb) => eb.lit(1).as('found'))
    .where('email', '=', email)
    .executeTakeFirst();
  return elsewhere ? 'another_office' : null;
}

const ANOTHER_OFFICE =
  'That e-mail address already has a Relief Desk account in another office, and an address can have only one account, even a disabled one. Ask the person for another work address and invite that.';

/** Refuses inviting an address that has an account, saying where. */
async function refuseExistingAccount(tx: OfficeTx, email: string): Promise<void> {
  const at = await accountAt(tx, email);
  if (at === 'this_office')
    throw badInput(
      'email',
      'That person already has an account in your office: find them in the list below.',
    );
  // Only another address will do: a disabled account keeps its address (users.email is unique in
  // all of Relief Desk, active or not), so disabling it there would change nothing here.
  if (at === 'another_office') throw badInput('email', ANOTHER_OFFICE);
}

/** Whether the invitation would give an administrator the RAP sheet permission that the sender lacks. */
const givesAdminWithout = (ctx: OfficeContext, invitation: { role: string; canViewRapSheets: boolean }) =>
  invitation.role === 'admin' && invitation.canViewRapSheets && !ctx.user.canViewRapSheets;

export async function inviteUser(ctx: OfficeContext, input: z.output<typeof inviteUserInputSchema>) {
  const origin = originFor(ctx);
  const now = ctx.clock.now();
  const link = newInvitationToken(now);
  return inTransaction(ctx.db, async ({ tx }) => {
    if (givesAdminWithout(ctx, input))
      throw adminGrantRefused(
        'canViewRapSheets',
        'Only an administrator who has the RAP sheet permission can invite an administrator with it, and you do not have it. Invite them without it; once they have an account, an administrator of your office who has it can grant it.',
        { entityType: 'invitation', entityId: null },
      );
    // Invitations of one address take turns from the check for a pending one to the insert: two sent
    // at once (a double click, two administrators) must not both find none.
    await takeTurns(tx, 'invitation', input.email);
    await refuseExistingAccount(tx, input.email);
    const pending = await tx
      .selectFrom('invitations')
      .select('id')
      .where('office_id', '=', ctx.user.officeId)
      .where('email', '=', input.email)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (pending)
      throw badInput(
        'email',
        'That address already has an invitation. Send it again from the list below, or withdraw it first.',
      );
    const id = newId(now);
    const at = now.toISOString();
    await tx
      .insertInto('invitations')
      .values({
        id,
        office_id: ctx.user.officeId,
        email: input.email,
        role: input.role,
        can_view_rap_sheets: input.canViewRapSheets ? 1 : 0,
        token_hash: link.tokenHash,
        expires_at: link.expiresAt,
        invited_by: ctx.user.id,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await queueInvitationEmail(
      tx,
      ctx,
      { id, email: input.email, role: input.role, can_view_rap_sheets: input.canViewRapSheets ? 1 : 0 },
      link,
      origin,
      now,
    );
    await putOnRecord(tx, {
      entityType: 'invitation',
      entityId: id,
      detail: { role: input.role, canViewRapSheets: input.canViewRapSheets },
    });
    return { invitationId: id, expiresAt: link.expiresAt, version: 1 };
  });
}

/** An invitation of the administrator's office that has not been accepted, at the version given. */
async function openInvitation(tx: OfficeTx, input: InvitationVersionInput) {
  const invitation = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', input.invitationId)
    .executeTakeFirst();
  if (!invitation)
    throw notFound('That invitation', { entityType: 'invitation', entityId: input.invitationId });
  if (invitation.accepted_at)
    throw new AppError(
      'BAD_INPUT',
      'That invitation was already accepted: the person has an account in the list.',
    );
  if (invitation.version !== input.version)
    throw await versionConflict(tx, `the invitation to ${invitation.email}`, {
      updated_by: null,
      updated_at: invitation.updated_at,
    });
  return invitation;
}

/**
 * Sends an invitation again with a new link (the old one stops working), good for another 72 hours:
 * one waiting or run out, never one withdrawn or accepted.
 */
export async function resendInvitation(ctx: OfficeContext, input: InvitationVersionInput) {
  const origin = originFor(ctx);
  const now = ctx.clock.now();
  const link = newInvitationToken(now);
  return inTransaction(ctx.db, async ({ tx }) => {
    const invitation = await openInvitation(tx, input);
    // Withdrawn is final: once withdrawn, the address may be invited anew (perhaps for another role),
    // and sending the old one again would leave two open invitations with working links for it.
    if (invitation.revoked_at)
      throw badInput(
        'invitationId',
        `The invitation to ${invitation.email} was withdrawn, so it cannot be sent again. To invite the address, use Invite a person.`,
      );
    // Sent again, it is given anew, in the sender's name.
    if (
      givesAdminWithout(ctx, {
        role: invitation.role,
        canViewRapSheets: invitation.can_view_rap_sheets === 1,
      })
    )
      throw adminGrantRefused(
        'invitationId',
        `The invitation to ${invitation.email} gives an administrator the RAP sheet permission, so only an administrator who has it can send it again, and you do not have it. Ask one who has it, or withdraw it and invite the address without it.`,
        { entityType: 'invitation', entityId: invitation.id },
      );
    // The address may have got an account (in another office, say) since it was invited.
    await refuseExistingAccount(tx, invitation.email);
    // Another open invitation to the address (two left by the time a withdrawn one could be sent
    // again): sending this one would keep two working links, perhaps for different roles.
    await takeTurns(tx, 'invitation', invitation.email);
    const other = await tx
      .selectFrom('invitations')
      .select('id')
      .where('email', '=', invitation.email)
      .where('id', '!=', invitation.id)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (other)
      throw badInput(
        'invitationId',
        `${invitation.email} has another invitation still open in the list. Withdraw one of the two, then send the other again.`,
      );
    const saved = await tx
      .updateTable('invitations')
      .set((eb) => ({
        token_hash: link.tokenHash,
        expires_at: link.expiresAt,
        sent_count: eb('sent_count', '+', 1),
        // Given anew in this sender's name: the link holds while this administrator could send it.
        invited_by: ctx.user.id,
        updated_at: now.toISOString(),
        version: invitation.version + 1,
      }))
      .where('id', '=', invitation.id)
      .where('version', '=', invitation.version)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      throw await versionConflict(tx, `the invitation to ${invitation.email}`, {
        updated_by: null,
        updated_at: invitation.updated_at,
      });
    // The earlier e-mail, if still waiting, would carry a link that no longer works.
    const emailsStopped = await stopWaitingEmails(tx, invitation.id, now.toISOString());
    await queueInvitationEmail(tx, ctx, invitation, link, origin, now);
    await putOnRecord(tx, {
      entityType: 'invitation',
      entityId: invitation.id,
      // wasRevoked: always false now; rows written while a withdrawn invitation could be sent again say true.
      detail: { sentCount: invitation.sent_count + 1, wasRevoked: false, emailsStopped },
    });
    return { expiresAt: link.expiresAt, version: invitation.version + 1 };
  });
}

/** Withdraws an invitation: its link stops working at once. */
export async function revokeInvitation(ctx: OfficeContext, input: InvitationVersionInput) {
  const now = ctx.clock.now().toISOString();
  return inTransaction(ctx.db, async ({ tx }) => {
    const invitation = await openInvitation(tx, input);
    if (invitation.revoked_at) throw new AppError('BAD_INPUT', 'That invitation was already withdrawn.');
    const saved = await tx
      .updateTable('invitations')
      .set({ revoked_at: now, revoked_by: ctx.user.id, updated_at: now, version: invitation.version + 1 })
      .where('id', '=', invitation.id)
      .where('version', '=', invitation.version)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(saved.numUpdatedRows) !== 1)
      throw await versionConflict(tx, `the invitation to ${invitation.email}`, {
        updated_by: null,
        updated_at: invitation.updated_at,
      });
    const emailsStopped = await stopWaitingEmails(tx, invitation.id, now);
    await putOnRecord(tx, {
      entityType: 'invitation',
      entityId: invitation.id,
      detail: { emailsStopped },
    });
    return { version: invitation.version + 1 };
  });
}

/** has_account: the address got an account (in another office, say) since it was invited. */
export type InvitationState = 'waiting' | 'expired' | 'withdrawn' | 'has_account';
export type InvitationEmailState = 'waiting' | 'sent' | 'failed';

const invitationState = (
  row: { revoked_at: string | null; expires_at: string },
  hasAccount: boolean,
  now: string,
): InvitationState =>
  row.revoked_at ? 'withdrawn' : hasAccount ? 'has_account' : row.expires_at <= now ? 'expired' : 'waiting';

/** The office's invitations not yet accepted, newest first, with where the latest e-mail stands. */
export async function listInvitations(ctx: OfficeContext) {
  const rows = await ctx.db
    .selectFrom('invitations')
    .select([
      'id',
      'email',
      'role',
      'can_view_rap_sheets',
      'expires_at',
      'revoked_at',
      'sent_count',
      'created_at',
      'version',
    ])
    .where('office_id', '=', ctx.user.officeId)
    .where('accepted_at', 'is', null)
    .orderBy('created_at', 'desc')
    .limit(200)
    .execute();
  const emails = await latestEmailStates(
    ctx.db,
    rows.map((r) => r.id),
  );
  const withAccounts = await addressesWithAccounts(
    ctx.db,
    rows.map((r) => r.email),
  );
  const now = ctx.clock.now().toISOString();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    canViewRapSheets: r.can_view_rap_sheets === 1,
    state: invitationState(r, withAccounts.has(r.email), now),
    expiresAt: r.expires_at,
    sentCount: r.sent_count,
    emailDelivery: emails.get(r.id) ?? null,
    version: r.version,
  }));
}

/**
 * Which of the invited addresses have an account, in any office: across the scope on purpose, and
 * only the addresses the office invited, so nothing of another office is read but that one exists.
 */
async function addressesWithAccounts(db: Db, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const rows = await acrossOffices(db)
    .selectFrom('users')
    .select('email')
    .where('email', 'in', emails)
    .execute();
  return new Set(rows.map((r) => r.email));
}

/**
 * Where the invitation's latest e-mail stands. An e-mail withdrawn before it was sent is none: a
 * withdrawn invitation whose only e-mail was stopped shows no e-mail, never "Waiting to be sent".
 */
async function latestEmailStates(
  db: Db,
  invitationIds: string[],
): Promise<Map<string, InvitationEmailState>> {
  if (invitationIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('staff_notices')
    .innerJoin('outbox', 'outbox.staff_notice_id', 'staff_notices.id')
    .select(['staff_notices.invitation_id', 'outbox.state', 'staff_notices.created_at'])
    .where('staff_notices.invitation_id', 'in', invitationIds)
    .where('outbox.state', '!=', 'withdrawn')
    .orderBy('staff_notices.created_at')
    .orderBy('staff_notices.id')
    .execute();
  const states = new Map<string, InvitationEmailState>();
  for (const row of rows) {
    if (!row.invitation_id) continue;
    states.set(
      row.invitation_id,
      row.state === 'sent' ? 'sent' : row.state === 'failed' ? 'failed' : 'waiting',
    );
  }
  return states;
}
