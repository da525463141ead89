// Every setting the server reads, from the environment, validated once here and nowhere else.
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { isPostgresUrl, SQLITE_SYNCHRONOUS_MODES } from '@relief-desk/db';
import { createSmsSender, parseSmtpUrl } from '@relief-desk/notify';
import { z } from 'zod';
import { settingsError } from './startup-problems.ts';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

// In any case (TRUE, Yes), and empty as unset (COOKIE_SECURE= in an env file), as a number setting is.
const flagOrUnset = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'Use true or false.' }).optional(),
  )
  .transform((v) => (v === undefined ? undefined : ['true', '1', 'yes'].includes(v)));
const flag = (fallback: boolean) => flagOrUnset.transform((v) => v ?? fallback);

/**
 * A number setting: left empty (PORT= in an env file) it is unset, as if not written, and its default
 * applies; written, it is digits (with a decimal point where fractions are allowed), not 0x10 or 1e3,
 * which a number parser would read as 16 and 1000.
 */
const blankAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => {
    if (typeof v !== 'string') return v;
    if (v.trim() === '') return undefined;
    return /^\s*\d+(\.\d+)?\s*$/.test(v) ? v : Number.NaN;
  }, schema);

const environmentSchema = z.object({
  PORT: blankAsUnset(
    z.coerce
      .number({ error: 'Use a port number from 0 to 65535, e.g. 3000.' })
      .int('Use a port number from 0 to 65535, e.g. 3000.')
      .min(0, 'Use a port number from 0 to 65535, e.g. 3000.')
      .max(65535, 'Use a port number from 0 to 65535, e.g. 3000.')
      .default(3000),
  ),
  HOST: z.string().default('0.0.0.0'),
  /** Where the SQLite file, uploads and backups live. */
  DATA_DIR: z.string().default(join(repositoryRoot, 'data')),
  /** postgres://user:pass@host:port/db to use PostgreSQL; unset for the embedded SQLite file. */
  // An empty value (DATABASE_URL= in an env file) means unset, not an anonymous temporary database.
  // Anything else is refused: it would otherwise become a SQLite file path (a mistyped postgres://
  // starting an empty local database) and be logged with its password. file: names a SQLite file.
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .refine((v) => v === undefined || isPostgresUrl(v) || /^(sqlite|file):./.test(v), {
      message:
        'must be postgres://user:password@host:port/database, or file:/path/to/relief-desk.sqlite. Leave it unset to use the SQLite file in DATA_DIR.',
    }),
  /**
   * Fill an empty database with demo offices, users and clients. On by default for the embedded
   * SQLite file (a first look); off by default on PostgreSQL, where an empty database is a real
   * deployment that must not get the published demo logins.
   */
  SEED_DEMO_DATA: flagOrUnset,
  /** Mark the session cookie Secure even when requests arrive over plain HTTP (behind a TLS proxy). */
  COOKIE_SECURE: flag(false),
  /**
   * Which reverse proxies' X-Forwarded-* headers to trust (client addresses, HTTPS, the address people
   * open): false, a number of proxies in front (true is one), or the proxies' addresses.
   */
  TRUST_PROXY: trustProxySetting(),
  /**
   * The address people open Relief Desk at (https://desk.example.org), when it differs from what
   * reaches the server (behind a reverse proxy without TRUST_PROXY): requests that change something
   * must come from this origin or the server's own.
   */
  PUBLIC_ORIGIN: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined)
    .transform((v, ctx) => {
      if (v === undefined) return undefined;
      let url: URL | null = null;
      try {
        url = new URL(v);
      } catch {
        // Reported below.
      }
      if (
        !url ||
        (url.protocol !== 'https:' && url.protocol !== 'http:') ||
        url.username ||
        url.password ||
        url.pathname !== '/' ||
        url.search ||
        url.hash
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'must be the address people open, scheme and host only, e.g. https://desk.example.org',
        });
        return z.NEVER;
      }
      return url.origin;
    }),
  /** Live sessions one person may hold; signing in once more ends their oldest. */
  MAX_SESSIONS_PER_USER: blankAsUnset(
    z.coerce
      .number({ error: 'Use a whole number from 1 to 100.' })
      .int('Use a whole number from 1 to 100.')
      .min(1, 'Use a whole number from 1 to 100.')
      .max(100, 'Use a whole number from 1 to 100.')
      .default(5),
  ),
  /**
   * Minutes a session may go unused before it ends (30); the web app warns two minutes before. Lowered,
   * it holds for the sessions already open from the next start (main.ts); raised, for new ones.
   */
  SESSION_IDLE_MINUTES: blankAsUnset(
    z.coerce
      .number({ error: 'Use a whole number of minutes from 1 to 720, e.g. 30.' })
      .int('Use a whole number of minutes from 1 to 720, e.g. 30.')
      .min(1, 'Use a whole number of minutes from 1 to 720, e.g. 30.')
      .max(720, 'Use a whole number of minutes from 1 to 720, e.g. 30.')
      .default(30),
  ),
  /** The built web app to serve. */
  WEB_DIST_DIR: z.string().default(join(repositoryRoot, 'apps', 'web', 'dist')),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'Use one of fatal, error, warn, info, debug, trace or silent.',
    })
    .default('info'),
  /**
   * On SIGTERM or SIGINT, how long requests in flight (and the delivery in hand) get to finish before
   * the rest are answered 503 and the server exits.
   */
  SHUTDOWN_GRACE_MS: blankAsUnset(
    z.coerce
      .number({ error: 'Use a whole number of milliseconds from 0 to 600000, e.g. 10000.' })
      .int('Use a whole number of milliseconds from 0 to 600000, e.g. 10000.')
      .min(0, 'Use a whole number of milliseconds from 0 to 600000, e.g. 10000.')
      .max(600_000, 'Use a whole number of milliseconds from 0 to 600000, e.g. 10000.')
      .default(10_000),
  ),
  /** SQLite's synchronous setting: NORMAL (default) or FULL (each commit survives a power cut). */
  SQLITE_SYNCHRONOUS: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() || undefined : v),
    z
      .enum(SQLITE_SYNCHRONOUS_MODES, {
        error: 'Use NORMAL (the default) or FULL (every commit also survives a power cut).',
      })
      .default('NORMAL'),
  ),
  /** Hours between scheduled backups, e.g. 24; unset, none are scheduled (`relief-desk backup` works). */
  BACKUP_SCHEDULE_HOURS: blankAsUnset(
    z.coerce
      .number({ error: 'Use a number of hours from 1 to 720, e.g. 24.' })
      .min(1, 'Use a number of hours from 1 to 720, e.g. 24.')
      .max(720, 'Use a number of hours from 1 to 720, e.g. 24.')
      .optional(),
  ),
  /** Where scheduled backups go, a dated folder each; by default DATA_DIR/backups (better: another disk). */
  BACKUP_DIR: z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined),
  /** How many scheduled backups to keep: the newest. */
  BACKUP_KEEP: blankAsUnset(
    z.coerce
      .number({ error: 'Use a whole number from 1 to 1000, e.g. 7.' })
      .int('Use a whole number from 1 to 1000, e.g. 7.')
      .min(1, 'Use a whole number from 1 to 1000, e.g. 7.')
      .max(1000, 'Use a whole number from 1 to 1000, e.g. 7.')
      .default(7),
  ),
  ...messagingSettings(),
});

