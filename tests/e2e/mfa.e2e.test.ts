// Second factors in Chromium against the real server: an authenticator app set up from the page (the
// code computed here from the secret the page shows), signing in with its code, a recovery code that
// works once; a passkey added and used through Chromium's virtual authenticator; and an office that
// requires a factor, whose people set one up at their next sign-in. axe on every new page.
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const totpOf = (secret: string) =>
  new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
const stepNow = () => Math.floor(Date.now() / 30_000);

/** The password step alone: for someone with a second factor, the second step opens. */
async function passwordStep(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Work e-mail').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Second step: confirm it is you' }).waitFor();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
}

/** Sets up an authenticator app on the Sign-in security page; its secret and the recovery codes. */
async function setUpAuthenticatorApp(page: Page): Promise<{ secret: string; codes: string[]; step: number }> {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('heading', { name: 'Add Relief Desk to your authenticator app' }).waitFor();
  await expectAccessible(page);
  const uri = await page.getByText(/^otpauth:\/\/totp\//).innerText();
  const secret = new URL(uri).searchParams.get('secret') ?? '';
  // The key shown as text (in groups of four) is the same secret.
  expect((await page.locator('.totp-key').innerText()).replaceAll(' ', '')).toBe(secret);
  expect(
    await page.getByRole('img', { name: /QR code for your authenticator app/ }).getAttribute('src'),
  ).toMatch(/^data:image\/png;base64,/);
  const step = stepNow();
  await page.getByLabel('Code the app shows now').fill(totpOf(secret).generate());
  await page.getByRole('button', { name: 'Confirm and turn on' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  const codes = await page
    .getByRole('list', { name: 'Recovery codes' })
    .getByRole('listitem')
    .allInnerTexts();
  return { secret, codes, step };
}

describe.skipIf(!chromiumPath)('second factors in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('sets up an authenticator app, signs in with its code, and takes a recovery code once', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
    await expectAccessible(page);

    const { secret, codes, step } = await setUpAuthenticatorApp(page);
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByRole('status').filter({ hasText: 'Your recovery codes are saved' }).waitFor();
    expect(await page.getByRole('region', { name: 'Authenticator app' }).innerText()).toContain('Set up');
    await signOut(page);

    // The code that set the app up is spent: sign in with the next one.
    await passwordStep(page, server.url, 'attorney@example.org');
    await expectAccessible(page);
    while (stepNow() === step) await page.waitForTimeout(500);
    await page.getByLabel('Code from your authenticator app').fill(totpOf(secret).generate());
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await signOut(page);

    // A recovery code signs in once; the page then says how many are left.
    await passwordStep(page, server.url, 'attorney@example.org');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0]?.toLowerCase() ?? '');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
    await page.getByText('You signed in with a recovery code: 9 left.').waitFor();
    await expectAccessible(page);
    await signOut(page);

    await passwordStep(page, server.url, 'attorney@example.org');
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[0] ?? '');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('alert').filter({ hasText: 'That did not work' }).waitFor();
    expect(page.url()).toContain('/sign-in');
  }, 120_000);

  it('adds a passkey with a virtual authenticator, and signs in with it', async () => {
    const { page, server } = suite;
    // Passkeys belong to a host name: browsers refuse them for an IP address such as 127.0.0.1.
    const url = server.url.replace('127.0.0.1', 'localhost');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    await signIn(page, url, 'supervisor@example.org');
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    const passkeys = page.getByRole('region', { name: 'Passkeys' });
    await passkeys.waitFor();
    await passkeys.getByLabel('Name for the new passkey').fill('Office laptop');
    await passkeys.getByRole('button', { name: 'Add a passkey' }).click();
    // The first factor comes with recovery codes.
    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await passkeys.getByText('Office laptop', { exact: true }).waitFor();
    await expectAccessible(page);
    await signOut(page);

    await passwordStep(page, url, 'supervisor@example.org');
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    await passkeys.getByText(/last used/).waitFor();
  }, 90_000);

  it('leads everyone without a factor through setting one up once the office requires it, and lets an administrator reset one', async () => {
    const { page, server } = suite;
    page.on('dialog', (dialog) => void dialog.accept());
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    const rules = page.getByRole('region', { name: 'Second factor at sign-in' });
    await rules.waitFor();
    await rules.getByLabel('Require a second factor of everyone in the office').click();
    await rules.getByRole('status').filter({ hasText: 'everyone needs a second factor' }).waitFor();
    await expectAccessible(page);

    const other = await page.context().browser()?.newContext();
    const intake = await other?.newPage();
    if (!intake) throw new Error('no second browser');
    await intake.goto(`${server.url}/sign-in`);
    await intake.getByLabel('Work e-mail').fill('intake@example.org');
    await intake.getByLabel('Password').fill(DEMO_PASSWORD);
    await intake.getByRole('button', { name: 'Sign in' }).click();
    await intake.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    await expectAccessible(intake);
    // Nothing else opens until a factor is set up.
    expect(await intake.getByRole('link', { name: 'Case queue' }).count()).toBe(0);
    // The page opens with focus on its heading, as every page does.
    const focused = () =>
      intake.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return {
          tag: el?.tagName,
          text: el?.tagName === 'INPUT' ? (el.labels?.[0]?.textContent ?? '') : (el?.textContent ?? ''),
          describedBy: (el?.getAttribute('aria-describedby') ?? '')
            .split(' ')
            .map((id) => (id ? (document.getElementById(id)?.textContent ?? '') : ''))
            .join(' '),
        };
      });
    await expect.poll(async () => (await focused()).text).toBe('Set up a second factor');
    expect((await focused()).tag).toBe('H1');

    // A code mistyped, confirmed from the keyboard: focus goes to the field, whose message is read with it.
    await intake.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await intake.getByLabel('Code the app shows now').fill('12345');
    await intake.keyboard.press('Tab');
    expect((await focused()).text).toContain('Confirm and turn on');
    await intake.keyboard.press('Enter');
    await intake.getByText('Enter the 6-digit code your authenticator app shows now.').waitFor();
    const onError = await focused();
    expect(onError.tag).toBe('INPUT');
    expect(onError.text).toBe('Code the app shows now');
    expect(onError.describedBy).toContain('Enter the 6-digit code your authenticator app shows now.');
    await intake.getByRole('button', { name: 'Cancel' }).click();
    const { codes } = await setUpAuthenticatorApp(intake);
    expect(codes).toHaveLength(10);
    await intake.getByRole('button', { name: 'I have saved them: go on to Relief Desk' }).click();
    await intake.getByRole('heading', { name: 'Case queue' }).waitFor();

    // The administrator resets it on the users page: the intake worker is signed out, and sets one up again.
    await page.getByRole('link', { name: 'Users and invitations' }).click();
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('button', { name: 'Reset second factors of Rosa Delgado' }).click();
    // Said as it stands: the e-mail telling her waits (this server has no SMTP_URL), and she has not
    // set up a new factor yet.
    await page
      .getByRole('status')
      .filter({
        hasText:
          'Rosa Delgado’s second factors were reset and they were signed out. They will set up a new one at their next sign-in. An e-mail telling them is waiting to be sent: e-mail is not set up on the server.',
      })
      .waitFor();
    await intake.goto(`${server.url}/matters`);
    await intake.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    await other?.close();

    await page.getByRole('link', { name: 'Office settings' }).click();
    await rules.getByLabel('Require a second factor of everyone in the office').click();
    await rules.getByRole('status').filter({ hasText: 'up to each person' }).waitFor();

    // The office no longer requires one, but her reset does: the page says so, not that the office does.
    const again = await (await page.context().browser()?.newContext())?.newPage();
    if (!again) throw new Error('no third browser');
    await again.goto(`${server.url}/sign-in`);
    await again.getByLabel('Work e-mail').fill('intake@example.org');
    await again.getByLabel('Password').fill(DEMO_PASSWORD);
    await again.getByRole('button', { name: 'Sign in' }).click();
    await again.getByRole('heading', { name: 'Set up a second factor' }).waitFor();
    await again.getByText('An administrator of your office reset your second factor').waitFor();
    expect(await again.getByText('Your office requires a second factor').count()).toBe(0);
    await again.context().close();
  }, 120_000);

  it('forgets the recovery-code count once removing the last factor deletes the codes, and warns of it first', async () => {
    const { page, server } = suite;
    const email = 'attorney@legalaid.example.org';
    await signIn(page, server.url, email);
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    const { codes } = await setUpAuthenticatorApp(page);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await signOut(page);

    await passwordStep(page, server.url, email);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByRole('textbox', { name: 'Recovery code' }).fill(codes[3] ?? '');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
    const count = page.getByText('You signed in with a recovery code: 9 left.');
    await count.waitFor();

    let prompt = '';
    page.once('dialog', (dialog) => {
      prompt = dialog.message();
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Remove authenticator app' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Your authenticator app was removed, and your recovery codes with it' })
      .waitFor();
    expect(prompt).toContain('Its codes stop working at once.');
    expect(prompt).toContain('It is your last second factor, so your 9 recovery codes are deleted too');
    expect(await count.count()).toBe(0);
    expect(await page.getByText(/You signed in with a recovery code/).count()).toBe(0);
    await expectAccessible(page);
  }, 90_000);
});
