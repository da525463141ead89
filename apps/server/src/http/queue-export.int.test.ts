// The queue's CSV says when the client was last contacted: blank for a client nobody has contacted
// yet (the dashboard's "Not yet"), never the day the matter was received, which read as a contact.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import { californiaDate } from '@relief-desk/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

describe.each(testDialects())('the queue CSV’s last client contact (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-queue-csv-'));
  beforeAll(async () => {
    api = await createApiHarness(dialect);
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is blank for a client nobody has contacted, and the day of the call for one who was called', async () => {
    const intake = await api.signedIn('alameda.intake');
    const open = async (legalName: string, dateOfBirth: string) =>
      (
        await intake.referrals.record(
          referralInput({
            client: { ...referralInput().client, legalName, otherNames: [], dateOfBirth },
            receivedOn: '2026-11-02',
          }),
        )
      ).matters[0]?.id ?? '';
    const untouched = await open('Nadie Llamó', '1970-05-01');
    const called = await open('Alguien Llamó', '1972-06-02');
    await intake.matters.logCall({ matterId: called, direction: 'outgoing', result: 'spoke', summary: '' });
    const reference = async (matterId: string) => (await intake.matters.get({ matterId })).reference;

    const cookie = await sessionCookieOf(app, 'supervisor@alameda.test');
    const view = encodeURIComponent(JSON.stringify({ queue: 'all' }));
    const response = await app.inject({
      method: 'GET',
      url: `/api/queues/export.csv?view=${view}`,
      cookies: { [SESSION_COOKIE]: cookie },
    });
    expect(response.statusCode).toBe(200);
    const [header, ...lines] = response.body.trim().split(/\r?\n/);
    const columns = (header ?? '').split(',');
    const contact = columns.indexOf('Last client contact');
    const received = columns.indexOf('Received');
    const rowOf = async (matterId: string) => {
      const ref = await reference(matterId);
      return (lines.find((line) => line.startsWith(`${ref},`)) ?? '').split(',');
    };
    const untouchedRow = await rowOf(untouched);
    expect([untouchedRow[received], untouchedRow[contact]]).toEqual(['2026-11-02', '']);
    const calledRow = await rowOf(called);
    expect([calledRow[received], calledRow[contact]]).toEqual([
      '2026-11-02',
      californiaDate(api.clock.now()),
    ]);
  });
});
