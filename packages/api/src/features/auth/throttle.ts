// Counting sign-in attempts so that parallel requests cannot race past the limits. Every count is one
// statement that reads and writes the row together (an upsert with a guard), on SQLite and PostgreSQL
// alike: an attempt is claimed before its password is checked, and a claim that does not fit is
// refused without a check. Nothing is read first and written later, so nothing can be overwritten.
import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';
import type { Db, Tx } from '@relief-desk/db';
import { SESSION_RULES } from '@relief-desk/domain';
import { sql } from 'kysely';

const keys = new WeakMap<Db, Promise<Buffer>>();

/** The HMAC key every server on this database shares (made by migration 0010_sign_in_throttle). */
export function signInKey(db: Db): Promise<Buffer> {
  let key = keys.get(db);
  if (!key) {
    key = db
      .selectFrom('server_secrets')
      .select('value')
      .where('name', '=', 'sign_in_key')
      .executeTakeFirst()
      .then((row) => {
        if (!row) throw new Error('The sign-in key is missing: run the migrations.');
        return Buffer.from(row.value, 'base64url');
      });
    key.catch(() => keys.delete(db));
    keys.set(db, key);
  }
  return key;
}

/**
 * The key a typed e-mail address is counted under: an HMAC of the normalised address, so the table
 * and the audit log can correlate attempts without holding the address. Migration 0010 keeps a copy.
 */
export function accountKey(secret: Buffer, email: string): string {
  return createHmac('sha256', secret)
    .update(`sign-in-account:${email.trim().toLowerCase().normalize('NFC')}`, 'utf8')
    .digest('hex');
}

export interface AccountClaim {
  /** False when the address typed is locked: its password must not be checked. */
  claimed: boolean;
  /** The counts this claim took one from, with their limits (to give back: refundSignInAttempt). */
  counted?: Array<{ key: string; max: number }>;
  /** Failures counted so far, this attempt included (claimed only). */
  failures: number;
  /** This claim was the last one allowed and set the lock. */
  lockedNow: boolean;
}

/**
 * Claims one of the attempts the address typed has left, counting it as a failure until a success
 * takes it back: one upsert, guarded by the lock. The claim that reaches the limit sets the lock in the
 * same statement, so of any number of parallel attempts at most maxFailedSignIns get their password
 * checked. A lock that has run out starts the count again.
 */
export async function claimAccountAttempt(
  db: Db,
  key: string,
  now: Date,
  max: number = SESSION_RULES.maxFailedSignIns,
): Promise<AccountClaim> {
  const at = now.toISOString();
  const lockUntil = new Date(now.getTime() + SESSION_RULES.lockMinutes * 60_000).toISOString();
  const row = await db
    .insertInto('sign_in_accounts')
    .values({ account_key: key, failures: 1, locked_until: max <= 1 ? lockUntil : null, updated_at: at })
    .onConflict((oc) =>
      oc
        .column('account_key')
        .doUpdateSet({
          failures: sql<number>`case when sign_in_accounts.locked_until is null then sign_in_accounts.failures + 1 else 1 end`,
          locked_until: sql<
            string | null
          >`case when sign_in_accounts.locked_until is null and sign_in_accounts.failures + 1 >= ${max} then cast(${lockUntil} as text) else null end`,
          updated_at: at,
        })
        .where((eb) =>
          eb.or([
            eb('sign_in_accounts.locked_until', 'is', null),
            eb('sign_in_accounts.locked_until', '<=', at),
          ]),
        ),
    )
    .returning(['failures', 'locked_until'])
    .executeTakeFirst();
  if (!row) return { claimed: false, failures: max, lockedNow: false };
  return { claimed: true, failures: Number(row.failures), lockedNow: row.locked_until !== null };
}

/**
 * What a network is counted under for one account: a keyed hash of the address as addressKey counts
 * it (never the address itself), short, as it is only ever compared.
 */
export function networkKey(secret: Buffer, ip: string): string {
  return createHmac('sha256', secret)
    .update(`sign-in-network:${addressKey(ip)}`, 'utf8')
    .digest('hex')
    .slice(0, 32);
}

const acrossNetworks = (key: string) => `${key}:*`;
/**
 * The account a row counts for: its key's first 64 characters (an account key is 64 hex digits, and
 * its rows per network and across networks add ":…"), as the index of 0079 is built on.
 */
const accountOf = sql<string>`substr(account_key, 1, 64)`;
const fromNetwork = (key: string, network: string) => `${key}:${network}`;

