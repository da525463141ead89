// Settings that stop the server, each tried for real: the built server (and the CLI) as a child
// process with one bad setting. Each must print exactly one line naming the setting, showing its value
// with any password masked and saying how to fix it, with no stack trace, and exit 1.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, migrateToLatest, openDatabase } from '@relief-desk/db';
import { createEmptyPostgresDatabase, migrateToAllButLast, migrationsRun } from '@relief-desk/db/testing';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runBuilt } from './test-support/built-server.ts';
import { cliCommand, freePort, runCliSync, serverDir } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

/**
 * Permissions do not stop root, so as root the unwritable folder is tried as an unprivileged user, who
 * must be able to read the checkout (a checkout under /root cannot: that case is then skipped).
 */
const asRoot = process.getuid?.() === 0;
const UNPRIVILEGED = 65534;
const canTryUnwritable =
  !asRoot ||
  spawnSync(
    process.execPath,
    ['-e', `require('fs').accessSync(${JSON.stringify(join(serverDir, 'package.json'))})`],
    {
      uid: UNPRIVILEGED,
      gid: UNPRIVILEGED,
    },
  ).status === 0;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A data folder whose database a newer version migrated: this one's migrations, and one it lacks. */
async function newerDatabase(dataDir: string): Promise<string> {
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    await migrateToLatest(database.db);
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2027-01-01T00:00:00.000Z')`.execute(
      database.db,
    );
  } finally {
    await database.close();
  }
  return dataDir;
}

/** Migrates to all but this version's last migration, as the version before it did; returns those run. */
async function migratedAllButLast(db: Kysely<Database>): Promise<string[]> {
  await migrateToAllButLast(db);
  const ran = await migrationsRun(db);
  expect(ran.length).toBeGreaterThan(0);
  return ran;
}

/** The one line, checked: a single line, no stack trace, nothing on stdout. */
function oneLine(run: Run): string {
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stdout).not.toMatch(/^\s+at /m);
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(run.code).toBe(1);
  return lines[0] ?? '';
}

