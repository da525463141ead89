// The office's holders of the RAP sheet permission are told by e-mail when an administrator without
// it gives it to an account: staff_notices.kind gains rap_sheet_granted (the check replaced as 0047
// replaced it).
import type { Kysely } from 'kysely';
import { STAFF_NOTICE_KINDS_0047, setStaffNoticeKinds } from './0047_password_resets.ts';

// biome-ignore lint/suspicious/noExplicitAny: migrations must not depend on today's table types.
type AnyDb = Kysely<any>;

export const STAFF_NOTICE_KINDS_0075 = [...STAFF_NOTICE_KINDS_0047, 'rap_sheet_granted'] as const;

export async function up(db: AnyDb): Promise<void> {
  await setStaffNoticeKinds(db, STAFF_NOTICE_KINDS_0075);
}

export async function down(db: AnyDb): Promise<void> {
  // Notices of the new kind go (with their outbox rows), or the old check would refuse them.
  const notices = db.selectFrom('staff_notices').select('id').where('kind', '=', 'rap_sheet_granted');
  await db.deleteFrom('outbox').where('staff_notice_id', 'in', notices).execute();
  await db.deleteFrom('staff_notices').where('kind', '=', 'rap_sheet_granted').execute();
  await setStaffNoticeKinds(db, STAFF_NOTICE_KINDS_0047);
}
