// A signed order that comes after the court outcome was sent, in Chromium against the real server. The
// outcome went while the order was awaited (the client was told a copy would follow) and closed the
// matter. The attorney attaches the order under Documents; the closed matter's Messages then say the
// client was promised a copy and offer "Send the signed order"; pressed, the client's e-mail arrives
// with the order attached, and the offer goes.
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { matterAtOutcome, sendOutcome, until } from './support/outcome.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const ORDER_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% CR-181 signed\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.skipIf(!chromiumPath)('a signed order sent after the outcome, in Chromium', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  const suite = useBrowserSuite(chromiumPath ?? '', {
    get SMTP_URL() {
      return smtp.url;
    },
    MAIL_FROM: 'Alameda County Public Defender <cleanslate@example.org>',
  });

  it('offers the order on the closed matter once attached, sends it once with the file, and offers it no more', async () => {
    const { page, server } = suite;
    const call = await apiCaller(server.url, 'attorney@example.org');
    const at = await matterAtOutcome(
      call,
      {
        legalName: 'Graciela Obregón',
        dateOfBirth: '1979-09-14',
        email: 'graciela@example.net',
        language: 'es',
      },
      '13CR04417',
      'granted',
    );
    await sendOutcome(call, at.matterId);

    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${at.matterId}`);
    await page.getByText('This matter is in Closed').waitFor();
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByRole('cell', { name: /^Court outcome/ }).waitFor();
    expect(await page.getByRole('region', { name: 'Signed order to send' }).count()).toBe(0);

    // The order comes: attached under Documents to the open request (which marks it received).
    const documents = page.getByRole('region', { name: 'Documents' });
    await documents
      .getByLabel(/^Attach file to Signed order: /)
      .setInputFiles({ name: 'CR-181 orden firmada.pdf', mimeType: 'application/pdf', buffer: ORDER_PDF });
    await documents.getByRole('link', { name: 'CR-181 orden firmada.pdf' }).waitFor();

    const offer = page.getByRole('region', { name: 'Signed order to send' });
    await offer.waitFor();
    expect(await offer.innerText()).toMatch(
      /The court’s outcome, sent .+, told the client we would send them a copy of the signed order when it came\./,
    );
    expect(await offer.innerText()).toContain('CR-181 orden firmada.pdf');
    await expectAccessible(page);
    await offer.getByRole('button', { name: 'Send the signed order' }).focus();
    await page.keyboard.press('Enter');
    await messages.getByText('The signed order was sent to the client.').waitFor();
    expect(await offer.count()).toBe(0);

    // The client's e-mail, in Spanish, with the order attached.
    const toGraciela = (r: (typeof smtp.received)[number]) =>
      Boolean(r.mail.to && 'text' in r.mail.to && r.mail.to.text.includes('graciela@example.net'));
    const withOrder = await until('the signed order e-mail at the SMTP server', () =>
      smtp.received.find((r) => toGraciela(r) && r.mail.attachments.length > 0),
    );
    expect(withOrder.mail.subject).toBe('La orden firmada por la corte');
    expect(withOrder.mail.text).toContain('Le adjuntamos una copia en este correo electrónico.');
    expect(withOrder.mail.text).toContain('caso 13CR04417');
    expect(withOrder.mail.attachments.map((a) => a.filename)).toEqual(['CR-181 orden firmada.pdf']);
    expect(Buffer.compare(withOrder.mail.attachments[0]?.content ?? Buffer.alloc(0), ORDER_PDF)).toBe(0);
    // Sent once: a reload offers nothing more.
    await page.reload();
    await messages
      .getByRole('cell', { name: /^Court outcome/ })
      .first()
      .waitFor();
    expect(await page.getByRole('region', { name: 'Signed order to send' }).count()).toBe(0);
    await expectAccessible(page);
  });
});
