import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from './backup.ts';
import { cliCommand, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const root = mkdtempSync(join(tmpdir(), 'relief-desk-cli-options-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], env: Record<string, string> = {}, input = '') =>
  runCliSync(cli, args, { DATA_DIR: join(root, 'data'), ...env }, input);

describe('the CLI’s options', { timeout: 120_000 }, () => {
  it.each(['migrate', 'create-admin', 'reset-password', 'backup', 'restore'])(
    '%s --help prints that command’s help and exits 0, opening nothing',
    (command) => {
      const help = run([command, '--help']);
      expect(help.stderr).toBe('');
      expect(help.status).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: pnpm relief-desk ${command}`));
      expect(help.stdout).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
      expect(existsSync(join(root, 'data'))).toBe(false);
    },
  );

  it('an option given twice is refused, and nothing is made', () => {
    const twice = run(
      [
        'create-admin',
        '--email',
        'a@office.org',
        '--email',
        'b@office.org',
        '--name',
        'A',
        '--office',
        'O',
        '--counties',
        'Yolo',
      ],
      {},
      'a long enough pass phrase\n',
    );
    expect(twice.stderr.split('\n')[0]).toBe('create-admin: --email was given more than once: give it once.');
    expect(twice.status).toBe(2);
    expect(existsSync(join(root, 'data'))).toBe(false);
  });

  it('restore of a PostgreSQL backup with DATABASE_URL unset says it is unset', () => {
    const backup = join(root, 'pg-backup');
    mkdirSync(backup);
    const dump = Buffer.from('not really a dump');
    writeFileSync(join(backup, 'database.dump'), dump);
    const manifest: Manifest = {
      format: 'relief-desk-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      database: { dialect: 'postgres', file: 'database.dump', schema: null },
      files: [
        {
          path: 'database.dump',
          bytes: dump.byteLength,
          sha256: createHash('sha256').update(dump).digest('hex'),
        },
      ],
    };
    writeFileSync(join(backup, 'manifest.json'), JSON.stringify(manifest));
    const restore = run(['restore', '--from', backup]);
    expect(restore.stderr).toBe(
      `This is a backup of a PostgreSQL database, and DATABASE_URL is not set, so the database is the SQLite file in DATA_DIR (${join(root, 'data')}): restore it into the same kind (set DATABASE_URL to the PostgreSQL database to restore into).\n`,
    );
    expect(restore.status).toBe(1);
  });
});
