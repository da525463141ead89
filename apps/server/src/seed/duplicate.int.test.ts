// The demo's likely duplicate, tried as staff would over HTTP: the partner's referral waits in
// Alameda's intake with the match flagged on its timeline; typing the same person at New referral
// finds the known client as a likely match; a supervisor merges the two records.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { createTestDatabase, type TestDatabase, testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { DEMO_PASSWORD, seedDemoDataIfEmpty } from './demo.ts';
import { asPartnerWritesIt } from './duplicate.ts';

describe.each(testDialects())('the demo’s likely duplicate (%s)', (dialect) => {
  const clock = fixedClock('2026-11-28T18:00:00Z');
  let database: TestDatabase;
  let app: FastifyInstance;
  let dataDir: string;
  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    await seedDemoDataIfEmpty(database.db, clock, 20);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-duplicate-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
      database,
      clock,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const headers = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' };
  async function signedIn(email: string) {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      headers,
      payload: { email, password: DEMO_PASSWORD },
    });
    expect(response.statusCode).toBe(200);
    const cookies = {
      [SESSION_COOKIE]: response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '',
    };
    return {
      query: async (procedure: string, input: unknown) => {
        const answer = await app.inject({
          method: 'GET',
          url: `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(input))}`,
          cookies,
        });
        expect(answer.statusCode, answer.body).toBe(200);
        return answer.json().result.data;
      },
      mutate: async (procedure: string, input: unknown) => {
        const answer = await app.inject({
          method: 'POST',
          url: `/trpc/${procedure}`,
          headers,
          cookies,
          payload: input as object,
        });
        expect(answer.statusCode, answer.body).toBe(200);
        return answer.json().result.data;
      },
    };
  }

  it('waits in intake, flagged; is found as a likely match; and merges', async () => {
    const flags = await database.db
      .selectFrom('matter_events')
      .innerJoin('matters', 'matters.id', 'matter_events.matter_id')
      .innerJoin('offices', 'offices.id', 'matters.office_id')
      .select([
        'matters.id as matterId',
        'matters.client_id as clientId',
        'matters.stage',
        'offices.name',
        'matter_events.data',
        'matter_events.summary',
      ])
      .where('matter_events.kind', '=', 'possible_duplicate')
      .execute();
    expect(flags).toHaveLength(1);
    const [flag] = flags;
    if (!flag) throw new Error('no flag');
    expect([flag.name, flag.stage]).toEqual(['Alameda County Public Defender', 'referral_received']);
    const knownId = (JSON.parse(flag.data) as { clientIds: string[] }).clientIds[0] ?? '';
    const [known, referred] = await Promise.all(
      [knownId, flag.clientId].map((id) =>
        database.db.selectFrom('clients').selectAll().where('id', '=', id).executeTakeFirstOrThrow(),
      ),
    );
    if (!known || !referred) throw new Error('clients missing');
    expect(referred.legal_name).toBe(asPartnerWritesIt(known.legal_name));
    expect(flag.summary).toContain(`This may be a client you already have: ${known.legal_name} (born `);

    const intake = await signedIn('intake@example.org');
    const possible = await intake.query('referrals.findPossibleClients', {
      legalName: referred.legal_name,
      dateOfBirth: referred.date_of_birth,
      phone: referred.phone,
    });
    expect(possible).toContainEqual(
      expect.objectContaining({ id: known.id, likely: expect.arrayContaining(['name', 'phone']) }),
    );

    const supervisor = await signedIn('supervisor@example.org');
    // Opened from the partner's referral, the review offers to keep the record the office had first:
    // the known client's, whose matters go back months, not the partner's two-day-old one.
    const preview = await supervisor.query('clients.mergePreview', {
      survivingClientId: referred.id,
      mergedClientId: known.id,
    });
    expect(preview.merged.recordedAt < preview.surviving.recordedAt).toBe(true);
    expect(preview.surviving.cameFrom).toBe('partner');
    await supervisor.mutate('clients.merge', {
      survivingClient: { id: known.id, version: known.version },
      mergedClient: { id: referred.id, version: referred.version },
    });
    const matter = await database.db
      .selectFrom('matters')
      .select('client_id')
      .where('id', '=', flag.matterId)
      .executeTakeFirstOrThrow();
    expect(matter.client_id).toBe(known.id);
  });
});