/**
 * Claims a password check for the address typed, from the caller's network. Failures are counted per
 * account and network, so wrong passwords typed elsewhere lock the account there, not where its
 * owner works; those from networks the account has not signed in from lately are counted together
 * too, up to a higher ceiling that holds a guess spread over many networks.
 *
 * `accountWide`: a check only someone who already has the password (or a session) reaches, a second
 * factor's code above all, is also counted on the account itself, whatever the network: five wrong
 * codes lock it everywhere, as a guess at six digits moved from network to network must not get more
 * tries. That lock holds every claim on every network.
 */
export async function claimSignInAttempt(
  db: Db,
  key: string,
  ip: string,
  now: Date,
  options: { accountWide?: boolean } = {},
): Promise<AccountClaim> {
  if ((await lockedKeys(db, [key], now, { exactly: true })).has(key))
    return { claimed: false, failures: SESSION_RULES.maxFailedSignIns, lockedNow: false };
  const network = networkKey(await signInKey(db), ip);
  const ownCount = { key: fromNetwork(key, network), max: SESSION_RULES.maxFailedSignIns };
  const own = await claimAccountAttempt(db, ownCount.key, now, ownCount.max);
  if (!own.claimed) return own;
  const counted: Array<{ key: string; max: number }> = [ownCount];
  let lockedNow = own.lockedNow;
  const further = [
    ...(options.accountWide ? [{ key, max: SESSION_RULES.maxFailedSignIns }] : []),
    ...((await isFamiliar(db, key, network, now))
      ? []
      : [{ key: acrossNetworks(key), max: SESSION_RULES.maxFailedSignInsAcrossNetworks }]),
  ];
  for (const count of further) {
    const claim = await claimAccountAttempt(db, count.key, now, count.max);
    if (!claim.claimed) {
      // Refused without a check: not a failure of the counts taken so far.
      await refundSignInAttempt(db, { counted });
      return { claimed: false, failures: own.failures, lockedNow: false };
    }
    counted.push(count);
    lockedNow ||= claim.lockedNow;
  }
  return { ...own, lockedNow, counted };
}

/** Gives back what claimSignInAttempt counted (refundAccountAttempt, on each count it took from). */
export async function refundSignInAttempt(db: Db, claim: Pick<AccountClaim, 'counted'>): Promise<void> {
  for (const { key, max } of claim.counted ?? []) await refundAccountAttempt(db, key, max);
}

/** Whether the account signed in from this network lately (SESSION_RULES.familiarNetworkDays). */
async function isFamiliar(db: Db, key: string, network: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sign_in_networks')
    .select('signed_in_at')
    .where('account_key', '=', key)
    .where('network_key', '=', network)
    .where('signed_in_at', '>=', familiarSince(now))
    .executeTakeFirst();
  return row !== undefined;
}

/** Sign-ins since this time make a network familiar. */
const familiarSince = (now: Date) =>
  new Date(now.getTime() - SESSION_RULES.familiarNetworkDays * 86_400_000).toISOString();

/** A sign-in that succeeded: its network is familiar to the account from now on. */
export async function rememberNetwork(db: Db | Tx, key: string, ip: string, now: Date): Promise<void> {
  const network = networkKey(await signInKey(db), ip);
  await db
    .insertInto('sign_in_networks')
    .values({ account_key: key, network_key: network, signed_in_at: now.toISOString() })
    .onConflict((oc) =>
      oc.columns(['account_key', 'network_key']).doUpdateSet({ signed_in_at: now.toISOString() }),
    )
    .execute();
}

/**
 * Gives back a claim that was never a failure: a second step sent several times at once (a double
 * click, a retry), whose parallel copies find the step already taken or ended. Without this, each
 * copy stayed counted, and enough of them locked the account as wrong codes would. The lock a claim
 * set goes with it when the count falls below the limit again; a count already cleared (a success)
 * stays cleared.
 */
