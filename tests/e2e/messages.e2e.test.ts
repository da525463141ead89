// Keeping a Spanish-speaking client informed, in Chromium against the real server: the server is
// pointed at an SMTP server started here, staff send a status update that arrives in Spanish, and
// print the letter, whose PDF is read back with pdf.js, and confirm it printed.
import { readFile } from 'node:fs/promises';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, launchChromium, signIn } from './support/browser.ts';
import { type RunningServer, startServer } from './support/server.ts';

const chromiumPath = inject('chromiumPath');
const CLIENT_NAME = 'Begoña Núñez Ibáñez';

/** A referral recorded through the API, as a partner's form would: a Spanish reader who chose e-mail and letters. */
async function recordSpanishReferral(
  url: string,
  person = { legalName: CLIENT_NAME, dateOfBirth: '1979-04-12', email: 'begona@example.net' },
): Promise<string> {
  const signInResponse = await fetch(`${url}/trpc/auth.signIn`, {
    method: 'POST',
    // A browser sends Origin with every POST; the server refuses a POST without it.
    headers: { 'content-type': 'application/json', origin: url },
    body: JSON.stringify({ email: 'intake@example.org', password: DEMO_PASSWORD }),
  });
  const cookie = (signInResponse.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const response = await fetch(`${url}/trpc/referrals.record`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, cookie },
    body: JSON.stringify({
      existingClient: null,
      client: {
        ...person,
        otherNames: [],
        phone: '(510) 555-0147',
        address: {
          line1: '2100 Telegraph Ave',
          line2: '',
          city: 'Oakland',
          state: 'CA',
          postalCode: '94612',
        },
        preferredLanguage: 'es',
        contact: { email: true, sms: false, letter: true, phone: true },
        consentToText: false,
      },
      counties: ['Alameda'],
      source: { kind: 'phone', detail: '' },
      receivedOn: '2026-01-05',
      note: '',
    }),
  });
  const body = (await response.json()) as { result: { data: { matters: { id: string }[] } } };
  const matterId = body.result.data.matters[0]?.id;
  if (!matterId) throw new Error(`The referral was not recorded: ${JSON.stringify(body)}`);
  return matterId;
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

