// The RAP sheet import worker in the real server process: an attorney uploads a three-page scanned
// RAP sheet over HTTP and starts its import; the server is killed with SIGKILL while a page is read
// (no shutdown: the import stays `running`, held by a lease of the dead process). Started again, the
// server takes the import over once that lease has run out and reads it to the end: ready to review,
// every page read by OCR, the proposals there, one more attempt counted, a new worker holding it.
// The lease (2 minutes) is not waited out: its end is moved to the moment of the kill in the data
// folder, which only the dead process held.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@relief-desk/api';
import { referralInput } from '@relief-desk/api/testing';
import { newId, openDatabase } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import { scannedPdfPages } from '../../../../packages/rap-sheet/src/test-support/pdfs.ts';
import {
  dataOf,
  freePort,
  HttpSession,
  prepareDataDir,
  type ServerProcess,
  startServer,
} from '../test-support/server-process.ts';

const ATTORNEY_EMAIL = 'attorney@crash.test';
const ATTORNEY_PASSWORD = 'slow harbour evening 17';

/** One page of a fictional person's record (written for this test): a court event with a conviction. */
function page(n: number): string {
  return `CII/A0${n}0${n}0${n}0${n}
DOB/19840307     SEX/F
NAM/01 NUNEZ, MARIA JOSE
* * * *
COURT:                NAM:01
201${n}0415  CASC ALAMEDA

CNT:01     #1${n}CR00${n}234
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 180 DAYS JAIL
* * * *`;
}

interface ImportSummary {
  id: string;
  state: string;
  progress: { done: number; total: number; label: string };
}

describe('RAP sheet import in the server process: SIGKILL mid-import, then a restart', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-import-crash-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('a server killed while reading a scanned PDF leaves the import to the next one, which finishes it', async () => {
    await prepareDataDir(dataDir);
    const database = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    try {
      const office = await database.db.selectFrom('offices').select('id').executeTakeFirstOrThrow();
      const now = new Date().toISOString();
      await database.db
        .insertInto('users')
        .values({
          id: newId(),
          office_id: office.id,
          email: ATTORNEY_EMAIL,
          name: 'Attorney',
          role: 'attorney',
          can_view_rap_sheets: 1,
          password_hash: await hashPassword(ATTORNEY_PASSWORD),
          created_at: now,
          updated_at: now,
        })
        .execute();
    } finally {
      await database.close();
    }
    const pdf = Buffer.from(await scannedPdfPages([page(1), page(2), page(3)]));

    const port = await freePort();
    server = await startServer(dataDir, port);
    const attorney = new HttpSession(server.origin);
    await attorney.signIn(ATTORNEY_EMAIL, ATTORNEY_PASSWORD);
    const referred = await attorney.mutate('referrals.record', referralInput(), randomUUID());
    expect(referred.status).toBe(200);
    const matterId = dataOf<{ matters: { id: string }[] }>(referred).matters[0]?.id ?? '';
    const requested = await attorney.mutate(
      'documents.request',
      { matterId, kind: 'rap_sheet', requestedFrom: 'doj', requestedOn: '2026-11-02' },
      randomUUID(),
    );
    expect(requested.status).toBe(200);
    const uploaded = await attorney.upload(dataOf<{ id: string }>(requested).id, pdf, 'scanned-rap.pdf');
    expect(uploaded.status).toBe(201);
    const fileId = (uploaded.body as { id: string }).id;
    const started = await attorney.mutate(
      'rapImports.start',
      { matterId, source: { kind: 'file', fileId } },
      randomUUID(),
    );
    expect(started.status).toBe(200);
    const importId = dataOf<{ id: string }>(started).id;

    const importOf = async (session: HttpSession) => {
      const listed = dataOf<ImportSummary[]>(await session.query('rapImports.list', { matterId }));
      const found = listed.find((i) => i.id === importId);
      if (!found) throw new Error('the import is not listed');
      return found;
    };

    // Killed once the second page is being read: the first is done, the rest not.
    const deadline = Date.now() + 120_000;
    let seen = await importOf(attorney);
    while (!(seen.state === 'running' && seen.progress.done >= 1)) {
      if (Date.now() > deadline || !['queued', 'running'].includes(seen.state))
        throw new Error(`the import did not reach its second page: ${JSON.stringify(seen)}`);
      await new Promise((r) => setTimeout(r, 50));
      seen = await importOf(attorney);
    }
    await server.kill();
    expect(seen.progress.done).toBeLessThan(seen.progress.total);

    const held = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    let firstWorker: string | null;
    try {
      const row = await held.db
        .selectFrom('rap_imports')
        .select(['state', 'locked_by', 'locked_until', 'attempts', 'progress_done'])
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
      // Left as the dead process had it: running, under its lease.
      expect(row).toMatchObject({ state: 'running', attempts: 1 });
      expect(row.progress_done).toBeGreaterThanOrEqual(1);
      expect(new Date(row.locked_until ?? 0).getTime()).toBeGreaterThan(Date.now());
      firstWorker = row.locked_by;
      // The lease runs out (instead of waiting its 2 minutes).
      await held.db
        .updateTable('rap_imports')
        .set({ locked_until: new Date().toISOString() })
        .where('id', '=', importId)
        .execute();
    } finally {
      await held.close();
    }

    server = await startServer(dataDir, port, { LOG_LEVEL: 'info' });
    const again = new HttpSession(server.origin);
    await again.signIn(ATTORNEY_EMAIL, ATTORNEY_PASSWORD);
    let done = await importOf(again);
    const finishBy = Date.now() + 180_000;
    while (done.state !== 'ready') {
      if (Date.now() > finishBy || !['queued', 'running'].includes(done.state))
        throw new Error(`the import did not finish after the restart: ${JSON.stringify(done)}`);
      await new Promise((r) => setTimeout(r, 200));
      done = await importOf(again);
    }
    expect(done.progress).toMatchObject({ done: 3, total: 3 });

    const review = dataOf<{
      proposals: { fields: { caseNumber: string | null; section: string | null } }[];
      rapWarnings: { message: string }[];
    }>(await again.query('rapImports.review', { importId }));
    expect(review.proposals.map((p) => p.fields.section)).toEqual(['459', '459', '459']);
    expect(review.rapWarnings.filter((w) => /read by OCR/.test(w.message))).toHaveLength(3);

    const finished = openDatabase(join(dataDir, 'relief-desk.sqlite'));
    try {
      const row = await finished.db
        .selectFrom('rap_imports')
        .select(['state', 'locked_by', 'attempts'])
        .where('id', '=', importId)
        .executeTakeFirstOrThrow();
      expect(row.state).toBe('ready');
      expect(row.attempts).toBe(2);
      // Read to the end by the restarted server's worker, not the one that held the lease.
      expect(server.output()).toContain(`RAP sheet import ${importId}: ready`);
      expect(firstWorker).toMatch(/^import-\d+-/);
      expect(firstWorker).not.toContain(`import-${server.child.pid}-`);
    } finally {
      await finished.close();
    }
  }, 420_000);
});
