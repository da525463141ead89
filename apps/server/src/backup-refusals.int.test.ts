// Backups and restores that cannot be done, through the CLI as a separate process: each is refused or
// fails in one line, exit 1, and leaves nothing behind (no database, no half-made backup folder).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { createEmptyPostgresDatabase, createTestDatabase } from '@relief-desk/db/testing';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from './backup.ts';
import { runCli } from './test-support/server-process.ts';

const root = mkdtempSync(join(tmpdir(), 'relief-desk-backup-refusals-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A data folder with a migrated SQLite database. */
async function migratedDataDir(name: string): Promise<string> {
  const dataDir = join(root, name);
  mkdirSync(dataDir, { recursive: true });
  const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
  return dataDir;
}

describe('restore of a backup a newer version wrote', () => {
  it('is refused before anything is written, saying so and what to restore it with', async () => {
    const data = await migratedDataDir('newer-source');
    const backup = join(root, 'newer-backup');
    expect((await runCli(['backup', '--to', backup], { DATA_DIR: data })).code).toBe(0);
    const manifestPath = join(backup, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    manifest.database.schema = '9999_from_a_newer_version';
    writeFileSync(manifestPath, JSON.stringify(manifest));

    const target = join(root, 'newer-target');
    const refused = await runCli(['restore', '--from', backup], { DATA_DIR: target });
    expect(refused.stderr).toBe(
      `This backup (made ${manifest.createdAt}) was written by a newer version of Relief Desk: its database has run migration 9999_from_a_newer_version, which this version does not have. Restore it with the version that wrote it, or a later one. Nothing was restored.\n`,
    );
    expect(refused.code).toBe(1);
    // Nothing written: the restore can be done again with the right version.
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
  }, 120_000);
});

describe('a backup folder that cannot be made', () => {
  // Node's recursive mkdir never returns under /proc: the command spun there for ever.
  it.skipIf(!existsSync('/proc/self'))(
    'under /proc: one line naming it, promptly, exit 1',
    async () => {
      const data = await migratedDataDir('proc-source');
      const run = await runCli(['backup', '--to', '/proc/relief-desk-backup'], { DATA_DIR: data });
      expect(run.stderr).toBe(
        "Could not write /proc/relief-desk-backup: a folder cannot be made there (the place does not exist, or its file system holds no folders). Check the folder's owner and permissions (the command runs as this user) and the free space.\n",
      );
      expect(run.code).toBe(1);
    },
    60_000,
  );
});

/** A folder on a file system of 64 KiB, for a disk that fills (root only: mounting needs it). */
function smallDisk(): { path: string; unmount(): void } | null {
  if (process.getuid?.() !== 0) return null;
  const path = mkdtempSync(join(root, 'small-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path]);
  if (mounted.status !== 0) return null;
  return { path, unmount: () => spawnSync('umount', [path]) };
}

describe('a backup that fails leaves no backup folder behind', () => {
  it('a full disk: one line naming the folder and the cause, exit 1, the half-written folder removed', async (context) => {
    const disk = smallDisk();
    // Not root, or no tmpfs: the case cannot be made here.
    if (!disk) return context.skip();
    try {
      const data = await migratedDataDir('full-source');
      const to = join(disk.path, 'backup');
      const run = await runCli(['backup', '--to', to], { DATA_DIR: data });
      expect(run.stderr).toBe(
        `Could not write ${to}: the disk is full. Check the folder's owner and permissions (the command runs as this user) and the free space.\n`,
      );
      expect(run.code).toBe(1);
      expect(existsSync(to)).toBe(false);
      // An empty folder given is left empty, not removed.
      mkdirSync(to);
      expect((await runCli(['backup', '--to', to], { DATA_DIR: data })).code).toBe(1);
      expect(readdirSync(to)).toEqual([]);
    } finally {
      disk.unmount();
    }
  }, 120_000);

  it('no database: the folder the command made is removed', async () => {
    const to = join(root, 'no-database-backup');
    const data = join(root, 'no-database');
    const run = await runCli(['backup', '--to', to], { DATA_DIR: data });
    expect(run.stderr).toBe(
      `There is no database at ${join(data, 'relief-desk.sqlite')}: nothing to back up.\n`,
    );
    expect(run.code).toBe(1);
    expect(existsSync(to)).toBe(false);
  }, 60_000);

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'no pg_dump: the folder the command made is removed',
    async () => {
      const source = await createTestDatabase('postgres');
      try {
        const to = join(root, 'no-pg-dump-backup');
        const run = await runCli(['backup', '--to', to], {
          DATABASE_URL: source.url,
          DATA_DIR: join(root, 'pg-data'),
          PATH: '/nonexistent',
        });
        expect(run.stderr).toMatch(/^pg_dump was not found: /);
        expect(run.code).toBe(1);
        expect(existsSync(to)).toBe(false);
      } finally {
        await source.destroy();
      }
    },
    60_000,
  );
});

describe.skipIf(!process.env.TEST_DATABASE_URL)(
  'restore of a damaged PostgreSQL dump whose manifest matches',
  () => {
    it('says nothing was restored (and nothing was), that the file is damaged, and to use another backup', async () => {
      const source = await createTestDatabase('postgres');
      const empty = await createEmptyPostgresDatabase();
      try {
        const backup = join(root, 'damaged-pg-backup');
        const made = await runCli(['backup', '--to', backup], {
          DATABASE_URL: source.url,
          DATA_DIR: join(root, 'pg-src'),
        });
        expect(made.code).toBe(0);
        // Cut short, and the manifest made to match: as if written so.
        const dump = join(backup, 'database.dump');
        const cut = readFileSync(dump).subarray(0, Math.floor(readFileSync(dump).byteLength / 2));
        writeFileSync(dump, cut);
        const manifestPath = join(backup, 'manifest.json');
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
        const entry = manifest.files.find((f) => f.path === 'database.dump');
        if (!entry) throw new Error('no database.dump in the manifest');
        entry.bytes = cut.byteLength;
        entry.sha256 = createHash('sha256').update(cut).digest('hex');
        writeFileSync(manifestPath, JSON.stringify(manifest));

        const run = await runCli(['restore', '--from', backup], {
          DATABASE_URL: empty.url,
          DATA_DIR: join(root, 'pg-restored'),
        });
        expect(run.stderr).toMatch(
          /^Nothing was restored: pg_restore failed on the backup's database\.dump \(.+\), although it matches its checksum\. The backup file is damaged: restore another backup\.\n$/,
        );
        expect(run.code).toBe(1);
        const target = openDatabase(empty.url);
        try {
          const { rows } = await sql<{
            n: number;
          }>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`.execute(
            target.db,
          );
          expect(rows[0]?.n).toBe(0);
        } finally {
          await target.close();
        }
      } finally {
        await source.destroy();
        await empty.drop();
      }
    }, 120_000);
  },
);
