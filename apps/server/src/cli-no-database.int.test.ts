import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliCommand, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cli = await cliCommand();

const root = mkdtempSync(join(tmpdir(), 'relief-desk-no-database-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (args: string[], dataDir: string, input = '') =>
  runCliSync(cli, args, { DATA_DIR: dataDir }, input);

const ADMIN = ['--email', 'first@office.org', '--name', 'First Admin', '--office', 'Yolo PD'];

describe('commands on a data folder with no database', { timeout: 120_000 }, () => {
  it('reset-password says there is none, and makes none', () => {
    const dataDir = join(root, 'typo');
    const reset = run(['reset-password', '--email', 'only@office.org'], dataDir, 'a brand new pass phrase\n');
    expect(reset.stderr).toBe(
      `There is no database at ${join(dataDir, 'relief-desk.sqlite')}: no one to set a password for. Set DATA_DIR (or DATABASE_URL) as the server has it.\n`,
    );
    expect(reset.status).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('create-admin refused (no counties for the new office, a weak password) makes none', () => {
    const dataDir = join(root, 'refused');
    const noCounties = run(['create-admin', ...ADMIN], dataDir, 'a long enough pass phrase\n');
    expect(noCounties.stderr).toBe('"Yolo PD" is a new office: give --counties, the counties it serves.\n');
    expect(noCounties.status).toBe(2);
    expect(existsSync(dataDir)).toBe(false);
    const weak = run(['create-admin', ...ADMIN, '--counties', 'Yolo'], dataDir, 'short\n');
    expect(weak.stderr).toMatch(/^Password refused: /);
    expect(weak.status).toBe(2);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('create-admin with everything it needs makes the first database; a second time points to reset-password', () => {
    const dataDir = join(root, 'first');
    const args = ['create-admin', ...ADMIN, '--counties', 'Yolo'];
    const created = run(args, dataDir, 'a long enough pass phrase\n');
    expect([created.status, created.stderr]).toEqual([0, '']);
    expect(existsSync(join(dataDir, 'relief-desk.sqlite'))).toBe(true);
    const again = run(args, dataDir, 'a long enough pass phrase\n');
    expect(again.stderr).toBe(
      'A user with the e-mail first@office.org already exists. To set a new password for them: pnpm relief-desk reset-password --email first@office.org\n',
    );
    expect(again.status).toBe(1);
  });
});
