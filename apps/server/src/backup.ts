// Backups: a consistent copy of the database (SQLite's online backup API on the live file, or
// pg_dump) and of the uploaded files, with a manifest of every file's SHA-256; and restoring one,
// after checking every checksum, into an empty data folder or an empty PostgreSQL database.
//
// The database is copied first, the files after it: a file is stored before the row that names it
// commits, so every file the copied database names is already there when the files are copied.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, createReadStream, type Dirent, readFileSync, statSync } from 'node:fs';
import {
  chmod,
  copyFile,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { userInfo } from 'node:os';
import { dirname, join, parse, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import {
  backupSqliteFile,
  isPostgresUrl,
  knownMigrations,
  makePrivateFolder,
  openDatabase,
  PRIVATE_FILE_MODE,
  PRIVATE_FOLDER_MODE,
  readSqlite,
  sqliteFileProblem,
} from '@relief-desk/db';
import { sql } from 'kysely';
import type { Config } from './config.ts';
import { serverOnDataFolder } from './data-folder-lock.ts';

export const MANIFEST = 'manifest.json';
const SQLITE_COPY = 'database.sqlite';
const POSTGRES_DUMP = 'database.dump';
const FILES = 'files';
/** Held while a backup is written into its folder, so that a second one started there is refused. */
const CLAIM = '.backup-in-progress';

export interface Manifest {
  format: 'relief-desk-backup';
  version: 1;
  createdAt: string;
  database: { dialect: 'sqlite' | 'postgres'; file: string; schema: string | null };
  /** Every file of the backup but this manifest, with its size and SHA-256. */
  files: { path: string; bytes: number; sha256: string }[];
}

/** A refusal or failure, said in one line. */
export class BackupError extends Error {}

/** The backup or restore command's folder, or what is wrong with its options. */
export function backupArguments(
  command: 'backup' | 'restore',
  args: string[],
): { command: 'backup' | 'restore'; folder: string } | string {
  const option = command === 'backup' ? 'to' : 'from';
  try {
    const { values } = parseArgs({ args, options: { [option]: { type: 'string' } } });
    const folder = (values[option] as string | undefined)?.trim();
    if (!folder) return `${command} needs --${option} FOLDER.`;
    return { command, folder };
  } catch (error) {
    return `${command}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Runs the command for the CLI: prints what it did, or the one-line reason it did not. */
export async function runBackupCommand(
  { command, folder }: { command: 'backup' | 'restore'; folder: string },
  config: Config,
): Promise<number> {
  const invokedFrom = process.env.INIT_CWD ?? process.cwd();
  const path = resolve(invokedFrom, folder);
  try {
    if (command === 'backup') {
      const manifest = await createBackup(config, path);
      const files = manifest.files.filter((f) => f.path.startsWith(`${FILES}/`));
      console.log(
        `Backed up the ${manifest.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database and ${files.length} uploaded files to ${path} (checksums in ${MANIFEST}).`,
      );
    } else {
      const restored = await restoreBackup(config, path);
      console.log(
        `Restored the database and ${restored.files} uploaded files from ${path} into ${restored.target}. Start the server: it brings the schema up to date.`,
      );
    }
    return 0;
  } catch (error) {
    const problem =
      error instanceof BackupError
        ? error
        : fileSystemProblem(error, command === 'backup' ? 'write' : 'read', path);
    if (problem) {
      console.error(problem.message);
      return 1;
    }
    throw error;
  }
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'a folder cannot be made there (the place does not exist, or its file system holds no folders)',
  EEXIST: 'a file is in the way of the folder',
  // SQLite's, writing the copy of the database (no path of their own: the backup folder is named).
  SQLITE_FULL: 'the disk is full',
  SQLITE_READONLY: 'the file system is read-only',
  SQLITE_CANTOPEN: 'the file cannot be made there',
  SQLITE_IOERR: 'the disk could not be written',
  SQLITE_PERM: 'permission denied',
};

/**
 * A file system refusal (permission, space, read-only disk) as the one line the command prints: what
 * could not be done, where, and why, rather than a stack trace. Anything else is not one (a bug).
 */
export function fileSystemProblem(error: unknown, doing: 'read' | 'write', at: string): BackupError | null {
  const { code, path } = (error ?? {}) as { code?: unknown; path?: unknown };
  const reason =
    typeof code === 'string'
      ? (FILE_SYSTEM_REASONS[code] ??
        (code.startsWith('SQLITE_')
          ? FILE_SYSTEM_REASONS[code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1')]
          : undefined))
      : undefined;
  if (!reason) return null;
  const where = typeof path === 'string' ? path : at;
  return new BackupError(
    `Could not ${doing} ${where}: ${reason}. Check the folder's owner and permissions (the command runs as this user) and the free space.`,
  );
}

/**
 * Whether anything is at path: false only when nothing is. existsSync answers false when this user
 * may not look (a data folder 0700 of another user) too, which would say "there is no database" of
 * one that is there. A refusal to look is thrown as one line naming the folder in the way, its owner
 * and who runs the command. `belongsTo`: the folder whose owner the command should run as.
 */
export function isThere(path: string, belongsTo: 'the data folder' | 'the backup'): boolean {
  try {
    statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    if (code === 'EACCES' || code === 'EPERM') throw notAllowedToRead(path, belongsTo);
    throw fileSystemProblem(error, 'read', path) ?? error;
  }
  return true;
}

/** The user running the command may not read path: which folder stops it, whose it is, what to do. */
export function notAllowedToRead(path: string, belongsTo: 'the data folder' | 'the backup'): BackupError {
  const full = resolve(path);
  // The first folder on the way this user may not enter (or the file itself, if that is what is closed).
  let blocking = full;
  const parts = relative(parse(full).root, full).split(sep);
  for (let i = 1; i <= parts.length; i++) {
    const at = join(parse(full).root, ...parts.slice(0, i));
    const last = i === parts.length;
    try {
      accessSync(at, last ? constants.R_OK : constants.X_OK);
    } catch {
      blocking = at;
      break;
    }
  }
  let owner: string | null = null;
  let mode = '';
  try {
    const stats = statSync(blocking);
    owner = userName(stats.uid);
    mode = `, mode ${(stats.mode & 0o777).toString(8).padStart(4, '0')}`;
  } catch {
    // Not even that can be seen: the folder is named without its owner.
  }
  const me = userName(process.getuid?.() ?? -1);
  const where = `${full}${blocking === full ? '' : ` (${blocking} is ${owner ? `${owner}'s` : 'closed'}${mode})`}`;
  const example = owner && /^[a-z_][a-z0-9_-]*$/i.test(owner) ? `: sudo -u ${owner} pnpm relief-desk …` : '.';
  return new BackupError(
    `Could not read ${where}: permission denied to ${me}, who runs this command. Run it as the user that owns ${belongsTo} (the one the server runs as)${example}`,
  );
}

/** A user's name from /etc/passwd, or "uid N" when it is not there. */
function userName(uid: number): string {
  try {
    if (uid === process.getuid?.()) return userInfo().username;
  } catch {
    // No name for this uid (a container's user): said by number.
  }
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && Number(id) === uid) return name;
    }
  } catch {
    // No /etc/passwd to read: said by number.
  }
  return `uid ${uid}`;
}

