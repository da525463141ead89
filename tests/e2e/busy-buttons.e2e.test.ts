// A button pressed from the keyboard keeps the keyboard while its request is pending: it is
// aria-disabled, not disabled (a disabled button drops focus to <body>), and a second Enter meanwhile,
// on the button or in a field of its form, sends nothing more. Each request is held at the network
// until the test lets it go, so "pending" lasts as long as the test needs.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { holdMutation } from './support/hold.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

/** What has keyboard focus: its tag and its text (a field's label is not needed here). */
function focused(page: Page): Promise<{ tag: string; text: string }> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { tag: el?.tagName ?? '', text: (el?.textContent ?? '').trim().slice(0, 60) };
  });
}

describe.skipIf(!chromiumPath)('buttons busy with their request in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('keeps focus on "Add note" while the note is saved, and a second Enter adds nothing', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();

    const text = `Called the court clerk about the file ${Date.now()}`;
    const held = await holdMutation(page, 'matters.addNote');
    // From the keyboard: into the note, type it, Tab past "About the criminal record" to the button, Enter.
    await page.getByLabel('Note', { exact: true }).focus();
    await page.keyboard.type(text);
    await page.keyboard.press('Tab');
    const aboutRecord = page.getByLabel(/^About the criminal record/);
    expect(await aboutRecord.evaluate((box) => box === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Add note' });
    await page.keyboard.press('Enter');
    await held.arrived;

    // Pending: the button says it is unavailable, keeps focus, and ignores a second Enter.
    // (Playwright counts aria-disabled="true" as not enabled, as it does `disabled`.)
    const button = page.getByRole('button', { name: 'Add note' });
    await expect.poll(() => button.isEnabled()).toBe(false);
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Add note' });
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    expect(await button.getAttribute('disabled')).toBeNull();
    await page.keyboard.press('Enter');
    await expectAccessible(page);

    held.release();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(text).first().waitFor();
    await expect.poll(() => button.isEnabled()).toBe(true);
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Add note' });
    expect(held.count()).toBe(1);
    expect(await timeline.getByText(text).count()).toBe(1);
  });

  it('keeps focus on "Sign in" while a wrong password is checked, and sends it once', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    const held = await holdMutation(page, 'auth.signIn');

    await page.getByLabel('Work e-mail').focus();
    await page.keyboard.type('attorney@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('not-the-password');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Sign in' });
    await page.keyboard.press('Enter');
    await held.arrived;

    // Pending: Enter on the button again, and Enter in the password field (which submits a form by
    // pressing its default button), send nothing more.
    const button = page.getByRole('button', { name: 'Signing in…' });
    await expect.poll(() => button.isEnabled()).toBe(false);
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Signing in…' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toEqual({ tag: 'INPUT', text: '' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Signing in…' });

    held.release();
    await page.getByRole('alert').waitFor();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await focused(page)).toEqual({ tag: 'BUTTON', text: 'Sign in' });
    expect(held.count()).toBe(1);
    await expectAccessible(page);
  });
});
