// Administrators decide who outside the attorneys and supervisors may see RAP sheets: the grant is
// versioned, audited, and takes effect on the user's next request. Nobody grants or removes their own,
// and an administrator gets it only from an administrator who holds it (invitations too: send.ts).
import { inTransaction, type OfficeDb } from '@relief-desk/db';
import type { setRapSheetAccessInputSchema } from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import type { OfficeContext } from '../../context.ts';
import { badInput, notFound } from '../../errors.ts';
import { alive } from '../auth/sessions.ts';
import { accountKey, lockedKeys, signInKey } from '../auth/throttle.ts';
import { accountConflict } from './accountConflict.ts';
import { byName } from './byName.ts';
import { grantingAdmin, tellHoldersOfGrant } from './grantNotice.ts';
import { adminGrantRefused, refusedOnRecord } from './refusedOnRecord.ts';

export async function listOfficeUsers(ctx: OfficeContext) {
  const users = byName(
    await ctx.db
      .selectFrom('users')
      .select([
        'id',
        'name',
        'email',
        'role',
        'active',
        'can_view_rap_sheets',
        'must_enrol_factor',
        'version',
      ])
      .execute(),
  );
  const now = ctx.clock.now();
  const secret = await signInKey(ctx.db);
  const keyOf = new Map(users.map((u) => [u.id, accountKey(secret, u.email)]));
  const locked = await lockedKeys(ctx.db, [...keyOf.values()], now);
  const sessions = await liveSessionCounts(ctx.db, now);
  const factors = await factorCounts(ctx.db);
  return users.map((u) => ({
    id: u.id,
    name: u.name,
    email: u.email,
    role: u.role,
    active: u.active === 1,
    canViewRapSheets: u.can_view_rap_sheets === 1,
    locked: locked.has(keyOf.get(u.id) ?? ''),
    liveSessions: sessions.get(u.id) ?? 0,
    /** Second factors: an authenticator app (0 or 1) and passkeys; recovery codes are not counted. */
    secondFactors: factors.get(u.id) ?? 0,
    mustSetUpFactor: u.must_enrol_factor === 1,
    version: u.version,
  }));
}

/** How many second factors (a confirmed authenticator app, passkeys) each person of the office has. */
async function factorCounts(db: OfficeDb): Promise<Map<string, number>> {
  const totp = await db
    .selectFrom('mfa_totp')
    .innerJoin('users', 'users.id', 'mfa_totp.user_id')
    .select('mfa_totp.user_id')
    .where('mfa_totp.confirmed_at', 'is not', null)
    .execute();
  const passkeys = await db
    .selectFrom('mfa_passkeys')
    .innerJoin('users', 'users.id', 'mfa_passkeys.user_id')
    .select(['mfa_passkeys.user_id', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('mfa_passkeys.user_id')
    .execute();
  const counts = new Map<string, number>();
  for (const row of totp) counts.set(row.user_id, 1);
  for (const row of passkeys) counts.set(row.user_id, (counts.get(row.user_id) ?? 0) + Number(row.n));
  return counts;
}

async function liveSessionCounts(db: OfficeDb, now: Date): Promise<Map<string, number>> {
  // Each session is alive by its own idle limit (SESSION_IDLE_MINUTES when it began), as it is at
  // sign-in: a few rows a person at most, counted here.
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.user_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.idle_minutes'])
    .where('sessions.expires_at', '>', now.toISOString())
    .execute();
  const live = new Map<string, number>();
  for (const row of rows) if (alive(row, now)) live.set(row.user_id, (live.get(row.user_id) ?? 0) + 1);
  return live;
}

const OWN_PERMISSION =
  'You cannot grant or remove your own RAP sheet permission. Ask another administrator of your office.';

/** Said when an administrator without the permission would give it to an administrator. */
export const ADMIN_GRANT_NEEDS_HOLDER =
  'Only an administrator who has the RAP sheet permission can give it to an administrator, and you do not have it. Ask another administrator of your office who has it.';

export async function setRapSheetAccess(
  ctx: OfficeContext,
  input: z.output<typeof setRapSheetAccessInputSchema>,
) {
  return inTransaction(ctx.db, async ({ tx }) => {
    const user = await tx
      .selectFrom('users')
      .select(['id', 'name', 'email', 'role', 'version', 'updated_at', 'can_view_rap_sheets'])
      .where('id', '=', input.userId)
      .executeTakeFirst();
    if (!user)
      throw notFound('That user', {
        entityType: 'user',
        entityId: input.userId,
      });
    // Like one's own role and account: criminal history is opened to an administrator by another one,
    // so granting it takes two people. The attempt is put on record.
    if (user.id === ctx.user.id)
      throw refusedOnRecord('canViewRapSheets', OWN_PERMISSION, user.id, 'own_account');
    // Nor from an administrator who lacks it: one could otherwise invite a second account of their own
    // as an administrator and have it grant them the permission, with nobody else's approval.
    // Withdrawing it needs no holder.
    if (input.canViewRapSheets && user.role === 'admin' && !ctx.user.canViewRapSheets)
      throw adminGrantRefused('canViewRapSheets', ADMIN_GRANT_NEEDS_HOLDER, {
        entityType: 'user',
        entityId: user.id,
      });
    if (user.version !== input.version) throw await accountConflict(tx, `${user.name}’s access`, user);
    // Nothing to change (a second click, a page behind): refused as setRole refuses the same role, so
    // the log never says a permission was granted to someone who had it.
    if ((user.can_view_rap_sheets === 1) === input.canViewRapSheets)
      throw badInput(
        'canViewRapSheets',
        input.canViewRapSheets
          ? `${user.name} can already see RAP sheets.`
          : `${user.name} already cannot see RAP sheets.`,
      );
    const saved = await tx
      .updateTable('users')
      .set({
        can_view_rap_sheets: input.canViewRapSheets ? 1 : 0,
        updated_at: ctx.clock.now().toISOString(),
        version: user.version + 1,
      })
      .where('id', '=', user.id)
      .where('version', '=', user.version)
      .executeTakeFirst();
    // Two admins saving from the same version: the later update changes no row (PostgreSQL).
    if (saved.numUpdatedRows === 0n) {
      throw await accountConflict(tx, `${user.name}’s access`, user);
    }
    if (input.canViewRapSheets)
      await tellHoldersOfGrant(tx, {
        officeId: ctx.user.officeId,
        admin: grantingAdmin(ctx),
        grantee: { id: user.id, name: user.name, email: user.email, role: user.role },
        way: 'permission',
        at: ctx.clock.now(),
      });
    await putOnRecord(tx, {
      entityType: 'user',
      entityId: user.id,
      detail: { from: user.can_view_rap_sheets === 1, to: input.canViewRapSheets },
    });
    return { version: user.version + 1 };
  });
}