export async function createBackup(config: Config, to: string, now = new Date()): Promise<Manifest> {
  const notEmpty = () => new BackupError(`The backup folder ${to} is not empty: give a new or empty folder.`);
  const existed = isThere(to, 'the backup');
  if (existed && (await readdir(to)).length > 0) throw notEmpty();
  // Criminal histories and contact details: the folder and every file in it for this user alone.
  // One level at a time (Node's recursive mkdir never returns under /proc), each made 0700.
  makePrivateFolder(to);
  // An empty folder given keeps no wider mode than one made here.
  if (existed) await chmod(to, PRIVATE_FOLDER_MODE);
  // Claimed before anything is written: two backups started into one new folder at once (a schedule
  // and a hand, say) would otherwise both find it empty and write over each other.
  const claim = join(to, CLAIM);
  let claimed: Awaited<ReturnType<typeof open>>;
  try {
    claimed = await open(claim, 'wx', 0o600);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'EEXIST')
      throw new BackupError(
        `Another backup is being written to ${to}: give another folder, or wait for that one to finish.`,
      );
    throw error;
  }
  await claimed.close();
  try {
    if ((await readdir(to)).some((name) => name !== CLAIM)) throw notEmpty();
    try {
      return await writeBackup(config, to, now);
    } catch (error) {
      // A backup that failed (a full disk, no pg_dump, no database) leaves nothing that looks like one:
      // the folder this command made goes, and one that was empty is emptied again.
      if (existed) {
        for (const name of await readdir(to))
          if (name !== CLAIM) await rm(join(to, name), { recursive: true, force: true });
      } else {
        await rm(to, { recursive: true, force: true });
      }
      throw error;
    }
  } finally {
    await rm(claim, { force: true });
  }
}

