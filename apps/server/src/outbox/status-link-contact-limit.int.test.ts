// A new status link asked for at /status/new, many times for one phone number or e-mail address from
// many addresses, and online applications sent again and again with one: the desk sends at most
// APPLICATION_LIMITS.linksPerContactPerHour new links to it an hour, and as many confirmations
// (counted apart: asking for links never stops an applicant's first one), by every office, through the real outbox (texts to the test SMS provider,
// e-mails to an SMTP server on loopback). Every request and application is answered with the same page,
// sent or not; an application over the limit is still recorded; the refusal is on the office's audit
// log once. An hour later a link goes again. On both databases.
import { createHash } from 'node:crypto';
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
import { APPLICATION_LIMITS } from '@relief-desk/domain';
import { createEmailSender, createSmsSender } from '@relief-desk/notify';
import {
  startSmsProvider,
  startSmtpServer,
  type TestSmsProvider,
  type TestSmtpServer,
} from '@relief-desk/notify/testing';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { buildServer } from '../http/app.ts';
import { TRAP_FIELD } from '../public/apply-page.ts';
import { workerFor } from '../test-support/outbox-worker.ts';

const ORIGIN = 'http://desk.test';
const LIMIT = APPLICATION_LIMITS.linksPerContactPerHour;

describe.each(testDialects())('new status links to one phone or e-mail address (%s)', (dialect) => {
  let api: ApiHarness;
  let app: FastifyInstance;
  let dataDir: string;
  let smtp: TestSmtpServer;
  let sms: TestSmsProvider;
  let email: ReturnType<typeof createEmailSender>;
  let slug = '';
  let otherSlug = '';
  let address = 0;

  beforeAll(async () => {
    api = await createApiHarness(dialect);
    // Offices set up: their online application is open.
    await openOnlineApplications(api.database.db);
    dataDir = mkdtempSync(join(tmpdir(), 'relief-desk-link-limit-'));
    app = await buildServer({
      config: loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_ORIGIN: ORIGIN }),
      database: api.database,
      clock: api.clock,
    });
    smtp = await startSmtpServer();
    sms = await startSmsProvider();
    email = createEmailSender({ smtpUrl: smtp.url, from: 'Relief Desk <desk@example.org>', timeoutMs: 3000 });
    slug = await officeSlugOf(api.database.db, api.officeIds.alameda);
    const other = await api.database.db
      .selectFrom('offices')
      .select('slug')
      .where('id', '=', api.officeIds.bayLegal)
      .executeTakeFirstOrThrow();
    otherSlug = other.slug ?? '';
  });
  afterAll(async () => {
    email.close();
    await smtp.close();
    await sms.close();
    await app.close();
    await api.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const deliver = () =>
    workerFor(api, {
      senders: { email, sms: createSmsSender({ apiUrl: sms.url, apiKey: 'test-key' }) },
    }).runOnce();
  /** Each post from an address of its own, as the tester's were: the limit per address never applies. */
  const postForm = (url: string, fields: Record<string, string>) =>
    app.inject({
      method: 'POST',
      url,
      remoteAddress: `10.88.${Math.floor(++address / 200)}.${address % 200}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      payload: new URLSearchParams(fields).toString(),
    });
  const apply = async (who: string, phone: string, mail: string, to = { slug, county: 'Alameda' }) => {
    const response = await postForm(`/apply/${to.slug}`, {
      lang: 'en',
      submission: `link-limit-${dialect}-${who}`,
      [TRAP_FIELD]: '',
      legalName: `Jordan ${who} Reyes`,
      otherNames: '',
      birthMonth: '6',
      birthDay: '2',
      birthYear: '1979',
      phone,
      email: mail,
      consentToText: phone ? 'yes' : '',
      addressLine1: '',
      addressLine2: '',
      city: '',
      state: '',
      postalCode: '',
      language: 'en',
      counties: to.county,
      notes: '',
    });
    expect(response.statusCode).toBe(200);
    await deliver();
    return response;
  };
  const askFor = (contact: string) => postForm('/status/new', { lang: 'en', office: slug, contact });
  /** The texts with a status link sent to a number, by its last ten digits. */
  const textsTo = (digits: string) =>
    sms.requests.filter(
      (r) => r.body.to.replace(/\D/g, '').endsWith(digits) && r.body.text.includes('/status/'),
    );
  const mailsTo = (recipient: string) =>
    smtp.received.filter(
      (r) =>
        JSON.stringify(r.mail.to ?? '').includes(recipient) &&
        r.mail.subject === 'Your new link to your application',
    );
  const refusals = () =>
    api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'outcome', 'detail'])
      .where('action', '=', 'applications.requestStatusLink')
      .where('outcome', '=', 'denied')
      .execute();

  it(`texts one phone at most ${LIMIT} links an hour, however many addresses ask, and answers each the same`, async () => {
    // Known by phone alone: the confirmation goes by text, and is the first of the hour's messages.
    await apply('texted', '(510) 555-8811', '');
    const confirmations = textsTo('5105558811').length;
    expect(confirmations).toBe(1);
    const before = (await refusals()).length;

    const answers = [];
    // The number written each way a person might: one number.
    for (const contact of ['(510) 555-8811', '510-555-8811', '+1 510 555 8811', '5105558811'])
      answers.push(await askFor(contact));
    for (let i = 0; i < 4; i++) answers.push(await askFor('(510) 555-8811'));
    await deliver();

    expect(answers.map((a) => a.statusCode)).toEqual(Array(8).fill(200));
    // Sent and not sent, the same page.
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    expect(textsTo('5105558811')).toHaveLength(confirmations + LIMIT);
    // A stranger's number is answered with that page too.
    const stranger = await askFor('(510) 555-0000');
    expect(stranger.statusCode).toBe(200);
    expect(stranger.body).toBe(answers[0]?.body);

    // On the office's audit log once for the number, not once per request; the number is not in it.
    const refused = (await refusals()).slice(before);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.office_id).toBe(api.officeIds.alameda);
    expect(JSON.parse(refused[0]?.detail ?? '{}')).toMatchObject({
      reason: 'too many links asked for one phone number or e-mail address',
      by: 'phone',
    });
    expect(refused[0]?.detail).not.toContain('8811');
    // Counted under a keyed hash of the number: not one anyone can work out by hashing every number.
    const counted = await api.database.db
      .selectFrom('rate_limits')
      .select('key')
      .where('scope', '=', 'status_link_contact')
      .execute();
    expect(counted.length).toBeGreaterThan(0);
    expect(counted.map((r) => r.key)).not.toContain(
      createHash('sha256').update('phone:5105558811').digest('base64url'),
    );

    // An hour later, a link goes again.
    api.clock.advanceMinutes(61);
    expect((await askFor('(510) 555-8811')).statusCode).toBe(200);
    await deliver();
    expect(textsTo('5105558811')).toHaveLength(confirmations + LIMIT + 1);
  });

  it(`mails one address at most ${LIMIT} links an hour, whatever its case or spaces`, async () => {
    await apply('mailed', '', 'jordan.reyes@example.org');
    const asked = ['jordan.reyes@example.org', ' Jordan.Reyes@Example.org ', 'JORDAN.REYES@EXAMPLE.ORG'];
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await askFor(asked[i % asked.length] ?? ''));
    await deliver();
    expect(answers.map((a) => a.statusCode)).toEqual(Array(6).fill(200));
    expect(new Set(answers.map((a) => a.body)).size).toBe(1);
    // The new links of the hour (the confirmation, counted apart, has its own subject).
    expect(mailsTo('jordan.reyes@example.org')).toHaveLength(LIMIT);
  });

  it('a stream of new-link requests for a number does not stop the confirmation of an application with it', async () => {
    for (let i = 0; i < LIMIT + 2; i++) await askFor('(510) 555-6633');
    await deliver();
    expect(textsTo('5105556633')).toHaveLength(0);
    await apply('Quinn', '(510) 555-6633', '');
    expect(textsTo('5105556633')).toHaveLength(1);
  });

  const applicationRefusals = () =>
    api.database.db
      .selectFrom('audit_log')
      .select(['office_id', 'detail'])
      .where('action', '=', 'applications.submit')
      .where('outcome', '=', 'denied')
      .execute();

  it(`confirms applications with one phone at most ${LIMIT} times an hour: each recorded and answered alike, the rest not texted`, async () => {
    const before = (await applicationRefusals()).length;
    // The tester's five applications: one number, the name changed each time, each agreeing to texts.
    const answers = [];
    for (const who of ['Ana', 'Bea', 'Cruz', 'Dee', 'Eli'])
      answers.push(await apply(who, '(510) 555-7722', ''));
    expect(textsTo('5105557722')).toHaveLength(LIMIT);
    // The same page whether or not the confirmation went: it tells nothing of the number's other messages.
    const page = (body: string) => body.replace(/Jordan \w+ Reyes/g, 'NAME');
    expect(new Set(answers.map((a) => page(a.body))).size).toBe(1);
    // All five are recorded, for staff to work.
    const recorded = await api.database.db
      .selectFrom('clients')
      .innerJoin('matters', 'matters.client_id', 'clients.id')
      .select(['matters.id'])
      .where('clients.phone', '=', '(510) 555-7722')
      .orderBy('matters.created_at')
      .orderBy('matters.id')
      .execute();
    expect(recorded).toHaveLength(5);
    // Staff see on the last two matters that no confirmation went, and what to do.
    const notSent = await api.database.db
      .selectFrom('matter_events')
      .select('matter_id')
      .where(
        'matter_id',
        'in',
        recorded.map((m) => m.id),
      )
      .where('summary', 'like', 'The confirmation of the online application was not sent%')
      .execute();
    expect(notSent.map((e) => e.matter_id).sort()).toEqual(
      recorded
        .slice(LIMIT)
        .map((m) => m.id)
        .sort(),
    );
    // On the office's audit log once for the number, not once per application; the number is not in it.
    const refused = (await applicationRefusals()).slice(before);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.office_id).toBe(api.officeIds.alameda);
    expect(JSON.parse(refused[0]?.detail ?? '{}')).toMatchObject({ by: 'phone', limit: LIMIT });
    expect(refused[0]?.detail).not.toContain('7722');
    // A new link asked for now still goes, one for each application with the number: links are
    // counted apart from confirmations.
    await askFor('(510) 555-7722');
    await deliver();
    expect(textsTo('5105557722')).toHaveLength(LIMIT + recorded.length);
  });

  it('counts an address’s confirmations by every office', async () => {
    const mail = 'sam.ortiz@example.org';
    for (let i = 0; i < LIMIT; i++) await apply(`Sam ${'abcdefghijklmnopqrstuvwxyz'[i]}`, '', mail);
    const mailsToSam = () => smtp.received.filter((r) => JSON.stringify(r.mail.to ?? '').includes(mail));
    expect(mailsToSam()).toHaveLength(LIMIT);
    // The other office records its application, and sends nothing more to the address this hour.
    const response = await apply('Sam', '', mail, { slug: otherSlug, county: 'San Francisco' });
    expect(response.statusCode).toBe(200);
    expect(mailsToSam()).toHaveLength(LIMIT);
    const there = await api.database.db
      .selectFrom('clients')
      .select('id')
      .where('office_id', '=', api.officeIds.bayLegal)
      .where('email', '=', mail)
      .execute();
    expect(there).toHaveLength(1);
    expect((await applicationRefusals()).filter((r) => r.office_id === api.officeIds.bayLegal)).toHaveLength(
      1,
    );
  });
});
