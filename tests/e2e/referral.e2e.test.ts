// The first slice end to end: an intake worker signs in, records a referral for two counties, finds
// both matters in the queue, and opens one. Every page passes axe-core.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('referral intake in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('signs in as intake, records a referral for two counties, finds both matters and opens one', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    await expectAccessible(page);
    await signIn(page, server.url, 'intake@example.org');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Legal name').fill('Begoña Ordóñez Quintanilla');
    await page.getByLabel('Date of birth').fill('1979-05-14');
    await page.getByLabel('Preferred language').selectOption('es');
    await page.getByLabel('Phone', { exact: true }).fill('(510) 555-0177');
    await page.getByLabel('E-mail', { exact: true }).fill('begona@example.net');
    await page.getByLabel('By e-mail').check();
    await page.getByLabel('By phone call').check();
    await page.getByLabel('Alameda (this office)').check();
    await page.getByLabel('Another county').selectOption('San Francisco');
    await page.getByRole('button', { name: 'Add county' }).click();
    await page.getByLabel('How the referral arrived').selectOption('partner');
    await page.getByLabel('Partner organisation').fill('Centro Legal de la Raza');
    await page.getByRole('button', { name: 'Save referral' }).click();

    const saved = page.getByRole('status').filter({ hasText: 'Referral saved' });
    await saved.waitFor();
    const savedText = await saved.innerText();
    expect(savedText).toContain('2 matters were opened');
    expect(savedText).toContain('Alameda');
    expect(savedText).toMatch(/San Francisco.*Referred out to Golden Gate Legal Aid/s);

    // The same person again: attaching fills in the known details, and "Not the same person"
    // gives back what was typed rather than leaving the other person's details in the form.
    await page.getByLabel('Legal name').fill('Begona Ordonez Quintanilla');
    await page.getByLabel('Date of birth').fill('1979-05-14');
    await page.getByLabel('Phone', { exact: true }).fill('(510) 555-0199');
    await page.getByRole('button', { name: 'Attach to Begoña Ordóñez Quintanilla' }).click();
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Begoña Ordóñez Quintanilla');
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0177');
    await page.getByRole('button', { name: 'Not the same person' }).click();
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Begona Ordonez Quintanilla');
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0199');
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('');

    await page.getByRole('link', { name: 'Case queue' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    const rows = page.getByRole('row').filter({ hasText: 'Begoña Ordóñez Quintanilla' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(
      (await rows.allInnerTexts())
        .map((t) => (t.includes('San Francisco') ? 'SF' : t.includes('Alameda') ? 'ALA' : '?'))
        .sort(),
    ).toEqual(['ALA', 'SF']);

    await rows.filter({ hasText: 'Alameda' }).getByRole('link').click();
    await page.getByRole('heading', { name: /Matter .*: Begoña Ordóñez Quintanilla/ }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.innerText()).toContain(
      'Referral received by partner organisation (Centro Legal de la Raza)',
    );
    expect(await page.getByRole('region', { name: 'Client' }).innerText()).toContain('Spanish');
    await expectAccessible(page);
  });

  it('shows what to fix, beside each field, when a referral is saved half-filled, and keeps what was typed', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    await page.getByLabel('Legal name').fill('Ana Peña');
    await page.getByRole('button', { name: 'Save referral' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'to fix' });
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain('Enter a real date as YYYY-MM-DD');
    expect(text).toContain('Choose at least one county');
    expect(text).toContain('Choose at least one way to reach the person');
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Ana Peña');
    expect(await page.getByLabel('Date of birth').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
  });

  it('keeps what was typed when the session has ended by the time the form is saved', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    await page.getByLabel('Legal name').fill('Ximena Ordóñez');
    await page.getByLabel('Date of birth').fill('1991-07-04');
    await page.getByLabel('E-mail', { exact: true }).fill('ximena@example.net');
    await page.getByLabel('By e-mail').check();
    await page.getByLabel('Alameda (this office)').check();
    // The session ends (idle limit, or signed out elsewhere) while the form is open.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Save referral' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Your session has ended' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Sign in in another tab');
    expect(page.url()).toContain('/referrals/new');
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Ximena Ordóñez');
  });

  it('can be used with the keyboard alone: sign in, reach the queue, open a matter', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    // The page puts focus on its heading once it has drawn; a person starts typing after that.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('attorney@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('relief-desk-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();

    // Tab from the skip link to the first matter link in the table and follow it.
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('/matters/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toMatch(/^\/matters\/\w+/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  });

  it('tells a person who mistypes their password, without saying whether the account exists', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Work e-mail').fill('supervisor@example.org');
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('do not match an account');
  });
});