async function writeBackup(config: Config, to: string, now: Date): Promise<Manifest> {
  const postgres = isPostgresUrl(config.databaseUrl);

  let schema: string | null;
  if (postgres) {
    schema = await newestMigration(config.databaseUrl);
    await runPostgresTool('pg_dump', config.databaseUrl, [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      '--file',
      join(to, POSTGRES_DUMP),
    ]);
  } else {
    if (!isThere(config.databaseUrl, 'the data folder'))
      throw new BackupError(`There is no database at ${config.databaseUrl}: nothing to back up.`);
    await backupSqliteFile(config.databaseUrl, join(to, SQLITE_COPY));
    schema = readSqlite(join(to, SQLITE_COPY), (sqlite) => {
      const row = sqlite.prepare('select max(name) as name from kysely_migration').get() as
        | { name: string | null }
        | undefined;
      return row?.name ?? null;
    });
  }

  await chmod(join(to, postgres ? POSTGRES_DUMP : SQLITE_COPY), 0o600);
  const files: Manifest['files'] = [await describe(to, postgres ? POSTGRES_DUMP : SQLITE_COPY)];
  for (const path of await listFiles(config.filesDir)) {
    const bytes = await readFile(join(config.filesDir, path));
    const target = join(to, FILES, path);
    await mkdir(dirname(target), { recursive: true, mode: 0o700 });
    await writeFile(target, bytes, { mode: 0o600 });
    files.push({ path: `${FILES}/${path}`, bytes: bytes.byteLength, sha256: sha256Of(bytes) });
  }

  const manifest: Manifest = {
    format: 'relief-desk-backup',
    version: 1,
    createdAt: now.toISOString(),
    database: {
      dialect: postgres ? 'postgres' : 'sqlite',
      file: postgres ? POSTGRES_DUMP : SQLITE_COPY,
      schema,
    },
    files,
  };
  // Written last, beside and then renamed: a folder without a manifest is a backup that did not finish.
  await writeFile(join(to, `${MANIFEST}.partial`), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  await rename(join(to, `${MANIFEST}.partial`), join(to, MANIFEST));
  return manifest;
}

export async function restoreBackup(
  config: Config,
  from: string,
): Promise<{ files: number; target: string }> {
  // First: a restore under a running server is lost. It goes on with the database it opened (moved
  // aside, say, to empty the folder), and what it writes there is never read again.
  const running = await serverOnDataFolder(config);
  if (running)
    throw new BackupError(
      `A Relief Desk server${running.pid ? ` (process ${running.pid})` : ''} is running on the data folder ${config.DATA_DIR}: stop it first, then restore (restored under it, the data would not be what it serves, and what it saves would be lost). Nothing was restored.`,
    );
  const manifest = await readManifest(from);
  // A newer version's backup: this version's server would refuse the database once restored, and the
  // data folder or database, no longer empty, could not take the restore again.
  const schema = manifest.database.schema;
  if (typeof schema === 'string' && !knownMigrations().includes(schema))
    throw new BackupError(
      `This backup (made ${manifest.createdAt}) was written by a newer version of Relief Desk: its database has run migration ${schema}, which this version does not have. Restore it with the version that wrote it, or a later one. Nothing was restored.`,
    );
  for (const file of manifest.files) {
    const path = join(from, ...file.path.split('/'));
    if (!isThere(path, 'the backup'))
      throw new BackupError(`The backup is damaged: ${file.path} is missing. Nothing was restored.`);
    const found = await describe(from, file.path);
    if (found.sha256 !== file.sha256 || found.bytes !== file.bytes)
      throw new BackupError(
        `The backup is damaged: ${file.path} does not match its checksum in ${MANIFEST}. Nothing was restored.`,
      );
  }

  const postgres = isPostgresUrl(config.databaseUrl);
  const wanted = postgres ? 'postgres' : 'sqlite';
  if (manifest.database.dialect !== wanted)
    throw new BackupError(
      `This is a backup of a ${manifest.database.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database, and ${
        config.DATABASE_URL === undefined
          ? `DATABASE_URL is not set, so the database is the SQLite file in DATA_DIR (${config.DATA_DIR})`
          : `DATABASE_URL names a ${postgres ? 'PostgreSQL' : 'SQLite'} one`
      }: restore it into the same kind${postgres ? '' : ' (set DATABASE_URL to the PostgreSQL database to restore into)'}.`,
    );

  // A database file that matches its checksum may still be no database (damaged before its checksum
  // was taken, or a manifest rewritten to match): restored, it would only fail at the server's start,
  // in a data folder no longer empty. Checked where it is, so nothing is written if it fails.
  if (!postgres) {
    const databaseFile = join(from, ...manifest.database.file.split('/'));
    let problem: string | null;
    try {
      problem = sqliteFileProblem(databaseFile);
    } catch (error) {
      throw fileSystemProblem(error, 'read', databaseFile) ?? error;
    }
    if (problem)
      throw new BackupError(
        `The backup is damaged: its ${manifest.database.file} is not a usable database (${problem}), although it matches its checksum. Nothing was restored: restore another backup.`,
      );
  }

  // Refused before anything is written.
  let target: string;
  if (postgres) {
    const { hostname, port, pathname } = new URL(config.databaseUrl);
    target = `PostgreSQL ${hostname}:${port || 5432}${pathname}`;
    const tables = await tableCount(config.databaseUrl);
    if (tables > 0)
      throw new BackupError(
        `The database (${target}) is not empty (${tables} tables): restore only into an empty database.`,
      );
  } else {
    target = config.DATA_DIR;
    const held = isThere(config.DATA_DIR, 'the data folder')
      ? await readdir(config.DATA_DIR, { withFileTypes: true })
      : [];
    if (held.length > 0) throw new BackupError(notEmptyDataFolder(config, held));
    if (isThere(config.databaseUrl, 'the data folder'))
      throw new BackupError(
        `There is a database at ${config.databaseUrl} already: restore only into an empty data folder. Stop the server first, then move the database elsewhere, and restore again.`,
      );
  }
  if ((await listFiles(config.filesDir)).length > 0)
    throw new BackupError(
      `The uploads folder ${config.filesDir} is not empty: restore only into an empty data folder.`,
    );

  if (postgres) {
    try {
      await runPostgresTool('pg_restore', config.databaseUrl, [
        '--no-owner',
        '--no-privileges',
        '--exit-on-error',
        '--single-transaction',
        join(from, manifest.database.file),
      ]);
    } catch (error) {
      if (!(error instanceof BackupError) || !error.message.startsWith('pg_restore failed')) throw error;
      throw await failedRestore(config.databaseUrl, target, manifest.database.file, error.message);
    }
  } else {
    // Owner-only, as the server makes them: the restored data holds every client's history.
    makePrivateFolder(dirname(config.databaseUrl));
    const partial = `${config.databaseUrl}.restoring`;
    await copyFile(join(from, manifest.database.file), partial);
    await chmod(partial, PRIVATE_FILE_MODE);
    await rename(partial, config.databaseUrl);
  }
  let files = 0;
  for (const file of manifest.files) {
    if (!file.path.startsWith(`${FILES}/`)) continue;
    const target = join(config.filesDir, ...file.path.slice(FILES.length + 1).split('/'));
    makePrivateFolder(dirname(target));
    await copyFile(join(from, ...file.path.split('/')), `${target}.restoring`);
    await chmod(`${target}.restoring`, PRIVATE_FILE_MODE);
    await rename(`${target}.restoring`, target);
    files++;
  }
  return { files, target };
}

/**
 * pg_restore failed on a dump that matches its checksum (written damaged, or by a tool that could not
 * read it): in one transaction, so nothing should have been restored; checked, and said.
 */
async function failedRestore(url: string, target: string, file: string, said: string): Promise<BackupError> {
  const why = said.replace(/^pg_restore failed: (pg_restore: )?(error: )?/, '');
  const tables = await tableCount(url).catch(() => null);
  if (tables === 0)
    return new BackupError(
      `Nothing was restored: pg_restore failed on the backup's ${file} (${why}), although it matches its checksum. The backup file is damaged: restore another backup.`,
    );
  return new BackupError(
    `pg_restore failed (${why}), and the database (${target}) now holds ${tables ?? 'an unknown number of'} tables: drop and create it again, then restore another backup.`,
  );
}

/** How many of a data folder's entries a refusal names: enough to recognise it, never a screenful. */
const NAMED_ENTRIES = 5;

/**
 * Why restore will not write into this data folder, naming what is in it and how to go on: the
 * scheduled backups' default folder (DATA_DIR/backups) is the usual surprise, made by a server that
 * started once before the restore.
 */
function notEmptyDataFolder(config: Config, entries: { name: string; isDirectory(): boolean }[]): string {
  const names = entries
    .map((entry) => (entry.isDirectory() ? `${entry.name}/` : entry.name))
    .sort((a, b) => a.localeCompare(b));
  const listed = names.slice(0, NAMED_ENTRIES).join(', ');
  const more = names.length > NAMED_ENTRIES ? ` and ${names.length - NAMED_ENTRIES} more` : '';
  const onlyBackups =
    names.length === 1 &&
    names[0] === 'backups/' &&
    resolve(config.backupDir) === join(config.DATA_DIR, 'backups');
  const next = onlyBackups
    ? 'It holds only backups/, where scheduled backups go by default: move that folder out of the data folder (and set BACKUP_DIR to where it went, better on another disk), or set DATA_DIR to a new empty folder, then restore again.'
    : 'Stop the server first (a restore under a running server is lost), then move what is there elsewhere, or set DATA_DIR to a new empty folder, and restore again.';
  return `The data folder ${config.DATA_DIR} is not empty (it holds ${listed}${more}): restore only into an empty data folder. ${next}`;
}

async function readManifest(from: string): Promise<Manifest> {
  const path = join(from, MANIFEST);
  if (!isThere(path, 'the backup'))
    throw new BackupError(
      `There is no ${MANIFEST} in ${from}: not a Relief Desk backup, or one that did not finish.`,
    );
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fileSystemProblem(error, 'read', path) ?? error;
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new BackupError(`${path} is not readable JSON: the backup is damaged.`);
  }
  if (manifest?.format !== 'relief-desk-backup' || manifest.version !== 1 || !Array.isArray(manifest.files))
    throw new BackupError(`${path} is not a Relief Desk backup manifest (version 1).`);
  const database = manifest.files.find((f) => f.path === manifest.database?.file);
  if (!database) throw new BackupError(`${path} lists no database file: the backup is damaged.`);
  for (const file of manifest.files) {
    // Paths stay inside the backup and the data folder.
    if (
      typeof file.path !== 'string' ||
      file.path.split('/').some((part) => part === '..' || part === '') ||
      file.path.includes('\\')
    )
      throw new BackupError(
        `${path} names a file outside the backup (${String(file.path)}): the backup is damaged.`,
      );
  }
  return manifest;
}

