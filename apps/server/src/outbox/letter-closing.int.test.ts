// Regression: the letter confirming an online application printed its closing twice ("Sincerely, /
// Alameda County Public Defender" in its text, then the signer's block the letter draws under every
// text). Every kind of message that can go by letter is written here, in both languages, printed as
// staff print it, and read back: the closing is printed once, above the signer's name. The kinds come
// from the database's list, so a new kind of message has to say how it is written by letter here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ApiHarness,
  createApiHarness,
  officeSlugOf,
  openOnlineApplications,
} from '@relief-desk/api/testing';
import { MESSAGE_KINDS, type MessageKind } from '@relief-desk/db';
import { testDialects } from '@relief-desk/db/testing';
import { APPLICATION_LANGUAGES, type ApplicationLanguage } from '@relief-desk/domain';
import { resolveLanguage } from '@relief-desk/notify';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  giveOfficesLetterheads,
  openMatterFor,
  outcomeSentAwaitingOrder,
  signedOrderArrives,
} from '../../../../packages/api/src/features/messages/fixtures.ts';
import { queueDueFollowUps } from '../../../../packages/api/src/features/messages/followUp.ts';
import { loadConfig } from '../config.ts';
import { buildServer, SESSION_COOKIE } from '../http/app.ts';
import { TRAP_FIELD } from '../public/apply-page.ts';
import { sessionCookieOf } from '../test-support/session.ts';

const ORIGIN = 'http://desk.test';
const DAY = 86_400_000;
const BY_LETTER = { contact: { email: false, sms: false, letter: true, phone: false } };

/** The printed lines, top to bottom, of every page. */
async function pdfLines(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const lines: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const rows = new Map<number, string[]>();
    for (const item of (await (await pdf.getPage(n)).getTextContent()).items) {
      if (!('str' in item)) continue;
      const y = Math.round(item.transform[5] ?? 0);
      rows.set(y, [...(rows.get(y) ?? []), item.str]);
    }
    for (const [, pieces] of [...rows.entries()].sort(([a], [b]) => b - a)) {
      const line = pieces.join('').replace(/\s+/g, ' ').trim();
      if (line) lines.push(line);
    }
  }
  await pdf.destroy();
  return lines;
}

describe.each(testDialects())('the closing of every kind of letter (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let slug = '';
  let cookie = '';
  let applicants = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    await giveOfficesLetterheads(api);
    await openOnlineApplications(api.database.db);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-letter-closing-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: ORIGIN }),
      database: api.database,
      clock: api.clock,
    });
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
    cookie = await sessionCookieOf(app, 'attorney@alameda.test', { origin: ORIGIN });
  });
  afterAll(async () => {
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const lettersOf = async (matterId: string, kind: MessageKind) =>
    (
      await api.database.db
        .selectFrom('messages')
        .select('id')
        .where('matter_id', '=', matterId)
        .where('kind', '=', kind)
        .where('channel', '=', 'letter')
        .orderBy('id')
        .execute()
    ).map((m) => m.id);

  async function statusLetter(language: ApplicationLanguage): Promise<string[]> {
    const { matterId } = await openMatterFor(api, { preferredLanguage: language, ...BY_LETTER });
    const intake = await api.signedIn('alameda.intake');
    const choice = { matterId, statusType: 'in_review' as const };
    const composed = await intake.messages.composeStatus(choice);
    await intake.messages.sendStatus({
      choice,
      writtenIn: composed.language,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    });
    return lettersOf(matterId, 'status');
  }

  /** The court's outcome, sent before the signed order came, then the order's copy when it did. */
  async function outcomeLetters(language: ApplicationLanguage): Promise<string[]> {
    const { matterId } = await outcomeSentAwaitingOrder(api, { preferredLanguage: language, ...BY_LETTER });
    const { fileId } = await signedOrderArrives(api, matterId);
    const attorney = await api.signedIn('alameda.attorney');
    const offered = await attorney.messages.signedOrderCopies({ matterId });
    await attorney.messages.sendSignedOrderCopies({
      matterId,
      version: offered.version,
      fileIds: [fileId],
      writtenIn: offered.language,
    });
    const letters = await lettersOf(matterId, 'outcome');
    expect(letters).toHaveLength(2);
    return letters;
  }

  async function followUpLetter(language: ApplicationLanguage): Promise<string[]> {
    // A matter still in review six weeks on gets the automatic "still in review" update.
    const inReview = await openMatterFor(api, { preferredLanguage: language, ...BY_LETTER });
    const start = api.clock.now();
    try {
      api.clock.set(new Date(start.getTime() + 43 * DAY));
      await queueDueFollowUps(api.database.db, api.clock);
    } finally {
      api.clock.set(start);
    }
    return lettersOf(inReview.matterId, 'follow_up');
  }

  /** An online application from someone who gave only a mailing address: confirmed by letter. */
  async function applicationLetter(language: ApplicationLanguage): Promise<string[]> {
    const name = `Nguyễn Thị Ánh ${(++applicants)
      .toString(26)
      .padStart(2, '0')
      .replace(/[0-9a-p]/g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)))}`;
    const response = await app.inject({
      method: 'POST',
      url: `/apply/${slug}`,
      remoteAddress: `10.67.0.${applicants}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams({
        lang: language,
        submission: `letter-closing-${applicants}-${Date.now()}`,
        [TRAP_FIELD]: '',
        legalName: name,
        birthMonth: '5',
        birthDay: '6',
        birthYear: '1970',
        phone: '',
        email: '',
        addressLine1: '1221 Oak St',
        city: 'Oakland',
        state: 'CA',
        postalCode: '94612',
        language,
        counties: 'Alameda',
      }).toString(),
    });
    expect(response.statusCode).toBe(200);
    const letters = await api.database.db
      .selectFrom('messages')
      .innerJoin('clients', 'clients.id', 'messages.client_id')
      .select('messages.id')
      .where('clients.legal_name', '=', name)
      .where('messages.kind', '=', 'application')
      .where('messages.channel', '=', 'letter')
      .execute();
    return letters.map((m) => m.id);
  }

  /** How each kind of message is written as a letter; null for a kind never sent by letter. */
  const WRITTEN_BY_LETTER: Record<
    MessageKind,
    ((language: ApplicationLanguage) => Promise<string[]>) | null
  > = {
    status: statusLetter,
    outcome: outcomeLetters,
    follow_up: followUpLetter,
    application: applicationLetter,
    // An update staff gave in person or by phone, kept on the record: nothing is sent.
    logged: null,
  };

  const cases = MESSAGE_KINDS.flatMap((kind) =>
    WRITTEN_BY_LETTER[kind] ? APPLICATION_LANGUAGES.map((language) => ({ kind, language })) : [],
  );

  it.each(cases)('a $kind letter in $language closes once, above the signer', async ({ kind, language }) => {
    const letters = (await WRITTEN_BY_LETTER[kind]?.(language)) ?? [];
    expect(letters.length).toBeGreaterThan(0);
    const closing = resolveLanguage(language).pack.letterClosing;
    for (const id of letters) {
      const printed = await app.inject({
        method: 'POST',
        url: `/api/letters/${id}/pdf`,
        headers: { origin: ORIGIN },
        cookies: { [SESSION_COOKIE]: cookie },
      });
      expect(printed.statusCode, printed.body).toBe(200);
      const lines = await pdfLines(printed.rawPayload);
      expect(lines.filter((line) => line === closing)).toEqual([closing]);
      // Nothing of the text after the closing but the signer's block: no office named twice.
      const after = lines.slice(lines.indexOf(closing) + 1);
      expect(new Set(after).size).toBe(after.length);
    }
  });
});
