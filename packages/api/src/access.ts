// Criminal offender record information (RAP sheets and what is drawn from them: convictions,
// eligibility decisions, petitions) needs its own permission, beside the right to see the matter.
import type { CriminalHistoryAction } from '@relief-desk/domain';
import { writeAudit } from './audit.ts';
import type { AuthedContext } from './context.ts';
import { AppError } from './errors.ts';

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