/** Every file under a folder, as paths relative to it with '/' between parts (half-written uploads left out). */
async function listFiles(root: string): Promise<string[]> {
  if (!isThere(root, 'the data folder')) return [];
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.partial'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function describe(root: string, path: string): Promise<Manifest['files'][number]> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(join(root, ...path.split('/')))) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).byteLength;
  }
  return { path, bytes, sha256: hash.digest('hex') };
}

async function newestMigration(url: string): Promise<string | null> {
  const database = openDatabase(url);
  try {
    const { rows } = await sql<{
      name: string | null;
    }>`select max(name) as name from kysely_migration`.execute(database.db);
    return rows[0]?.name ?? null;
  } catch {
    return null;
  } finally {
    await database.close();
  }
}

async function tableCount(url: string): Promise<number> {
  const database = openDatabase(url);
  try {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema')`.execute(database.db);
    return rows[0]?.n ?? 0;
  } finally {
    await database.close();
  }
}

/** Runs pg_dump or pg_restore on the database, the password in the environment rather than the arguments. */
async function runPostgresTool(tool: 'pg_dump' | 'pg_restore', url: string, args: string[]): Promise<void> {
  const address = new URL(url);
  const password = decodeURIComponent(address.password);
  address.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  const stderr: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn(tool, [`--dbname=${address.toString()}`, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        fail(
          new BackupError(
            `${tool} was not found: install the PostgreSQL client tools (for example "apt-get install postgresql-client") to back up or restore a PostgreSQL database.`,
          ),
        );
      else fail(error);
    });
    child.once('close', done);
  });
  if (code !== 0) {
    const first =
      stderr
        .join('')
        .split('\n')
        .find((line) => line.trim()) ?? `exit code ${code}`;
    throw new BackupError(`${tool} failed: ${first.trim()}`);
  }
}

