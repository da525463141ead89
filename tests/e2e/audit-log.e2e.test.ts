// The audit log in Chromium, as a supervisor uses it: intake opens a matter page twice; the supervisor
// filters the log by that person and by the action, opens the visit with the keyboard to its reads,
// downloads the filtered log as CSV and follows the visit's link to the matter. The page passes axe
// with the filters set and the visit open.
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('the audit log', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('a supervisor filters by person and action, opens a visit, exports and follows a link', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;

    // Rosa Delgado (intake) opens a matter's page, then opens it again.
    await signIn(page, server.url, 'intake@example.org');
    const first = page.locator('a.row-link').first();
    await first.waitFor();
    await first.click();
    await page.waitForURL(/\/matters\/[^/?]+$/);
    const matterPath = new URL(page.url()).pathname;
    await page.getByRole('link', { name: '← Case queue' }).waitFor();
    const title = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);

    // Mei-Ling Chu (supervisor) reads the log.
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /on this page|No entries/ })
      .waitFor();
    await page.getByLabel('Person').selectOption({ label: 'Rosa Delgado' });
    await page.getByLabel('Action').selectOption({ label: 'Open a matter' });
    // By keyboard: the form is made again for the new address; the count of entries takes the focus.
    await page.getByRole('button', { name: 'Apply filters' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/person=.*action=matters\.get/);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('role') ?? ''), {
        timeout: 20_000,
      })
      .toBe('status');
    // The table shows the filtered log, not the one before it.
    await page.waitForFunction(
      () =>
        document.querySelector('table[data-view]')?.getAttribute('data-view') ===
        window.location.search.replace(/^\?/, ''),
      undefined,
      { timeout: 20_000 },
    );

    const show = page.getByRole('button', { name: /^Show the \d+ reads$/ }).first();
    await show.waitFor();
    // The same button, whatever it says: "Show the 2 reads", then "Hide the 2 reads".
    const readsId = (await show.getAttribute('aria-controls')) ?? '';
    const toggle = page.locator(`button[aria-controls="${readsId}"]`);
    const reads = page.locator(`[id="${readsId}"]`);
    const visitRow = page.getByRole('row').filter({ has: toggle });
    await expect
      .poll(async () => (await visitRow.innerText()).replace(/\s+/g, ' '))
      .toMatch(/Rosa Delgado visited .+’s matter \d{4}-\d{5} \(\d+ reads\)/);
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await reads.isVisible()).toBe(false);
    // With the keyboard: focus the button and press Enter.
    await toggle.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    await reads.waitFor();
    const readRows = reads.getByRole('row');
    expect(await readRows.count()).toBeGreaterThanOrEqual(2);
    for (const text of await readRows.allInnerTexts())
      expect(text).toMatch(/Rosa Delgado opened .+’s matter/);
    await expectAccessible(page);
    // Space closes it again, and the rows go.
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await reads.isVisible()).toBe(false);

    // The filtered log as CSV: Rosa's reads of matter pages only.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8'))
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter((line) => line !== '');
    expect(lines[0]).toBe(
      'When (California time),Person,Person’s e-mail,What happened,Action,Outcome,Matter,Client,Address',
    );
    expect(lines.length - 1).toBeGreaterThanOrEqual(2);
    for (const line of lines.slice(1))
      expect(line).toMatch(/,Rosa Delgado,intake@example\.org,Rosa Delgado opened .+,Open a matter,Done,/);

    // The visit's matter link opens the matter page.
    await visitRow.getByRole('link', { name: /^matter \d{4}-\d{5}$/ }).click();
    await page.waitForURL((url) => url.pathname === matterPath);
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
  });

  it('names its two Find buttons apart: the filters’ and the disclosure report’s', {
    timeout: 60_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    // A screen reader's list of buttons tells which Find is which; each still reads "Find" on screen.
    expect(await page.getByRole('button', { name: 'Find', exact: true }).count()).toBe(0);
    const filters = page.getByRole('button', { name: 'Find a client or matter to filter by', exact: true });
    const disclosures = page.getByRole('button', {
      name: 'Find the client for the disclosure report',
      exact: true,
    });
    expect(await filters.count()).toBe(1);
    expect(await disclosures.count()).toBe(1);
    for (const button of [filters, disclosures]) expect((await button.innerText()).trim()).toBe('Find');
    expect(
      await page
        .getByRole('region', { name: 'Disclosure report' })
        .getByRole('button', { name: /^Find/ })
        .count(),
    ).toBe(1);
  });

  it('keeps keyboard focus on "Older entries" at the last page, and on "Newer entries" back at the first', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    // More than a page of 50 lines: intake reads sixty matters, each a line of its own.
    const intake = await apiCaller(server.url, 'intake@example.org');
    const { items } = await intake<{ items: { id: string }[] }>(
      'matters.list',
      { queue: 'all', cursor: null, limit: 60 },
      'GET',
    );
    for (const { id } of items) await intake('matters.get', { matterId: id }, 'GET');
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/audit`);
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const status = page.getByRole('status').filter({ hasText: /on this page|No entries/ });
    await status.waitFor();
    const older = page.getByRole('button', { name: 'Older entries' });
    const newer = page.getByRole('button', { name: 'Newer entries' });
    const focused = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    const unavailable = async (button: typeof older) =>
      (await button.getAttribute('aria-disabled')) === 'true';
    expect(await unavailable(older)).toBe(false);
    await older.focus();
    for (let pages = 1; !(await unavailable(older)); pages += 1) {
      expect(pages, 'pages of the log').toBeLessThan(40);
      const before = await status.innerText();
      await page.keyboard.press('Enter');
      await expect.poll(() => status.innerText()).not.toBe(before);
    }
    expect(await focused()).toBe('Older entries');
    await newer.focus();
    while (!(await unavailable(newer))) {
      const before = await status.innerText();
      await page.keyboard.press('Enter');
      await expect.poll(() => status.innerText()).not.toBe(before);
    }
    expect(await focused()).toBe('Newer entries');
  });
});
