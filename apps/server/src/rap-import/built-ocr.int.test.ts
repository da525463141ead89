// A scanned RAP sheet read by the server as `pnpm start` builds it: the bundle loads pdf.js, the
// native canvas and Tesseract with its English model from node_modules, wherever the bundle sits. A
// page lookup that works from the sources but not from the bundle fails here (the model once did).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@relief-desk/api';
import { referralInput } from '@relief-desk/api/testing';
import { newId, openDatabase } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import { scannedPdf } from '../../../../packages/rap-sheet/src/test-support/pdfs.ts';
import { buildServerInNewFolder } from '../../build.ts';
import { type BuiltServer, startBuilt } from '../test-support/built-server.ts';
import { dataOf, freePort, HttpSession, prepareDataDir } from '../test-support/server-process.ts';

const ATTORNEY_EMAIL = 'attorney@built-ocr.test';
const ATTORNEY_PASSWORD = 'amber lantern quietly 58';

/** A fictional person's record (written for this test): one court event with a conviction. */
const PAGE = `CII/A07070707
DOB/19840307     SEX/F
NAM/01 NUNEZ, MARIA JOSE
* * * *
COURT:                NAM:01
20150415  CASC ALAMEDA

CNT:01     #15CR007234
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 180 DAYS JAIL
* * * END OF MESSAGE * * *`;

describe('RAP sheet import in the built server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-built-ocr-'));
  let built: { main: string; outdir: string } | null = null;
  let server: BuiltServer | null = null;
  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (built) rmSync(built.outdir, { recursive: true, force: true });
  });

  it('reads a scanned PDF by OCR and proposes its conviction', async () => {
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
    built = await buildServerInNewFolder();
    server = await startBuilt(
      built.main,
      {
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        SEED_DEMO_DATA: 'false',
        LOG_LEVEL: 'warn',
        // As a service manager starts `node main.js`: without the NODE_PATH that pnpm sets for the
        // tests, under which any installed package is found from anywhere.
        NODE_PATH: '',
      },
      await freePort(),
    );

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
    const uploaded = await attorney.upload(
      dataOf<{ id: string }>(requested).id,
      Buffer.from(await scannedPdf(PAGE)),
      'scanned-rap.pdf',
    );
    expect(uploaded.status).toBe(201);
    const started = await attorney.mutate(
      'rapImports.start',
      { matterId, source: { kind: 'file', fileId: (uploaded.body as { id: string }).id } },
      randomUUID(),
    );
    expect(started.status).toBe(200);
    const importId = dataOf<{ id: string }>(started).id;

    type Listed = {
      id: string;
      state: string;
      error: string | null;
      progress: { done: number; total: number };
    };
    const importOf = async () =>
      dataOf<Listed[]>(await attorney.query('rapImports.list', { matterId })).find((i) => i.id === importId);
    let seen = await importOf();
    const deadline = Date.now() + 120_000;
    while (seen && ['queued', 'running'].includes(seen.state) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      seen = await importOf();
    }
    expect(seen, server.stdout() + server.stderr()).toMatchObject({
      state: 'ready',
      error: null,
      progress: { done: 1, total: 1 },
    });
    const review = dataOf<{
      proposals: { fields: { caseNumber: string | null; section: string | null; level: string | null } }[];
    }>(await attorney.query('rapImports.review', { importId }));
    expect(review.proposals.map((p) => p.fields)).toEqual([
      expect.objectContaining({ caseNumber: '15CR007234', section: '459', level: 'felony' }),
    ]);
  }, 240_000);
});
