// A court outcome corrected, in Chromium against the real server. After the outcome was sent to the
// client, an attorney corrects the petition's outcome (granted → denied) on the petition panel: the
// panel says the client holds the earlier outcome and must be told the correction, and the timeline
// says what changed. And between "Compose outcome" and Send, a colleague corrects the outcome: Send
// is refused naming what changed, the page offers to compose again, and what then goes to the client
// (a Spanish reader, by e-mail) is the corrected outcome, in Spanish.
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiCall, apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import {
  type AtOutcome,
  COURT,
  matterAtOutcome,
  type Outcome,
  sendOutcome,
  until,
} from './support/outcome.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** A colleague corrects the petition's outcome through the API (as in another tab). */
async function correctOutcome(call: ApiCall, at: AtOutcome, outcome: Outcome) {
  const matter = await call<{
    petitions: { id: string; version: number; filedOn: string | null; decidedOn: string | null }[];
  }>('matters.get', { matterId: at.matterId }, 'GET');
  const petition = matter.petitions.find((p) => p.id === at.petitionId);
  if (!petition) throw new Error('the petition is not on the matter');
  await call('petitions.update', {
    petitionId: petition.id,
    version: petition.version,
    status: 'decided',
    court: COURT,
    filedOn: petition.filedOn,
    decidedOn: petition.decidedOn,
    outcomes: [{ convictionId: at.convictionId, outcome }],
  });
}

describe.skipIf(!chromiumPath)('a court outcome corrected, in Chromium', () => {
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

  it('after the outcome was sent, the petition panel says the client must be told the correction, and the timeline what changed', async () => {
    const { page, server } = suite;
    const call = await apiCaller(server.url, 'attorney@example.org');
    const at = await matterAtOutcome(
      call,
      {
        legalName: 'Teodoro Villaseñor',
        dateOfBirth: '1975-06-18',
        email: 'teodoro@example.net',
        language: 'en',
      },
      '15CR07311',
      'granted',
    );
    await sendOutcome(call, at.matterId);

    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${at.matterId}`);
    const petitions = page.getByRole('region', { name: 'Petitions' });
    const petition = petitions.getByRole('article', { name: /case 15CR07311/ });
    await petition.getByText('Granted', { exact: true }).waitFor();
    await petition.getByRole('button', { name: 'Update petition for case 15CR07311' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Update petition for case 15CR07311' });
    await form.waitFor();
    await form.getByLabel(/^Outcome for /).selectOption({ label: 'Denied' });
    await form.getByRole('button', { name: 'Save petition' }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });

    // The panel says the client holds the earlier outcome, and must be told this one.
    await petition.getByText('Denied', { exact: true }).waitFor();
    const told = petition
      .getByRole('status')
      .filter({ hasText: 'The client was told the court’s outcome on' });
    await told.waitFor();
    expect(await told.innerText()).toMatch(
      /^The client was told the court’s outcome on .+, before this correction: they hold the earlier outcome and must be told of the correction \(send them a new outcome or status message\)\.$/,
    );
    // The timeline names what changed.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline
      .getByText(
        /Petition PC 1203\.4 dismissal, case 15CR07311: outcome for 1 conviction: granted → denied\./,
      )
      .waitFor();
    expect(await timeline.innerText()).toContain('must be told of the correction');
    await expectAccessible(page);
  });

  it('refuses a Send after a colleague corrected the outcome, naming what changed, and sends the outcome composed again', async () => {
    const { page, server } = suite;
    const call = await apiCaller(server.url, 'attorney@example.org');
    const colleague = await apiCaller(server.url, 'priya.raman@example.org');
    const at = await matterAtOutcome(
      call,
      {
        legalName: 'Remedios Altamirano',
        dateOfBirth: '1981-02-07',
        email: 'remedios@example.net',
        language: 'es',
      },
      '14CR05522',
      'granted',
    );

    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${at.matterId}`);
    const outcome = page.getByRole('region', { name: 'Court outcome' });
    await outcome.getByRole('button', { name: 'Compose outcome' }).focus();
    await page.keyboard.press('Enter');
    const emailText = outcome.getByLabel('E-mail text');
    await emailText.waitFor();
    expect(await emailText.inputValue()).toContain('Decisión: aprobada.');
    // No signed order is on file yet, so closing asks why.
    const note = outcome.getByLabel('Why close the matter before the signed order arrives?');
    await note.fill('The court mails the signed order; the client gets a copy then.');

    // Meanwhile a colleague records that the court denied it.
    await correctOutcome(colleague, at, 'denied');

    await outcome.getByRole('button', { name: 'Send outcome and close the matter' }).focus();
    await page.keyboard.press('Enter');
    const refusal = outcome.getByRole('alert').filter({ hasText: 'Since this outcome was previewed' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain(
      'Since this outcome was previewed, a petition’s outcome changed: its text may no longer say what the record does, so nothing was sent.',
    );
    await expectAccessible(page);

    const again = outcome.getByRole('button', { name: 'Compose the outcome again' });
    await again.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => emailText.inputValue(), { timeout: 10_000 }).toContain('Decisión: negada.');
    expect(await emailText.inputValue()).not.toContain('Decisión: aprobada.');
    // The button pressed went with the refusal: focus stays in the outcome form, on what replaced it,
    // not dropped to <body> where a keyboard user would have to find the form again. (Soft, so the
    // send below is still checked when this fails.)
    expect
      .soft(
        await outcome.evaluate((section) => {
          const active = document.activeElement;
          return active !== null && active !== document.body && section.contains(active);
        }),
        'focus after “Compose the outcome again” is in the Court outcome section, not on <body>',
      )
      .toBe(true);
    expect(await refusal.count()).toBe(0);
    // A denial is signed by the court too: its order is still awaited, so closing still says why.
    await note.fill('The court mails the signed order; the client gets a copy then.');
    await outcome.getByRole('button', { name: 'Send outcome and close the matter' }).focus();
    await page.keyboard.press('Enter');

    // The form goes with the stage; the outcome is listed among the messages.
    await outcome.waitFor({ state: 'detached' });
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByRole('cell', { name: /^Court outcome/ }).waitFor();
    expect(await messages.getByRole('cell', { name: /^Court outcome/ }).count()).toBe(1);

    // What reaches the client is the corrected outcome, in Spanish.
    const toRemedios = (r: (typeof smtp.received)[number]) =>
      Boolean(r.mail.to && 'text' in r.mail.to && r.mail.to.text.includes('remedios@example.net'));
    const mail = await until('the outcome e-mail at the SMTP server', () => smtp.received.find(toRemedios));
    expect(mail.mail.headers.get('content-language')).toBe('es');
    expect(mail.mail.text).toContain('Remedios Altamirano');
    expect(mail.mail.text).toContain('Decisión: negada.');
    expect(mail.mail.text).not.toContain('Decisión: aprobada.');
    // One outcome e-mail: the refused send sent nothing.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(smtp.received.filter(toRemedios)).toHaveLength(1);
  });
});
