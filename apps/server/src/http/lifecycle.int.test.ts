// /healthz and /readyz as a load balancer sees them, and what the server answers once it is stopping.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { type AppDatabase, openDatabase } from '@relief-desk/db';
import { createTestDatabase, testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { freePort } from '../test-support/server-process.ts';
import { buildServer } from './app.ts';
import { lifecycleOf, STOPPING_MESSAGE, UNAVAILABLE } from './lifecycle.ts';

const clock = fixedClock('2026-11-28T18:00:00Z');

describe('health and readiness', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function serverOn(database: AppDatabase, env: NodeJS.ProcessEnv = {}): Promise<FastifyInstance> {
    const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-ready-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
    const app = await buildServer({ config, database, clock });
    cleanups.push(
      () => app.close(),
      () => rmSync(dataDir, { recursive: true, force: true }),
    );
    return app;
  }

  it.each(testDialects())('is alive and ready on a migrated database (%s)', async (dialect) => {
    const database = await createTestDatabase(dialect);
    cleanups.push(() => database.destroy());
    const app = await serverOn(database);
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect([health.statusCode, health.json()]).toEqual([200, { ok: true }]);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([200, { ready: true }]);
  });

  it('is alive but not ready when the database cannot be reached, saying so', async () => {
    const database = openDatabase(`postgres://relief:secret@127.0.0.1:${await freePort()}/relief`);
    cleanups.push(() => database.close());
    const app = await serverOn(database);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([
      503,
      { ready: false, reason: 'The database cannot be reached.' },
    ]);
  });

  it('is not ready while migrations are pending, naming them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relief-desk-unmigrated-'));
    const database = openDatabase(join(dir, 'x.sqlite'));
    cleanups.push(
      () => database.close(),
      () => rmSync(dir, { recursive: true, force: true }),
    );
    const app = await serverOn(database);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().reason).toMatch(/^The database's migrations have not all run \(0001_initial, /);
  });

  it.each(testDialects())('is not ready when the database is newer than the server (%s)', async (dialect) => {
    const database = await createTestDatabase(dialect);
    cleanups.push(() => database.destroy());
    await sql`insert into kysely_migration (name, timestamp) values ('9999_from_a_newer_version', '2030-01-01T00:00:00.000Z')`.execute(
      database.db,
    );
    const app = await serverOn(database);
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json().reason]).toEqual([
      503,
      'The database has migrations this server does not know (9999_from_a_newer_version): it is older than the database.',
    ]);
  });

  // A disk of its own, 1 MB or 200 MB: a tmpfs, which only root may mount.
  const mountable = canMountTmpfs();
  function smallDisk(size: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'relief-desk-disk-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
    cleanups.push(() => {
      execFileSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    });
    return dir;
  }

  it.skipIf(!mountable)(
    'is not ready when a disk it writes to is all but full, naming the folder (needs root, to mount a small disk)',
    async () => {
      const database = await createTestDatabase('sqlite');
      cleanups.push(() => database.destroy());
      const full = smallDisk('1m');
      const app = await serverOn(database, { BACKUP_DIR: full });
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect([ready.statusCode, ready.json()]).toEqual([
        503,
        {
          ready: false,
          reason: `The disk of ${full} has 1 MB free, less than the 64 MB the server needs to write records and files. Free space on that disk.`,
        },
      ]);
      // Room again (a folder on a bigger disk): ready.
      const roomy = smallDisk('200m');
      const again = await serverOn(database, { BACKUP_DIR: join(roomy, 'backups-not-made-yet') });
      expect((await again.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ ready: true });
    },
  );

  it('once stopping: not ready, still alive, and every other request answered 503 in its caller’s shape', async () => {
    const database = await createTestDatabase('sqlite');
    cleanups.push(() => database.destroy());
    const app = await serverOn(database);
    expect(await lifecycleOf(app).drain(0)).toEqual({ finished: 0, cutOff: 0 });

    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    expect([ready.statusCode, ready.json()]).toEqual([
      503,
      { ready: false, reason: 'The server is shutting down.' },
    ]);
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

    const api = await app.inject({ method: 'GET', url: '/trpc/matters.list?input=%7B%7D' });
    expect(api.statusCode).toBe(503);
    expect(api.headers.connection).toBe('close');
    expect(api.json()).toEqual({
      error: {
        message: STOPPING_MESSAGE,
        code: -32603,
        data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, appCode: UNAVAILABLE, fieldErrors: [] },
      },
    });
    const route = await app.inject({ method: 'GET', url: '/api/queues/export.csv' });
    expect([route.statusCode, route.json()]).toEqual([
      503,
      { error: { message: STOPPING_MESSAGE, appCode: UNAVAILABLE } },
    ]);
    // Security headers still go out with it.
    expect(route.headers['x-frame-options']).toBe('DENY');
  });
});

function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'relief-desk-mount-check-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    execFileSync('umount', [dir]);
    return true;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
