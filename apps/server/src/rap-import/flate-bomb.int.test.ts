// A RAP sheet PDF made to hold the server (what an outside tester uploaded): one page whose content
// stream is hundreds of MB of spaces packed into a few hundred kB. Read on the server's main thread,
// it kept every request of every office waiting while pdf.js unpacked it. Read in its worker thread,
// the server answers while the page is read, and the import fails saying the page unpacks to more
// than a RAP sheet's page can and what to do.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@relief-desk/api';
import { referralInput } from '@relief-desk/api/testing';
import { newId, openDatabase } from '@relief-desk/db';
import { afterAll, describe, expect, it } from 'vitest';
import { flateBombPdf } from '../../../../packages/rap-sheet/src/test-support/flate-bomb.ts';
import {
  dataOf,
  freePort,
  HttpSession,
  prepareDataDir,
  type ServerProcess,
  startServer,
} from '../test-support/server-process.ts';

const ATTORNEY_EMAIL = 'attorney@flate-bomb.test';
const ATTORNEY_PASSWORD = 'copper kettle softly 31';

interface ImportSummary {
  id: string;
  state: string;
  error: string | null;
}

describe('a PDF whose page unpacks to hundreds of MB, imported into the server process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-flate-bomb-'));
  let server: ServerProcess | null = null;
  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('the server answers other requests while the page is read, and the import fails saying why', async () => {
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
    server = await startServer(dataDir, await freePort());
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
      flateBombPdf(300),
      'bomb.pdf',
    );
    expect(uploaded.status).toBe(201);
    const started = await attorney.mutate(
      'rapImports.start',
      { matterId, source: { kind: 'file', fileId: (uploaded.body as { id: string }).id } },
      randomUUID(),
    );
    expect(started.status).toBe(200);
    const importId = dataOf<{ id: string }>(started).id;

    // While the import is read, another request (the health check) is answered within moments each
    // time: it would wait for the whole page on the main thread.
    const origin = server.origin;
    const answeredIn: number[] = [];
    let seen: ImportSummary | undefined;
    const deadline = Date.now() + 180_000;
    for (;;) {
      seen = dataOf<ImportSummary[]>(await attorney.query('rapImports.list', { matterId })).find(
        (i) => i.id === importId,
      );
      if (!seen || !['queued', 'running'].includes(seen.state) || Date.now() > deadline) break;
      if (seen.state === 'running') {
        const asked = Date.now();
        const health = await fetch(`${origin}/healthz`);
        expect(health.status).toBe(200);
        answeredIn.push(Date.now() - asked);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(seen, server.output()).toMatchObject({ state: 'failed' });
    expect(seen?.error).toBe(
      "The RAP sheet could not be read: a part of the PDF unpacks to more than 64 MB, where a RAP sheet's page is a few kB of text or a few MB scanned. Save or print it to PDF again, give a clearer scan, or paste its text.",
    );
    expect(answeredIn.length).toBeGreaterThan(0);
    expect(Math.max(...answeredIn), answeredIn.join(', ')).toBeLessThan(2_000);
  }, 240_000);
});
