// One-time links in what the outbox sends: an invitation, a sign-in link, an applicant's status link.
// Each ends in a token of 256 random bits (43 URL-safe characters) that only its recipient may hold,
// and only the token's hash is kept where it is checked. Staff reading a message see the link with
// the token cut off, and once the message is sent or given up on, its stored copy keeps it no longer.
import type { Db, Tx } from '@relief-desk/db';

/** A link whose last part, after a `/` or a `#`, is a token. Other links (a page's address) stay. */
const ONE_TIME_LINK = /(https?:\/\/[^\s#]*?[/#])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;

/** The text with each one-time link's token cut off: `https://…/status/…`, `https://…/invitation#…`. */
export function withoutLinks(text: string): string {
  return text.replace(ONE_TIME_LINK, '$1…');
}

/** What an outbox row carries: a client message or a staff notice, and the text stored for it. */
export interface Carried {
  messageId: string | null;
  staffNoticeId: string | null;
  body: string;
}

/**
 * Strikes the tokens of one-time links from the stored copy of a message that was sent or given up on,
 * whichever table holds it. A text without such a link is not written.
 */
export async function strikeLinks(db: Db | Tx, carried: Carried): Promise<void> {
  const struck = withoutLinks(carried.body);
  if (struck === carried.body) return;
  if (carried.staffNoticeId)
    await db
      .updateTable('staff_notices')
      .set({ body: struck })
      .where('id', '=', carried.staffNoticeId)
      .execute();
  else if (carried.messageId)
    await db.updateTable('messages').set({ body: struck }).where('id', '=', carried.messageId).execute();
}

/** A message whose link was struck: sending its stored copy again would send no working link. */
export const hasStruckLink = (text: string): boolean => /https?:\/\/[^\s#]*?[/#]…/.test(text);
