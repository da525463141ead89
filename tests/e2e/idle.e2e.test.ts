// The idle warning (WCAG 2.2.1) in Chromium, against a server whose sessions end after one minute
// unused (SESSION_IDLE_MINUTES=1: the warning comes at half the limit, 30 seconds before): the alert
// dialog takes focus, "Stay signed in" by keyboard starts the limit again, and once a limit passes the
// page says why the person was signed out and keeps what they typed.
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

  it('warns before the idle limit, stays signed in by keyboard, and after the limit keeps what was typed', async () => {
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

    // This time nobody answers: past the limit, the page says why and keeps the form as it was.
    await warning.waitFor({ timeout: 45_000 });
    const signedOut = page.getByRole('alertdialog', { name: 'You were signed out' });
    await signedOut.waitFor({ timeout: 45_000 });
    expect(await signedOut.innerText()).toContain('What you typed is still on this page');
    await expectAccessible(page);
    await signedOut.getByRole('button', { name: 'Close and keep this page' }).press('Enter');
    await page
      .getByRole('status')
      .filter({ hasText: 'You were signed out after 1 minute without' })
      .waitFor();
    expect(page.url()).toContain('/referrals/new');
    expect(await name.inputValue()).toBe('Ana Typed-Before-Leaving');
    await expectAccessible(page);
  }, 150_000);
});
