// An applicant who gave only a mailing address gets the confirmation by letter, its status link
// printed in it. On both databases: the printed letter carries the working link, and once staff
// confirm the letter came off the printer, the stored message keeps the link without its token (the
// link itself goes on working); a letter not yet confirmed still holds it, to be printed again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiHarness,
  createApiHarness,
  officeSlugOf,
  openOnlineApplications,
} from '@relief-desk/api/testing';
import { testDialects } from '@relief-desk/db/testing';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { TRAP_FIELD } from '../public/apply-page.ts';
import { sessionCookieOf } from '../test-support/session.ts';

const ORIGIN = 'http://desk.test';
const TOKEN_LINK = /http:\/\/desk\.test\/status\/([A-Za-z0-9_-]{43})/;

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  return pages.join('\n');
}

describe.each(testDialects())('a status link in a letter (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let slug = '';
  let address = 0;
  let cookie = '';

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Offices set up: their online application is open.
    await openOnlineApplications(api.database.db);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-letter-links-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: ORIGIN }),
      database: api.database,
      clock: api.clock,
    });
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
    cookie = await sessionCookieOf(app, 'intake@alameda.test', { origin: ORIGIN });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** An application with a mailing address and no other way to reach the person: a letter. */
  async function applyByMail(name: string) {
    const response = await app.inject({
      method: 'POST',
      url: `/apply/${slug}`,
      remoteAddress: `10.66.0.${++address}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams({
        lang: 'en',
        submission: `letter-links-${address}-${Date.now()}`,
        [TRAP_FIELD]: '',
        legalName: name,
        birthMonth: '8',
        birthDay: '19',
        birthYear: '1976',
        phone: '',
        email: '',
        addressLine1: '1221 Oak St',
        city: 'Oakland',
        state: 'CA',
        postalCode: '94612',
        language: 'en',
        counties: 'Alameda',
      }).toString(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('We are mailing you a letter to confirm it');
    const message = await api.database.db
      .selectFrom('messages')
      .innerJoin('clients', 'clients.id', 'messages.client_id')
      .innerJoin('outbox', 'outbox.message_id', 'messages.id')
      .select(['messages.id', 'messages.body', 'messages.channel', 'outbox.state'])
      .where('clients.legal_name', '=', name)
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ channel: 'letter', state: 'printing' });
    const token = TOKEN_LINK.exec(message.body)?.[1] ?? '';
    expect(token).toHaveLength(43);
    return { messageId: message.id, token };
  }
  const rowsHolding = (token: string) =>
    api.database.db
      .selectFrom('messages')
      .select('id')
      .where(sql<string>`body`, 'like', `%${token}%`)
      .execute();
  const printPdf = (messageId: string) =>
    app.inject({
      method: 'POST',
      url: `/api/letters/${messageId}/pdf`,
      headers: { origin: ORIGIN },
      cookies: { [SESSION_COOKIE]: cookie },
    });

  it('prints the working link, and strikes its token from the stored letter once confirmed printed', async () => {
    const letter = await applyByMail('Ines Printed Carvalho');
    const waiting = await applyByMail('Ines Waiting Carvalho');

    const printed = await printPdf(letter.messageId);
    expect(printed.statusCode).toBe(200);
    expect(await pdfText(printed.rawPayload)).toContain(letter.token);
    // Printing alone is not sending: the printer may jam, and the letter is printed again.
    expect(await rowsHolding(letter.token)).toHaveLength(1);

    const intake = await api.signedIn('alameda.intake');
    expect(await intake.messages.confirmPrinted({ messageIds: [letter.messageId] })).toEqual({
      marked: 1,
      alreadyMarked: 0,
      takenOut: [],
    });
    expect(await rowsHolding(letter.token)).toEqual([]);
    const stored = await api.database.db
      .selectFrom('messages')
      .select('body')
      .where('id', '=', letter.messageId)
      .executeTakeFirstOrThrow();
    expect(stored.body).toContain(`${ORIGIN}/status/…`);
    expect(stored.body).toContain(`${ORIGIN}/status/new?office=${slug}&lang=en`);
    // The applicant's link still opens their page: only the stored copy lost the token.
    expect((await app.inject({ url: `/status/${letter.token}` })).statusCode).toBe(200);

    // The letter not confirmed keeps its link, and confirming it again later strikes it then.
    expect(await rowsHolding(waiting.token)).toHaveLength(1);
    await intake.messages.confirmPrinted({ messageIds: [waiting.messageId, letter.messageId] });
    expect(await rowsHolding(waiting.token)).toEqual([]);
  });
});
