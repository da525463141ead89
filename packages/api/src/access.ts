// Criminal offender record information (RAP sheets and what is drawn from them: convictions,
// eligibility decisions, petitions) needs its own permission, beside the right to see the matter.
import {
  type CriminalHistoryAction,
  can,
  PERMISSIONS,
  type Permission,
  ROLE_LABELS,
  type Role,
  rapSheetPermissionFrom,
} from '@relief-desk/domain';
import { putOnRecord, type RecordFacts, writeAudit } from './audit.ts';
import type { AuthedContext, Context, OfficeContext } from './context.ts';
import { AppError } from './errors.ts';

/** A refused procedure, as its refusal is on record unless the caller names what was refused. */
const REFUSED_PROCEDURE: RecordFacts = { entityType: 'procedure', entityId: null };

/**
 * The role's permission, the one check behind procedureFor and the plain HTTP routes' work (files,
 * letters, filing runs, CSV exports): refused with one message, on record under the request's name,
 * as a refused procedure, or as what the caller names (an export names the view it was asked for).
 */
export async function requirePermission(
  ctx: OfficeContext,
  permission: Permission,
  refused: RecordFacts = REFUSED_PROCEDURE,
): Promise<void> {
  if (can(ctx.user.role, permission)) return passed(ctx, { permission, refused });
  return refuseRole(ctx, refused, permission);
}

/**
 * procedureFor's check of the procedure's permission: the same, but not kept with a request key's
 * answer, as a replay of the key passes it again by structure (trpc.ts answers it after this check).
 */
export async function requireProcedurePermission(ctx: OfficeContext, permission: Permission): Promise<void> {
  if (!can(ctx.user.role, permission)) await refuseRole(ctx, REFUSED_PROCEDURE, permission);
}

async function refuseRole(
  ctx: OfficeContext,
  refused: RecordFacts,
  permission: Permission | null,
): Promise<never> {
  await putOnRecord(ctx.db, { ...refused, outcome: 'denied' });
  throw new AppError('FORBIDDEN', roleRefusalMessage(permission));
}

const withArticle = (label: string) => `${/^[AEIOU]/.test(label) ? 'an' : 'a'} ${label.toLowerCase()}`;

/**
 * Why a role is refused, and whom to ask: the roles that hold the permission, from the permission
 * table ("Ask an administrator.": supervisors cannot change roles). A permission no longer known
 * (a replayed key's, renamed since) names nobody rather than the wrong people.
 */
export function roleRefusalMessage(permission: Permission | null): string {
  const holders: readonly Role[] =
    permission && Object.hasOwn(PERMISSIONS, permission) ? PERMISSIONS[permission] : [];
  const names = holders.map((role) => withArticle(ROLE_LABELS[role]));
  const who = names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
  return who ? `Your role does not allow this. Ask ${who} of your office.` : 'Your role does not allow this.';
}

/**
 * The action is one the disclosure report reads (CRIMINAL_HISTORY_ACTIONS), so what a procedure
 * behind this permission shows is found again when someone asks who saw a client's record; or the
 * report itself, which tells that a client has a record.
 */
export async function requireRapSheetAccess(
  ctx: AuthedContext,
  action: CriminalHistoryAction | 'audit.disclosures',
  entityId: string | null,
): Promise<void> {
  if (ctx.user.canViewRapSheets) return passed(ctx, { rapSheets: action, entityId });
  await writeAudit(ctx.db, ctx, { action, entityType: 'rap_sheet_data', entityId, outcome: 'denied' });
  throw new AppError('FORBIDDEN', rapSheetRefusal(ctx.user.role));
}

/** What someone without the RAP sheet permission is told when refused an action on criminal history. */
export function rapSheetRefusal(role: AuthedContext['user']['role']): string {
  return `RAP sheets and criminal history need their own permission. ${rapSheetPermissionFrom(role)}`;
}

/**
 * A check a keyed request's work passed: a role's permission (with what a refusal is on record as),
 * or the RAP sheet permission for an action on a record. Kept with the request key's answer, so a
 * replay of the key is refused, and put on record, as a first call would be by then (an administrator
 * demoted since, a RAP sheet permission taken away): idempotency.ts.
 */
export type PassedCheck =
  | { permission: Permission; refused: RecordFacts }
  | { rapSheets: CriminalHistoryAction | 'audit.disclosures'; entityId: string | null };

function passed(ctx: Pick<Context, 'passedChecks'>, check: PassedCheck): void {
  const checks = ctx.passedChecks;
  if (!checks) return;
  const same = JSON.stringify(check);
  if (!checks.some((c) => JSON.stringify(c) === same)) checks.push(check);
}

/**
 * The checks a keyed request's first run passed, made again for a replay of its key: each refused
 * and put on record as it would be in a first call now.
 */
export async function checkAgain(ctx: OfficeContext, checks: readonly PassedCheck[]): Promise<void> {
  for (const check of checks) {
    // A permission no longer known (renamed since the key was kept) is refused, not skipped.
    if ('permission' in check)
      await (Object.hasOwn(PERMISSIONS, check.permission)
        ? requirePermission(ctx, check.permission, check.refused)
        : refuseRole(ctx, check.refused, null));
    else await requireRapSheetAccess(ctx, check.rapSheets, check.entityId);
  }
}
