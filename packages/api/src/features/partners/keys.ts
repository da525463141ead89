// Partner API keys: an office administrator makes one per partner organisation, sees it once, and
// can revoke it, naming the version of the key they were shown (a revoke from a page older than the
// key is refused). Only a SHA-256 of the key is kept; a key works for its own office only.
import { createHash, randomBytes } from 'node:crypto';
import { type Db, inTransaction, newId, type Tx } from '@relief-desk/db';
import {
  type CreatePartnerKeyInput,
  PARTNER_KEY_PREFIX,
  type revokePartnerKeyInputSchema,
} from '@relief-desk/domain';
import type { z } from 'zod';
import { putOnRecord } from '../../audit.ts';
import { lastChange } from '../../concurrency.ts';
import type { OfficeContext } from '../../context.ts';
import { AppError, notFound } from '../../errors.ts';

/** What a partner's call is on the audit log as. */
export const PARTNER_REFERRAL_PROCEDURE = 'partnerApi.referrals.create';

export interface PartnerKeyView {
  id: string;
  name: string;
  /** The key's first characters, to tell keys apart (never the whole key). */
  prefix: string;
  createdAt: string;
  createdBy: string;
  /** The last call the key sent, accepted or refused (a refused call is a use all the same). */
  lastUsedAt: string | null;
  /** Whether that call was refused (the audit log says why): a live integration failing, not an unused key. */
  lastCallRefused: boolean;
  revokedAt: string | null;
  /** What a revoke names: the key as the administrator was shown it. */
  version: number;
}

export const hashPartnerKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

export async function listPartnerKeys(ctx: OfficeContext): Promise<PartnerKeyView[]> {
  const rows = await ctx.db
    .selectFrom('partner_api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.created_by')
    .select([
      'k.id',
      'k.name',
      'k.key_prefix',
      'k.created_at',
      'u.name as created_by_name',
      'k.last_used_at',
      'k.revoked_at',
      'k.version',
    ])
    // Leads partner_api_keys_office on SQLite (the scope's +office_id would read every office's keys).
    .where('k.office_id', '=', ctx.user.officeId)
    .orderBy('k.created_at', 'desc')
    .orderBy('k.id', 'desc')
    .execute();
  return Promise.all(
    rows.map(async (r) => ({
      id: r.id,
      name: r.name,
      prefix: r.key_prefix,
      createdAt: r.created_at,
      createdBy: r.created_by_name,
      lastUsedAt: r.last_used_at,
      lastCallRefused: r.last_used_at !== null && (await lastCallRefused(ctx, r.id)),
      revokedAt: r.revoked_at,
      version: r.version,
    })),
  );
}

/** Whether the key's last call on the audit log was refused (every call is on it, refused or not). */
async function lastCallRefused(ctx: OfficeContext, keyId: string): Promise<boolean> {
  const last = await ctx.db
    .selectFrom('audit_log')
    .select('outcome')
    .where('entity_id', '=', keyId)
    .where('action', '=', PARTNER_REFERRAL_PROCEDURE)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return last !== undefined && last.outcome !== 'ok';
}

