// Printing letters over HTTP: one letter or the whole print queue as a mailing run, as PDFs whose
// text reads back; only within the caller's office; printing marks the letters sent and is audited.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { type AppDatabase, migrateToLatest, openDatabase } from '@relief-desk/db';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { seedDemoDataIfEmpty } from '../seed/demo.ts';

const PASSWORD = 'relief-desk-demo';

async function pdfPages(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages;
}

describe('printing letters', () => {
  let app: FastifyInstance;
  let database: AppDatabase;
  let dataDir: string;
  const clock = fixedClock('2026-11-28T18:00:00.000Z');

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-letters-'));
    const config = loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    database = openDatabase(config.databaseUrl);
    await migrateToLatest(database.db);
    await seedDemoDataIfEmpty(database.db, clock, 5);
    app = await buildServer({ config, database, clock });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function session(email: string): Promise<Record<string, string>> {
    const response = await app.inject({
      method: 'POST',
      url: '/trpc/auth.signIn',
      payload: { email, password: PASSWORD },
    });
    return { [SESSION_COOKIE]: response.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? '' };
  }

  async function trpc(cookies: Record<string, string>, path: string, input: unknown) {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      payload: input as object,
      cookies,
    });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.body}`);
    return (response.json() as { result: { data: unknown } }).result.data;
  }

  async function queueLetter(cookies: Record<string, string>, legalName: string, dateOfBirth: string) {
    const recorded = (await trpc(cookies, 'referrals.record', {
      existingClient: null,
      client: {
        legalName,
        otherNames: [],
        dateOfBirth,
        phone: '',
        email: '',
        address: {
          line1: '2100 Telegraph Ave',
          line2: '',
          city: 'Oakland',
          state: 'CA',
          postalCode: '94612',
        },
        preferredLanguage: 'es',
        contact: { email: false, sms: false, letter: true, phone: false },
        consentToText: false,
      },
      counties: ['Alameda'],
      source: { kind: 'walk_in', detail: '' },
      receivedOn: '2026-11-20',
      note: '',
    })) as { matters: { id: string }[] };
    const matterId = recorded.matters[0]?.id ?? '';
    const composed = (await app
      .inject({
        method: 'GET',
        url: `/trpc/messages.composeStatus?input=${encodeURIComponent(JSON.stringify({ matterId, statusType: 'in_review' }))}`,
        cookies,
      })
      .then((r) => r.json())) as {
      result: { data: { messages: { channel: string; subject: string; text: string }[] } };
    };
    const sent = (await trpc(cookies, 'messages.sendStatus', {
      choice: { matterId, statusType: 'in_review' },
      messages: composed.result.data.messages,
    })) as { messageIds: string[]; outboxIds: string[] };
    return { matterId, messageId: sent.messageIds[0] ?? '', outboxId: sent.outboxIds[0] ?? '' };
  }

  const outboxState = async (id: string) =>
    (await database.db.selectFrom('outbox').select('state').where('id', '=', id).executeTakeFirstOrThrow())
      .state;

  it('prints one letter in the client’s language, marks it sent and audits it; another office gets 404', async () => {
    const intake = await session('intake@example.org');
    const letter = await queueLetter(intake, 'Begoña Núñez Ibáñez', '1979-04-12');
    expect(await outboxState(letter.outboxId)).toBe('printing');

    const other = await session('intake@legalaid.example.org');
    const refused = await app.inject({
      method: 'GET',
      url: `/api/letters/${letter.messageId}/pdf`,
      cookies: other,
    });
    expect(refused.statusCode).toBe(404);
    expect(await outboxState(letter.outboxId)).toBe('printing');
    const anonymous = await app.inject({ method: 'GET', url: `/api/letters/${letter.messageId}/pdf` });
    expect(anonymous.statusCode).toBe(401);

    const response = await app.inject({
      method: 'GET',
      url: `/api/letters/${letter.messageId}/pdf`,
      cookies: intake,
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const [page] = await pdfPages(response.rawPayload);
    expect(page).toContain('Begoña Núñez Ibáñez');
    expect(page).toContain('2100 Telegraph Ave');
    expect(page).toContain('Estimado/a');
    expect(page).toContain('28 de noviembre de 2026');
    expect(await outboxState(letter.outboxId)).toBe('sent');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome'])
      .where('action', '=', 'letters.print')
      .execute();
    expect(audit.map((a) => a.outcome).sort()).toEqual(['denied', 'ok']);
  });

  it('prints every letter waiting as one mailing run, a page each, then has none left', async () => {
    const intake = await session('intake@example.org');
    const a = await queueLetter(intake, 'Ana Peña', '1981-02-03');
    const b = await queueLetter(intake, 'José Ávila', '1982-05-06');
    const response = await app.inject({
      method: 'GET',
      url: '/api/letters/mailing-run/pdf',
      cookies: intake,
    });
    expect(response.statusCode).toBe(200);
    const pages = await pdfPages(response.rawPayload);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Ana Peña');
    expect(pages[1]).toContain('José Ávila');
    expect([await outboxState(a.outboxId), await outboxState(b.outboxId)]).toEqual(['sent', 'sent']);
    const again = await app.inject({ method: 'GET', url: '/api/letters/mailing-run/pdf', cookies: intake });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { message: 'No letters are waiting to be printed.' } });
    // The other office's run does not include these letters.
    const other = await session('intake@legalaid.example.org');
    expect(
      (await app.inject({ method: 'GET', url: '/api/letters/mailing-run/pdf', cookies: other })).statusCode,
    ).toBe(400);
  });
});
