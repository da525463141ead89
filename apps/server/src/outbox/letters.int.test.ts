// Printing letters over HTTP: one letter or the print queue as a mailing run, as PDFs whose text
// reads back; only within the caller's office. Printing is a POST that changes nothing but the audit
// log; the letters are marked sent when staff confirm they were printed (messages.confirmPrinted).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixedClock } from '@relief-desk/api';
import { type AppDatabase, chainAuditJournal, migrateToLatest, openDatabase } from '@relief-desk/db';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { seedDemoDataIfEmpty } from '../seed/demo.ts';
import { sessionCookieOf } from '../test-support/session.ts';

const PASSWORD = 'relief-desk-demo';
/** Browsers send Origin with every POST; the server refuses one without it. */
const ORIGIN = { origin: 'http://localhost' };

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
    return { [SESSION_COOKIE]: await sessionCookieOf(app, email, { password: PASSWORD }) };
  }

  async function trpc(cookies: Record<string, string>, path: string, input: unknown) {
    const response = await app.inject({
      method: 'POST',
      url: `/trpc/${path}`,
      headers: ORIGIN,
      payload: input as object,
      cookies,
    });
    if (response.statusCode !== 200) throw new Error(`${path}: ${response.body}`);
    return (response.json() as { result: { data: unknown } }).result.data;
  }

  const print = (cookies: Record<string, string>, url: string, messageIds?: string[]) =>
    app.inject({
      method: 'POST',
      url,
      headers: ORIGIN,
      cookies,
      ...(messageIds ? { payload: { messageIds } } : {}),
    });
  const confirm = (cookies: Record<string, string>, messageIds: string[]) =>
    app.inject({
      method: 'POST',
      url: '/trpc/messages.confirmPrinted',
      headers: ORIGIN,
      cookies,
      payload: { messageIds },
    });
  const waitingIds = async (cookies: Record<string, string>) =>
    (
      (await app
        .inject({ method: 'GET', url: '/trpc/messages.lettersToPrint', cookies })
        .then((r) => r.json())) as { result: { data: { messageIds: string[] } } }
    ).result.data.messageIds;
  const auditOf = async (action: string) => {
    await chainAuditJournal(database.db);
    return database.db
      .selectFrom('audit_log')
      .select(['action', 'outcome', 'entity_id', 'office_id', 'detail'])
      .where('action', '=', action)
      .orderBy('id')
      .execute();
  };

  async function queueLetter(
    cookies: Record<string, string>,
    legalName: string,
    dateOfBirth: string,
    /** Changes the client's row before the letter is sent, as older rows may hold it. */
    asStored?: (clientId: string) => Promise<unknown>,
  ) {
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
    })) as { clientId: string; matters: { id: string }[] };
    const matterId = recorded.matters[0]?.id ?? '';
    await asStored?.(recorded.clientId);
    const composed = (await app
      .inject({
        method: 'GET',
        url: `/trpc/messages.composeStatus?input=${encodeURIComponent(JSON.stringify({ matterId, statusType: 'in_review' }))}`,
        cookies,
      })
      .then((r) => r.json())) as {
      result: { data: { language: string; messages: { channel: string; subject: string; text: string }[] } };
    };
    const sent = (await trpc(cookies, 'messages.sendStatus', {
      writtenIn: composed.result.data.language,
      choice: { matterId, statusType: 'in_review' },
      messages: composed.result.data.messages,
    })) as { messageIds: string[]; outboxIds: string[] };
    return { matterId, messageId: sent.messageIds[0] ?? '', outboxId: sent.outboxIds[0] ?? '' };
  }

  const outboxState = async (id: string) =>
    (await database.db.selectFrom('outbox').select('state').where('id', '=', id).executeTakeFirstOrThrow())
      .state;

  it('prints one letter in the client’s language with a POST that leaves it in the print queue; confirming marks it sent; another office gets 404', async () => {
    const intake = await session('intake@example.org');
    const letter = await queueLetter(intake, 'Begoña Núñez Ibáñez', '1979-04-12');
    expect(await outboxState(letter.outboxId)).toBe('printing');

    const other = await session('intake@legalaid.example.org');
    const [alameda, goldenGate] = await Promise.all(
      ['intake@example.org', 'intake@legalaid.example.org'].map(async (email) => {
        const user = await database.db
          .selectFrom('users')
          .select('office_id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow();
        return user.office_id;
      }),
    );
    const refused = await print(other, `/api/letters/${letter.messageId}/pdf`);
    expect(refused.statusCode).toBe(404);
    expect(refused.body).not.toContain('%PDF');
    const anonymous = await print({}, `/api/letters/${letter.messageId}/pdf`);
    expect(anonymous.statusCode).toBe(401);
    // Printing is not a GET: a link or an image on another site cannot print (or mark) a letter.
    const viaGet = await app.inject({
      method: 'GET',
      url: `/api/letters/${letter.messageId}/pdf`,
      cookies: intake,
    });
    expect(viaGet.statusCode).toBe(404);
    expect(viaGet.body).not.toContain('%PDF');

    const response = await print(intake, `/api/letters/${letter.messageId}/pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.headers['x-letter-count']).toBe('1');
    const [page] = await pdfPages(response.rawPayload);
    expect(page).toContain('Begoña Núñez Ibáñez');
    expect(page).toContain('2100 Telegraph Ave');
    expect(page).toContain('Estimado/a');
    expect(page).toContain('28 de noviembre de 2026');
    // Printed, not yet confirmed: still in the print queue (the printer may have jammed).
    expect(await outboxState(letter.outboxId)).toBe('printing');
    expect(await waitingIds(intake)).toContain(letter.messageId);
    const prints = await auditOf('letters.print');
    expect(prints.filter((a) => a.outcome === 'ok').map((a) => [a.entity_id, a.office_id])).toEqual([
      [letter.messageId, alameda],
    ]);
    expect(prints).toContainEqual(
      expect.objectContaining({ entity_id: letter.messageId, outcome: 'denied', office_id: goldenGate }),
    );

    // Another office cannot confirm it either, and the refusal is on record.
    const otherConfirm = await confirm(other, [letter.messageId]);
    expect(otherConfirm.statusCode).toBe(404);
    expect(await outboxState(letter.outboxId)).toBe('printing');

    const confirmed = await confirm(intake, [letter.messageId]);
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().result.data).toEqual({ marked: 1, alreadyMarked: 0, takenOut: [] });
    expect(await outboxState(letter.outboxId)).toBe('sent');
    const events = await database.db
      .selectFrom('matter_events')
      .select('summary')
      .where('matter_id', '=', letter.matterId)
      .where('kind', '=', 'letter_printed')
      .execute();
    expect(events).toHaveLength(1);
    // Refused under the procedure's name; confirmed, on record beside printing (letters.*).
    expect(await auditOf('messages.confirmPrinted')).toContainEqual(
      expect.objectContaining({ entity_id: letter.messageId, outcome: 'denied', office_id: goldenGate }),
    );
    const ok = await auditOf('letters.confirmPrinted');
    expect(ok.map((a) => [a.entity_id, a.office_id])).toEqual([[letter.messageId, alameda]]);
    expect(JSON.parse(ok[0]?.detail ?? '{}')).toMatchObject({ letters: 1, messageIds: [letter.messageId] });

    // Confirming again changes nothing and says so; printing it again is allowed (a spoiled page).
    expect((await confirm(intake, [letter.messageId])).json().result.data).toEqual({
      marked: 0,
      alreadyMarked: 1,
      takenOut: [],
    });
    expect((await print(intake, `/api/letters/${letter.messageId}/pdf`)).statusCode).toBe(200);
    expect(await outboxState(letter.outboxId)).toBe('sent');
  });

  it('prints the letters waiting as one mailing run, a page each, marks them sent only when confirmed, and leaves a letter queued since in the queue', async () => {
    const intake = await session('intake@example.org');
    const a = await queueLetter(intake, 'Ana Peña', '1981-02-03');
    const b = await queueLetter(intake, 'José Ávila', '1982-05-06');
    const ids = await waitingIds(intake);
    expect(ids).toEqual([a.messageId, b.messageId]);

    const response = await print(intake, '/api/letters/mailing-run/pdf', ids);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-letter-count']).toBe('2');
    const pages = await pdfPages(response.rawPayload);
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Ana Peña');
    expect(pages[1]).toContain('José Ávila');
    expect([await outboxState(a.outboxId), await outboxState(b.outboxId)]).toEqual(['printing', 'printing']);

    // A letter queued while the run was at the printer is not in it, and is not marked by its confirmation.
    const late = await queueLetter(intake, 'Lucía Ortega', '1983-07-08');
    const confirmed = await confirm(intake, ids);
    expect(confirmed.json().result.data).toEqual({ marked: 2, alreadyMarked: 0, takenOut: [] });
    expect([await outboxState(a.outboxId), await outboxState(b.outboxId)]).toEqual(['sent', 'sent']);
    expect(await outboxState(late.outboxId)).toBe('printing');
    expect(await waitingIds(intake)).toEqual([late.messageId]);

    // Printed and confirmed letters are not printed again as a run.
    const again = await print(intake, '/api/letters/mailing-run/pdf', ids);
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ error: { message: 'No letters are waiting to be printed.' } });
    // The other office's run does not include this office's letters: naming one is refused as not
    // found (and put on record in both offices, need-to-know.int.test.ts).
    const other = await session('intake@legalaid.example.org');
    expect((await print(other, '/api/letters/mailing-run/pdf', [late.messageId])).statusCode).toBe(404);
    expect(await outboxState(late.outboxId)).toBe('printing');
    // A run names its letters.
    const unnamed = await print(intake, '/api/letters/mailing-run/pdf');
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json().error.appCode).toBe('BAD_INPUT');
  });

  it('leaves out of a mailing run a letter that cannot be printed (queued before letters were checked), names it in x-letters-left-out, and prints the rest', async () => {
    const intake = await session('intake@example.org');
    const good = await queueLetter(intake, 'Marta Ruiz', '1984-01-02');
    const old = await queueLetter(intake, 'Jo Smith', '1985-03-04');
    // As it was queued before: with the name as the referral had it.
    const stored = await database.db
      .selectFrom('messages')
      .select(['recipient', 'body'])
      .where('id', '=', old.messageId)
      .executeTakeFirstOrThrow();
    await database.db
      .updateTable('messages')
      .set({
        recipient: stored.recipient.replace('Jo Smith', 'Jo😀 Smith'),
        body: stored.body.replaceAll('Jo Smith', 'Jo😀 Smith'),
      })
      .where('id', '=', old.messageId)
      .execute();
    const waiting = (
      (await app
        .inject({ method: 'GET', url: '/trpc/messages.lettersToPrint', cookies: intake })
        .then((r) => r.json())) as {
        result: { data: { messageIds: string[]; cannotPrint: { messageId: string; reason: string }[] } };
      }
    ).result.data;
    expect(waiting.messageIds).toContain(good.messageId);
    expect(waiting.messageIds).not.toContain(old.messageId);
    expect(waiting.cannotPrint.map((l) => l.messageId)).toEqual([old.messageId]);

    // Named anyway (what the page sent before), it is left out and the rest print.
    const response = await print(intake, '/api/letters/mailing-run/pdf', [good.messageId, old.messageId]);
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-letter-count']).toBe('1');
    expect(response.headers['x-letters-left-out']).toBe(old.messageId);
    const pages = await pdfPages(response.rawPayload);
    expect(pages.join(' ')).toContain('Marta Ruiz');
    expect(pages.join(' ')).not.toContain('Smith');
    // The letters it printed, not the one left out, are what staff confirm.
    expect((await confirm(intake, [good.messageId])).json().result.data).toEqual({
      marked: 1,
      alreadyMarked: 0,
      takenOut: [],
    });
    expect(await outboxState(old.outboxId)).toBe('printing');
    const runs = await auditOf('letters.printMailingRun');
    expect(JSON.parse(runs.at(-1)?.detail ?? '{}')).toMatchObject({
      messageIds: [good.messageId],
      leftOut: [{ messageId: old.messageId, field: 'recipient' }],
    });
  });

  it('regression: a letter to an address stored without a state has no comma or space left for it', async () => {
    // The partner API took line1, city and ZIP alone, and the window read "Oakland,  94612".
    const intake = await session('intake@example.org');
    const recipientOf = async (messageId: string) =>
      (
        await database.db
          .selectFrom('messages')
          .select('recipient')
          .where('id', '=', messageId)
          .executeTakeFirstOrThrow()
      ).recipient;
    const withoutState = await queueLetter(intake, 'Rosalind Okafor', '1981-02-03', (clientId) =>
      database.db.updateTable('clients').set({ state: '' }).where('id', '=', clientId).execute(),
    );
    expect(await recipientOf(withoutState.messageId)).toBe(
      'Rosalind Okafor\n2100 Telegraph Ave\nOakland 94612',
    );
    const withState = await queueLetter(intake, 'Tobias Lindqvist', '1990-07-21');
    expect(await recipientOf(withState.messageId)).toBe(
      'Tobias Lindqvist\n2100 Telegraph Ave\nOakland, CA 94612',
    );
  });
});
