// A status link is e-mailed to an applicant, never to whoever asked: a request with a forged Host
// header (and an Origin to match it, so it passes the edge's check) must not get the office to send
// the applicant a working token at the forger's site. On both databases, through a loopback SMTP
// server: without PUBLIC_ORIGIN an application or a new link from a host that is not loopback sends
// nothing (the application is still recorded, and says no confirmation went); with PUBLIC_ORIGIN
// every link points there, whatever Host came with the request.
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

const PUBLIC = 'http://desk.test';
const FORGED_HOST = 'phish.example';
const STATUS_LINK = /(https?:\/\/[^\s/]+)\/status\/([A-Za-z0-9_-]{43})/;

describe.each(testDialects())('status links and a forged Host (%s)', (dialect) => {
  let api: ApiHarness;
  /** No PUBLIC_ORIGIN: links only when the request came to a loopback address. */
  let bare: FastifyInstance;
  /** PUBLIC_ORIGIN set. */
  let configured: FastifyInstance;
  const dataDirs: string[] = [];
  let smtp: TestSmtpServer;
  let email: ReturnType<typeof createEmailSender>;
  let slug = '';
  let address = 0;
  let people = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Offices set up: their online application is open.
    await openOnlineApplications(api.database.db);
    const server = async (env: Record<string, string>) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-forged-host-'));
      dataDirs.push(dataDir);
      return buildServer({
        config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env }),
        database: api.database,
        clock: api.clock,
      });
    };
    bare = await server({});
    configured = await server({ PUBLIC_ORIGIN: PUBLIC });
    smtp = await startSmtpServer();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await bare.close();
    await configured.close();
    await api.destroy();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  });

  const refusingSms = {
    send: async () => {
      throw new DeliveryError({ code: 'INVALID_RECIPIENT', retryable: false, reason: 'No texts here.' });
    },
  };
  const deliver = () =>
    workerFor(api, {
      senders: { email, sms: refusingSms },
    }).runOnce();

  /** A form post as a browser sends it to the host it thinks it is on (Origin matches Host). */
  const postForm = (app: FastifyInstance, host: string, url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: `10.88.0.${++address}`,
      headers: {
        host,
        origin: `http://${host}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams(fields).toString(),
    });
  const apply = (app: FastifyInstance, host: string) => {
    people++;
    const who = `forged${people
      .toString(26)
      .padStart(2, '0')
      .replace(/[0-9a-p]/g, (d) => String.fromCharCode(97 + Number.parseInt(d, 26)))}`;
    const fields = {
      lang: 'en',
      submission: `forged-host-${people}-${Date.now()}`,
      [TRAP_FIELD]: '',
      legalName: `Noor ${who} Haddad`,
      birthMonth: '6',
      birthDay: '2',
      birthYear: '1979',
      phone: '',
      email: `${who}@example.org`,
      language: 'en',
      counties: 'Alameda',
    };
    return { who, recipient: fields.email, response: postForm(app, host, `/apply/${slug}`, fields) };
  };
  const askNewLink = (app: FastifyInstance, host: string, contact: string) =>
    postForm(app, host, '/status/new', { lang: 'en', office: slug, contact });
  const mailTo = (recipient: string) =>
    smtp.received.filter((r) => JSON.stringify(r.mail.to ?? '').includes(recipient));
  const storedTo = (recipient: string) =>
    api.database.db.selectFrom('messages').select('body').where('recipient', '=', recipient).execute();
  const anyStoredMention = (text: string) =>
    api.database.db
      .selectFrom('messages')
      .select('id')
      .where(sql<string>`body`, 'like', `%${text}%`)
      .execute();

  it('without PUBLIC_ORIGIN an application to a forged Host is recorded and says no confirmation went; nothing is sent', async () => {
    const { who, recipient, response } = apply(bare, FORGED_HOST);
    const answered = await response;
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('Application received');
    expect(answered.body).toContain('We have no way to send you a confirmation.');
    expect(answered.body).not.toContain(FORGED_HOST);
    const client = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('legal_name', '=', `Noor ${who} Haddad`)
      .executeTakeFirstOrThrow();
    // Its status link is issued (a new one can be asked for once PUBLIC_ORIGIN is set), not sent.
    const links = await api.database.db
      .selectFrom('application_status_links')
      .select('token_hash')
      .where('client_id', '=', client.id)
      .execute();
    expect(links).toHaveLength(1);
    expect(await storedTo(recipient)).toEqual([]);
    await deliver();
    expect(mailTo(recipient)).toEqual([]);
    expect(await anyStoredMention(FORGED_HOST)).toEqual([]);
    const audit = await api.database.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'applications.submit')
      .where('entity_id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({
      confirmedBy: null,
      notSent: 'PUBLIC_ORIGIN is not set',
    });
  });

  it('without PUBLIC_ORIGIN a new link asked for with a forged Host sends nothing; on loopback it works', async () => {
    // Applied at the server's own loopback address: the confirmation goes, with a link there.
    const { recipient, response } = apply(bare, 'localhost');
    expect((await response).statusCode).toBe(200);
    await deliver();
    const confirmation = mailTo(recipient).at(-1);
    expect(STATUS_LINK.exec(confirmation?.mail.text ?? '')?.[1]).toBe('http://localhost');

    const forged = await askNewLink(bare, FORGED_HOST, recipient);
    expect(forged.statusCode).toBe(200);
    await deliver();
    expect(mailTo(recipient)).toHaveLength(1);
    expect(await storedTo(recipient)).toHaveLength(1);
    expect(await anyStoredMention(FORGED_HOST)).toEqual([]);

    const loopback = await askNewLink(bare, 'localhost', recipient);
    // The same answer, whichever was sent.
    expect(loopback.body).toBe(forged.body);
    await deliver();
    const renewed = mailTo(recipient);
    expect(renewed).toHaveLength(2);
    const [, origin, token] = STATUS_LINK.exec(renewed[1]?.mail.text ?? '') ?? [];
    expect(origin).toBe('http://localhost');
    expect((await bare.inject({ url: `/status/${token}` })).statusCode).toBe(200);
  });

  it('with PUBLIC_ORIGIN a forged Host on the application and on a new link gets links to PUBLIC_ORIGIN only', async () => {
    const { recipient, response } = apply(configured, FORGED_HOST);
    const answered = await response;
    expect(answered.statusCode).toBe(200);
    expect(answered.body).toContain('We are sending you an e-mail to confirm it');
    expect((await askNewLink(configured, FORGED_HOST, recipient)).statusCode).toBe(200);
    await deliver();
    const mails = mailTo(recipient);
    expect(mails.map((m) => m.mail.subject)).toEqual([
      'We received your application',
      'Your new link to your application',
    ]);
    for (const mail of mails) {
      expect(mail.mail.text).not.toContain(FORGED_HOST);
      const [, origin, token] = STATUS_LINK.exec(mail.mail.text ?? '') ?? [];
      expect(origin).toBe(PUBLIC);
      expect((await configured.inject({ url: `/status/${token}` })).statusCode).toBe(200);
    }
    expect(mails[0]?.mail.text).toContain(`${PUBLIC}/status/new?office=${slug}&lang=en`);
    expect(await anyStoredMention(FORGED_HOST)).toEqual([]);
  });
});