async function until<T>(what: string, check: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe.skipIf(!chromiumPath)('messages to clients in Chromium', () => {
  let smtp: TestSmtpServer;
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    [server, browser] = await Promise.all([
      startServer({
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Alameda County Public Defender <cleanslate@example.org>',
      }),
      launchChromium(chromiumPath ?? ''),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });
  beforeEach(async () => {
    context = await browser.newContext({ acceptDownloads: true });
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
  });

  it('sends a Spanish status update by e-mail and prints the letter', async () => {
    const matterId = await recordSpanishReferral(server.url);
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    const panel = page.getByRole('region', { name: 'Messages' });
    await panel.waitFor();

    const form = page.getByRole('form', { name: 'Status update' });
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });
    await form.getByLabel('Submit letters of recommendation').check();
    await form.getByRole('button', { name: 'Preview message' }).click();
    const emailText = form.getByLabel('E-mail text');
    await emailText.waitFor();
    expect(await emailText.inputValue()).toContain(`Estimado/a ${CLIENT_NAME}`);
    // The Spanish preview is marked as Spanish for screen readers, inside an English page.
    expect(await emailText.getAttribute('lang')).toBe('es');
    expect(await form.getByLabel('E-mail subject').getAttribute('lang')).toBe('es');
    expect(await form.getByLabel('Letter text').getAttribute('lang')).toBe('es');
    await expectAccessible(page);

    // Changing the form after a preview withdraws it, so Send cannot go out with the old choice.
    const letters = form.getByLabel('Submit letters of recommendation');
    await letters.uncheck();
    await emailText.waitFor({ state: 'detached' });
    expect(await form.getByRole('button', { name: 'Send status update' }).count()).toBe(0);
    await letters.check();
    await form.getByRole('button', { name: 'Preview message' }).click();
    await emailText.waitFor();
    expect(await emailText.inputValue()).toContain(`Estimado/a ${CLIENT_NAME}`);

    // Staff add a line of their own before sending.
    await emailText.fill(`${await emailText.inputValue()}\n\nP.D. Llámenos si tiene preguntas.`);
    await form.getByRole('button', { name: 'Send status update' }).click();
    await form.getByText('Status update queued for sending.').waitFor();
    // The Send button went with the preview: focus is on what was done, not on <body>.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('Status update queued for sending.');

    // Other mail may arrive too: the automatic follow-up reaches old demo referrals.
    const toClient = (r: (typeof smtp.received)[number]) =>
      r.mail.to && 'text' in r.mail.to && r.mail.to.text.includes('begona@example.net');
    const mail = await until('the e-mail at the SMTP server', () => smtp.received.find(toClient));
    expect(mail.mail.subject).toContain('Estamos revisando sus antecedentes');
    expect(mail.mail.text).toContain(`Estimado/a ${CLIENT_NAME}`);
    expect(mail.mail.text).toContain('nuestro equipo está revisando sus antecedentes');
    expect(mail.mail.text).toContain('P.D. Llámenos si tiene preguntas.');
    expect(mail.mail.headers.get('content-language')).toBe('es');
    expect(mail.messageId).toMatch(/^<[0-9A-Z]+@relief-desk>$/);

    // The e-mail shows as sent; the letter waits in the print queue until printed.
    await page.reload();
    await panel.getByRole('cell', { name: 'Sent', exact: true }).waitFor();
    await panel.getByRole('cell', { name: 'In the print queue' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      panel.getByRole('button', { name: 'Print letter' }).click(),
    ]);
    const text = await pdfText(await readFile(await download.path()));
    expect(text).toContain(CLIENT_NAME);
    expect(text).toContain('2100 Telegraph Ave');
    expect(text).toContain('Estamos revisando sus antecedentes');
    expect(text).toContain('Alameda County Public Defender');
    // Printing alone marks nothing: the printer may have jammed. Not confirming keeps it queued.
    const question = panel.getByRole('group', { name: 'Did the letter print?' });
    await question.waitFor();
    await expectAccessible(page);
    await question.getByRole('button', { name: 'Not printed: keep in the print queue' }).click();
    await question.waitFor({ state: 'detached' });
    await page.reload();
    await panel.getByRole('cell', { name: 'In the print queue' }).waitFor();

    // The mailing run prints it with whatever else waits, and confirming marks them all sent.
    await page.goto(`${server.url}/messages/problems`);
    await page.getByRole('heading', { name: 'Delivery problems' }).waitFor();
    const [run] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Print the mailing run (one PDF)' }).click(),
    ]);
    expect(await pdfText(await readFile(await run.path()))).toContain(CLIENT_NAME);
    const confirmRun = page.getByRole('group', { name: /^Printed (the letter|all of them)/ });
    await confirmRun.waitFor();
    await expectAccessible(page);
    await confirmRun.getByRole('button', { name: /^Yes, mark (it|them) sent$/ }).click();
    await page.getByText('No letters are waiting to be printed.').waitFor();

    await page.goto(`${server.url}/matters/${matterId}`);
    await expect
      .poll(async () => panel.getByRole('cell', { name: 'Sent', exact: true }).count(), { timeout: 10_000 })
      .toBe(2);
    await expectAccessible(page);

    await page.goto(`${server.url}/messages/problems`);
    await page.getByRole('heading', { name: 'Delivery problems' }).waitFor();
    await expectAccessible(page);
  });

  it('logs a status given by phone with a note about the record, which staff without the RAP sheet permission do not read', async () => {
    const matterId = await recordSpanishReferral(server.url, {
      legalName: 'Úrsula Peña Ortiz',
      dateOfBirth: '1968-09-30',
      email: 'ursula@example.net',
    });
    const told = 'Le dije que el caso de 2011 (PC 666) necesita el expediente del tribunal.';
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    const form = page.getByRole('form', { name: 'Status update' });
    await form.waitFor();
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });
    // Opened from the keyboard: the note and its box sit behind a disclosure.
    await form.getByText('Given to the client another way (by phone, in person)').focus();
    await page.keyboard.press('Enter');
    await form.getByLabel('What you told the client (optional)').fill(told);
    await form.getByLabel(/^This note is about the criminal record/).check();
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Log status without sending' }).click();
    await form.getByText('Status logged without sending a message.').waitFor();
    const panel = page.getByRole('region', { name: 'Messages' });
    // Intake wrote it, but may not read it back.
    await panel.getByText('In review (logged, not sent)').waitFor();
    await panel
      .getByText(/Withheld: needs the RAP sheet permission/)
      .first()
      .waitFor();
    expect(await page.getByText('PC 666').count()).toBe(0);

    // A second one with the box forgotten: marked from the timeline afterwards, its note leaves the
    // messages list at once, as the timeline's.
    const forgot = 'Le expliqué que el caso de 2013 (PC 10851) fue reducido.';
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });
    const noteField = form.getByLabel('What you told the client (optional)');
    if (!(await noteField.isVisible()))
      await form.getByText('Given to the client another way (by phone, in person)').click();
    await noteField.fill(forgot);
    await form.getByRole('button', { name: 'Log status without sending' }).click();
    await panel.getByText(forgot).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline
      .getByRole('button', { name: /^Mark as about the record: the note on the status given of / })
      .click();
    await timeline.getByText(/^The note is marked as about the criminal record/).waitFor();
    await expect.poll(async () => page.getByText('PC 10851').count(), { timeout: 10_000 }).toBe(0);
    expect(await panel.getByText(/Withheld: needs the RAP sheet permission/).count()).toBe(2);
    await expectAccessible(page);

    await context.clearCookies();
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    await page.getByRole('region', { name: 'Messages' }).getByText(told).waitFor();
    await page.getByRole('region', { name: 'Messages' }).getByText(forgot).waitFor();
  });

  it('lets an administrator edit a template in both languages, refusing unknown placeholders and languages that part ways', async () => {
    await signIn(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/settings/messages`);
    await page.getByRole('heading', { name: 'Messages to clients' }).waitFor();
    await page.getByRole('button', { name: 'Edit In review' }).click();
    const form = page.getByRole('form', { name: 'Edit template' });
    const spanish = form.getByRole('group', { name: 'Spanish (Español)' });
    const english = form.getByRole('group', { name: 'English' });
    await english.getByLabel('Subject').fill('Your case, {nombre}');
    await spanish.getByLabel('Subject').fill('Su caso, {nombre}');
    await form.getByRole('button', { name: 'Save template' }).click();
    await form.getByText('uses {nombre}, which is not a placeholder', { exact: false }).first().waitFor();
    // A typo is named as a typo, with the name meant; the languages are compared once it is gone.
    await english.getByLabel('Subject').fill('Your case, {clientname}');
    await form.getByRole('button', { name: 'Save template' }).click();
    await english.getByText('did you mean {clientName}?', { exact: false }).waitFor();
    await english.getByLabel('Subject').fill('Your case');
    await spanish.getByLabel('Subject').fill('Su caso, {clientName}');
    await form.getByRole('button', { name: 'Save template' }).click();
    await spanish.getByText('uses {clientName}, which the English one does not.', { exact: false }).waitFor();
    await english.getByLabel('Subject').fill('Your case, {clientName}');
    await form.getByRole('button', { name: 'Save template' }).click();
    await form.getByText('Saved as a new version.').waitFor();
    await expect.poll(() => page.getByRole('cell', { name: /Version 1 by/ }).count()).toBe(2);
    await expectAccessible(page);
  });
});