/** Makes a key; the answer is the only time the whole key is shown. */
export async function createPartnerKey(
  ctx: OfficeContext,
  input: Required<CreatePartnerKeyInput>,
): Promise<{ id: string; name: string; key: string }> {
  const key = `${PARTNER_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const now = ctx.clock.now();
  const id = newId(now);
  return inTransaction(ctx.db, async ({ tx }) => {
    await tx
      .insertInto('partner_api_keys')
      .values({
        id,
        office_id: ctx.user.officeId,
        name: input.name,
        key_hash: hashPartnerKey(key),
        key_prefix: key.slice(0, PARTNER_KEY_PREFIX.length + 6),
        created_by: ctx.user.id,
        created_at: now.toISOString(),
        last_used_at: null,
        revoked_by: null,
        revoked_at: null,
      })
      .execute();
    await putOnRecord(tx, { entityType: 'partner_api_key', entityId: id });
    return { id, name: input.name, key };
  });
}

/**
 * Revokes one of the office's keys at once, at the version the administrator was shown; a key revoked
 * already is left as it is, and the administrator is told who revoked it and when.
 */
export async function revokePartnerKey(
  ctx: OfficeContext,
  input: z.output<typeof revokePartnerKeyInputSchema>,
): Promise<PartnerKeyView[]> {
  await inTransaction(ctx.db, async ({ tx }) => {
    const found = await tx
      .selectFrom('partner_api_keys')
      .select(['id', 'name', 'key_prefix', 'revoked_at', 'revoked_by', 'version'])
      .where('id', '=', input.keyId)
      .executeTakeFirst();
    if (!found)
      throw notFound('The partner key', {
        entityType: 'partner_api_key',
        entityId: input.keyId,
      });
    // Revoked already (from another page, or by someone else meanwhile): said as such, by whom and when,
    // rather than as a change made after the page was opened.
    if (found.revoked_at !== null) throw await alreadyRevoked(tx, found);
    // A live key has never changed (a revoke is its only change): a version it is not at is one it
    // never had, not a change someone made after the page was opened.
    if (found.version !== input.version) throw versionNeverHad(found, input.version);
    if (found.revoked_at === null) {
      const saved = await tx
        .updateTable('partner_api_keys')
        .set({
          revoked_at: ctx.clock.now().toISOString(),
          revoked_by: ctx.user.id,
          version: found.version + 1,
        })
        .where('id', '=', found.id)
        .where('version', '=', found.version)
        .executeTakeFirst();
      // On PostgreSQL two revokes from one version can both pass the check above: the later is refused,
      // saying the key is revoked already (its only change), by whom and when.
      if (saved.numUpdatedRows === 0n) {
        const now = await tx
          .selectFrom('partner_api_keys')
          .select(['name', 'key_prefix', 'revoked_at', 'revoked_by'])
          .where('id', '=', found.id)
          .executeTakeFirstOrThrow();
        throw now.revoked_at !== null ? await alreadyRevoked(tx, now) : versionNeverHad(found, input.version);
      }
    }
    await putOnRecord(tx, {
      entityType: 'partner_api_key',
      entityId: found.id,
      detail: { alreadyRevoked: found.revoked_at !== null },
    });
  });
  return listPartnerKeys(ctx);
}

/** A revoke of a key revoked already: who revoked it and when; nothing changes. */
async function alreadyRevoked(
  tx: Tx,
  key: { name: string; key_prefix: string; revoked_at: string | null; revoked_by: string | null },
) {
  const { who, when } = await lastChange(tx, {
    updated_by: key.revoked_by,
    updated_at: key.revoked_at ?? '',
  });
  return new AppError(
    'VERSION_CONFLICT',
    `The key for ${key.name} (${key.key_prefix}…) is already revoked: ${who} revoked it on ${when}. It no longer works, and nothing was changed. There is nothing more to do: if the partner still sends referrals, make them a new key.`,
  );
}

/** A revoke naming a version the live key never had: it has not changed since it was made. */
function versionNeverHad(key: { name: string; key_prefix: string; version: number }, sent: number) {
  return new AppError(
    'VERSION_CONFLICT',
    `The revoke named version ${sent} of the key for ${key.name} (${key.key_prefix}…), which it never had: no one has changed the key since it was made, and it is still live (version ${key.version}). Nothing was changed. Reload the keys page and revoke it from there.`,
  );
}

export interface PartnerKeyHolder {
  id: string;
  officeId: string;
  name: string;
  createdBy: string;
  /**
   * Whose Idempotency-Keys a call's are: the partner's, not the key's, so a retry sent with a new key
   * (the old one rotated) is the same request. A partner is the office's keys of one name (the name
   * an administrator gives each key of the partner); its keys are kept under its first key, and the
   * person who made it. Another office's keys of the same name are another partner's.
   */
  partner: { firstKeyId: string; createdBy: string };
}

/** A partner's name as its keys are told apart: spaces and capitals aside. */
const partnerName = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The hash of the key an Authorization header carries (Bearer <key>), or null. */
function keyHashFrom(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S{1,200})\s*$/i.exec(authorization ?? '');
  const key = match?.[1];
  return key?.startsWith(PARTNER_KEY_PREFIX) ? hashPartnerKey(key) : null;
}

async function liveKeyByHash(db: Db, hash: string): Promise<PartnerKeyHolder | null> {
  const row = await db
    .selectFrom('partner_api_keys')
    .select(['id', 'office_id', 'name', 'created_by'])
    .where('key_hash', '=', hash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // The partner's first key, revoked or not: a key made later of the same name is the same partner's.
  const keys = await db
    .selectFrom('partner_api_keys')
    .select(['id', 'name', 'created_by'])
    .where('office_id', '=', row.office_id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const first = keys.find((k) => partnerName(k.name) === partnerName(row.name)) ?? row;
  return {
    id: row.id,
    officeId: row.office_id,
    name: row.name,
    createdBy: row.created_by,
    partner: { firstKeyId: first.id, createdBy: first.created_by },
  };
}

/**
 * Keys found live lately, by hash. What a key names (id, office, partner) never changes; whether it
 * is still live is not taken from here: the transaction that answers the call checks it
 * (notePartnerKeyUse), and a refusal checks it again (isPartnerKeyLive), so a revoke counts at once.
 */
const RECENT_KEY_MS = 60_000;
const RECENT_KEYS_KEPT = 1000;
const recentKeys = new WeakMap<Db, Map<string, { holder: PartnerKeyHolder; until: number }>>();

/**
 * The live key an Authorization header carries, or null: from the keys found live in the last minute
 * when it can (recent: true).
 */
export async function recentPartnerKeyFrom(
  db: Db,
  authorization: string | undefined,
): Promise<{ holder: PartnerKeyHolder; recent: boolean } | null> {
  const hash = keyHashFrom(authorization);
  if (hash === null) return null;
  let recent = recentKeys.get(db);
  if (!recent) {
    recent = new Map();
    recentKeys.set(db, recent);
  }
  const kept = recent.get(hash);
  if (kept && kept.until > Date.now()) return { holder: kept.holder, recent: true };
  recent.delete(hash);
  const holder = await liveKeyByHash(db, hash);
  if (!holder) return null;
  if (recent.size >= RECENT_KEYS_KEPT) recent.delete(recent.keys().next().value as string);
  recent.set(hash, { holder, until: Date.now() + RECENT_KEY_MS });
  return { holder, recent: false };
}

/** Whether the key is still live (not revoked); a revoked key is forgotten here. */
export async function isPartnerKeyLive(db: Db, holder: PartnerKeyHolder): Promise<boolean> {
  const row = await db
    .selectFrom('partner_api_keys')
    .select('revoked_at')
    .where('id', '=', holder.id)
    .executeTakeFirst();
  const live = row !== undefined && row.revoked_at === null;
  if (!live) forgetPartnerKey(db, holder.id);
  return live;
}

function forgetPartnerKey(db: Db, keyId: string): void {
  const recent = recentKeys.get(db);
  if (recent) for (const [hash, kept] of recent) if (kept.holder.id === keyId) recent.delete(hash);
}

/** The keys whose use each transaction has noted (and so found live). */
const usesNotedIn = new WeakMap<Tx, Set<string>>();

/**
 * Notes the key's use in the transaction answering the call; false (and forgotten) if it was revoked
 * meanwhile. On PostgreSQL the update waits for a revoke in progress, then sees it.
 *
 * Once per key per transaction: referrals committed together (SQLite's group commit) note the first
 * call's time, a few milliseconds before the last's, and a revoke cannot come between them (the
 * transaction holds the write lock). After rolling one back, forgetPartnerKeyUses.
 */
export async function notePartnerKeyUse(
  tx: Db | Tx,
  holder: PartnerKeyHolder,
  now: Date,
  db: Db,
): Promise<boolean> {
  const inTx = tx.isTransaction ? (tx as Tx) : null;
  if (inTx && usesNotedIn.get(inTx)?.has(holder.id)) return true;
  const noted = await tx
    .updateTable('partner_api_keys')
    .set({ last_used_at: now.toISOString() })
    .where('id', '=', holder.id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (Number(noted.numUpdatedRows) > 0) {
    if (inTx) {
      let uses = usesNotedIn.get(inTx);
      if (!uses) {
        uses = new Set();
        usesNotedIn.set(inTx, uses);
      }
      uses.add(holder.id);
    }
    return true;
  }
  forgetPartnerKey(db, holder.id);
  return false;
}

/** Forgets the uses a transaction noted (its savepoint rolled back): the next call notes its own. */
export function forgetPartnerKeyUses(tx: Tx): void {
  usesNotedIn.delete(tx);
}
