// `pnpm relief-desk …` as the README gives it, run from another folder: a relative DATA_DIR is read
// from the folder the command is run in (not the repository's root), and the command's own exit code
// comes back (2 for a usage error, as `relief-desk --help` says).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const repositoryRoot = resolve(import.meta.dirname, '../../..');

describe('pnpm relief-desk, run from another folder', { timeout: 120_000 }, () => {
  const elsewhere = mkdtempSync(join(tmpdir(), 'relief-desk-elsewhere-'));
  const folder = `relative-data-${process.pid}`;
  afterAll(() => {
    rmSync(elsewhere, { recursive: true, force: true });
    rmSync(join(repositoryRoot, folder), { recursive: true, force: true });
  });
  const pnpm = (args: string[], cwd: string) =>
    spawnSync('pnpm', ['--dir', repositoryRoot, 'relief-desk', ...args], {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, DATA_DIR: folder, DATABASE_URL: '', SEED_DEMO_DATA: 'false' },
    });

  it('reads a relative DATA_DIR from the folder it is run in', () => {
    const here = join(elsewhere, 'office');
    mkdirSync(here);
    const migrated = pnpm(['migrate'], here);
    expect(migrated.stdout).toContain(join(here, folder, 'relief-desk.sqlite'));
    expect(migrated.status).toBe(0);
    expect(existsSync(join(here, folder, 'relief-desk.sqlite'))).toBe(true);
    expect(existsSync(join(repositoryRoot, folder))).toBe(false);
  });

  it('returns the command’s own exit code', () => {
    const unknown = pnpm(['no-such-command'], elsewhere);
    expect(unknown.status).toBe(2);
  });
});
