// An applicant's status link through the outbox, against a real SMTP server on loopback, on both
// databases: the e-mail carries a working link, and once the message is sent (or given up on) no
// messages row holds its token; staff reading the matter's messages never see it, before or after.
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
import { createEmailSender, DeliveryError } from '@relief-desk/notify';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from '../http/app.ts';
import { TRAP_FIELD } from '../public/apply-page.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const ORIGIN = 'http://desk.test';
const TOKEN_LINK = /http:\/\/desk\.test\/status\/([A-Za-z0-9_-]{43})/;

describe.each(testDialects())('status links through the outbox (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  let slug = '';
  let address = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Offices set up: their online application is open.
    await openOnlineApplications(api.database.db);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-status-links-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: ORIGIN }),
      database: api.database,
      clock: api.clock,
    });
    smtp = await startSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** A text provider that refuses every text for good: the outbox gives up at once. */
  const refusingSms = {
    send: async () => {
      throw new DeliveryError({
        code: 'INVALID_RECIPIENT',
        retryable: false,
        reason: 'Not a mobile number.',
      });
    },
  };
  const deliver = () =>
    workerFor(api, {
      senders: { email, sms: refusingSms },
    }).runOnce();
  const form = (who: string, overrides: Record<string, string> = {}) => ({
    lang: 'en',
    submission: `status-links-${who}-${Date.now()}`,
    [TRAP_FIELD]: '',
    legalName: `Dana ${who} Ortiz`,
    otherNames: '',
    birthMonth: '4',
    birthDay: '9',
    birthYear: '1982',
    phone: '(510) 555-0177',
    email: `${who}@example.org`,
    consentToText: 'yes',
    addressLine1: '',
    addressLine2: '',
    city: '',
    state: '',
    postalCode: '',
    language: 'en',
    counties: 'Alameda',
    notes: '',
    ...overrides,
  });
  const postForm = (url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: `10.77.0.${++address}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams(fields).toString(),
    });
  const mailTo = (recipient: string) =>
    smtp.received.filter((r) => JSON.stringify(r.mail.to ?? '').includes(recipient));
  const rowsHolding = (token: string) =>
    api.database.db
      .selectFrom('messages')
      .select('id')
      .where(sql<string>`body`, 'like', `%${token}%`)
      .execute();
  const staffView = async (recipient: string) => {
    const message = await api.database.db
      .selectFrom('messages')
      .select(['matter_id'])
      .where('recipient', '=', recipient)
      .executeTakeFirstOrThrow();
    const intake = await api.signedIn('alameda.intake');
    return intake.messages.forMatter({ matterId: message.matter_id });
  };

  it('e-mails a working link and keeps no working token once sent, for the confirmation and a new link', async () => {
    const who = 'sent';
    expect((await postForm(`/apply/${slug}`, form(who))).statusCode).toBe(200);
    const [queued] = await api.database.db
      .selectFrom('messages')
      .select('body')
      .where('recipient', '=', `${who}@example.org`)
      .execute();
    const queuedToken = TOKEN_LINK.exec(queued?.body ?? '')?.[1] ?? '';
    expect(queuedToken).toHaveLength(43);
    // Before sending: staff see that a link is in it, not the token.
    const before = await staffView(`${who}@example.org`);
    expect(before.some((m) => m.body.includes(`${ORIGIN}/status/…`))).toBe(true);
    expect(JSON.stringify(before)).not.toContain(queuedToken);

    expect((await deliver()).results).toContain('sent');
    const mail = mailTo(`${who}@example.org`).at(-1);
    expect(mail?.mail.subject).toBe('We received your application');
    const token = TOKEN_LINK.exec(mail?.mail.text ?? '')?.[1] ?? '';
    expect(token).toBe(queuedToken);
    expect(await rowsHolding(token)).toEqual([]);
    const stored = await api.database.db
      .selectFrom('messages')
      .select('body')
      .where('recipient', '=', `${who}@example.org`)
      .executeTakeFirstOrThrow();
    expect(stored.body).toContain(`${ORIGIN}/status/…`);
    // The page's own address for a new link is no one-time link: it stays.
    expect(stored.body).toContain(`${ORIGIN}/status/new?office=${slug}&lang=en`);
    // The e-mailed link works.
    expect((await app.inject({ url: `/status/${token}` })).statusCode).toBe(200);
    expect(JSON.stringify(await staffView(`${who}@example.org`))).not.toContain(token);

    // A new link by e-mail: the same once sent.
    expect(
      (await postForm('/status/new', { lang: 'en', office: slug, contact: `${who}@example.org` })).statusCode,
    ).toBe(200);
    await deliver();
    const renewed = mailTo(`${who}@example.org`).at(-1);
    expect(renewed?.mail.subject).toBe('Your new link to your application');
    const newToken = TOKEN_LINK.exec(renewed?.mail.text ?? '')?.[1] ?? '';
    expect(newToken).toHaveLength(43);
    expect(newToken).not.toBe(token);
    expect(await rowsHolding(newToken)).toEqual([]);
    expect((await app.inject({ url: `/status/${newToken}` })).statusCode).toBe(200);
  });

  it('strikes the token of a text given up on, and will not send the struck copy again', async () => {
    const who = 'texted';
    // No e-mail address: the confirmation goes by text, which the provider refuses for good.
    expect((await postForm(`/apply/${slug}`, form(who, { email: '' }))).statusCode).toBe(200);
    const queued = await api.database.db
      .selectFrom('messages')
      .innerJoin('clients', 'clients.id', 'messages.client_id')
      .select(['messages.body', 'messages.matter_id'])
      .where('clients.legal_name', '=', `Dana ${who} Ortiz`)
      .executeTakeFirstOrThrow();
    const token = TOKEN_LINK.exec(queued.body)?.[1] ?? '';
    expect(token).toHaveLength(43);
    expect((await deliver()).results).toContain('failed');
    expect(await rowsHolding(token)).toEqual([]);

    const intake = await api.signedIn('alameda.intake');
    const [listed] = (await intake.messages.forMatter({ matterId: queued.matter_id })).filter(
      (m) => m.kind === 'application',
    );
    expect(listed?.delivery?.state).toBe('failed');
    expect(listed?.body).toContain(`${ORIGIN}/status/…`);
    await expect(
      intake.messages.retry({
        outboxId: listed?.delivery?.outboxId ?? '',
        version: listed?.delivery?.version ?? 0,
      }),
    ).rejects.toThrow(/carried a one-time link, struck out when it was given up on/);
  });
});
