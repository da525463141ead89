// Status links: a long random token in the address the applicant opens (/status/<token>); only its
// SHA-256 is kept. A link works while any of the person's matters is open, and until 90 days after
// the last one closed.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, dialectOf, type OfficeDb, type OfficeTx, officeScoped, type Tx } from '@relief-desk/db';
import type { ApplicationLanguage } from '@relief-desk/domain';

export const STATUS_LINK_DAYS_AFTER_CLOSING = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export const hashStatusToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** 256 random bits, URL-safe: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function issueStatusLink(
  tx: Tx,
  link: { officeId: string; clientId: string; language: ApplicationLanguage; now: Date },
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await tx
    .insertInto('application_status_links')
    .values({
      token_hash: hashStatusToken(token),
      office_id: link.officeId,
      client_id: link.clientId,
      language: link.language,
      created_at: link.now.toISOString(),
    })
    .execute();
  return token;
}

export interface LinkHolder {
  officeId: string;
  /** The client the link opens: the survivor, when the record it was made for was merged away. */
  clientId: string;
  language: ApplicationLanguage;
}

export type LinkLookup =
  | { kind: 'unknown' }
  | { kind: 'expired'; holder: LinkHolder }
  | { kind: 'live'; holder: LinkHolder };

export async function findStatusLink(db: Db | Tx, token: string, now: Date): Promise<LinkLookup> {
  if (!TOKEN_PATTERN.test(token)) return { kind: 'unknown' };
  const row = await db
    .selectFrom('application_status_links as l')
    .innerJoin('clients as c', 'c.id', 'l.client_id')
    .select(['l.office_id', 'l.client_id', 'l.language', 'c.merged_into_client_id'])
    .where('l.token_hash', '=', hashStatusToken(token))
    .executeTakeFirst();
  if (!row) return { kind: 'unknown' };
  const holder: LinkHolder = {
    officeId: row.office_id,
    clientId: row.merged_into_client_id ?? row.client_id,
    language: row.language === 'es' ? 'es' : 'en',
  };
  // The token names the office; from here the link's records are read on that office's handle.
  const officeDb = officeScoped(db, dialectOf(db), holder.officeId);
  return (await linkIsLive(officeDb, holder, now)) ? { kind: 'live', holder } : { kind: 'expired', holder };
}

/** Live while a matter is open (in the handle's office), and for 90 days after the last one closed. */
export async function linkIsLive(db: OfficeDb | OfficeTx, holder: Pick<LinkHolder, 'clientId'>, now: Date) {
  const matters = await db
    .selectFrom('matters')
    .select(['closed_at'])
    .where('client_id', '=', holder.clientId)
    .execute();
  if (matters.length === 0) return false;
  if (matters.some((m) => m.closed_at === null)) return true;
  const lastClosed = Math.max(...matters.map((m) => Date.parse(m.closed_at ?? '')));
  return now.getTime() < lastClosed + STATUS_LINK_DAYS_AFTER_CLOSING * DAY_MS;
}
