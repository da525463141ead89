// Status links: a long random token in the address the applicant opens (/status/<token>); only its
// SHA-256 is kept. A link works while any of the matters it shows is open, and until 90 days after
// the last one closed.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, dialectOf, type OfficeDb, type OfficeTx, officeScoped, type Tx } from '@relief-desk/db';
import { type ApplicationLanguage, isApplicationLanguage } from '@relief-desk/domain';

export const STATUS_LINK_DAYS_AFTER_CLOSING = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export const hashStatusToken = (token: string): string =>
  createHash('sha256').update(token, 'utf8').digest('hex');

/** 256 random bits, URL-safe: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function issueStatusLink(
  tx: Tx,
  link: {
    officeId: string;
    clientId: string;
    language: ApplicationLanguage;
    now: Date;
    /** The records whose matters it shows, when not the client's own record alone (a new link). */
    recordIds?: readonly string[];
  },
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
      record_ids: link.recordIds ? JSON.stringify(link.recordIds) : null,
    })
    .execute();
  return token;
}

export interface LinkHolder {
  officeId: string;
  /** The records whose matters the link shows: the one it was made for, or those a new link names. */
  recordIds: string[];
  /** Where those matters are now: the link's record itself, or the one it was merged into. */
  clientId: string;
  /** The language the page opens in: the client's preferred one now, if English or Spanish. */
  language: ApplicationLanguage;
}

export type LinkLookup =
  | { kind: 'unknown' }
  | { kind: 'expired'; holder: LinkHolder }
  | { kind: 'live'; holder: LinkHolder };

/** Merges are chained (A into B, then B into C): a record's matters are with the last survivor. */
const MOST_MERGES_FOLLOWED = 50;

export async function findStatusLink(db: Db | Tx, token: string, now: Date): Promise<LinkLookup> {
  if (!TOKEN_PATTERN.test(token)) return { kind: 'unknown' };
  const row = await db
    .selectFrom('application_status_links as l')
    .innerJoin('clients as c', 'c.id', 'l.client_id')
    .select(['l.office_id', 'l.client_id', 'l.language', 'l.record_ids', 'c.merged_into_client_id'])
    .where('l.token_hash', '=', hashStatusToken(token))
    .executeTakeFirst();
  if (!row) return { kind: 'unknown' };
  // The token names the office: from here the link's records are read on that office's handle.
  const officeDb = officeScoped(db, dialectOf(db), row.office_id);
  let clientId = row.client_id;
  let next = row.merged_into_client_id;
  for (let i = 0; next && i < MOST_MERGES_FOLLOWED; i++) {
    clientId = next;
    next =
      (
        await officeDb
          .selectFrom('clients')
          .select('merged_into_client_id')
          .where('id', '=', next)
          .executeTakeFirst()
      )?.merged_into_client_id ?? null;
  }
  // The page opens in the language the client prefers now (staff may have changed it since the link
  // was made); the link's own (the language it was sent in) when that is one the page is not in.
  const preferred = (
    await officeDb
      .selectFrom('clients')
      .select('preferred_language')
      .where('id', '=', clientId)
      .executeTakeFirst()
  )?.preferred_language;
  const holder: LinkHolder = {
    officeId: row.office_id,
    recordIds: recordIdsOf(row),
    clientId,
    language: isApplicationLanguage(preferred) ? preferred : row.language === 'es' ? 'es' : 'en',
  };
  return (await linkIsLive(officeDb, holder, now)) ? { kind: 'live', holder } : { kind: 'expired', holder };
}

function recordIdsOf(row: { client_id: string; record_ids: string | null }): string[] {
  if (row.record_ids === null) return [row.client_id];
  const ids: unknown = JSON.parse(row.record_ids);
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
}

/**
 * The matters a link shows: those first recorded for one of its records, wherever merges have moved
 * them since. A merge never adds another record's matters to a link: an online application's record
 * is merged on a match of name and birth date (either way round), and whoever applied must not be
 * shown a client's case because they knew those. A matter's first record is the one the earliest
 * merge that moved it (and was not undone) moved it from, or, when none has, the one it is with now.
 */
export async function linkMatterIds(
  db: OfficeDb | OfficeTx,
  holder: Pick<LinkHolder, 'recordIds' | 'clientId'>,
): Promise<string[]> {
  const held = await db.selectFrom('matters').select('id').where('client_id', '=', holder.clientId).execute();
  if (held.length === 0) return [];
  const firstRecords = await firstRecordOfMatters(
    db,
    held.map((m) => m.id),
  );
  const shown = new Set(holder.recordIds);
  return held.map((m) => m.id).filter((id) => shown.has(firstRecords.get(id) ?? holder.clientId));
}

/** For each matter a merge moved (and was not undone), the record it was first with; others are left out. */
async function firstRecordOfMatters(
  db: OfficeDb | OfficeTx,
  matterIds: readonly string[],
): Promise<Map<string, string>> {
  if (matterIds.length === 0) return new Map();
  const moved = await db
    .selectFrom('client_merges as cm')
    .innerJoin('client_merge_rows as r', 'r.merge_id', 'cm.id')
    .select(['r.row_id', 'cm.merged_client_id'])
    .where('cm.undone_at', 'is', null)
    .where('r.table_name', '=', 'matters')
    .where('r.column_name', '=', 'client_id')
    .where('r.row_id', 'in', matterIds)
    .orderBy('cm.merged_at')
    .orderBy('cm.id')
    .execute();
  const first = new Map<string, string>();
  for (const m of moved) if (!first.has(m.row_id)) first.set(m.row_id, m.merged_client_id);
  return first;
}

/** Live while a matter it shows is open (in the handle's office), and for 90 days after the last one closed. */
export async function linkIsLive(
  db: OfficeDb | OfficeTx,
  holder: Pick<LinkHolder, 'recordIds' | 'clientId'>,
  now: Date,
) {
  const ids = await linkMatterIds(db, holder);
  if (ids.length === 0) return false;
  const matters = await db.selectFrom('matters').select(['closed_at']).where('id', 'in', ids).execute();
  if (matters.some((m) => m.closed_at === null)) return true;
  const lastClosed = Math.max(...matters.map((m) => Date.parse(m.closed_at ?? '')));
  return now.getTime() < lastClosed + STATUS_LINK_DAYS_AFTER_CLOSING * DAY_MS;
}
