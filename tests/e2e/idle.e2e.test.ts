// The idle warning (WCAG 2.2.1) in Chromium, against a server whose sessions end after one minute
// unused (SESSION_IDLE_MINUTES=1: the warning comes at half the limit, 30 seconds before): the alert
// dialog takes focus, "Stay signed in" by keyboard starts the limit again, and once a limit passes the
// page says why the person was signed out and keeps what they typed, hidden until they sign in again.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** The session's limit as the server reports it, read the way the page does (without using it). */
async function idleExpiresAt(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const response = await fetch('/trpc/auth.sessionStatus');
    const body = (await response.json()) as {
      result: { data: { signedIn: boolean; idleExpiresAt?: string } };
    };
    return body.result.data.idleExpiresAt ? Date.parse(body.result.data.idleExpiresAt) : 0;
  });
}

describe.skipIf(!chromiumPath)('the idle warning in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '', { SESSION_IDLE_MINUTES: '1' });

  it('warns before the idle limit, stays signed in by keyboard, and after the limit keeps what was typed, hidden until the person signs in again', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'New referral' }).click();
    const name = page.getByLabel('Legal name');
    await name.fill('Ana Typed-Before-Leaving');

    const warning = page.getByRole('alertdialog', { name: 'You will be signed out soon' });
    await warning.waitFor({ timeout: 45_000 });
    const stay = warning.getByRole('button', { name: 'Stay signed in' });
    expect(await stay.evaluate((el) => el === document.activeElement)).toBe(true);
    // The dialog's words as read out: a space between the limit and the text after it.
    expect((await warning.innerText()).replace(/\s+/g, ' ')).toMatch(
      /Relief Desk signs you out after 1 minute without activity\. You will be signed out at \d{1,2}:\d{2} [AP]M P[SD]T/,
    );
    await expectAccessible(page);
    const before = await idleExpiresAt(page);
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    expect(await idleExpiresAt(page)).toBeGreaterThan(before);

    // This time nobody answers: past the limit, the page says why, and hides the form it keeps.
    await warning.waitFor({ timeout: 45_000 });
    const signedOut = page.getByRole('alertdialog', { name: 'You were signed out' });
    await signedOut.waitFor({ timeout: 45_000 });
    expect(await signedOut.innerText()).toContain(
      'What you typed is kept on this page, hidden until you sign in again',
    );
    const signInLink = signedOut.getByRole('link', { name: 'Sign in again in a new tab' });
    expect(await signInLink.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page);
    expect(await name.isVisible()).toBe(false);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(false);
    // Escape, even twice, leaves it as it is: closing would show the page to whoever is at the desk.
    const title = await page.title();
    expect(title).toBe('Signed out · Relief Desk');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    expect(await signedOut.isVisible()).toBe(true);
    expect(await name.isVisible()).toBe(false);
    expect(await signInLink.evaluate((el) => el === document.activeElement)).toBe(true);

    // The same person signs in again in another tab and comes back: the form shows, as typed.
    const again = await page.context().newPage();
    await signIn(again, server.url, 'intake@example.org');
    await again.close();
    await page.bringToFront();
    await page.evaluate(() => window.dispatchEvent(new Event('focus')));
    await signedOut.waitFor({ state: 'detached' });
    expect(await page.title()).not.toBe(title);
    expect(page.url()).toContain('/referrals/new');
    expect(await name.isVisible()).toBe(true);
    expect(await name.inputValue()).toBe('Ana Typed-Before-Leaving');
    await expectAccessible(page);
  }, 150_000);
});
