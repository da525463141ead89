// Backups for real: `relief-desk backup` while a server process takes referrals, `restore` into a
// fresh data folder, and a server started on the restored data that finds every acknowledged write
// and every uploaded file. Restores refuse non-empty targets and damaged backups, on both databases.
import { createHash, randomUUID } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { newId, openDatabase, readSqlite } from '@relief-desk/db';
import { createTestDatabase, type TestDatabase } from '@relief-desk/db/testing';
import { californiaDate } from '@relief-desk/domain';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from './backup.ts';
import {
  dataOf,
  freePort,
  HttpSession,
  prepareDataDir,
  runCli,
  type ServerProcess,
  startServer,
} from './test-support/server-process.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
/** A small, real PDF whose bytes differ by the text. */
const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );

describe('backup and restore of a SQLite data folder, while the server works', () => {
  const root = mkdtempSync(join(tmpdir(), 'relief-desk-backup-'));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('backs up under write load, restores into a fresh folder, and the restored server has every acknowledged write and file', async () => {
    const live = join(root, 'live');
    const backup = join(root, 'backup');
    const restored = join(root, 'restored');
    mkdirSync(live);
    await prepareDataDir(live);
    const server = await startServer(live, await freePort());
    servers.push(server);
    const session = new HttpSession(server.origin);
    await session.signIn();

    let people = 0;
    const acknowledged: { name: string; matterId: string; at: number }[] = [];
    const record = async () => {
      people++;
      const name = `Respaldo Prueba ${people}`;
      const dateOfBirth = new Date(Date.UTC(1940, 0, 1) + people * 86_400_000).toISOString().slice(0, 10);
      const input = referralInput({
        client: { ...referralInput().client, legalName: name, otherNames: [], dateOfBirth },
      });
      const answer = await session.mutate('referrals.record', input, randomUUID());
      expect(answer.status).toBe(200);
      const matterId = dataOf<{ matters: { id: string }[] }>(answer).matters[0]?.id ?? '';
      acknowledged.push({ name, matterId, at: Date.now() });
      return matterId;
    };

    // A few referrals and three uploaded documents before the backup.
    const firstMatter = await record();
    const requested = await session.mutate(
      'documents.request',
      // Asked today: due after the matter was received (today).
      {
        matterId: firstMatter,
        kind: 'photo_id',
        requestedFrom: 'client',
        requestedOn: californiaDate(new Date()),
      },
      randomUUID(),
    );
    expect(requested.status).toBe(200);
    const documentId = dataOf<{ id: string }>(requested).id;
    const uploads: { id: string; sha256: string }[] = [];
    for (const text of ['first scan', 'second scan', 'third scan']) {
      const bytes = pdf(text);
      const answer = await session.upload(documentId, bytes, `${text}.pdf`);
      expect(answer.status).toBe(201);
      uploads.push({ id: (answer.body as { id: string }).id, sha256: sha256(bytes) });
    }

    // Write load from four workers, with the backup taken in the middle of it.
    let loading = true;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (loading) await record();
      }),
    );
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
    const backupStarted = Date.now();
    const before = acknowledged.length;
    const made = await runCli(['backup', '--to', backup], { DATA_DIR: live });
    const backupEnded = Date.now();
    await new Promise((r) => setTimeout(r, 200));
    loading = false;
    await load;
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(
      /^Backed up the SQLite database and 3 uploaded files to .+ \(checksums in manifest\.json\)\.\n$/,
    );
    const during = acknowledged.filter((a) => a.at > backupStarted && a.at < backupEnded).length;
    expect(during).toBeGreaterThan(0);

    // The manifest lists every file of the backup with its checksum.
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as Manifest;
    expect(manifest.database).toMatchObject({ dialect: 'sqlite', file: 'database.sqlite' });
    expect(manifest.database.schema).toMatch(/^\d{4}_/);
    const listed = new Map(manifest.files.map((f) => [f.path, f.sha256]));
    for (const file of manifest.files)
      expect(sha256(readFileSync(join(backup, file.path)))).toBe(file.sha256);
    for (const upload of uploads)
      expect(listed.get(`files/${upload.sha256.slice(0, 2)}/${upload.sha256}`)).toBe(upload.sha256);
    expect(existsSync(join(backup, 'database.sqlite-wal'))).toBe(false);
    // Criminal histories and contact details: the folder and every file in it for this user alone.
    expect(statSync(backup).mode & 0o777).toBe(0o700);
    for (const file of [...manifest.files.map((f) => f.path), 'manifest.json'])
      expect(statSync(join(backup, file)).mode & 0o777, file).toBe(0o600);

    // A damaged copy is refused before anything is written.
    const damaged = join(root, 'damaged');
    cpSync(backup, damaged, { recursive: true });
    const firstUpload = uploads[0]?.sha256 ?? '';
    writeFileSync(join(damaged, 'files', firstUpload.slice(0, 2), firstUpload), 'not the file');
    const refusedDamaged = await runCli(['restore', '--from', damaged], {
      DATA_DIR: join(root, 'untouched'),
    });
    expect(refusedDamaged.code).toBe(1);
    expect(refusedDamaged.stderr).toBe(
      `The backup is damaged: files/${firstUpload.slice(0, 2)}/${firstUpload} does not match its checksum in manifest.json. Nothing was restored.\n`,
    );
    expect(existsSync(join(root, 'untouched'))).toBe(false);

    // Restored into a fresh folder; a second restore over it is refused in one line.
    const restoredRun = await runCli(['restore', '--from', backup], { DATA_DIR: restored });
    expect(restoredRun.stderr).toBe('');
    expect(restoredRun.code).toBe(0);
    expect(restoredRun.stdout).toMatch(/^Restored the database and 3 uploaded files from /);
    const again = await runCli(['restore', '--from', backup], { DATA_DIR: restored });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(
      `The data folder ${restored} is not empty (it holds files/, relief-desk.sqlite): restore only into an empty data folder. Stop the server first (a restore under a running server is lost), then move what is there elsewhere, or set DATA_DIR to a new empty folder, and restore again.\n`,
    );
    // A data folder holding only the scheduled backups' default folder (a server started on it once):
    // said, with how to go on.
    const withBackups = join(root, 'with-backups');
    mkdirSync(join(withBackups, 'backups', 'relief-desk-2026-11-28T18-00-00Z'), { recursive: true });
    const refusedBackups = await runCli(['restore', '--from', backup], { DATA_DIR: withBackups });
    expect(refusedBackups.code).toBe(1);
    expect(refusedBackups.stderr).toBe(
      `The data folder ${withBackups} is not empty (it holds backups/): restore only into an empty data folder. It holds only backups/, where scheduled backups go by default: move that folder out of the data folder (and set BACKUP_DIR to where it went, better on another disk), or set DATA_DIR to a new empty folder, then restore again.\n`,
    );
    // Nor into the live folder.
    expect((await runCli(['restore', '--from', backup], { DATA_DIR: live })).code).toBe(1);
    await server.stop();

    // The restored database holds each referral whole or not at all.
    const inBackup = readSqlite(join(restored, 'relief-desk.sqlite'), (sqlite) => {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = sqlite
        .prepare(
          `select c.legal_name as name, count(m.id) as matters
             from clients c left join matters m on m.client_id = c.id
            where c.legal_name like 'Respaldo Prueba %' group by c.id`,
        )
        .all() as { name: string; matters: number }[];
      const audited = sqlite
        .prepare("select count(*) as n from audit_log where action = 'referrals.record'")
        .get() as { n: number };
      return { rows, audited: audited.n };
    });
    for (const row of inBackup.rows) expect(row.matters).toBe(1);
    expect(inBackup.audited).toBe(inBackup.rows.length);
    const names = new Set(inBackup.rows.map((r) => r.name));
    const missing = acknowledged.filter((a) => a.at <= backupStarted && !names.has(a.name));
    console.log(
      `backup under load: ${before} referrals acknowledged before it began, ${during} while it ran, ${acknowledged.length} in all; ${names.size} in the backup; missing from before it: ${missing.length}`,
    );
    expect(missing).toEqual([]);
    expect(names.size).toBeGreaterThanOrEqual(before);

    // A server on the restored folder finds every write acknowledged before the backup and every file.
    const second = await startServer(restored, await freePort());
    servers.push(second);
    const reader = new HttpSession(second.origin);
    await reader.signIn();
    for (const write of acknowledged.filter((a) => a.at <= backupStarted)) {
      const answer = await reader.query('matters.get', { matterId: write.matterId });
      expect(answer.status, write.name).toBe(200);
    }
    for (const upload of uploads) {
      const file = await reader.download(upload.id);
      expect(file.status).toBe(200);
      expect(sha256(file.bytes)).toBe(upload.sha256);
    }
    await second.stop();
    // Two servers and a CLI process started, each compiling on the way in: a few seconds alone, minutes
    // on a machine as busy as CI's two runs side by side. The limit only stops a hang.
  }, 300_000);

  // Each command is a node process compiling the CLI with tsx on the way in: up to 15 s a start on a
  // loaded machine, and this test runs five.
  it('of several backups started at once into one new folder (a schedule and a hand), one is written and the others refused in one line', async () => {
    const data = join(root, 'several');
    mkdirSync(data);
    expect((await runCli(['migrate'], { DATA_DIR: data })).code).toBe(0);
    const to = join(root, 'several-backup');
    const runs = await Promise.all(
      [1, 2, 3, 4].map(() => runCli(['backup', '--to', to], { DATA_DIR: data })),
    );
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    for (const refused of runs.filter((r) => r.code !== 0)) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        new RegExp(
          `^(Another backup is being written to ${to}: give another folder, or wait for that one to finish\\.|The backup folder ${to} is not empty: give a new or empty folder\\.)\\n$`,
        ),
      );
    }
    expect(readdirSync(to).sort()).toEqual(['database.sqlite', 'manifest.json']);
    const restored = join(root, 'several-restored');
    expect((await runCli(['restore', '--from', to], { DATA_DIR: restored })).code).toBe(0);
    // Six runs of the CLI, four of them at once, each starting Node and its TypeScript loader.
  }, 180_000);

  it('refuses unclear orders in one line: a missing option, a missing manifest, a non-empty backup folder', async () => {
    const noOption = await runCli(['backup'], { DATA_DIR: join(root, 'none') });
    expect(noOption.code).toBe(2);
    expect(noOption.stderr.split('\n')[0]).toBe('backup needs --to FOLDER.');
    const empty = join(root, 'not-a-backup');
    mkdirSync(empty);
    const noManifest = await runCli(['restore', '--from', empty], { DATA_DIR: join(root, 'none') });
    expect(noManifest.code).toBe(1);
    expect(noManifest.stderr).toBe(
      `There is no manifest.json in ${empty}: not a Relief Desk backup, or one that did not finish.\n`,
    );
    writeFileSync(join(empty, 'something'), 'x');
    const busy = await runCli(['backup', '--to', empty], { DATA_DIR: join(root, 'none') });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toBe(`The backup folder ${empty} is not empty: give a new or empty folder.\n`);
    // A folder it cannot make, or a manifest it cannot read, is said in one line, not a stack trace
    // nor "damaged" (as root no permission is refused, so a path through a file stands in for it).
    const throughFile = join(empty, 'something', 'backup');
    const unwritable = await runCli(['backup', '--to', throughFile], { DATA_DIR: join(root, 'none') });
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(
      /^Could not write .+: a part of the path is a file, not a folder\. Check the folder's owner and permissions \(the command runs as this user\) and the free space\.\n$/,
    );
    const odd = join(root, 'manifest-is-a-folder');
    mkdirSync(join(odd, 'manifest.json'), { recursive: true });
    const unreadable = await runCli(['restore', '--from', odd], { DATA_DIR: join(root, 'none') });
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toBe(
      `Could not read ${join(odd, 'manifest.json')}: it is a folder, not a file. Check the folder's owner and permissions (the command runs as this user) and the free space.\n`,
    );
  }, 180_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('backup and restore of a PostgreSQL database', () => {
  const root = mkdtempSync(join(tmpdir(), 'relief-desk-pg-backup-'));
  let source: TestDatabase;
  const emptyName = `relief_desk_restore_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const serverUrl = process.env.TEST_DATABASE_URL ?? '';
  // Built when a test runs: without TEST_DATABASE_URL this block is skipped, but its body still runs.
  const emptyUrl = () => {
    const url = new URL(serverUrl);
    url.pathname = `/${emptyName}`;
    return url.toString();
  };
  const admin = async (statement: string) => {
    const database = openDatabase(serverUrl);
    try {
      await sql.raw(statement).execute(database.db);
    } finally {
      await database.close();
    }
  };
  afterAll(async () => {
    await source?.destroy();
    await admin(`drop database if exists ${emptyName} with (force)`);
    rmSync(root, { recursive: true, force: true });
  });

  it('dumps with pg_dump, restores with pg_restore into an empty database only, and says plainly when pg_dump is missing', async () => {
    source = await createTestDatabase('postgres');
    const now = new Date().toISOString();
    const officeId = newId();
    await source.db
      .insertInto('offices')
      .values({ id: officeId, name: 'Backup Office', created_at: now, updated_at: now })
      .execute();
    const files = join(root, 'data', 'files', 'ab');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, `ab${'0'.repeat(62)}`), 'an uploaded file');

    const backup = join(root, 'backup');
    const env = { DATABASE_URL: source.url, DATA_DIR: join(root, 'data') };
    const made = await runCli(['backup', '--to', backup], env);
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/^Backed up the PostgreSQL database and 1 uploaded files to /);
    expect(readdirSync(backup).sort()).toEqual(['database.dump', 'files', 'manifest.json']);

    await admin(`create database ${emptyName}`);
    const target = { DATABASE_URL: emptyUrl(), DATA_DIR: join(root, 'restored') };
    const restored = await runCli(['restore', '--from', backup], target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const copy = openDatabase(emptyUrl());
    try {
      const offices = await copy.db.selectFrom('offices').select('name').execute();
      expect(offices).toEqual([{ name: 'Backup Office' }]);
    } finally {
      await copy.close();
    }
    expect(readFileSync(join(root, 'restored', 'files', 'ab', `ab${'0'.repeat(62)}`), 'utf8')).toBe(
      'an uploaded file',
    );

    const refused = await runCli(['restore', '--from', backup], { ...target, DATA_DIR: join(root, 'other') });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /^The database \(PostgreSQL .+\) is not empty \(\d+ tables\): restore only into an empty database\.\n$/,
    );

    const noTools = await runCli(['backup', '--to', join(root, 'no-tools')], {
      ...env,
      PATH: '/nonexistent',
    });
    expect(noTools.code).toBe(1);
    expect(noTools.stderr).toBe(
      'pg_dump was not found: install the PostgreSQL client tools (for example "apt-get install postgresql-client") to back up or restore a PostgreSQL database.\n',
    );
  }, 180_000);
});