const widerThan = (mode: number, allowed: number) => (mode & 0o777 & ~allowed) !== 0;

/**
 * Backups an earlier version left readable by others (files 0644 in folders 0755, under umask 022)
 * made owner-only, as new ones are: the backup folder 0700, and in each backup (a folder holding a
 * manifest or a database copy, finished or not) every folder 0700 and every file 0600. A backup whose folder, manifest and database
 * are owner-only already was written so, and is not walked. Returns what was changed, the backup
 * folder and each backup by its folder, and what could not be (a file of another owner, say).
 */
export async function tightenBackups(backupDir: string): Promise<{ tightened: string[]; refused: string[] }> {
  const tightened: string[] = [];
  const refused: string[] = [];
  const modeOf = async (path: string) => {
    try {
      return (await stat(path)).mode;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  };
  /** True if the path was wider than allowed and is no longer. */
  const narrow = async (path: string, allowed: number): Promise<boolean> => {
    const mode = await modeOf(path);
    if (mode === null || !widerThan(mode, allowed)) return false;
    try {
      await chmod(path, allowed);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return false;
      if (code !== 'EPERM' && code !== 'EACCES') throw error;
      refused.push(path);
      return false;
    }
  };

  const folderMode = await modeOf(backupDir);
  if (folderMode === null || (folderMode & 0o170000) !== 0o040000) return { tightened, refused };
  if (await narrow(backupDir, PRIVATE_FOLDER_MODE)) tightened.push(backupDir);
  for (const entry of await readdir(backupDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const backup = join(backupDir, entry.name);
    const folder = await modeOf(backup);
    const files = await Promise.all(
      [MANIFEST, `${MANIFEST}.partial`, SQLITE_COPY, POSTGRES_DUMP].map((f) => modeOf(join(backup, f))),
    );
    // Not a backup: left as it is.
    if (folder === null || files.every((mode) => mode === null)) continue;
    if (
      !widerThan(folder, PRIVATE_FOLDER_MODE) &&
      files.every((mode) => mode === null || !widerThan(mode, PRIVATE_FILE_MODE))
    )
      continue;
    let changed = await narrow(backup, PRIVATE_FOLDER_MODE);
    let inside: Dirent[];
    try {
      inside = await readdir(backup, { recursive: true, withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'EACCES') throw error;
      refused.push(backup);
      continue;
    }
    for (const inner of inside) {
      const path = join(inner.parentPath, inner.name);
      if (inner.isDirectory()) changed = (await narrow(path, PRIVATE_FOLDER_MODE)) || changed;
      else if (inner.isFile()) changed = (await narrow(path, PRIVATE_FILE_MODE)) || changed;
    }
    if (changed) tightened.push(backup);
  }
  return { tightened, refused };
}

/** Removes a half-made backup folder (used when a scheduled backup fails). */
export async function removeFolder(path: string): Promise<void> {
  await rm(path, { recursive: true, force: true });
}
