import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { appendAuditRow, newId } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliCommand, runCliSync } from './test-support/server-process.ts';

// The command line, as `pnpm relief-desk` runs it (built once for the run: test-support/global-build.ts).
const cliArgs = await cliCommand();

const cli = (args: string[], databaseUrl: string) =>
  runCliSync(cliArgs, args, { DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' });

describe.each(testDialects())('audit-verify (%s)', (dialect) => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Ordinary work in both offices: sign-ins, a referral, the matter opened, a refused look at it.
    const intake = await api.signedIn('alameda.intake');
    const { matters } = await intake.referrals.record(referralInput());
    const matterId = matters[0]?.id ?? '';
    await intake.matters.get({ matterId });
    await intake.matters.addNote({ matterId, text: 'Called back.' });
    const other = await api.signedIn('bayLegal.attorney');
    await expect(other.matters.get({ matterId })).rejects.toThrow(/not found/);
    await other.referrals.record(referralInput({ counties: ['Contra Costa'] }));
  });
  afterAll(async () => api.destroy());

  const rowsOf = (officeId: string) =>
    api.database.db
      .selectFrom('audit_log')
      .select(['id', 'seq'])
      .where('office_id', '=', officeId)
      .orderBy('seq')
      .execute();

  it.runIf(dialect === 'sqlite')('refuses a database that is not there rather than making one', () => {
    const folder = mkdtempSync(join(tmpdir(), 'relief-desk-audit-'));
    try {
      const missing = join(folder, 'typo', 'relief-desk.sqlite');
      const run = cli(['audit-verify'], `file:${missing}`);
      expect(run.status).toBe(1);
      expect(run.stderr).toBe(
        `There is no database at ${missing}: nothing to check. Set DATA_DIR (or DATABASE_URL) as the server has it.\n`,
      );
      expect(existsSync(missing)).toBe(false);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('is listed in --help', () => {
    const help = cli(['--help'], api.database.url);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/audit-verify\s+Check every office's audit log chain/);
  });

  it('prints one line per office with the rows checked and exits 0 when every chain is whole', async () => {
    const run = cli(['audit-verify'], api.database.url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const alameda = (await rowsOf(api.officeIds.alameda)).length;
    const bay = (await rowsOf(api.officeIds.bayLegal)).length;
    expect(run.stdout).toContain(
      `Alameda County Public Defender (${api.officeIds.alameda}): ${alameda} rows checked, ok, newest ${alameda} `,
    );
    expect(run.stdout).toContain(`Bay Area Legal Aid (${api.officeIds.bayLegal}): ${bay} rows checked, ok`);
  });

  it('names the first broken row of each office (a detail edited, a row deleted) and exits 1', async () => {
    const alameda = await rowsOf(api.officeIds.alameda);
    const edited = alameda[2];
    const later = alameda[3];
    const bay = await rowsOf(api.officeIds.bayLegal);
    const deleted = bay[1];
    const afterDeleted = bay[2];
    if (!edited || !later || !deleted || !afterDeleted) throw new Error('too few audit rows to tamper with');

    await api.database.db
      .updateTable('audit_log')
      .set({ detail: '{"note":"nothing to see"}' })
      .where('id', '=', edited.id)
      .execute();
    // A later edit in the same office is not the first break: the report names the earlier row.
    await api.database.db
      .updateTable('audit_log')
      .set({ ip: '10.9.9.9' })
      .where('id', '=', later.id)
      .execute();
    await api.database.db.deleteFrom('audit_log').where('id', '=', deleted.id).execute();

    const run = cli(['audit-verify'], api.database.url);
    expect(run.status).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Alameda County Public Defender \\(${api.officeIds.alameda}\\): BROKEN at row ${edited.id}, sequence ${edited.seq}: content changed \\(the row's fields no longer match its hash\\); 2 rows checked before it$`,
        ),
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^Bay Area Legal Aid \\(${api.officeIds.bayLegal}\\): BROKEN at sequence ${deleted.seq}: row missing \\(row ${deleted.seq} is missing \\(the next row present is ${afterDeleted.id}, sequence ${afterDeleted.seq}\\)\\)`,
        ),
      ),
    );
    expect(run.stderr).toContain('The audit log has been tampered with in 2 of 2 office chains.');
  });
});

describe.each(testDialects())('audit-verify after an upgrade (%s)', (dialect) => {
  let api: ApiHarness;
  afterAll(async () => api?.destroy());

  it('says rows an older version wrote with no office are about an office’s matters, in the no-office chain they were hashed in', async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    const { matters } = await intake.referrals.record(referralInput());
    const matterId = matters[0]?.id ?? '';
    // As the older version wrote messages.followUp: about the matter, with no office.
    for (let n = 0; n < 3; n++)
      await appendAuditRow(api.database.db, {
        id: newId(),
        occurred_at: new Date().toISOString(),
        actor_id: null,
        office_id: null,
        action: 'messages.followUp',
        entity_type: 'matter',
        entity_id: matterId,
        ip: '',
        outcome: 'ok',
        detail: '{}',
      });
    const run = cli(['audit-verify'], api.database.url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      `No office recorded (sign-in attempts naming no account, and rows an older version wrote without their office: 3 about matters of Alameda County Public Defender (${api.officeIds.alameda})): 3 rows checked, ok`,
    );
  });
});
