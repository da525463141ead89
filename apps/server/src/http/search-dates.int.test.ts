// A search shaped as a date that names no day (13/45/1980, 02/30/1990) is refused on the search field,
// saying how to write a birth date, where it used to list nobody as if no client were born that day.
// Through the procedure and over HTTP, as the queue page gets the answer, on both databases.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiHarness, createApiHarness, referralInput } from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { sessionCookieOf } from '../test-support/session.ts';
import { buildServer, SESSION_COOKIE } from './app.ts';

const notADate = (text: string) =>
  `${text} is not a date: write a birth date as MM/DD/YYYY, e.g. 03/07/1985.`;

describe.each(testDialects())('a search for a date that does not exist (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let cookie = '';

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    const intake = await api.signedIn('alameda.intake');
    await intake.referrals.record(
      referralInput({
        client: {
          ...referralInput().client,
          legalName: 'Rosa Leap',
          otherNames: [],
          dateOfBirth: '1988-02-29',
        },
      }),
    );
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-search-dates-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database: api.database,
      clock: api.clock,
    });
    cookie = await sessionCookieOf(app, 'intake@alameda.test');
  });
  afterAll(async () => {
    await app?.close();
    await api?.destroy();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const listOver = (search: string) =>
    app.inject({
      method: 'GET',
      url: `/trpc/matters.list?input=${encodeURIComponent(JSON.stringify({ queue: 'all', search }))}`,
      cookies: { [SESSION_COOKIE]: cookie },
    });

  it('is refused by matters.list and the view count on the search field, saying how to write one', async () => {
    const caller = await api.signedIn('alameda.intake');
    for (const search of ['13/45/1980', '02/30/1990', '02/29/1990', '1980-13-45']) {
      for (const ask of [
        () => caller.matters.list({ queue: 'all', search }),
        () => caller.queues.viewCount({ queue: 'all', search }),
      ])
        await expect(ask(), search).rejects.toMatchObject({
          code: 'BAD_REQUEST',
          cause: { issues: [expect.objectContaining({ path: ['search'], message: notADate(search) })] },
        });
    }
  });

  it('is answered 400 BAD_INPUT over HTTP with the message beside the search field', async () => {
    const response = await listOver('13/45/1980');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.data).toMatchObject({
      appCode: 'BAD_INPUT',
      fieldErrors: [{ path: 'search', message: notADate('13/45/1980') }],
    });
  });

  it('a real birth date, 29 February of a leap year among them, is still searched', async () => {
    for (const search of ['02/29/1988', '2/29/1988', '1988-02-29']) {
      const response = await listOver(search);
      expect(response.statusCode, search).toBe(200);
      const items = response.json().result.data.items as { clientName: string }[];
      expect(
        items.map((i) => i.clientName),
        search,
      ).toEqual(['Rosa Leap']);
    }
  });
});
