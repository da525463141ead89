// A signed order that comes after the court outcome was sent, in Chromium against the real server. The
// outcome went while the order was awaited (the client was told a copy would follow) and closed the
// matter. The attorney attaches the order under Documents; the closed matter's Messages then say the
// client was promised a copy and offer "Send the signed order"; pressed, the client's e-mail arrives
// with the order attached, and the offer goes.
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiCall, apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const COURT = 'Superior Court of California, County of Alameda';

/** A California day `days` from now, as the server's dates are. */
const dayFromNow = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });

type Outcome = 'granted' | 'denied';

interface AtOutcome {
  matterId: string;
  petitionId: string;
  convictionId: string;
  caseNumber: string;
}

/**
 * A client referred, one conviction added, its petition filed and decided (`outcome`), and the matter
 * moved to "Outcome to send", all through the API as the attorney would.
 */
async function matterAtOutcome(
  call: ApiCall,
  client: { legalName: string; dateOfBirth: string; email: string; language: 'en' | 'es' },
  caseNumber: string,
  outcome: Outcome,
): Promise<AtOutcome> {
  const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
    existingClient: null,
    client: {
      legalName: client.legalName,
      otherNames: [],
      dateOfBirth: client.dateOfBirth,
      phone: '(510) 555-0172',
      email: client.email,
      address: { line1: '1400 Broadway', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
      preferredLanguage: client.language,
      contact: { email: true, sms: false, letter: false, phone: true },
      consentToText: false,
    },
    counties: ['Alameda'],
    source: { kind: 'phone', detail: '' },
    receivedOn: dayFromNow(-60),
    note: '',
  });
  const matterId = recorded.matters[0]?.id;
  if (!matterId) throw new Error(`The referral was not recorded: ${JSON.stringify(recorded)}`);
  const { id: convictionId } = await call<{ id: string }>('convictions.add', {
    matterId,
    conviction: {
      caseNumber,
      county: 'Alameda',
      court: COURT,
      code: 'PC',
      section: '647(f)',
      level: 'misdemeanor',
      wobbler: 'no',
      convictionDate: '2015-03-02',
      sentenceKind: 'probation',
      mandatorySupervision: 'unknown',
      endDate: '2018-03-02',
      probationOutcome: 'completed',
      valueOver950: 'no',
      reliefGrantedRemedy: null,
      reliefGrantedOn: null,
    },
  });
  const petition = await call<{ id: string; version: number }>('petitions.create', {
    matterId,
    remedy: 'pc1203.4',
    convictionIds: [convictionId],
    formSet: 'cr180_cr181',
    court: COURT,
  });
  const filed = await call<{ version: number }>('petitions.update', {
    petitionId: petition.id,
    version: petition.version,
    status: 'filed',
    court: COURT,
    filedOn: dayFromNow(-40),
    outcomes: [{ convictionId, outcome: null }],
  });
  const moveTo = async (to: string) => {
    const matter = await call<{ version: number }>('matters.get', { matterId }, 'GET');
    await call('matters.moveStage', { matterId, version: matter.version, to });
  };
  for (const to of ['gathering_records', 'eligibility_review', 'petitions_to_file', 'awaiting_decision'])
    await moveTo(to);
  await call('petitions.update', {
    petitionId: petition.id,
    version: filed.version,
    status: 'decided',
    court: COURT,
    filedOn: dayFromNow(-40),
    decidedOn: dayFromNow(-2),
    outcomes: [{ convictionId, outcome }],
  });
  await moveTo('outcome_to_send');
  return { matterId, petitionId: petition.id, convictionId, caseNumber };
}

interface Composition {
  language: string;
  fingerprint: string;
  orderAwaited: boolean;
  messages: { channel: string; subject: string; text: string }[];
}

/** Sends the outcome as the preview wrote it (the signed order awaited: closing says why). */
async function sendOutcome(call: ApiCall, matterId: string) {
  const composed = await call<Composition>('messages.composeOutcome', { matterId }, 'GET');
  const matter = await call<{ version: number }>('matters.get', { matterId }, 'GET');
  await call('messages.sendOutcome', {
    matterId,
    version: matter.version,
    messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
    writtenIn: composed.language,
    fingerprint: composed.fingerprint,
    closeNote: composed.orderAwaited ? 'The court mails the signed order; the client gets a copy then.' : '',
  });
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
