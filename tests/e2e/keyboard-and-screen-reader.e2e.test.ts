// What a keyboard and a screen reader meet, in Chromium against the real server, where they met less
// than a sighted mouse user did:
// - "Send outcome and close the matter" was disabled while the note closing needs was empty: Tab never
//   reached it, and nothing said why. It is reached, marked required, and a press without the note
//   says so beside the note, the focus put on it.
// - "Send the signed order" went with its panel and the focus dropped to the page: it lands on the
//   word that the order was sent.
// - "Possible existing clients" appeared as the birth date was typed, unannounced, and two people of
//   one name had buttons of one name: a status line says the list came, and each button names the
//   person's birth date and matter.
// - A template's Spanish wording was marked English, so read with English rules.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { type ApiCall, apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { dayFromNow, matterAtOutcome } from './support/outcome.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const ORDER_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% CR-181 signed\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

describe.skipIf(!chromiumPath)('keyboard and screen reader, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');
  let call: ApiCall;
  beforeAll(async () => {
    call = await apiCaller(suite.server.url, 'attorney@example.org');
  });

  const focused = () =>
    suite.page.evaluate(() => {
      const el = document.activeElement;
      return {
        tag: el?.tagName ?? '',
        text: (el?.textContent ?? '').trim(),
        label: el?.id ? (document.querySelector(`label[for="${CSS.escape(el.id)}"]`)?.textContent ?? '') : '',
        described: (el?.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
          .join(' '),
      };
    });

  it('Send outcome is reached by Tab while the note is empty, says the note is needed on the note, and the signed order sent later leaves the focus on its word', async () => {
    const { page, server } = suite;
    const at = await matterAtOutcome(
      call,
      {
        legalName: 'Rosario Ibáñez',
        dateOfBirth: '1977-04-21',
        email: 'rosario@example.net',
        language: 'es',
      },
      '15CR07731',
      'granted',
    );
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${at.matterId}`);
    const outcome = page.getByRole('region', { name: 'Court outcome' });
    await outcome.getByRole('button', { name: 'Compose outcome' }).focus();
    await page.keyboard.press('Enter');
    const note = outcome.getByLabel('Why close the matter before the signed order arrives?');
    await note.waitFor();
    // Marked required, and its hint says a note is needed.
    expect(await note.getAttribute('aria-required')).toBe('true');
    expect(await outcome.getByText('A note is needed to close the matter now.').count()).toBe(1);

    // Keyboard only, the note left empty: Tab goes on from the note to Send.
    await note.focus();
    await page.keyboard.press('Tab');
    expect((await focused()).text).toBe('Send outcome and close the matter');
    await page.keyboard.press('Enter');
    // Refused on the note: the focus is on it, and what it is read with says what to do.
    const needed =
      'Say why the matter can close before the signed order arrives, or wait until it arrives to send the outcome.';
    await outcome.getByText(needed).waitFor();
    await expect.poll(async () => (await focused()).label).toMatch(/^Why close the matter/);
    expect((await focused()).described).toContain(needed);
    expect(await note.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    // Nothing was sent: the matter is where it was.
    expect(await page.getByText('This matter is in Outcome to send').count()).toBe(1);

    await page.keyboard.type('The court mails the signed order; the client gets a copy then.');
    // Typing clears the refusal.
    expect(await outcome.getByText(needed).count()).toBe(0);
    await outcome.getByRole('button', { name: 'Send outcome and close the matter' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('This matter is in Closed').waitFor();
    await expect.poll(async () => (await focused()).text).toBe('Messages');

    // The order comes and is sent: the panel goes, and the focus lands on the word that it went.
    const documents = page.getByRole('region', { name: 'Documents' });
    await documents
      .getByLabel(/^Attach file to Signed order: /)
      .setInputFiles({ name: 'CR-181 orden firmada.pdf', mimeType: 'application/pdf', buffer: ORDER_PDF });
    const offer = page.getByRole('region', { name: 'Signed order to send' });
    await offer.waitFor();
    // What the client will get is in Spanish, and marked so.
    await offer.getByText('What the client will get').click();
    expect(await offer.locator('p.message-copy').first().getAttribute('lang')).toBe('es');
    await expectAccessible(page);
    await offer.getByRole('button', { name: 'Send the signed order' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('The signed order was sent to the client.').waitFor();
    expect(await offer.count()).toBe(0);
    await expect.poll(async () => (await focused()).text).toBe('The signed order was sent to the client.');
    expect((await focused()).tag).not.toBe('BODY');
    await expectAccessible(page);
  });

  it('New referral: the possible clients are announced as they appear, and two of one name are told apart by their buttons', async () => {
    const { page, server } = suite;
    const intake = await apiCaller(server.url, 'intake@example.org');
    const person = (email: string) => ({
      legalName: 'José Ñúñez',
      otherNames: [],
      dateOfBirth: '1970-06-05',
      phone: '',
      email,
      address: { line1: '1400 Broadway', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
      preferredLanguage: 'es',
      contact: { email: true, sms: false, letter: false, phone: false },
      consentToText: false,
    });
    const referral = {
      existingClient: null,
      counties: ['Alameda'],
      source: { kind: 'phone', detail: '' },
      receivedOn: dayFromNow(-3),
      note: '',
    };
    const first = await intake<{ clientId: string; matters: { reference: string }[] }>('referrals.record', {
      ...referral,
      client: person('jose.uno@example.net'),
    });
    const second = await intake<{ matters: { reference: string }[] }>('referrals.record', {
      ...referral,
      client: person('jose.dos@example.net'),
      notSamePersonAs: [{ clientId: first.clientId, reason: 'Cousins of one name: different mothers.' }],
    });
    const references = [first, second].map((r) => r.matters[0]?.reference ?? '');

    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    // The status line is on the page before the list comes, so its words are read when they do.
    const announced = page.locator('[role="status"].visually-hidden');
    expect(await announced.textContent()).toBe('');
    await page.getByLabel('Legal name').fill('José Ñúñez');
    await page.getByLabel('Date of birth').fill('1970-06-05');
    await expect
      .poll(() => announced.textContent())
      .toBe(
        '2 possible existing clients listed under the date of birth: each likely the same person, to resolve before saving.',
      );

    const possible = page.getByRole('region', { name: 'Possible existing clients' });
    const attach = possible.getByRole('button', { name: /^Attach to José Ñúñez/ });
    const names = await attach.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    // Each names the birth date (the same: that is why they are listed) and its own matter.
    const parts = names.map((n) => /^Attach to José Ñúñez \(born (.+), matter (.+)\)$/.exec(n ?? ''));
    expect(parts.map((p) => p?.[1])).toEqual([
      expect.stringContaining('1970'),
      expect.stringContaining('1970'),
    ]);
    expect(parts.map((p) => p?.[2]).sort()).toEqual([...references].sort());
    expect(new Set(names).size).toBe(2);
    await expectAccessible(page);

    // One name and one birth date: both are likely the same person, and their other buttons are told
    // apart the same way.
    const notSame = possible.getByRole('button', { name: /^Not the same person as José Ñúñez/ });
    const notSameNames = await notSame.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    expect(notSameNames.sort()).toEqual(
      names.map((n) => n?.replace(/^Attach to /, 'Not the same person as ')).sort(),
    );
    // Both said not to be the same person: each box for why is labelled with whom it is about.
    await notSame.first().click();
    await notSame.first().click();
    const why = possible.getByRole('textbox', { name: /^Why is José Ñúñez/ });
    await expect.poll(() => why.count()).toBe(2);
    const whyNames = await why.evaluateAll((els) =>
      els.map((e) => (e as HTMLTextAreaElement).labels?.[0]?.textContent),
    );
    expect(
      whyNames.map((n) => /\(born (.+), matter (.+)\) not the same person\?$/.exec(n ?? '')?.[2]).sort(),
    ).toEqual([...references].sort());
    await expectAccessible(page);
  });

  it('a template’s Spanish wording is marked Spanish, its English English', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/settings/messages`);
    await page.getByRole('button', { name: 'Edit In review' }).click();
    const form = page.getByRole('form', { name: 'Edit template' });
    for (const [group, lang] of [
      ['Spanish (Español)', 'es'],
      ['English', 'en'],
    ] as const) {
      const fields = form.getByRole('group', { name: group });
      for (const label of ['Subject', 'E-mail and letter text', 'Text message'])
        expect(
          await fields.getByLabel(label, { exact: true }).getAttribute('lang'),
          `${group} ${label}`,
        ).toBe(lang);
    }
    await expectAccessible(page);
  });
});