/** The most proxies one request passes through that a count may name. */
const MAX_PROXY_HOPS = 10;
const TRUST_PROXY_FORMS = `Use false (no proxy, the default), true (one reverse proxy in front of the server), the number of proxies in front from 1 to ${MAX_PROXY_HOPS} (e.g. 2 for a CDN in front of a load balancer), or the proxies' IP addresses or networks, comma-separated (e.g. 127.0.0.1,10.0.0.0/8)`;
/** Named sets of addresses Fastify's trustProxy takes in a list, as Express's does. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: false (the default, also 0 and no), a count of proxy hops (true and yes are one), or a
 * list of the proxies' addresses and CIDR networks. A count trusts that many entries from the right of
 * X-Forwarded-For, which the proxies appended; never all of them: the left-most are the client's to write.
 */
function trustProxySetting() {
  return z
    .string()
    .optional()
    .transform((raw, ctx): false | number | string[] => {
      const value = raw?.trim() ?? '';
      const word = value.toLowerCase();
      if (['', 'false', 'no', '0'].includes(word)) return false;
      if (['true', 'yes'].includes(word)) return 1;
      if (/^\d+$/.test(value)) {
        const hops = Number(value);
        if (hops <= MAX_PROXY_HOPS) return hops;
        ctx.addIssue({ code: 'custom', message: `${TRUST_PROXY_FORMS}.` });
        return z.NEVER;
      }
      const entries = value
        .split(',')
        .map((entry) =>
          PROXY_RANGE_NAMES.has(entry.trim().toLowerCase()) ? entry.trim().toLowerCase() : entry.trim(),
        );
      const wrong = entries.find((entry) => !PROXY_RANGE_NAMES.has(entry) && !isProxyNetwork(entry));
      if (wrong === undefined) return entries;
      ctx.addIssue({
        code: 'custom',
        message: `${
          wrong === ''
            ? 'An entry is empty'
            : /\/0+$/.test(wrong)
              ? `"${wrong}" would trust every address`
              : `"${wrong}" is not an IP address or network`
        }. ${TRUST_PROXY_FORMS}.`,
      });
      return z.NEVER;
    });
}

