// A data folder or backup the command's user may not read is said as that, not as "there is no
// database" or "not a backup": one line naming the path, the folder in the way and its owner, and to
// run the command as the user that owns it. Run as another user through setpriv, so only as root.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase } from '@relief-desk/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, runCli, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;

/** `pnpm relief-desk <args>` as a separate process, run as user 65534 (nobody). */
const cliAsNobody = (args: string[], env: Record<string, string>) => runCli(args, env, { asUser: NOBODY });

describe.skipIf(!asRoot || !hasSetpriv)(
  'a data folder or backup the command may not read (as another user; needs root and setpriv)',
  { timeout: 120_000 },
  () => {
    // root's own folder, 0700: nobody may not enter it.
    const closed = mkdtempSync(join(tmpdir(), 'relief-desk-closed-'));
    // Where nobody may write: the backup's target, the restore's data folder.
    const open = mkdtempSync(join(tmpdir(), 'relief-desk-open-'));
    const dataDir = join(closed, 'data');
    const database = join(dataDir, 'relief-desk.sqlite');
    beforeAll(async () => {
      chmodSync(closed, 0o700);
      chmodSync(open, 0o777);
      mkdirSync(dataDir);
      const opened = openDatabase(database);
      try {
        await migrateToLatest(opened.db);
      } finally {
        await opened.close();
      }
    });
    afterAll(() => {
      rmSync(closed, { recursive: true, force: true });
      rmSync(open, { recursive: true, force: true });
    });

    const refusal = (path: string, owns: string) =>
      `Could not read ${path} (${closed} is root's, mode 0700): permission denied to nobody, who runs this command. Run it as the user that owns ${owns} (the one the server runs as): sudo -u root pnpm relief-desk …\n`;

    it('backup says it may not read the database, not that there is none, and writes nothing', async () => {
      const to = join(open, 'backup');
      const result = await cliAsNobody(['backup', '--to', to], { DATA_DIR: dataDir });
      expect(result.stderr).toBe(refusal(database, 'the data folder'));
      expect(result.code).toBe(1);
      expect(existsSync(to)).toBe(false);
    });

    it('audit-verify says it may not read the database', async () => {
      const result = await cliAsNobody(['audit-verify'], { DATA_DIR: dataDir });
      expect(result.stderr).toBe(refusal(database, 'the data folder'));
      expect(result.code).toBe(1);
    });

    it('restore from a backup it may not read says so, not that there is no manifest, and restores nothing', async () => {
      const backup = join(closed, 'backup');
      const made = runCliSync(cli, ['backup', '--to', backup], { LOG_LEVEL: 'warn', DATA_DIR: dataDir });
      expect(made.status).toBe(0);
      const target = join(open, 'restored');
      const result = await cliAsNobody(['restore', '--from', backup], { DATA_DIR: target });
      expect(result.stderr).toBe(refusal(join(backup, 'manifest.json'), 'the backup'));
      expect(result.code).toBe(1);
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    });
  },
);
