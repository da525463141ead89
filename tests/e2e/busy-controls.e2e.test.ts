// A select, checkbox or file input changed from the keyboard keeps the keyboard while its request is
// pending and after it: it is aria-disabled, not disabled (a disabled control drops focus to <body>),
// a change meanwhile sends nothing more, and once saved it shows what was saved. Each request is held
// at the network until the test lets it go, so "pending" lasts as long as the test needs.
import { join } from 'node:path';
import { readSqlite } from '@relief-desk/db';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { holdMutation, holdRequests } from './support/hold.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

// The smallest document that is a PDF by its bytes.
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** What has keyboard focus: its tag and its name (aria-label, else its label, else its text). */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    const name = el?.getAttribute('aria-label') ?? el?.labels?.[0]?.textContent ?? el?.textContent ?? '';
    return `${el?.tagName ?? ''} ${name.trim().slice(0, 80)}`;
  });
}

/**
 * Once the control shows it is busy (in either way), it still has focus (`name`): it says it is
 * unavailable by aria-disabled, not by `disabled`, which drops focus to <body>.
 */
async function expectBusyFocused(page: Page, control: Locator, name: string): Promise<void> {
  await expect
    .poll(() => control.evaluate((el) => el.hasAttribute('disabled') || el.ariaDisabled === 'true'))
    .toBe(true);
  expect(await focused(page)).toBe(name);
  expect(await control.getAttribute('aria-disabled')).toBe('true');
  expect(await control.getAttribute('disabled')).toBeNull();
}

/** One account's row as the database holds it. */
function account(dataDir: string, email: string): { role: string; canViewRapSheets: boolean } {
  return readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite.prepare('select role, can_view_rap_sheets from users where email = ?').get(email) as {
      role: string;
      can_view_rap_sheets: number;
    };
    return { role: row.role, canViewRapSheets: row.can_view_rap_sheets === 1 };
  });
}

/** Signs in as the demo administrator and opens the users page, its accounts listed. */
async function openAccounts(page: Page, baseUrl: string): Promise<Locator> {
  await signIn(page, baseUrl, 'admin@example.org');
  await page.goto(`${baseUrl}/settings/users`);
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await accounts.getByRole('row').nth(1).waitFor();
  return accounts;
}

describe.skipIf(!chromiumPath)('selects, boxes and file inputs busy with their request in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('keeps focus on a colleague’s role while it is saved, and saves it once', async () => {
    const { page, server } = suite;
    const accounts = await openAccounts(page, server.url);
    const role = accounts.getByLabel('Role of Jorge Ibáñez');
    const save = accounts.getByRole('button', { name: 'Save role of Jorge Ibáñez' });
    expect(await role.inputValue()).toBe('intake');

    // From the keyboard: into the list, the next role down, Tab to its button, Enter.
    const held = await holdMutation(page, 'users.setRole');
    await role.focus();
    await page.keyboard.press('ArrowDown');
    expect(await role.inputValue()).toBe('attorney');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON Save role of Jorge Ibáñez');
    await page.keyboard.press('Enter');
    await held.arrived;

    // Pending: the button and the list keep focus (the list is still in the Tab order), and another
    // role chosen meanwhile is not taken.
    await expectBusyFocused(page, save, 'BUTTON Save role of Jorge Ibáñez');
    await page.keyboard.press('Shift+Tab');
    await expectBusyFocused(page, role, 'SELECT Role of Jorge Ibáñez');
    await page.keyboard.press('ArrowDown');
    expect(await role.inputValue()).toBe('attorney');
    expect(await focused(page)).toBe('SELECT Role of Jorge Ibáñez');
    await expectAccessible(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON Save role of Jorge Ibáñez');

    // Saved: said once the list shows it; the button is gone, and focus is back on the list.
    held.release();
    await page.getByRole('status').filter({ hasText: 'Jorge Ibáñez is now Attorney.' }).waitFor();
    expect(await role.inputValue()).toBe('attorney');
    expect(await save.count()).toBe(0);
    await expect.poll(() => role.getAttribute('aria-disabled')).toBeNull();
    expect(await focused(page)).toBe('SELECT Role of Jorge Ibáñez');
    expect(held.count()).toBe(1);
    expect(account(server.dataDir, 'jorge.ibanez@example.org').role).toBe('attorney');
  }, 60_000);

  it('keeps focus on "may see RAP sheets" while it is saved, and a second Space sends nothing', async () => {
    const { page, server } = suite;
    const accounts = await openAccounts(page, server.url);
    const box = accounts.getByLabel('Rosa Delgado may see RAP sheets');
    expect(await box.isChecked()).toBe(false);

    const held = await holdMutation(page, 'users.setRapSheetAccess');
    await box.focus();
    await page.keyboard.press('Space');
    await held.arrived;

    // Pending: the box keeps focus and shows what is saved (not yet granted); Space again is ignored.
    await expectBusyFocused(page, box, 'INPUT Rosa Delgado may see RAP sheets');
    await page.keyboard.press('Space');
    expect(await box.isChecked()).toBe(false);
    expect(await focused(page)).toBe('INPUT Rosa Delgado may see RAP sheets');
    await expectAccessible(page);

    held.release();
    await page.getByRole('status').filter({ hasText: 'Rosa Delgado may now see RAP sheets.' }).waitFor();
    expect(await box.isChecked()).toBe(true);
    await expect.poll(() => box.getAttribute('aria-disabled')).toBeNull();
    expect(await focused(page)).toBe('INPUT Rosa Delgado may see RAP sheets');
    expect(held.count()).toBe(1);
    expect(account(server.dataDir, 'intake@example.org').canViewRapSheets).toBe(true);
  }, 60_000);

  it('keeps focus on a document’s file input while the file uploads, and opens no second chooser', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const documents = page.getByRole('region', { name: 'Documents' });
    await documents.waitFor();
    const what = `Pay stub ${Date.now()}`;
    await page.getByText('Request a document').click();
    const request = page.getByRole('form', { name: 'Request a document' });
    await request.getByLabel('Document').selectOption('other');
    await request.getByLabel('What document').fill(what);
    await request.getByRole('button', { name: 'Request document' }).click();
    const input = documents.getByLabel(`Attach file to ${what}`);
    await input.waitFor();
    const name = `INPUT Attach file to ${what} (PDF, PNG or JPEG, up to 20 MB)`;

    let choosers = 0;
    page.on('filechooser', () => {
      choosers += 1;
    });
    const held = await holdRequests(page, '**/api/documents/*/files');
    // From the keyboard: onto the input, Space opens the chooser, a file is chosen.
    await input.focus();
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Space');
    await (await chooser).setFiles({ name: 'pay-stub.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await held.arrived;

    // Uploading: the input keeps focus, and Space or Enter on it opens no second chooser.
    await expectBusyFocused(page, input, name);
    await documents.getByRole('status').filter({ hasText: 'Uploading…' }).waitFor();
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(name);
    expect(choosers).toBe(1);
    await expectAccessible(page);

    held.release();
    await documents.getByRole('link', { name: 'pay-stub.pdf' }).waitFor();
    await expect.poll(() => input.getAttribute('aria-disabled')).toBeNull();
    expect(await focused(page)).toBe(name);
    expect(choosers).toBe(1);
    expect(held.count()).toBe(1);
    expect(await documents.getByRole('link', { name: 'pay-stub.pdf' }).count()).toBe(1);
  }, 60_000);
});
