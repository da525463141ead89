// Start-up problems a person can fix, each reported as one line that names the setting, shows its
// value (passwords and keys masked) and says what to do: a value that is not valid, a database that
// cannot be reached, logged in to or written, a data folder that cannot be written, a port that is
// taken. Anything else is a bug and keeps its stack trace.
import { DatabaseNewerThanCode } from '@relief-desk/db';
import type { Config } from './config.ts';

export interface SettingProblem {
  setting: string;
  /** The value as set, unmasked; undefined when the setting is not set. Masked when shown. */
  value: string | undefined;
  /** What is wrong and how to fix it, one sentence or two, no line breaks. */
  fix: string;
}

const SECRET_SETTING = /KEY|SECRET|PASSWORD|TOKEN/i;

/** A setting's value as it may be shown: keys hidden, the password in a URL replaced by ****. */
export function maskValue(setting: string, value: string): string {
  if (SECRET_SETTING.test(setting)) return value === '' ? '' : '****';
  const masked = value
    // scheme://user:password@host: everything between the user's colon and the last @ (a password
    // may hold characters a URL should have encoded).
    .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:@/?#]*:).*@/is, '$1****@')
    // A password, key, token or secret in the query string (?api_key=…, &access_token=…).
    .replace(
      /([?&](?:password|pass|pwd|sslpassword|[\w.-]*(?:key|token|secret|signature))=)[^&#]*/gi,
      '$1****',
    );
  return masked.length > 200 ? `${masked.slice(0, 200)}…` : masked;
}

/** The one line a problem is reported as. */
export function problemLine(problem: SettingProblem): string {
  const fix = problem.fix.replace(/\s*\n\s*/g, ' ').trim();
  const value =
    problem.value === undefined
      ? 'It is not set.'
      : `It is set to "${maskValue(problem.setting, problem.value)}".`;
  return `${problem.setting}: ${fix}${/[.!?]$/.test(fix) ? '' : '.'} ${value}`;
}

/** Settings that are not valid, found before anything is opened. */
export class SettingsError extends Error {
  override readonly name = 'SettingsError';
  readonly problems: SettingProblem[];

  constructor(problems: SettingProblem[]) {
    super(problems.map(problemLine).join('\n'));
    this.problems = problems;
  }
}

/** From zod's issues (or any setting name and message pairs), with the values from the environment. */
export function settingsError(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  env: NodeJS.ProcessEnv,
): SettingsError {
  return new SettingsError(
    issues.map((issue) => {
      const setting = String(issue.path[0] ?? 'settings');
      return { setting, value: env[setting], fix: issue.message };
    }),
  );
}

/** Where start-up was when it failed: the same error code means different things in each. */
export type StartupStep = 'settings' | 'data folder' | 'database' | 'listen';

export class StartupFailure extends Error {
  override readonly name = 'StartupFailure';
  constructor(
    readonly step: StartupStep,
    cause: unknown,
  ) {
    super(`Start-up failed at the ${step}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Runs one step of start-up, marking what it throws with the step. */
export async function startupStep<T>(step: StartupStep, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof StartupFailure ? error : new StartupFailure(step, error);
  }
}

interface ErrorFacts {
  code: string;
  message: string;
  syscall: string;
  path: string;
}

/** The error and its causes (and an AggregateError's errors), outermost first. */
function chainOf(error: unknown): ErrorFacts[] {
  const found: ErrorFacts[] = [];
  const visit = (e: unknown, depth: number) => {
    if (depth > 8 || typeof e !== 'object' || e === null) return;
    const field = (name: string) => {
      const v = Reflect.get(e, name);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
    };
    found.push({
      code: field('code'),
      message: field('message'),
      syscall: field('syscall'),
      path: field('path'),
    });
    if (e instanceof AggregateError) for (const inner of e.errors) visit(inner, depth + 1);
    visit(Reflect.get(e, 'cause'), depth + 1);
  };
  visit(error, 0);
  return found;
}

const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'part of the path is a file, not a folder',
  EEXIST: 'a file is in the way of the folder',
  ENOENT: 'a folder cannot be made there (the place does not exist, or its file system holds no folders)',
  SQLITE_CANTOPEN: 'unable to open or create the database file there',
  SQLITE_READONLY: 'the database file or its folder is read-only',
  SQLITE_PERM: 'permission denied',
  SQLITE_FULL: 'the disk is full',
  SQLITE_NOTADB: 'the file there is not a SQLite database',
  SQLITE_CORRUPT: 'the database file is damaged',
};

function fileProblem(facts: ErrorFacts[]): string | null {
  for (const f of facts) {
    const known = FILE_PROBLEMS[f.code] ?? FILE_PROBLEMS[f.code.replace(/_[A-Z]+$/, '')];
    if (known) return known;
    if (f.code.startsWith('SQLITE_IOERR')) return 'the disk could not be read or written';
  }
  return null;
}

/** postgres://user:****@host:port/db → its parts, for the message. */
function postgresParts(url: string): { where: string; user: string; database: string } {
  try {
    const parsed = new URL(url);
    return {
      where: `${parsed.hostname}:${parsed.port || 5432}`,
      user: decodeURIComponent(parsed.username) || 'the default user',
      database: decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'the default database',
    };
  } catch {
    return { where: 'the server', user: 'the user', database: 'the database' };
  }
}

function postgresProblem(facts: ErrorFacts[], url: string): string | null {
  const { where, user, database } = postgresParts(url);
  for (const f of facts) {
    switch (f.code) {
      case 'ECONNREFUSED':
        return `nothing answers at ${where} (connection refused). Start PostgreSQL, or correct the host and port`;
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `the host in it could not be found (${where}). Correct the host name`;
      case 'ETIMEDOUT':
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `PostgreSQL at ${where} did not answer. Check the host, the port and any firewall in between`;
      case 'ECONNRESET':
        return `PostgreSQL at ${where} closed the connection. Check it is PostgreSQL listening there, and whether it requires TLS (add ?sslmode=require)`;
      case '28P01':
        return `PostgreSQL refused the password for user "${user}". Correct the user name and password`;
      case '28000':
        return `PostgreSQL refused user "${user}" (${f.message}). Correct the user name, or allow it in pg_hba.conf`;
      case '3D000':
        return `the database "${database}" does not exist on ${where}. Create it (createdb ${database}) or correct its name`;
      case '42501':
        return `user "${user}" may not create or change tables in "${database}". Make them the database's owner, or grant them CREATE on its schema`;
      case '53300':
        return `PostgreSQL at ${where} has too many connections. Try again, or raise max_connections`;
      case '57P03':
        return `PostgreSQL at ${where} is starting up or shutting down. Try again in a moment`;
    }
    if (/timeout/i.test(f.message) && /connect/i.test(f.message))
      return `PostgreSQL at ${where} did not answer within 10 seconds. Check the host, the port and any firewall in between`;
    if (/SSL|TLS|certificate/i.test(f.message))
      return `the TLS connection to ${where} failed (${f.message}). Check the sslmode in it and the server's certificate`;
  }
  return null;
}

/**
 * The problems behind a failed start, as lines to show; null when it is not a problem with a setting
 * (a bug), which should be reported with its stack trace.
 */
export function describeStartupProblem(
  error: unknown,
  config: Config | null,
  env: NodeJS.ProcessEnv = process.env,
): SettingProblem[] | null {
  if (error instanceof SettingsError) return error.problems;
  if (!(error instanceof StartupFailure)) return null;
  if (error.cause instanceof SettingsError) return error.cause.problems;
  if (!config) return null;
  const facts = chainOf(error.cause);
  const dataDir = { setting: 'DATA_DIR', value: env.DATA_DIR ?? config.DATA_DIR };

  if (error.step === 'data folder') {
    const problem = fileProblem(facts);
    if (!problem) return null;
    return [
      {
        ...dataDir,
        fix: `cannot write uploads under ${config.filesDir}: ${problem}. Make ${config.DATA_DIR} a folder the user running Relief Desk can write, or set DATA_DIR to one it can`,
      },
    ];
  }

  if (error.step === 'database') {
    if (error.cause instanceof DatabaseNewerThanCode) {
      const setting = env.DATABASE_URL?.trim()
        ? { setting: 'DATABASE_URL', value: env.DATABASE_URL }
        : dataDir;
      return [
        {
          ...setting,
          fix: `${error.cause.message}. Run that newer version (every server on this database), or restore a backup made with this one; nothing was changed`,
        },
      ];
    }
    if (config.databaseUrl.startsWith('postgres')) {
      const problem = postgresProblem(facts, config.databaseUrl);
      return problem ? [{ setting: 'DATABASE_URL', value: env.DATABASE_URL, fix: problem }] : null;
    }
    const problem = fileProblem(facts);
    if (!problem) return null;
    const setting = env.DATABASE_URL?.trim() ? { setting: 'DATABASE_URL', value: env.DATABASE_URL } : dataDir;
    return [
      {
        ...setting,
        fix: `cannot use the database file ${config.databaseUrl}: ${problem}. ${
          problem.includes('not a SQLite') || problem.includes('damaged')
            ? 'Restore it from a backup, or point the setting at the right file'
            : 'Make the folder and the file writable by the user running Relief Desk, or set it to a folder it can write'
        }`,
      },
    ];
  }

  if (error.step === 'listen') {
    const where = `${config.HOST}:${config.PORT}`;
    for (const f of facts) {
      if (f.code === 'EADDRINUSE')
        return [
          {
            setting: 'PORT',
            value: env.PORT ?? String(config.PORT),
            fix: `port ${config.PORT} is already in use on ${config.HOST} (another program, or Relief Desk already running). Stop it, or set PORT to a free port`,
          },
        ];
      if (f.code === 'EACCES' || f.code === 'EPERM')
        return [
          {
            setting: 'PORT',
            value: env.PORT ?? String(config.PORT),
            fix: `not allowed to listen on ${where} (ports below 1024 need extra rights). Use a port from 1024 up, e.g. 3000, behind a reverse proxy`,
          },
        ];
      if (
        f.code === 'EADDRNOTAVAIL' ||
        f.code === 'ENOTFOUND' ||
        f.code === 'EAI_AGAIN' ||
        f.code === 'EINVAL'
      )
        return [
          {
            setting: 'HOST',
            value: env.HOST ?? config.HOST,
            fix: 'this machine has no such address to listen on. Use 0.0.0.0 (every address), 127.0.0.1 (this machine only) or one of its own addresses',
          },
        ];
    }
  }
  return null;
}

/**
 * For a command that failed: prints each problem with a setting as one line and returns the exit
 * status (1); anything else is thrown again, with its stack trace. The settings are read again only
 * to word the message (they were valid if the failure came later).
 */
export function reportStartupProblem(error: unknown, readConfig: () => Config): number {
  let config: Config | null = null;
  try {
    config = readConfig();
  } catch {
    // The settings themselves are the problem: error says so.
  }
  const problems = describeStartupProblem(error, config);
  if (!problems) throw error instanceof StartupFailure ? error.cause : error;
  for (const problem of problems) console.error(problemLine(problem));
  return 1;
}
