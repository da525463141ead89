// Criminal offender record information (RAP sheets and what is drawn from them: convictions,
// eligibility decisions, petitions) needs its own permission, beside the right to see the matter.
import { type CriminalHistoryAction, can, type Permission } from '@relief-desk/domain';
import { putOnRecord, type RecordFacts, writeAudit } from './audit.ts';
import type { AuthedContext, OfficeContext } from './context.ts';
import { AppError } from './errors.ts';

/**
 * The role's permission, the one check behind procedureFor and the plain HTTP routes' work (files,
 * letters, filing runs, CSV exports): refused with one message, on record under the request's name,
 * as a refused procedure, or as what the caller names (an export names the view it was asked for).
 */
export async function requirePermission(
  ctx: OfficeContext,
  permission: Permission,
  refused: RecordFacts = { entityType: 'procedure', entityId: null },
): Promise<void> {
  if (can(ctx.user.role, permission)) return;
  await putOnRecord(ctx.db, { ...refused, outcome: 'denied' });
  throw new AppError('FORBIDDEN', 'Your role does not allow this. Ask a supervisor or administrator.');
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
  if (ctx.user.canViewRapSheets) return;
  await writeAudit(ctx.db, ctx, { action, entityType: 'rap_sheet_data', entityId, outcome: 'denied' });
  throw new AppError(
    'FORBIDDEN',
    'RAP sheets and criminal history need their own permission. Ask an administrator to grant it to you.',
  );
}
