// The audit log's CSV export over HTTP: every row the filters select (more than one page of them),
// told as on the page, each cell safe from spreadsheet formulas; the export on record before the first
// row; a refusal (role, filters, another office's matter) answered before any header, and recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { chainAuditJournal } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { type AuditFiltersInput, auditFiltersSchema, californiaDate } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const ORIGIN = { origin: 'http://localhost' };
const HEADER =
  'When (California time),Person,Person’s e-mail,What happened,Action,Outcome,Matter,Client,Address';

/** The rows of a CSV text: quoted cells, doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  return rows;
}

describe.each(testDialects())('the audit log’s CSV export (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  const cookies: Record<string, string> = {};
  let clientId: string;
  let matterId: string;
  let bayMatterId: string;

  const exportOf = (who: string, filters: AuditFiltersInput | string = {}) =>
    app.inject({
      method: 'GET',
      url: `/api/audit/export.csv?filters=${encodeURIComponent(typeof filters === 'string' ? filters : JSON.stringify(filters))}`,
      cookies: cookies[who] ? { [SESSION_COOKIE]: cookies[who] } : {},
    });
  // As every reader of the log: reads still in the audit journal join it first.
  const auditRows = async (action: string) => {
    await chainAuditJournal(api.database.db);
    return api.database.db
      .selectFrom('audit_log')
      .select(['id', 'office_id', 'actor_id', 'outcome', 'entity_type', 'entity_id', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  };

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-audit-export-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    app = await buildServer({ config, database: api.database, clock: api.clock });
    for (const who of ['alameda.intake', 'alameda.attorney', 'alameda.supervisor', 'bayLegal.intake']) {
      const [office = '', role = ''] = who.split('.');
      cookies[who] = await sessionCookieOf(app, `${role}@${office.toLowerCase()}.test`);
    }
    const record = async (who: string, input: ReturnType<typeof referralInput>) => {
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/referrals.record',
        headers: ORIGIN,
        cookies: { [SESSION_COOKIE]: cookies[who] ?? '' },
        payload: input,
      });
      return response.json().result.data as { clientId: string; matters: { id: string }[] };
    };
    // A name a spreadsheet would run as a formula.
    const recorded = await record(
      'alameda.intake',
      referralInput({ client: { ...referralInput().client, legalName: '=SUM(A1:A9) Núñez' } }),
    );
    clientId = recorded.clientId;
    matterId = recorded.matters[0]?.id ?? '';
    bayMatterId =
      (
        await record(
          'bayLegal.intake',
          referralInput({
            client: { ...referralInput().client, legalName: 'Otra Persona' },
            counties: ['San Francisco'],
          }),
        )
      ).matters[0]?.id ?? '';
    // More reads of the matter than one page of the export holds (500).
    for (let i = 0; i < 510; i++)
      await app.inject({
        method: 'GET',
        url: `/trpc/matters.get?input=${encodeURIComponent(JSON.stringify({ matterId }))}`,
        cookies: { [SESSION_COOKIE]: cookies['alameda.attorney'] ?? '' },
      });
  }, 180_000);
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('streams every row the filters select, told as on the page, formula-safe, and puts the export on record first', async () => {
    const filters = { client: clientId };
    const response = await exportOf('alameda.supervisor', filters);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="audit-log-${californiaDate(api.clock.now())}.csv"; filename*=UTF-8''audit-log-${californiaDate(api.clock.now())}.csv`,
    );
    expect(response.body.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(response.body.slice(1));
    expect(header?.join(',')).toBe(HEADER);

    // Every row of the client's records in the office, newest first, across export pages.
    const exported = await auditRows('audit.export');
    const last = exported.at(-1);
    expect(last).toMatchObject({
      office_id: api.officeIds.alameda,
      actor_id: api.userIds['alameda.supervisor'],
      outcome: 'ok',
      entity_type: 'office',
    });
    expect(JSON.parse(last?.detail ?? '{}')).toMatchObject({ client: clientId, matter: null });
    const wanted = await api.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('office_id', '=', api.officeIds.alameda)
      .where('entity_id', 'in', [clientId, matterId])
      .where('id', '<', last?.id ?? '')
      .execute();
    expect(rows).toHaveLength(wanted.length);
    expect(rows.length).toBeGreaterThan(500);
    const reads = rows.filter((r) => r[4] === 'Open a matter');
    expect(reads).toHaveLength(510);
    const referral = rows.find((r) => r[4] === 'Record a referral');
    const { reference } = await api.database.db
      .selectFrom('matters')
      .select('reference')
      .where('id', '=', matterId)
      .executeTakeFirstOrThrow();
    expect(referral).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}-0[78]:00$/),
      'Intake of Alameda County Public Defender',
      'intake@alameda.test',
      'Intake of Alameda County Public Defender recorded a referral for =SUM(A1:A9) Núñez',
      'Record a referral',
      'Done',
      // The referral's row names the client; its matter is in the detail, and in the Matter column.
      reference,
      "'=SUM(A1:A9) Núñez",
      '127.0.0.1',
    ]);
    // The client's name starts a cell only in the Client column: there it is defused.
    expect(rows.every((r) => r.every((cell) => !/^[=+\-@]/.test(cell)))).toBe(true);
    expect(reads[0]?.[3]).toMatch(
      /^Attorney of Alameda County Public Defender opened =SUM\(A1:A9\) Núñez’s matter \S+$/,
    );
  });

  it('names every matter of a referral of several counties in the Matter column', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/referrals.record',
      headers: ORIGIN,
      cookies: { [SESSION_COOKIE]: cookies['alameda.intake'] ?? '' },
      payload: referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Tres Condados',
          otherNames: [],
          dateOfBirth: '1970-01-02',
        },
        counties: ['Alameda', 'Fresno', 'Kern'],
      }),
    });
    const recorded = response.json().result.data as {
      clientId: string;
      matters: { id: string; reference: string }[];
    };
    expect(recorded.matters).toHaveLength(3);
    await chainAuditJournal(api.database.db);
    const [, ...rows] = parseCsv(
      (await exportOf('alameda.supervisor', { client: recorded.clientId })).body.slice(1),
    );
    const referral = rows.find((r) => r[4] === 'Record a referral');
    expect(referral?.[6]).toBe(recorded.matters.map((m) => m.reference).join('; '));
    expect(referral?.[7]).toBe('Tres Condados');
  });

  // The night the clocks go back, 1:00-1:59 AM happens twice: a referral at 1:59 AM daylight time, then
  // the matter opened a minute later, at 1:00 AM standard time. Without the offset the later row read
  // as the earlier time.
  it('stamps each row with its offset from UTC, so the night the clocks go back reads in order', async () => {
    try {
      api.clock.set('2026-11-01T08:59:03.000Z');
      const response = await app.inject({
        method: 'POST',
        url: '/trpc/referrals.record',
        headers: ORIGIN,
        cookies: { [SESSION_COOKIE]: cookies['alameda.intake'] ?? '' },
        payload: referralInput({
          client: {
            ...referralInput().client,
            legalName: 'Hora Repetida',
            otherNames: [],
            dateOfBirth: '1971-02-03',
          },
          receivedOn: '2026-10-30',
        }),
      });
      const recorded = response.json().result.data as { clientId: string; matters: { id: string }[] };
      api.clock.set('2026-11-01T09:00:06.000Z');
      await app.inject({
        method: 'GET',
        url: `/trpc/matters.get?input=${encodeURIComponent(JSON.stringify({ matterId: recorded.matters[0]?.id }))}`,
        cookies: { [SESSION_COOKIE]: cookies['alameda.attorney'] ?? '' },
      });
      const [, ...rows] = parseCsv(
        (await exportOf('alameda.supervisor', { client: recorded.clientId })).body.slice(1),
      );
      expect(rows.map((r) => [r[0], r[4]])).toEqual([
        ['2026-11-01T01:00:06-08:00', 'Open a matter'],
        ['2026-11-01T01:59:03-07:00', 'Record a referral'],
      ]);
    } finally {
      api.clock.set('2026-11-28T18:00:00.000Z');
    }
  });

  // Two people of one name (one made before names had to differ, or a namesake since disabled): the
  // file must say which of them did what.
  it('tells apart two people of one name by their e-mail', async () => {
    const { name } = await api.database.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', api.userIds['alameda.intake'])
      .executeTakeFirstOrThrow();
    await api.database.db
      .updateTable('users')
      .set({ name })
      .where('id', '=', api.userIds['alameda.attorney'])
      .execute();
    await chainAuditJournal(api.database.db);
    const [, ...rows] = parseCsv((await exportOf('alameda.supervisor', { client: clientId })).body.slice(1));
    const byName = rows.filter((r) => r[1] === name);
    expect(new Set(byName.map((r) => r[2]))).toEqual(
      new Set(['intake@alameda.test', 'attorney@alameda.test']),
    );
    expect(byName.find((r) => r[4] === 'Record a referral')?.[2]).toBe('intake@alameda.test');
    expect(byName.find((r) => r[4] === 'Open a matter')?.[2]).toBe('attorney@alameda.test');
  });

  it('refuses before any header: bad filters, a role without the log, another office’s matter, no session', async () => {
    const before = (await auditRows('audit.export')).length;
    const bad = await exportOf('alameda.supervisor', { from: '2026-11-10', to: '2026-11-01' });
    // Which filter, and how to put it right, as the log's page says it beside the field.
    const why = auditFiltersSchema.safeParse({ from: '2026-11-10', to: '2026-11-01' }).error?.issues ?? [];
    expect(why).toHaveLength(1);
    expect([bad.statusCode, bad.json()]).toEqual([
      400,
      {
        error: {
          message: `Those filters cannot be exported: the filter “${why[0]?.path.join('.')}”: ${why[0]?.message}`,
          appCode: 'BAD_INPUT',
          fieldErrors: [{ path: why[0]?.path.join('.'), message: why[0]?.message }],
        },
      },
    ]);
    const notJson = await exportOf('alameda.supervisor', '{not json');
    expect([notJson.statusCode, notJson.json().error.message]).toEqual([
      400,
      'Those filters cannot be exported: the address does not hold the filters as JSON: export from the page again.',
    ]);

    const attorney = await exportOf('alameda.attorney');
    expect(attorney.statusCode).toBe(403);
    expect(attorney.json().error.appCode).toBe('FORBIDDEN');
    expect(attorney.headers['content-disposition']).toBeUndefined();

    const other = await exportOf('alameda.supervisor', { matter: bayMatterId });
    expect(other.statusCode).toBe(404);
    expect(other.json().error.appCode).toBe('NOT_FOUND');
    expect(other.headers['content-disposition']).toBeUndefined();

    expect((await exportOf('nobody')).statusCode).toBe(401);

    const refused = (await auditRows('audit.export')).slice(before);
    expect(refused.map((r) => [r.office_id, r.actor_id, r.outcome, r.entity_type, r.entity_id])).toEqual([
      [api.officeIds.alameda, api.userIds['alameda.attorney'], 'denied', 'procedure', null],
      [api.officeIds.alameda, api.userIds['alameda.supervisor'], 'denied', 'matter', bayMatterId],
      // The office whose matter it is hears of the attempt.
      [api.officeIds.bayLegal, api.userIds['alameda.supervisor'], 'denied', 'matter', bayMatterId],
    ]);
  });
});