describe('a setting that stops the server is one line, naming it, and exit 1', () => {
  // The server the integration set-up built for the run (test-support/global-build.ts), readable by
  // the unprivileged user the unwritable-folder case runs as.
  const main = inject('serverMain');
  let scratch: string;
  let blocker: Server | null = null;
  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'relief-desk-settings-'));
    chmodSync(scratch, 0o755);
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (blocker ? blocker.close(() => resolve()) : resolve()));
    rmSync(scratch, { recursive: true, force: true });
  });

  async function start(env: Record<string, string>, options: { port?: number; uid?: number } = {}) {
    const dataDir = env.DATA_DIR ?? mkdtempSync(join(scratch, 'data-'));
    const port = options.port ?? (await freePort());
    if (options.uid === undefined) {
      const server = runBuilt(
        main,
        { SEED_DEMO_DATA: 'false', DATABASE_URL: '', DATA_DIR: dataDir, ...env },
        port,
      );
      const code = await server.exited;
      return { code, stdout: server.stdout(), stderr: server.stderr() };
    }
    const run = spawnSync(process.execPath, [main], {
      cwd: serverDir,
      uid: options.uid,
      gid: options.uid,
      encoding: 'utf8',
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        SEED_DEMO_DATA: 'false',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        ...env,
      },
    });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  it.each([
    ['PORT', 'eighty', 'Use a port number from 0 to 65535'],
    ['LOG_LEVEL', 'verbose', 'Use one of fatal, error, warn, info, debug, trace or silent'],
    ['SEED_DEMO_DATA', 'maybe', 'Use true or false'],
    ['SHUTDOWN_GRACE_MS', 'soon', 'Use a whole number of milliseconds from 0 to 600000'],
    ['SQLITE_SYNCHRONOUS', 'sometimes', 'Use NORMAL (the default) or FULL'],
  ])('an unknown value: %s=%s', async (setting, value, fix) => {
    const line = oneLine(await start({ [setting]: value }));
    expect(line).toBe(`${setting}: ${fix}${line.slice(`${setting}: ${fix}`.length)}`);
    expect(line).toContain(`It is set to "${value}".`);
  });

  it('a database that cannot be reached: DATABASE_URL, its password masked', async () => {
    const url = `postgres://relief:s3cret-pass@127.0.0.1:${await freePort()}/relief`;
    const line = oneLine(await start({ DATABASE_URL: url }));
    expect(line).toMatch(
      /^DATABASE_URL: nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)\. Start PostgreSQL/,
    );
    expect(line).toContain('postgres://relief:****@127.0.0.1');
    expect(line).not.toContain('s3cret');
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'PostgreSQL refusing the user: DATABASE_URL, its password masked',
    async () => {
      const url = new URL(process.env.TEST_DATABASE_URL ?? '');
      url.username = 'no_such_relief_user';
      url.password = 's3cret-pass';
      const line = oneLine(await start({ DATABASE_URL: url.toString() }));
      expect(line).toMatch(/^DATABASE_URL: PostgreSQL refused user "no_such_relief_user"/);
      expect(line).toContain('Correct the user name');
      expect(line).toContain('no_such_relief_user:****@');
      expect(line).not.toContain('s3cret');
    },
  );

  it.skipIf(!canTryUnwritable)('a data folder it may not write: DATA_DIR, with the folder', async () => {
    const readOnly = join(scratch, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const line = oneLine(await start({ DATA_DIR: readOnly }, asRoot ? { uid: UNPRIVILEGED } : {}));
    expect(line).toBe(
      `DATA_DIR: cannot write uploads under ${readOnly}/files: permission denied. Make ${readOnly} a folder the user running Relief Desk can write, or set DATA_DIR to one it can. It is set to "${readOnly}".`,
    );
  });

  it('a data folder that is a file: DATA_DIR', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'not a folder');
    const line = oneLine(await start({ DATA_DIR: file }));
    expect(line).toMatch(
      /^DATA_DIR: cannot write uploads under .*: part of the path is a file, not a folder\./,
    );
  });

  it('a SQLite file that is not a database: DATA_DIR, with the file', async () => {
    const dataDir = mkdtempSync(join(scratch, 'data-'));
    writeFileSync(join(dataDir, 'relief-desk.sqlite'), 'Not a database. '.repeat(20));
    const line = oneLine(await start({ DATA_DIR: dataDir }));
    expect(line).toContain(`DATA_DIR: cannot use the database file ${join(dataDir, 'relief-desk.sqlite')}`);
    expect(line).toContain('not a SQLite database');
  });

  async function holdPort(): Promise<number> {
    const port = await freePort();
    const taken = createServer();
    blocker = taken;
    await new Promise<void>((resolve) => taken.listen(port, '127.0.0.1', resolve));
    return port;
  }
  const portInUse = (port: number) =>
    `PORT: port ${port} is already in use on 127.0.0.1 (another program, or Relief Desk already running). Stop it, or set PORT to a free port. It is set to "${port}".`;

  it('a port in use: PORT, saying so, and nothing created', async () => {
    const port = await holdPort();
    const dataDir = join(mkdtempSync(join(scratch, 'port-')), 'data');
    const line = oneLine(await start({ DATA_DIR: dataDir }, { port }));
    expect(line).toBe(portInUse(port));
    // Not even the data folder: the start changed nothing.
    expect(existsSync(dataDir)).toBe(false);
  });

  it('a port in use: the database an older version migrated is not migrated under it', async () => {
    const port = await holdPort();
    const dataDir = mkdtempSync(join(scratch, 'older-'));
    const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    let before: string[];
    try {
      before = await migratedAllButLast(database.db);
    } finally {
      await database.close();
    }
    const line = oneLine(await start({ DATA_DIR: dataDir }, { port }));
    expect(line).toBe(portInUse(port));
    const after = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    try {
      expect(await migrationsRun(after.db)).toEqual(before);
    } finally {
      await after.close();
    }
  });

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'a port in use: an empty PostgreSQL database is left empty, and an older one unmigrated',
    async () => {
      const port = await holdPort();
      const empty = await createEmptyPostgresDatabase();
      const older = await createEmptyPostgresDatabase();
      try {
        const olderDb = openDatabase(older.url);
        let before: string[];
        try {
          before = await migratedAllButLast(olderDb.db);
        } finally {
          await olderDb.close();
        }
        expect(oneLine(await start({ DATABASE_URL: empty.url }, { port }))).toBe(portInUse(port));
        expect(oneLine(await start({ DATABASE_URL: older.url }, { port }))).toBe(portInUse(port));
        const emptyDb = openDatabase(empty.url);
        const olderAfter = openDatabase(older.url);
        try {
          const tables = await sql<{
            n: number;
          }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(
            emptyDb.db,
          );
          expect(tables.rows[0]?.n).toBe(0);
          expect(await migrationsRun(olderAfter.db)).toEqual(before);
        } finally {
          await emptyDb.close();
          await olderAfter.close();
        }
      } finally {
        await empty.drop();
        await older.drop();
      }
    },
  );

  // Node's recursive mkdir never returns under /proc: the start hung there before listening.
  it.skipIf(!existsSync('/proc/self'))(
    'a data folder that cannot be made (under /proc): DATA_DIR, promptly',
    async () => {
      const line = oneLine(await start({ DATA_DIR: '/proc/relief-desk-data' }));
      expect(line).toBe(
        'DATA_DIR: cannot write uploads under /proc/relief-desk-data/files: a folder cannot be made there (the place does not exist, or its file system holds no folders). Make /proc/relief-desk-data a folder the user running Relief Desk can write, or set DATA_DIR to one it can. It is set to "/proc/relief-desk-data".',
      );
    },
    30_000,
  );

  it('a database a newer version migrated: DATA_DIR, saying so, and nothing changed', async () => {
    const dataDir = await newerDatabase(mkdtempSync(join(scratch, 'newer-')));
    const line = oneLine(await start({ DATA_DIR: dataDir }));
    expect(line).toBe(
      `DATA_DIR: the database was brought up to date by a newer version of Relief Desk: it has run migrations this version does not have (9999_from_a_newer_version). Run that newer version (every server on this database), or restore a backup made with this one; nothing was changed. It is set to "${dataDir}".`,
    );
  });

  it('an address the machine does not have: HOST', async () => {
    const line = oneLine(await start({ HOST: '192.0.2.1' }));
    expect(line).toMatch(
      /^HOST: this machine has no such address to listen on\..* It is set to "192\.0\.2\.1"\.$/,
    );
  });
});

