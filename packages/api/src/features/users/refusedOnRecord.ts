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
