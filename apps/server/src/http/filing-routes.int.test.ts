// Filing runs over HTTP, on the demo data: the demo offices' courts, service addresses and State Bar
// numbers let an attorney prepare packets for the draft petitions at once; a run of three is printed
// as one PDF (read back with pdf.js) and listed as CSV for the clerk, both POSTs, audited, and only
// for those with the RAP sheet permission in the run's office.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { type AppDatabase, chainAuditJournal, migrateToLatest, openDatabase } from '@relief-desk/db';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEMO_PASSWORD, seedDemoDataIfEmpty } from '../seed/demo.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

/** Each page's numbers in the left margin (left of the double rule) and the rest of its text. */
async function readPdf(bytes: Buffer) {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: { lineNumbers: string[]; body: string }[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const items = (await (await pdf.getPage(n)).getTextContent()).items.flatMap((i) =>
      'str' in i ? [i] : [],
    );
    pages.push({
      lineNumbers: items.filter((i) => (i.transform[4] ?? 0) < 86 && /^\d+$/.test(i.str)).map((i) => i.str),
      body: items.map((i) => i.str).join(' '),
    });
  }
  await pdf.destroy();
  return { pages };
}

/** Browsers send Origin with every POST; the server refuses one without it. */
const ORIGIN = { origin: 'http://localhost' };

