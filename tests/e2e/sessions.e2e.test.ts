// Sessions people control, in Chromium against the real server: someone signed in on two browsers
// ends the other one from "Your sessions" with the keyboard alone, signing out in one tab takes the
// others to the sign-in page at once, and an administrator unlocks an
// account that five wrong passwords locked, so its owner signs in at once.
import { describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('sessions and locked accounts in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('lists your sessions and ends another one with the keyboard alone', async () => {
    const { page, server } = suite;
    const other = await page.context().browser()?.newContext();
    const otherPage = await other?.newPage();
    if (!otherPage) throw new Error('no second browser');
    await signIn(otherPage, server.url, 'attorney@example.org');
    await signIn(page, server.url, 'attorney@example.org');

    await page.getByRole('link', { name: 'Your sessions' }).click();
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    const table = page.getByRole('table', { name: 'Your sessions, newest first' });
    await table.waitFor();
    await expectAccessible(page);
    expect(await table.getByRole('row').count()).toBe(3);
    expect(await table.getByRole('row').nth(1).innerText()).toContain('This session');

    // Tab from the heading to the other session's button, and press Enter.
    const endOther = table.getByRole('button', { name: /^End session on / });
    await page.getByRole('heading', { name: 'Your sessions' }).focus();
    for (let i = 0; i < 20 && !(await endOther.evaluate((el) => el === document.activeElement)); i++)
      await page.keyboard.press('Tab');
    expect(await endOther.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The session was ended' }).waitFor();
    await expect.poll(() => table.getByRole('row').count()).toBe(2);
    await expectAccessible(page);

    await otherPage.goto(`${server.url}/matters`);
    await otherPage.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    await other?.close();
  });

  it('signing out in one tab takes the browser’s other tabs to the sign-in page at once, untouched', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    const otherTab = await page.context().newPage();
    await otherTab.goto(`${server.url}/matters`);
    await otherTab.getByRole('heading', { name: 'Case queue' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    // Nothing is pressed, focused or reloaded in the other tab.
    await otherTab.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor({ timeout: 5_000 });
    await otherTab.close();
  });

  it('lets an administrator unlock an account locked by five wrong passwords', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Work e-mail').fill('intake@example.org');
      await page.getByLabel('Password').fill(`not the password ${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('alert').filter({ hasText: 'do not match an account' }).waitFor();
      await page.getByRole('button', { name: 'Sign in' }).waitFor({ state: 'visible' });
      await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    }
    // Locked: the right password gets the same answer.
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    expect(page.url()).toContain('/sign-in');
    expect(await page.getByRole('alert').innerText()).toContain('locked after 5 failed sign-ins');

    const admin = await page.context().browser()?.newContext();
    const adminPage = await admin?.newPage();
    if (!adminPage) throw new Error('no admin page');
    await signIn(adminPage, server.url, 'admin@example.org');
    await adminPage.getByRole('link', { name: 'Office settings' }).click();
    await adminPage.getByRole('link', { name: 'Users and invitations' }).click();
    const accounts = adminPage.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('button', { name: /^Unlock / }).waitFor();
    await expectAccessible(adminPage);
    await accounts.getByRole('button', { name: /^Unlock / }).click();
    await adminPage.getByRole('status').filter({ hasText: 'can sign in again' }).waitFor();
    await admin?.close();

    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
  });
});
