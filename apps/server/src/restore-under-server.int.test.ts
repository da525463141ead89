// A restore under a running server, as someone might try it: refused, with the data folder as it is
// or with its files moved aside (the server would go on writing to the moved file, and what it saved
// would be lost at the next start). And a server whose SQLite file was moved or replaced anyway (on a
// system where restore cannot tell) says so at /readyz and refuses every request, writing nothing.
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referralInput } from '@relief-desk/api/testing';
import { readSqlite } from '@relief-desk/db';
import { createEmptyPostgresDatabase } from '@relief-desk/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { DATABASE_REPLACED_MESSAGE } from './http/lifecycle.ts';
import {
  freePort,
  HttpSession,
  prepareDataDir,
  runCli,
  type ServerProcess,
  startServer,
} from './test-support/server-process.ts';

const root = mkdtempSync(join(tmpdir(), 'relief-desk-restore-live-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.kill();
  rmSync(root, { recursive: true, force: true });
});

const clientsIn = (file: string) =>
  readSqlite(
    file,
    (sqlite) => (sqlite.prepare('select count(*) as n from clients').get() as { n: number }).n,
  );

const runningRefusal = (pid: number | undefined, dataDir: string) =>
  `A Relief Desk server (process ${pid}) is running on the data folder ${dataDir}: stop it first, then restore (restored under it, the data would not be what it serves, and what it saves would be lost). Nothing was restored.\n`;

describe.skipIf(process.platform !== 'linux')('a restore under a running server (SQLite)', () => {
  it('is refused while the server runs, even with the folder’s files moved aside; after it stops, the restore goes through', async () => {
    const live = join(root, 'live');
    await prepareDataDir(live);
    const backup = join(root, 'backup');
    expect((await runCli(['backup', '--to', backup], { DATA_DIR: live })).code).toBe(0);
    const server = await startServer(live, await freePort());
    servers.push(server);

    const asIs = await runCli(['restore', '--from', backup], { DATA_DIR: live });
    expect(asIs.stderr).toBe(runningRefusal(server.child.pid, live));
    expect(asIs.code).toBe(1);

    // As the not-empty refusal used to invite: everything in the folder moved elsewhere.
    const aside = join(root, 'aside');
    mkdirSync(aside);
    for (const name of readdirSync(live)) renameSync(join(live, name), join(aside, name));
    const moved = await runCli(['restore', '--from', backup], { DATA_DIR: live });
    expect(moved.stderr).toBe(runningRefusal(server.child.pid, live));
    expect(moved.code).toBe(1);
    expect(readdirSync(live)).toEqual([]);

    await server.stop();
    const restored = await runCli(['restore', '--from', backup], { DATA_DIR: live });
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
  }, 180_000);
});

describe('a server whose SQLite file was moved or replaced under it', () => {
  it('answers /readyz 503 saying so and to restart it, refuses every request, and writes nothing to the file it opened', async () => {
    const live = join(root, 'moved');
    await prepareDataDir(live);
    const server = await startServer(live, await freePort());
    servers.push(server);
    const session = new HttpSession(server.origin);
    await session.signIn();
    expect((await session.mutate('referrals.record', referralInput(), randomUUID())).status).toBe(200);
    expect((await fetch(`${server.origin}/readyz`)).status).toBe(200);

    const database = join(live, 'relief-desk.sqlite');
    const aside = join(root, 'moved-aside');
    mkdirSync(aside);
    for (const name of readdirSync(live)) renameSync(join(live, name), join(aside, name));
    const movedFile = join(aside, 'relief-desk.sqlite');

    const gone = await fetch(`${server.origin}/readyz`);
    expect(gone.status).toBe(503);
    expect(await gone.json()).toEqual({
      ready: false,
      reason: `The database file ${database} was moved or removed while the server had it open. The server still reads and writes the file it opened, which is no longer there: restart it, to open the file now at that path.`,
    });
    const before = clientsIn(movedFile);
    const refused = await session.mutate(
      'referrals.record',
      referralInput({ client: { ...referralInput().client, legalName: 'Nadie Escribe' } }),
      randomUUID(),
    );
    expect(refused.status).toBe(503);
    expect(JSON.stringify(refused.body)).toContain(DATABASE_REPLACED_MESSAGE);
    expect((await session.query('matters.list', { queue: 'all' })).status).toBe(503);
    expect((await fetch(`${server.origin}/healthz`)).status).toBe(200);

    // Another file put at the path (a restore where a running server cannot be told): said so too.
    copyFileSync(movedFile, database);
    const inCopy = clientsIn(database);
    const replaced = await fetch(`${server.origin}/readyz`);
    expect(replaced.status).toBe(503);
    expect(((await replaced.json()) as { reason: string }).reason).toBe(
      `The database file ${database} was replaced by another file while the server had it open. The server still reads and writes the file it opened, which is no longer there: restart it, to open the file now at that path.`,
    );
    expect(
      (
        await session.mutate(
          'referrals.record',
          referralInput({ client: { ...referralInput().client, legalName: 'Nadie Escribe' } }),
          randomUUID(),
        )
      ).status,
    ).toBe(503);
    await server.stop();
    // Nothing the refused requests asked for reached either file.
    expect(clientsIn(movedFile)).toBe(before);
    expect(clientsIn(database)).toBe(inCopy);

    // Restarted, it opens the file at the path and is ready.
    const again = await startServer(live, await freePort());
    servers.push(again);
    expect((await fetch(`${again.origin}/readyz`)).status).toBe(200);
    await again.stop();
  }, 180_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('a restore under a running server (PostgreSQL)', () => {
  it('is refused: the server’s uploads folder is in use, and its database is not empty', async () => {
    const source = await createEmptyPostgresDatabase();
    const running = await createEmptyPostgresDatabase();
    try {
      const backup = join(root, 'pg-backup');
      const sourceEnv = { DATABASE_URL: source.url, DATA_DIR: join(root, 'pg-source') };
      expect((await runCli(['migrate'], sourceEnv)).code).toBe(0);
      expect((await runCli(['backup', '--to', backup], sourceEnv)).code).toBe(0);

      const dataDir = join(root, 'pg-live');
      const server = await startServer(dataDir, await freePort(), { DATABASE_URL: running.url });
      servers.push(server);
      if (process.platform === 'linux') {
        const sameFolder = await runCli(['restore', '--from', backup], {
          DATABASE_URL: running.url,
          DATA_DIR: dataDir,
        });
        expect(sameFolder.stderr).toBe(runningRefusal(server.child.pid, dataDir));
        expect(sameFolder.code).toBe(1);
      }
      // Its database is refused whatever the data folder: the server has migrated it.
      const otherFolder = await runCli(['restore', '--from', backup], {
        DATABASE_URL: running.url,
        DATA_DIR: join(root, 'pg-other'),
      });
      expect(otherFolder.stderr).toMatch(
        /^The database \(PostgreSQL .+\) is not empty \(\d+ tables\): restore only into an empty database\.\n$/,
      );
      expect(otherFolder.code).toBe(1);
      await server.stop();
    } finally {
      await source.drop();
      await running.drop();
    }
  }, 180_000);
});
