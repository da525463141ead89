import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { californiaDate } from '@relief-desk/domain';
import { afterAll, describe, expect, it } from 'vitest';
import {
  cliCommand,
  dataOf,
  freePort,
  HttpSession,
  prepareDataDir,
  runCliSync,
  type ServerProcess,
  startServer,
} from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** Runs `work` with the process umask at 022 (as on most machines), so that children inherit it. */
async function underUmask022<T>(work: () => Promise<T>): Promise<T> {
  const before = process.umask(0o022);
  try {
    return await work();
  } finally {
    process.umask(before);
  }
}

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe('the data folder is its owner’s alone, whatever the umask', { timeout: 120_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'relief-desk-modes-'));
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await server.kill();
    rmSync(root, { recursive: true, force: true });
  });

  it('the CLI makes a new data folder 0700 and its database files 0600', async () => {
    const dataDir = join(root, 'by-cli', 'data');
    const run = await underUmask022(async () => runCliSync(cli, ['migrate'], { DATA_DIR: dataDir }));
    expect(run.status, run.stderr).toBe(0);
    expect(modeOf(join(root, 'by-cli'))).toBe('700');
    expect(modeOf(dataDir)).toBe('700');
    const files = readdirSync(dataDir).filter((name) => name.startsWith('relief-desk.sqlite'));
    expect(files).toContain('relief-desk.sqlite');
    for (const file of files) expect([file, modeOf(join(dataDir, file))]).toEqual([file, '600']);
  });

  it('the server makes a new data folder, its database files and uploads owner-only', async () => {
    const dataDir = join(root, 'fresh');
    await prepareDataDir(dataDir);
    // prepareDataDir made the folder and database: start as from nothing but them, files/ not yet there.
    expect(existsSync(join(dataDir, 'files'))).toBe(false);
    const server = await underUmask022(async () => startServer(dataDir, await freePort()));
    servers.push(server);
    const session = new HttpSession(server.origin);
    await session.signIn();
    const recorded = await session.mutate('referrals.record', referralInput(), randomUUID());
    const matterId = dataOf<{ matters: { id: string }[] }>(recorded).matters[0]?.id ?? '';
    const requested = await session.mutate(
      'documents.request',
      { matterId, kind: 'photo_id', requestedFrom: 'client', requestedOn: californiaDate(new Date()) },
      randomUUID(),
    );
    const documentId = dataOf<{ id: string }>(requested).id;
    expect((await session.upload(documentId, pdf, 'id.pdf')).status).toBe(201);

    expect(modeOf(dataDir)).toBe('700');
    expect(modeOf(join(dataDir, 'files'))).toBe('700');
    const [folder] = readdirSync(join(dataDir, 'files'));
    expect(folder).toMatch(/^[0-9a-f]{2}$/);
    expect(modeOf(join(dataDir, 'files', folder ?? ''))).toBe('700');
    const [file] = readdirSync(join(dataDir, 'files', folder ?? ''));
    expect(modeOf(join(dataDir, 'files', folder ?? '', file ?? ''))).toBe('600');
    // The write-ahead log and its index, which SQLite makes as the server writes, too.
    for (const name of ['relief-desk.sqlite', 'relief-desk.sqlite-wal', 'relief-desk.sqlite-shm'])
      expect([name, modeOf(join(dataDir, name))]).toEqual([name, '600']);
  });

  it('tightens the database files of a data folder made before, and says so once in its log', async () => {
    const dataDir = join(root, 'old');
    await prepareDataDir(dataDir);
    // As an earlier version left them under umask 022.
    chmodSync(dataDir, 0o755);
    for (const name of readdirSync(dataDir)) chmodSync(join(dataDir, name), 0o644);
    const first = await underUmask022(async () =>
      startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' }),
    );
    servers.push(first);
    for (const name of readdirSync(dataDir).filter((n) => n.startsWith('relief-desk.sqlite')))
      expect([name, modeOf(join(dataDir, name))]).toEqual([name, '600']);
    const said = first.output().match(/Made the database files owner-only \(0600\)[^"]*/g) ?? [];
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(join(dataDir, 'relief-desk.sqlite'));
    await first.stop();

    const second = await underUmask022(async () =>
      startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' }),
    );
    servers.push(second);
    expect(second.output()).not.toContain('owner-only');
    await second.stop();
  });

  it('backup into an empty folder given, made 0755 before, leaves it owner-only (0700)', async () => {
    const dataDir = join(root, 'to-backup');
    await prepareDataDir(dataDir);
    const to = join(root, 'given-folder');
    mkdirSync(to);
    chmodSync(to, 0o755);
    const run = runCliSync(cli, ['backup', '--to', to], { DATA_DIR: dataDir });
    expect(run.status, run.stderr).toBe(0);
    expect(modeOf(to)).toBe('700');
    for (const name of readdirSync(to)) expect([name, modeOf(join(to, name))]).toEqual([name, '600']);
  });

  /** A backup as an earlier version left it under umask 022: files 0644 in folders 0755. */
  function olderBackup(folder: string, database: 'database.sqlite' | 'database.dump'): string[] {
    mkdirSync(join(folder, 'files', 'ab'), { recursive: true });
    const files = [database, 'manifest.json', join('files', 'ab', `ab${'0'.repeat(62)}`)];
    for (const file of files) writeFileSync(join(folder, file), 'x', { mode: 0o644 });
    for (const path of [folder, join(folder, 'files'), join(folder, 'files', 'ab')]) chmodSync(path, 0o755);
    for (const file of files) chmodSync(join(folder, file), 0o644);
    return files.map((file) => join(folder, file));
  }

  it('tightens the backups an earlier version left readable (DATA_DIR/backups, or BACKUP_DIR), and says so once in its log', async () => {
    const dataDir = join(root, 'upgraded');
    await prepareDataDir(dataDir);
    const backups = join(dataDir, 'backups');
    const scheduled = join(backups, 'relief-desk-2026-11-28T18-00-00Z');
    const scheduledFiles = olderBackup(scheduled, 'database.sqlite');
    chmodSync(backups, 0o755);
    // Not a backup: left as it is.
    mkdirSync(join(backups, 'notes'));
    writeFileSync(join(backups, 'notes', 'readme.txt'), 'x');
    chmodSync(join(backups, 'notes', 'readme.txt'), 0o644);
    // Elsewhere, named by BACKUP_DIR: a PostgreSQL backup made by hand.
    const elsewhere = join(root, 'backup-disk');
    const byHand = join(elsewhere, 'before-upgrade');
    const byHandFiles = olderBackup(byHand, 'database.dump');
    chmodSync(elsewhere, 0o755);

    const first = await underUmask022(async () =>
      startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' }),
    );
    servers.push(first);
    await first.stop();
    expect(modeOf(backups)).toBe('700');
    for (const folder of [scheduled, join(scheduled, 'files'), join(scheduled, 'files', 'ab')])
      expect([folder, modeOf(folder)]).toEqual([folder, '700']);
    for (const file of scheduledFiles) expect([file, modeOf(file)]).toEqual([file, '600']);
    expect(modeOf(join(backups, 'notes', 'readme.txt'))).toBe('644');
    const said = first.output().match(/Made the backups owner-only[^"]*/g) ?? [];
    expect(said).toEqual([
      `Made the backups owner-only (folders 0700, files 0600), as new ones are; others could read them: ${backups}, ${scheduled}.`,
    ]);

    const withBackupDir = await underUmask022(async () =>
      startServer(dataDir, await freePort(), { LOG_LEVEL: 'info', BACKUP_DIR: elsewhere }),
    );
    servers.push(withBackupDir);
    await withBackupDir.stop();
    expect(modeOf(elsewhere)).toBe('700');
    expect(modeOf(byHand)).toBe('700');
    for (const file of byHandFiles) expect([file, modeOf(file)]).toEqual([file, '600']);
    expect(withBackupDir.output().match(/Made the backups owner-only[^"]*/g)).toEqual([
      `Made the backups owner-only (folders 0700, files 0600), as new ones are; others could read them: ${elsewhere}, ${byHand}.`,
    ]);

    // Said once: the next start finds them owner-only.
    const next = await startServer(dataDir, await freePort(), { LOG_LEVEL: 'info' });
    servers.push(next);
    await next.stop();
    expect(next.output()).not.toContain('Made the backups owner-only');
  });
});