describe('the CLI reports the same problems the same way', () => {
  const run = (args: string[], env: Record<string, string>): Run => {
    const result = runCliSync(cli, args, env);
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('an unknown value, before the database is opened', () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'relief-desk-cli-')), 'never-created');
    const line = oneLine(run(['migrate'], { DATA_DIR: dataDir, SQLITE_SYNCHRONOUS: 'always' }));
    expect(line).toMatch(
      /^SQLITE_SYNCHRONOUS: Use NORMAL \(the default\) or FULL.* It is set to "always"\.$/,
    );
  });

  it('a database a newer version migrated: migrate says so in one line and runs nothing', async () => {
    const dataDir = await newerDatabase(join(mkdtempSync(join(tmpdir(), 'relief-desk-cli-')), 'newer'));
    const line = oneLine(run(['migrate'], { DATA_DIR: dataDir }));
    expect(line).toMatch(
      /^DATA_DIR: the database was brought up to date by a newer version of Relief Desk: it has run migrations this version does not have \(9999_from_a_newer_version\)\./,
    );
  });

  it('a database that cannot be reached', async () => {
    const url = `postgres://relief:s3cret-pass@127.0.0.1:${await freePort()}/relief`;
    const line = oneLine(run(['migrate'], { DATABASE_URL: url }));
    expect(line).toMatch(/^DATABASE_URL: nothing answers at 127\.0\.0\.1:\d+ \(connection refused\)/);
    expect(line).not.toContain('s3cret');
  });
});
