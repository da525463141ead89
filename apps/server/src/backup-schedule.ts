// Scheduled backups, when BACKUP_SCHEDULE_HOURS is set: the server process writes a dated backup
// (the same as `relief-desk backup`) into BACKUP_DIR every so many hours and keeps the newest
// BACKUP_KEEP of them. A failed run is logged and its half-made folder removed; the next one runs on time.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BackupError, createBackup, fileSystemProblem, MANIFEST, removeFolder } from './backup.ts';
import type { Config } from './config.ts';

const NAME = /^relief-desk-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z)$/;
/** The first scheduled backup waits at least this long after start, out of start-up's way. */
const FIRST_DELAY_MS = 60_000;
/**
 * The longest wait one timer holds (2^31 - 1 ms, under 25 days): a longer one fires at once. Longer
 * intervals (BACKUP_SCHEDULE_HOURS goes to 720, 30 days) wait in steps of at most this.
 */
export const LONGEST_TIMER_MS = 2 ** 31 - 1;

export interface BackupSchedule {
  /** Makes one dated backup now and prunes old ones; returns its folder, or null if it failed. */
  runOnce(): Promise<string | null>;
  /** No more runs; waits for one in progress. */
  stop(): Promise<void>;
}

interface Log {
  info(message: string): void;
  error(message: string, detail?: unknown): void;
}

/** The folder name of a backup made at `at`: relief-desk-2026-11-28T18-00-00Z. */
export function backupFolderName(at: Date): string {
  return `relief-desk-${at.toISOString().slice(0, 19).replaceAll(':', '-')}Z`;
}

/** Dated backup folders in the directory, oldest first, and whether each finished (has its manifest). */
async function datedBackups(dir: string): Promise<{ name: string; complete: boolean }[]> {
  if (!existsSync(dir)) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory() && NAME.test(e.name))
    .map((e) => ({ name: e.name, complete: existsSync(join(dir, e.name, MANIFEST)) }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function startBackupSchedule(options: {
  config: Config;
  log: Log;
  now?: () => Date;
  /** Start the timer (the default); tests call runOnce themselves. */
  timer?: boolean;
}): BackupSchedule | null {
  const { config, log } = options;
  const hours = config.BACKUP_SCHEDULE_HOURS;
  if (!hours) return null;
  const now = options.now ?? (() => new Date());
  const dir = config.backupDir;
  const everyMs = hours * 3_600_000;
  let running: Promise<string | null> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  const prune = async (keepAlso: string) => {
    const backups = await datedBackups(dir);
    const complete = backups.filter((b) => b.complete).map((b) => b.name);
    const keep = new Set([...complete.slice(-config.BACKUP_KEEP), keepAlso]);
    for (const backup of backups) if (!keep.has(backup.name)) await removeFolder(join(dir, backup.name));
  };

  const runOnce = async (): Promise<string | null> => {
    if (running) return running;
    running = (async () => {
      const folder = join(dir, backupFolderName(now()));
      // A folder of that name already there is not this run's: a failure removes only what it made.
      const there = existsSync(folder);
      try {
        await createBackup(config, folder, now());
        await prune(basename(folder));
        log.info(`Scheduled backup written to ${folder}.`);
        return folder;
      } catch (error) {
        if (!there) await removeFolder(folder).catch(() => {});
        const problem = error instanceof BackupError ? error : fileSystemProblem(error, 'write', folder);
        log.error(
          `Scheduled backup to ${folder} failed: ${problem?.message ?? 'see the detail'}`,
          problem ? undefined : error,
        );
        return null;
      } finally {
        running = null;
      }
    })();
    return running;
  };

  // Runs at `dueAt` (ms since 1970), then every interval after it ends.
  const schedule = (dueAt: number) => {
    if (stopped) return;
    const wait = dueAt - now().getTime();
    timer = setTimeout(
      async () => {
        if (wait > LONGEST_TIMER_MS) return schedule(dueAt);
        await runOnce();
        schedule(now().getTime() + everyMs);
      },
      Math.max(0, Math.min(wait, LONGEST_TIMER_MS)),
    );
    timer.unref();
  };

  if (options.timer !== false) {
    // Due one interval after the newest finished backup, and not in the first minute.
    void datedBackups(dir).then((backups) => {
      const newest = backups
        .filter((b) => b.complete)
        .at(-1)
        ?.name.match(NAME)?.[1];
      const madeAt = newest
        ? Date.parse(newest.replace(/T(\d{2})-(\d{2})-(\d{2})Z$/, 'T$1:$2:$3Z'))
        : Number.NaN;
      const start = now().getTime();
      schedule(Math.max(start + FIRST_DELAY_MS, Number.isNaN(madeAt) ? 0 : madeAt + everyMs));
    });
  }

  return {
    runOnce,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
