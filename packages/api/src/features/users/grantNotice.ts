// An administrator without the RAP sheet permission may give it (intake staff need it from whoever
// runs the office), so such an administrator could also give it to a second account of their own.
// What stops that is a second person: every supervisor and administrator of the office who holds the
// permission is told by e-mail, in the same transaction as the grant, who gave it to whom and how.
import type { Tx } from '@relief-desk/db';
import { ROLE_LABELS, type Role } from '@relief-desk/domain';
import type { OfficeContext } from '../../context.ts';
import { queueStaffNotice, type RapSheetGrantWay, rapSheetGrantNotice } from '../messages/staffNotices.ts';

export interface RapSheetGrant {
  officeId: string;
  /** The administrator who gave it, and whether they hold the permission themselves. */
  admin: { id: string; name: string; holdsPermission: boolean };
  grantee: { id: string; name: string; email: string; role: Role };
  way: RapSheetGrantWay;
  at: Date;
}

/** The administrator signed in, as a grant names them. */
export const grantingAdmin = (ctx: OfficeContext): RapSheetGrant['admin'] => ({
  id: ctx.user.id,
  name: ctx.user.name,
  holdsPermission: ctx.user.canViewRapSheets,
});

/** Queues the notices; returns how many holders are told (none when the administrator holds it). */
export async function tellHoldersOfGrant(tx: Tx, grant: RapSheetGrant): Promise<number> {
  if (grant.admin.holdsPermission) return 0;
  const office = await tx
    .selectFrom('offices')
    .select('name')
    .where('id', '=', grant.officeId)
    .executeTakeFirstOrThrow();
  const holders = await tx
    .selectFrom('users')
    .select(['id', 'email'])
    .where('office_id', '=', grant.officeId)
    .where('active', '=', 1)
    .where('can_view_rap_sheets', '=', 1)
    .where('role', 'in', ['supervisor', 'admin'])
    .where('id', 'not in', [grant.admin.id, grant.grantee.id])
    .orderBy('id')
    .execute();
  const notice = rapSheetGrantNotice({
    officeName: office.name,
    adminName: grant.admin.name,
    granteeName: grant.grantee.name,
    granteeEmail: grant.grantee.email,
    roleLabel: ROLE_LABELS[grant.grantee.role],
    way: grant.way,
    at: grant.at,
  });
  for (const holder of holders)
    await queueStaffNotice(
      tx,
      { officeId: grant.officeId, userId: holder.id, recipient: holder.email, ...notice },
      grant.at,
    );
  return holders.length;
}
