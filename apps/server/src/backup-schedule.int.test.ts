// Scheduled backups: dated folders in BACKUP_DIR, the newest BACKUP_KEEP kept, failures logged and
// cleaned up, and the settings checked at start-up.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { restoreBackup } from './backup.ts';
import { backupFolderName, startBackupSchedule } from './backup-schedule.ts';
import { loadConfig } from './config.ts';
import { prepareDataDir } from './test-support/server-process.ts';

describe('scheduled backups', () => {
  const root = mkdtempSync(join(tmpdir(), 'relief-desk-schedule-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes dated backups into BACKUP_DIR and keeps the newest BACKUP_KEEP, removing unfinished ones', async () => {
    const dataDir = join(root, 'data');
    mkdirSync(dataDir);
    await prepareDataDir(dataDir);
    const backupDir = join(root, 'backups');
    const config = loadConfig({
      DATA_DIR: dataDir,
      BACKUP_SCHEDULE_HOURS: '24',
      BACKUP_DIR: backupDir,
      BACKUP_KEEP: '2',
    });
    mkdirSync(join(backupDir, 'relief-desk-2020-01-01T00-00-00Z'), { recursive: true }); // never finished
    mkdirSync(join(backupDir, 'keep-me')); // not the schedule's
    let now = new Date('2026-11-28T18:00:00Z');
    const logged: string[] = [];
    const schedule = startBackupSchedule({
      config,
      now: () => now,
      timer: false,
      log: { info: (m) => logged.push(m), error: (m) => logged.push(m) },
    });
    if (!schedule) throw new Error('expected a schedule');
    const made: (string | null)[] = [];
    for (const day of ['2026-11-28', '2026-11-29', '2026-11-30']) {
      now = new Date(`${day}T18:00:00Z`);
      made.push(await schedule.runOnce());
    }
    await schedule.stop();
    expect(made).toEqual([
      join(backupDir, 'relief-desk-2026-11-28T18-00-00Z'),
      join(backupDir, 'relief-desk-2026-11-29T18-00-00Z'),
      join(backupDir, 'relief-desk-2026-11-30T18-00-00Z'),
    ]);
    expect(readdirSync(backupDir).sort()).toEqual([
      'keep-me',
      'relief-desk-2026-11-29T18-00-00Z',
      'relief-desk-2026-11-30T18-00-00Z',
    ]);
    expect(logged).toHaveLength(3);
    expect(existsSync(join(backupDir, 'relief-desk-2026-11-30T18-00-00Z', 'manifest.json'))).toBe(true);

    // What it wrote restores.
    const restoredDir = join(root, 'restored');
    const restored = await restoreBackup(
      loadConfig({ DATA_DIR: restoredDir }),
      join(backupDir, 'relief-desk-2026-11-30T18-00-00Z'),
    );
    expect(restored.target).toBe(restoredDir);
    expect(existsSync(join(restoredDir, 'relief-desk.sqlite'))).toBe(true);
  });

  it('logs a failed run in one line and leaves no half-made folder', async () => {
    const backupDir = join(root, 'failing');
    const config = loadConfig({
      DATA_DIR: join(root, 'no-data-here'),
      BACKUP_SCHEDULE_HOURS: '6',
      BACKUP_DIR: backupDir,
    });
    const errors: string[] = [];
    const schedule = startBackupSchedule({
      config,
      timer: false,
      now: () => new Date('2026-11-28T18:00:00Z'),
      log: { info: () => {}, error: (m) => errors.push(m) },
    });
    expect(await schedule?.runOnce()).toBeNull();
    expect(errors).toEqual([
      `Scheduled backup to ${join(backupDir, backupFolderName(new Date('2026-11-28T18:00:00Z')))} failed: There is no database at ${join(root, 'no-data-here', 'relief-desk.sqlite')}: nothing to back up.`,
    ]);
    expect(readdirSync(backupDir)).toEqual([]);
  });

  it('at the longest interval (720 hours, longer than one timer holds) runs once after the first minute, then 720 hours later', async () => {
    const dataDir = join(root, 'monthly-data');
    mkdirSync(dataDir);
    await prepareDataDir(dataDir);
    const backupDir = join(root, 'monthly');
    const config = loadConfig({ DATA_DIR: dataDir, BACKUP_SCHEDULE_HOURS: '720', BACKUP_DIR: backupDir });
    // The clock and the timers move together.
    vi.useFakeTimers({
      toFake: ['setTimeout', 'clearTimeout', 'Date'],
      now: new Date('2026-11-28T18:00:00Z'),
    });
    const written: string[] = [];
    const schedule = startBackupSchedule({
      config,
      log: { info: (m) => written.push(m), error: (m) => written.push(m) },
    });
    // Moves the clock on and lets every timer due fire; then waits in real time for a backup one
    // started to be logged: up to 10 s where one is due (a backup on a busy machine takes a while),
    // 300 ms where none is (long enough for one started wrongly to show).
    const after = async (ms: number, expecting: 'a backup' | 'none') => {
      const logged = written.length;
      await vi.advanceTimersByTimeAsync(ms);
      const until = performance.now() + (expecting === 'a backup' ? 10_000 : 300);
      while (written.length < logged + 1 && performance.now() < until)
        await new Promise((resolve) => setImmediate(resolve));
    };
    try {
      await after(0, 'none');
      await after(59_000, 'none');
      expect(written).toEqual([]);
      await after(2_000, 'a backup');
      expect(written).toHaveLength(1);
      // 29 days on: still one (a timer asked for more than 2^31 ms would have fired at once, again and again).
      for (const days of [10, 10, 9]) await after(days * 24 * 3_600_000, 'none');
      expect(written).toHaveLength(1);
      await after(24 * 3_600_000, 'a backup');
      expect(written).toHaveLength(2);
      expect(written.every((line) => line.startsWith('Scheduled backup written'))).toBe(true);
    } finally {
      await schedule?.stop();
      vi.useRealTimers();
    }
  });

  it('never removes a folder it did not make: a backup of the same second already there stays', async () => {
    const dataDir = join(root, 'same-second-data');
    mkdirSync(dataDir);
    await prepareDataDir(dataDir);
    const backupDir = join(root, 'same-second');
    const config = loadConfig({ DATA_DIR: dataDir, BACKUP_SCHEDULE_HOURS: '24', BACKUP_DIR: backupDir });
    const at = new Date('2026-11-28T18:00:00Z');
    const errors: string[] = [];
    const schedule = startBackupSchedule({
      config,
      timer: false,
      now: () => at,
      log: { info: () => {}, error: (m) => errors.push(m) },
    });
    const first = await schedule?.runOnce();
    expect(first).toBe(join(backupDir, backupFolderName(at)));
    expect(await schedule?.runOnce()).toBeNull();
    expect(errors).toEqual([
      `Scheduled backup to ${first} failed: The backup folder ${first} is not empty: give a new or empty folder.`,
    ]);
    expect(existsSync(join(first ?? '', 'manifest.json'))).toBe(true);
  });

  it('is off unless BACKUP_SCHEDULE_HOURS is set; the settings are checked and BACKUP_DIR defaults to DATA_DIR/backups', () => {
    const config = loadConfig({ DATA_DIR: join(root, 'd') });
    expect(startBackupSchedule({ config, log: { info: () => {}, error: () => {} } })).toBeNull();
    expect(config.backupDir).toBe(join(root, 'd', 'backups'));
    expect(config.BACKUP_KEEP).toBe(7);
    expect(loadConfig({ DATA_DIR: '/x', BACKUP_DIR: 'kept', INIT_CWD: '/srv' }).backupDir).toBe('/srv/kept');
    expect(() => loadConfig({ BACKUP_SCHEDULE_HOURS: 'daily' })).toThrow(/BACKUP_SCHEDULE_HOURS/);
    expect(() => loadConfig({ BACKUP_SCHEDULE_HOURS: '0.5' })).toThrow(/BACKUP_SCHEDULE_HOURS/);
    expect(() => loadConfig({ BACKUP_KEEP: '0' })).toThrow(/BACKUP_KEEP/);
  });
});
