import { AppError } from '../../errors.ts';

/**
 * A refusal about a person's account that is put on record: one's own account (role, access, the RAP
 * sheet permission) or the office's last administrator. Every refusal of the users page is in the log.
 */
export function refusedOnRecord(
  path: string,
  message: string,
  userId: string,
  reason: 'own_account' | 'last_administrator',
) {
  return new AppError('BAD_INPUT', message, {
    fieldErrors: [{ path, message }],
    audit: { entityType: 'user', entityId: userId, detail: { reason } },
  });
}

/**
 * An administrator's RAP sheet permission asked of an administrator who does not hold it, refused on
 * record against what it would have gone to (the account, or the invitation: none yet when inviting).
 * The log reads it as "not allowed".
 */
export function adminGrantRefused(
  path: string,
  message: string,
  record: { entityType: 'user' | 'invitation'; entityId: string | null },
) {
  return new AppError('BAD_INPUT', message, {
    fieldErrors: [{ path, message }],
    audit: { ...record, detail: { reason: 'forbidden', fields: ['canViewRapSheets'] } },
  });
}