describe('filing runs over HTTP, on the demo data', () => {
  let app: FastifyInstance;
  let database: AppDatabase;
  let dataDir: string;
  const clock = fixedClock('2026-11-28T18:00:00.000Z');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-filing-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    database = openDatabase(config.databaseUrl);
    await migrateToLatest(database.db);
    await seedDemoDataIfEmpty(database.db, clock);
    app = await buildServer({ config, database, clock });
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function session(email: string): Promise<Record<string, string>> {
    return { [SESSION_COOKIE]: await sessionCookieOf(app, email, { password: DEMO_PASSWORD }) };
  }

  async function call<T>(
    cookies: Record<string, string>,
    path: string,
    input: unknown,
    query = false,
  ): Promise<T> {
    const response = query
      ? await app.inject({
          method: 'GET',
          url: `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}`,
          cookies,
        })
      : await app.inject({
          method: 'POST',
          url: `/trpc/${path}`,
          headers: ORIGIN,
          payload: input as object,
          cookies,
        });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.body}`);
    return (response.json() as { result: { data: T } }).result.data;
  }

  it('prepares packets for three demo petitions, prints them as one run and lists them for the clerk', async () => {
    const attorney = await session('attorney@example.org');
    const overview = await call<{
      court: { courtName: string; eFiling: boolean } | null;
      courthouse: { id: string; name: string } | null;
      candidates: { petitionId: string; caseNumber: string; state: string }[];
    }>(attorney, 'filings.overview', { county: 'Alameda' }, true);
    // The demo court has two courthouses, by the case number's beginning: the first is shown.
    expect(overview.courthouse?.name).toBe('Lakeview Hall of Justice');
    for (const c of overview.candidates) expect(c.caseNumber).toMatch(/^AL1/);
    expect(overview.court).toEqual({
      courtName: 'Superior Court of California, County of Alameda',
      eFiling: true,
    });
    expect(overview.candidates.length).toBeGreaterThanOrEqual(3);
    expect(new Set(overview.candidates.map((c) => c.state))).toEqual(new Set(['no_packet']));

    // Three whose papers can be drawn as they are: a two-point driving offense (DUI), decided at the
    // court's discretion, waits for a declaration first.
    const chosen: typeof overview.candidates = [];
    for (const c of overview.candidates) {
      if (chosen.length === 3) break;
      const check = await call<{ ready: boolean; missing: { code: string }[]; attorneyId: string }>(
        attorney,
        'packets.check',
        { petitionId: c.petitionId },
        true,
      );
      if (check.missing.length > 0) {
        // (and, for a client who does not read English, who read it to them)
        for (const m of check.missing) expect(['declaration', 'declaration_translation']).toContain(m.code);
        continue;
      }
      chosen.push(c);
      await call(attorney, 'packets.prepare', {
        petitionId: c.petitionId,
        attorneyId: check.attorneyId,
        baseVersion: 0,
      });
    }
    expect(chosen).toHaveLength(3);
    const run = await call<{ id: string; pages: number }>(attorney, 'filings.createRun', {
      county: 'Alameda',
      courthouseId: overview.courthouse?.id,
      petitionIds: chosen.map((c) => c.petitionId),
    });

    const pdf = await app.inject({
      method: 'POST',
      url: `/api/filing-runs/${run.id}/pdf`,
      headers: ORIGIN,
      cookies: attorney,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toBe(
      'attachment; filename="filing-run-alameda-lakeview-hall-of-justice-2026-11-28.pdf"; filename*=UTF-8\'\'filing-run-alameda-lakeview-hall-of-justice-2026-11-28.pdf',
    );
    expect(pdf.headers['x-petition-count']).toBe('3');
    const { pages } = await readPdf(pdf.rawPayload);
    expect(pages).toHaveLength(run.pages);
    const all = Array.from({ length: 28 }, (_, i) => String(i + 1));
    for (const page of pages) expect(page.lineNumbers).toEqual(all);
    for (const c of chosen) expect(pages[0]?.body).toContain(c.caseNumber);
    const text = pages.map((p) => p.body).join(' ');
    expect(text).toContain('Daniel Okafor (State Bar No.');
    // Served on the prosecutor of each petition: the county's District Attorney, or a city's attorney.
    expect(text).toMatch(/PROOF OF SERVICE.*(Alameda County District Attorney|City Attorney)/s);
    expect(pages[0]?.body).toMatch(/Lakeview Hall of Justice, 1180 Harbor Bend Avenue, Oakland, CA 94607/);
    expect(pages[1]?.body).toMatch(/COUNTY OF ALAMEDA\s+Lakeview Hall of Justice/);
    expect(text).toContain('(PC 1203.4(a)(1))');

    const csv = await app.inject({
      method: 'POST',
      url: `/api/filing-runs/${run.id}/csv`,
      headers: ORIGIN,
      cookies: attorney,
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows).toHaveLength(4);
    chosen.forEach((c, i) => {
      expect(rows[i + 1]).toContain(c.caseNumber);
    });
    await chainAuditJournal(database.db);
    const audit = await database.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_id', '=', run.id)
      .where('outcome', '=', 'ok')
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'filings.createRun',
      'filings.printRun',
      'filings.exportCsv',
    ]);

    // Intake lacks the RAP sheet permission; the other office does not find the run.
    for (const [who, status] of [
      ['intake@example.org', 403],
      ['attorney@legalaid.example.org', 404],
    ] as const) {
      const cookies = await session(who);
      for (const kind of ['pdf', 'csv']) {
        const refused = await app.inject({
          method: 'POST',
          url: `/api/filing-runs/${run.id}/${kind}`,
          headers: ORIGIN,
          cookies,
        });
        expect(refused.statusCode, `${who} ${kind}`).toBe(status);
        expect(refused.body).not.toContain(chosen[0]?.caseNumber ?? '');
      }
    }
    // Signed out: asked to sign in.
    const anonymous = await app.inject({
      method: 'POST',
      url: `/api/filing-runs/${run.id}/pdf`,
      headers: ORIGIN,
    });
    expect(anonymous.statusCode).toBe(401);
  });

  it('gives each demo office its counties’ courts and its attorneys State Bar numbers', async () => {
    for (const [email, counties] of [
      ['admin@example.org', ['Alameda']],
      ['admin@legalaid.example.org', ['Contra Costa', 'San Francisco']],
    ] as const) {
      const settings = await call<{
        counties: {
          county: string;
          configured: boolean;
          prosecutor: { name: string };
          courthouses: unknown[];
        }[];
        attorneys: { role: string; stateBarNumber: string | null }[];
      }>(await session(email), 'courtSettings.get', undefined, true);
      expect(settings.counties.map((c) => c.county)).toEqual(counties);
      for (const c of settings.counties) {
        expect(c.configured).toBe(true);
        expect(c.prosecutor.name).toMatch(/District Attorney$/);
        expect(c.courthouses.length).toBeGreaterThan(0);
      }
      expect(settings.attorneys.length).toBeGreaterThan(0);
      for (const a of settings.attorneys) expect(a.stateBarNumber).toMatch(/^\d{6}$/);
    }
  });
});