/** An IP address, or a CIDR network (address/prefix length); not /0, which would trust every address. */
function isProxyNetwork(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  const length = Number(prefix);
  return length >= 1 && length <= (family === 4 ? 32 : 128);
}

/**
 * Delivery: SMTP_URL (smtp://user:pass@host:port, or smtps:// for TLS) with MAIL_FROM, and the SMS
 * provider's SMS_API_URL with SMS_API_KEY. Unset, messages wait in the outbox and the app says so.
 * Problems name the variable and never echo its value (it may hold a password).
 */
function messagingSettings() {
  const optional = z
    .string()
    .optional()
    .transform((v) => v?.trim() || undefined);
  const notifyCheck =
    (check: (value: string) => unknown) => (value: string | undefined, ctx: z.RefinementCtx) => {
      if (value === undefined) return;
      try {
        check(value);
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: error instanceof Error ? error.message.replace(/^\w+: /, '') : 'is not valid.',
        });
      }
    };
  return {
    SMTP_URL: optional.superRefine(notifyCheck(parseSmtpUrl)),
    MAIL_FROM: optional.refine((v) => v === undefined || /^(?:[^<>@]*<)?[^@\s<>]+@[^@\s<>]+>?$/.test(v), {
      message: 'must be an e-mail address, e.g. "Office <office@example.org>".',
    }),
    SMS_API_URL: optional.superRefine(
      notifyCheck((url) => createSmsSender({ apiUrl: url, apiKey: 'checked-separately' })),
    ),
    SMS_API_KEY: optional,
  };
}

function checkMessagingPairs(config: {
  SMTP_URL?: string;
  MAIL_FROM?: string;
  SMS_API_URL?: string;
  SMS_API_KEY?: string;
}): { path: string[]; message: string }[] {
  const problems: { path: string[]; message: string }[] = [];
  if (config.SMTP_URL && !config.MAIL_FROM)
    problems.push({
      path: ['MAIL_FROM'],
      message: 'Set it with SMTP_URL, e.g. "Office <office@example.org>".',
    });
  if (config.SMS_API_URL && !config.SMS_API_KEY)
    problems.push({ path: ['SMS_API_KEY'], message: 'Set it with SMS_API_URL.' });
  if (config.SMS_API_KEY && !config.SMS_API_URL)
    problems.push({ path: ['SMS_API_URL'], message: 'Set it with SMS_API_KEY.' });
  // Sent as an HTTP header (Authorization: Bearer …), which carries visible ASCII only: a key with
  // an accent or a line break would fail every text, reported as an unreachable provider.
  if (config.SMS_API_KEY && !/^[\x21-\x7e]+$/.test(config.SMS_API_KEY))
    problems.push({
      path: ['SMS_API_KEY'],
      message:
        'It may hold only letters, digits and ASCII punctuation, no spaces or accented letters: copy the key again from the SMS provider',
    });
  return problems;
}

export type Config = Omit<z.output<typeof environmentSchema>, 'SEED_DEMO_DATA'> & {
  SEED_DEMO_DATA: boolean;
  databaseUrl: string;
  /** Where uploaded documents are kept, by SHA-256. */
  filesDir: string;
  /** Where scheduled backups are written (BACKUP_DIR, or DATA_DIR/backups). */
  backupDir: string;
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    // One line per setting: its name, its value (secrets masked) and how to fix it.
    throw settingsError(parsed.error.issues, env);
  }
  const config = parsed.data;
  const pairs = checkMessagingPairs(config);
  if (pairs.length > 0) throw settingsError(pairs, env);
  // Relative paths mean the folder the command was run from (pnpm runs scripts inside the package,
  // and says where it was invoked in INIT_CWD), not apps/server.
  const invokedFrom = env.INIT_CWD ?? process.cwd();
  const dataDir = resolve(invokedFrom, config.DATA_DIR);
  const sqliteFile = config.DATABASE_URL?.match(/^(?:sqlite|file):(.+)$/)?.[1];
  const postgres = config.DATABASE_URL !== undefined && !sqliteFile;
  return {
    ...config,
    DATA_DIR: dataDir,
    WEB_DIST_DIR: resolve(invokedFrom, config.WEB_DIST_DIR),
    SEED_DEMO_DATA: config.SEED_DEMO_DATA ?? !postgres,
    databaseUrl: postgres
      ? (config.DATABASE_URL ?? '')
      : resolve(invokedFrom, sqliteFile ?? join(dataDir, 'relief-desk.sqlite')),
    filesDir: join(dataDir, 'files'),
    backupDir: config.BACKUP_DIR ? resolve(invokedFrom, config.BACKUP_DIR) : join(dataDir, 'backups'),
  };
}