async function refundAccountAttempt(db: Db, key: string, max: number): Promise<void> {
  await db
    .updateTable('sign_in_accounts')
    .set({
      failures: sql<number>`failures - 1`,
      locked_until: sql<string | null>`case when failures - 1 < ${max} then null else locked_until end`,
    })
    .where('account_key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

/**
 * Clears the count and the lock, on every network (an administrator's unlock, a sign-in link, a new
 * password), or after a success only the account's own, the one across networks (the person is in;
 * that lock only ever lasts its minutes) and that of the network the success came from: others' wrong
 * guesses on their own networks stay counted there. Returns what there was (the most failures, the
 * latest lock).
 */
export async function clearAccount(
  db: Db | Tx,
  key: string,
  options: { onlyNetworkOf?: string } = {},
): Promise<{ failures: number; lockedUntil: string | null } | null> {
  const only = options.onlyNetworkOf;
  const network = only === undefined ? null : networkKey(await signInKey(db), only);
  const rows = await db
    .deleteFrom('sign_in_accounts')
    .where((eb) =>
      network === null
        ? eb(accountOf, '=', key)
        : eb('account_key', 'in', [key, fromNetwork(key, network), acrossNetworks(key)]),
    )
    .returning(['failures', 'locked_until'])
    .execute();
  if (rows.length === 0) return null;
  return {
    failures: Math.max(...rows.map((r) => Number(r.failures))),
    lockedUntil: rows.reduce<string | null>(
      (latest, r) => (r.locked_until && (!latest || r.locked_until > latest) ? r.locked_until : latest),
      null,
    ),
  };
}

/**
 * The keys among these that are locked now: on some network, across networks, or their own lock
 * (`exactly`: their own lock only).
 */
export async function lockedKeys(
  db: Db | Tx,
  keys: string[],
  now: Date,
  options: { exactly?: boolean } = {},
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .selectFrom('sign_in_accounts')
    .select('account_key')
    .where((eb) => (options.exactly ? eb('account_key', 'in', keys) : eb(accountOf, 'in', keys)))
    .where('locked_until', '>', now.toISOString())
    .execute();
  return new Set(rows.map((r) => r.account_key.split(':')[0] ?? ''));
}

/**
 * What an address is counted under: an IPv4 address as it is (IPv4-mapped IPv6 too), an IPv6 address
 * by its /64 network, which one subscriber normally holds whole and can move around in freely.
 */
export function addressKey(ip: string): string {
  const address = ip.split('%')[0]?.trim().toLowerCase() ?? '';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped?.[1]) return mapped[1];
  if (isIPv4(address) || !isIPv6(address)) return address;
  const [head = '', tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const zeros = tail === undefined ? 0 : 8 - width(left) - width(right);
  const groups = [...left, ...Array<string>(zeros).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}

export interface AddressClaim {
  claimed: boolean;
  /** The first refusal in its window (the one worth an audit row). */
  firstRefusal: boolean;
  key: string;
  windowStart: string;
  retryAfterSeconds: number;
}

const SIGN_IN_SCOPE = 'sign_in';

/**
 * Claims one of the failed sign-ins an address may have in the current fixed window (one upsert that
 * counts and answers together). A success gives its claim back, so an office behind one address is
 * not held up by its own staff signing in; a spray of wrong passwords is refused once the window's
 * allowance is spent, until the window ends.
 */
export async function claimAddressAttempt(db: Db, ip: string, now: Date): Promise<AddressClaim> {
  const windowMs = SESSION_RULES.addressWindowMinutes * 60_000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const windowStart = new Date(start).toISOString();
  const key = addressKey(ip);
  const row = await db
    .insertInto('rate_limits')
    .values({ scope: SIGN_IN_SCOPE, key, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc.columns(['scope', 'key', 'window_start']).doUpdateSet({ hits: sql<number>`rate_limits.hits + 1` }),
    )
    .returning('hits')
    .executeTakeFirstOrThrow();
  const hits = Number(row.hits);
  // A new window for this address: a good moment to forget windows and counts that have run out.
  if (hits === 1) await forgetOldCounts(db, now, windowStart);
  return {
    claimed: hits <= SESSION_RULES.signInsPerAddress,
    firstRefusal: hits === SESSION_RULES.signInsPerAddress + 1,
    key,
    windowStart,
    retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)),
  };
}

/** A success takes its address claim back. */
export async function refundAddressAttempt(db: Db | Tx, claim: AddressClaim): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set({ hits: sql<number>`hits - 1` })
    .where('scope', '=', SIGN_IN_SCOPE)
    .where('key', '=', claim.key)
    .where('window_start', '=', claim.windowStart)
    .where('hits', '>', 0)
    .execute();
}

async function forgetOldCounts(db: Db, now: Date, currentWindow: string): Promise<void> {
  await db
    .deleteFrom('rate_limits')
    .where('scope', '=', SIGN_IN_SCOPE)
    .where('window_start', '<', currentWindow)
    .execute();
  const quietSince = new Date(
    now.getTime() - SESSION_RULES.forgetFailuresAfterHours * 3_600_000,
  ).toISOString();
  await db.deleteFrom('sign_in_networks').where('signed_in_at', '<', familiarSince(now)).execute();
  await db
    .deleteFrom('sign_in_accounts')
    .where('updated_at', '<', quietSince)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .execute();
}
