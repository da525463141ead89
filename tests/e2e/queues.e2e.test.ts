// The case queue in Chromium with the demo data: every named queue opens with a count that agrees with
// its rows; filters, sorting, accent-blind search and paging; bulk assignment of exactly three
// matters; the CSV export of a whole view; and the table worked with the keyboard alone.
import { readFile } from 'node:fs/promises';
import {
  movesOffered,
  QUEUE_IDS,
  QUEUE_LABELS,
  STAGE_LABELS,
  STAGE_MOVES,
  STAGES,
} from '@relief-desk/domain';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const PAGE_SIZE = 25;

const queueTable = (page: Page) => page.getByRole('table', { name: /^Matters/ });

/** Waits until the queue table shows the server's answer for the current URL. */
async function tableSettled(page: Page, captionPart = ''): Promise<void> {
  await page.waitForFunction(
    (part) => {
      const table = document.querySelector('table[aria-describedby="queue-keys"]');
      return (
        table?.getAttribute('aria-busy') === 'false' &&
        table.getAttribute('data-view') === window.location.search.replace(/^\?/, '') &&
        (table.querySelector('caption')?.textContent ?? '').includes(part)
      );
    },
    captionPart,
    { timeout: 20_000 },
  );
}

/** The text of one column in every body row, found by its header. */
function columnTexts(page: Page, header: string): Promise<string[]> {
  return page.evaluate((name) => {
    const table = document.querySelector('table[aria-describedby="queue-keys"]');
    if (!table) return [];
    const headers = Array.from(table.querySelectorAll('thead th')).map((th) =>
      th.textContent?.replace(/[▲▼]/g, '').trim(),
    );
    const index = headers.indexOf(name);
    if (index < 0) throw new Error(`No column ${name} in ${headers.join(', ')}`);
    return Array.from(table.querySelectorAll('tbody tr'))
      .filter((tr) => tr.querySelector('a.row-link'))
      .map((tr) => tr.children[index]?.textContent?.trim() ?? '');
  }, header);
}

async function queueCount(page: Page, label: string): Promise<number> {
  const link = page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: label });
  await link.locator('.queue-tabs__count').filter({ hasText: /^\d+$/ }).waitFor();
  return Number(await link.locator('.queue-tabs__count').innerText());
}

async function openFilters(page: Page): Promise<void> {
  const panel = page.getByRole('form', { name: 'Filter matters' });
  if (!(await panel.isVisible())) await page.getByText('Filters', { exact: false }).first().click();
  await panel.waitFor();
}

async function showColumn(page: Page, label: string): Promise<void> {
  await page.getByText('Columns and density').click();
  await page.getByRole('group', { name: 'Columns shown' }).getByLabel(label).check();
  await page.getByText('Columns and density').click();
}

const fold = (text: string) => text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

describe.skipIf(!chromiumPath)('case queues in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('opens each named queue, with a count that agrees with the rows shown', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await tableSettled(page);
    for (const id of QUEUE_IDS) {
      const label = QUEUE_LABELS[id];
      await page.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: label }).click();
      await page.waitForURL(`**/matters?queue=${id}`);
      await tableSettled(page, label);
      const count = await queueCount(page, label);
      const rows = await queueTable(page).locator('a.row-link').count();
      expect(rows, label).toBe(Math.min(count, PAGE_SIZE));
      expect(await page.getByRole('button', { name: 'Next page' }).getAttribute('aria-disabled'), label).toBe(
        count > PAGE_SIZE ? null : 'true',
      );
      if (rows === 0) await queueTable(page).getByText('No matters match these filters.').waitFor();
    }
    const extraColumns: [string, string][] = [
      ['needs_client_update', 'Last client contact'],
      ['documents_outstanding', 'Documents due'],
      ['awaiting_decision', 'Next hearing or rule-by date'],
    ];
    for (const [id, header] of extraColumns) {
      await page.goto(`${server.url}/matters?queue=${id}`);
      await tableSettled(page);
      await queueTable(page).getByRole('columnheader', { name: header }).waitFor();
    }
    // A client nobody has contacted reads "None yet", with the day received they are due from, never
    // that day as if it were a contact.
    await page.goto(`${server.url}/matters?queue=needs_client_update`);
    await tableSettled(page);
    const contacts = await columnTexts(page, 'Last client contact');
    expect(contacts.some((text) => text.startsWith('None yet (received '))).toBe(true);
    for (const text of contacts)
      expect(text).toMatch(/^(None yet \(received [^)]+\)|[A-Z][a-z]{2} \d{1,2}, \d{4})/);
    await openFilters(page);
    await expectAccessible(page);
  });

  it('filters by each of the six filters, sorts and searches without minding accents', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await tableSettled(page);
    await showColumn(page, 'Language');
    await showColumn(page, 'Referral source');
    await openFilters(page);
    const filters = page.getByRole('form', { name: 'Filter matters' });

    // The boxes show what the URL says: a tick shows once the URL has it, so the test clicks and
    // then waits for the URL.
    const stageChoices = filters.getByRole('group', { name: 'Stage' });
    await stageChoices.getByLabel('Gathering records').click();
    await page.waitForURL(/stage=gathering_records/);
    await tableSettled(page);
    const stages = await columnTexts(page, 'Stage');
    expect(stages.length).toBeGreaterThan(0);
    expect(new Set(stages)).toEqual(new Set(['Gathering records']));
    // A second stage widens the view to matters in either.
    await stageChoices.getByLabel('Referral received').click();
    await page.waitForURL(/stage=gathering_records&stage=referral_received/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'Stage'))).toEqual(
      new Set(['Gathering records', 'Referral received']),
    );

    await stageChoices.getByLabel('Gathering records').click();
    await page.waitForURL((url) => url.searchParams.getAll('stage').length === 1);
    await stageChoices.getByLabel('Referral received').click();
    await page.waitForURL((url) => !url.searchParams.has('stage'));
    await tableSettled(page);
    await filters.getByLabel('Language').selectOption('es');
    await page.waitForURL(/language=es/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'Language'))).toEqual(new Set(['Spanish (Español)']));

    await filters.getByLabel('Language').selectOption({ label: 'Any language' });
    await tableSettled(page);
    await filters.getByLabel('Referral source').selectOption('walk_in');
    await page.waitForURL(/source=walk_in/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'Referral source'))).toEqual(new Set(['Walk-in']));

    await filters.getByLabel('Referral source').selectOption({ label: 'Any source' });
    await tableSettled(page);
    await filters.getByLabel('Assignee').selectOption('unassigned');
    await page.waitForURL(/assignee=unassigned/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'Assignee'))).toEqual(new Set(['Unassigned']));

    await filters.getByLabel('Assignee').selectOption({ label: 'Anyone' });
    await tableSettled(page);
    await filters.getByLabel('County').selectOption('Alameda');
    await page.waitForURL(/county=Alameda/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'County'))).toEqual(new Set(['Alameda']));

    // Days open counts from the day received; on an open stage that is the column's number too.
    await stageChoices.getByLabel('Gathering records').click();
    await tableSettled(page);
    await filters.getByLabel('At least').fill('5');
    await filters.getByLabel('At most').fill('15');
    await filters.getByLabel('At most').press('Enter');
    await page.waitForURL(/daysMin=5&daysMax=15|daysMax=15&daysMin=5/);
    await tableSettled(page);
    const days = (await columnTexts(page, 'Days open')).map(Number);
    expect(days.length).toBeGreaterThan(0);
    for (const d of days) expect(d >= 5 && d <= 15, String(d)).toBe(true);

    // Sorting: days open one way, then the other; the header says which. (An open queue: a closed
    // matter's days open stop at its closing, while the sort reads the day received.)
    await page.goto(`${server.url}/matters?queue=eligibility_review`);
    await tableSettled(page);
    await queueTable(page).getByRole('button', { name: 'Days open' }).click();
    await page.waitForURL(/sort=daysOpen&dir=asc/);
    await tableSettled(page);
    const ascending = (await columnTexts(page, 'Days open')).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(
      await queueTable(page).getByRole('columnheader', { name: 'Days open' }).getAttribute('aria-sort'),
    ).toBe('ascending');
    await queueTable(page).getByRole('button', { name: 'Days open' }).click();
    await page.waitForURL(/sort=daysOpen&dir=desc/);
    await tableSettled(page);
    const descending = (await columnTexts(page, 'Days open')).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    expect(descending[0]).toBeGreaterThanOrEqual(ascending.at(-1) ?? 0);

    // Search: a demo name typed without its accents finds the accented one.
    await page.goto(`${server.url}/matters?queue=all`);
    await tableSettled(page);
    let accented = '';
    for (let i = 0; i < 10 && !accented; i++) {
      accented = (await columnTexts(page, 'Client')).find((name) => /[áéíóúñü]/i.test(name)) ?? '';
      if (!accented) {
        await page.getByRole('button', { name: 'Next page' }).click();
        await tableSettled(page);
      }
    }
    expect(accented).not.toBe('');
    const plain = fold(accented);
    await page.getByLabel('Search', { exact: true }).fill(plain.split(' ').reverse().join(' '));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=/);
    await tableSettled(page, 'best match');
    expect(await columnTexts(page, 'Client')).toContain(accented);

    // A date that does not exist is not searched as a birth date: the server's message is beside the box.
    await page.getByLabel('Search', { exact: true }).fill('13/45/1980');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const notADate = '13/45/1980 is not a date: write a birth date as MM/DD/YYYY, e.g. 03/07/1985.';
    await page.getByText(notADate).waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('Search', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Search', { exact: true }).getAttribute('aria-describedby')).toMatch(
      /-error/,
    );

    // A queue tab opens a view without a search, and the box says so rather than keeping the text.
    await page.getByRole('navigation', { name: 'Queues' }).getByRole('link').first().click();
    await page.waitForURL((url) => !url.searchParams.has('q'));
    await expect.poll(() => page.getByLabel('Search', { exact: true }).inputValue()).toBe('');
  });

  it('pages forward and back through a queue', { timeout: 60_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?queue=all&sort=reference&dir=asc`);
    await tableSettled(page);
    const first = await columnTexts(page, 'Matter');
    expect(first).toHaveLength(PAGE_SIZE);
    expect(await page.getByRole('button', { name: 'Previous page' }).getAttribute('aria-disabled')).toBe(
      'true',
    );

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    await tableSettled(page);
    const second = await columnTexts(page, 'Matter');
    expect(second.length).toBeGreaterThan(0);
    expect(second.filter((ref) => first.includes(ref))).toEqual([]);
    expect((second[0] ?? '') > (first.at(-1) ?? '')).toBe(true);

    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.waitForURL((url) => !url.searchParams.has('cursor'));
    await tableSettled(page);
    expect(await columnTexts(page, 'Matter')).toEqual(first);

    // Three pages in, reloaded: Previous page goes to the second, not the first (it once did).
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/cursor=/);
    await tableSettled(page);
    const secondCursor = new URL(page.url()).searchParams.get('cursor');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL((url) => url.searchParams.get('cursor') !== secondCursor);
    await tableSettled(page);
    const third = await columnTexts(page, 'Matter');
    expect(third.filter((ref) => second.includes(ref))).toEqual([]);
    await page.reload();
    await tableSettled(page);
    expect(await columnTexts(page, 'Matter')).toEqual(third);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await tableSettled(page);
    await expect.poll(() => columnTexts(page, 'Matter')).toEqual(second);
  });

  it('keeps keyboard focus on the pager at the last and the first page', { timeout: 90_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?queue=all&sort=reference&dir=asc`);
    await tableSettled(page);
    const next = page.getByRole('button', { name: 'Next page' });
    const previous = page.getByRole('button', { name: 'Previous page' });
    const focused = () =>
      page.evaluate(() => document.activeElement?.textContent ?? document.activeElement?.tagName);
    // Disabled or aria-disabled, as Playwright reads them.
    const unavailable = (button: typeof next) => button.isDisabled();
    // Enter on "Next page" until there is none: at the last page the button says it is unavailable
    // and keeps focus (a disabled button would drop it to the page's body).
    await next.focus();
    for (let pages = 1; !(await unavailable(next)); pages += 1) {
      expect(pages, 'pages of the queue').toBeLessThan(20);
      const before = page.url();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.href !== before);
      await tableSettled(page);
    }
    expect(await focused()).toBe('Next page');
    // Enter again there does nothing.
    const last = page.url();
    await page.keyboard.press('Enter');
    expect(page.url()).toBe(last);
    expect(await focused()).toBe('Next page');

    // Back to the first page with "Previous page": focus stays on it there too.
    await previous.focus();
    while (!(await unavailable(previous))) {
      const before = page.url();
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.href !== before);
      await tableSettled(page);
    }
    expect(new URL(page.url()).searchParams.has('cursor')).toBe(false);
    expect(await focused()).toBe('Previous page');
  });

  it('assigns exactly three selected matters, all at once', { timeout: 60_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/matters?queue=all&sort=reference&dir=asc`);
    await tableSettled(page);
    const references = (await columnTexts(page, 'Matter')).slice(0, 6);
    const before = (await columnTexts(page, 'Assignee')).slice(0, 6);
    const target = ['Jorge Ibáñez', 'Priya Raman', 'Rosa Delgado'].find(
      (name) => !before.slice(0, 3).includes(name),
    );
    if (!target) throw new Error('no colleague to assign to');

    for (const reference of references.slice(0, 3))
      await queueTable(page)
        .getByRole('checkbox', { name: `Select ${reference}` })
        .check();
    const bulk = page.getByRole('region', { name: 'Selected matters' });
    await bulk.getByText('3 selected.').waitFor();
    await bulk.getByLabel('Assign to').selectOption({ label: target });
    await bulk.getByRole('button', { name: 'Assign' }).click();
    await bulk.getByRole('status').filter({ hasText: 'Done for 3 matters.' }).waitFor();
    const report = await bulk.getByRole('table').locator('tbody tr').allInnerTexts();
    expect(report).toHaveLength(3);
    await tableSettled(page);
    await page.waitForFunction(() => !document.querySelector('tbody input[type=checkbox]:checked'));

    expect((await columnTexts(page, 'Matter')).slice(0, 6)).toEqual(references);
    const after = (await columnTexts(page, 'Assignee')).slice(0, 6);
    expect(after.slice(0, 3)).toEqual([target, target, target]);
    expect(after.slice(3)).toEqual(before.slice(3));
    await expectAccessible(page);
  });

  it('refuses a bulk stage move that one matter cannot make, changing none, and says why per row', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    // Petitions to file → Awaiting court decision needs a filed petition; a mix is refused as a whole.
    await page.goto(`${server.url}/matters?stage=petitions_to_file&sort=reference&dir=asc`);
    await tableSettled(page);
    const references = (await columnTexts(page, 'Matter')).slice(0, 2);
    expect(references).toHaveLength(2);
    await queueTable(page).getByRole('checkbox', { name: 'Select all matters on this page' }).check();
    const bulk = page.getByRole('region', { name: 'Selected matters' });
    const offered = await bulk.getByLabel('Move to stage').locator('option').allInnerTexts();
    const allowed = STAGES.filter((to) => STAGE_MOVES.petitions_to_file.includes(to)).map(
      (to) => STAGE_LABELS[to],
    );
    expect(offered).toEqual(['Choose a stage', ...allowed]);
    await bulk.getByLabel('Move to stage').selectOption({ label: 'Awaiting court decision' });
    await bulk.getByRole('button', { name: 'Move stage' }).click();
    const refusal = bulk.getByRole('alert').filter({ hasText: 'Nothing was changed' });
    await refusal.waitFor();
    const report = await bulk.getByRole('table').locator('tbody tr').allInnerTexts();
    expect(report.length).toBeGreaterThanOrEqual(2);
    for (const row of report) expect(row).toMatch(/Record at least one filed petition|Not changed/);
    await tableSettled(page);
    expect(new Set(await columnTexts(page, 'Stage'))).toEqual(new Set(['Petitions to file']));
  });

  it('offers intake only the bulk moves it may make: none that reads criminal history', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=petitions_to_file&sort=reference&dir=asc`);
    await tableSettled(page);
    await queueTable(page).getByRole('checkbox', { name: 'Select all matters on this page' }).check();
    const bulk = page.getByRole('region', { name: 'Selected matters' });
    const offered = await bulk.getByLabel('Move to stage').locator('option').allInnerTexts();
    // "Awaiting court decision" rests on the matter's petitions, which intake may not see.
    expect(offered).not.toContain(STAGE_LABELS.awaiting_decision);
    const allowed = movesOffered({ role: 'intake', canViewRapSheets: false }, 'petitions_to_file');
    expect(offered).toEqual([
      'Choose a stage',
      ...STAGES.filter((to) => allowed.includes(to)).map((to) => STAGE_LABELS[to]),
    ]);
    expect(allowed.length).toBeGreaterThan(0);
    await expectAccessible(page);
  });

  it('exports every row of the view as CSV', { timeout: 60_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/matters?queue=all`);
    await tableSettled(page);
    const count = await queueCount(page, 'All matters');
    expect(count).toBeGreaterThan(PAGE_SIZE);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^matters-all-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
    const lines = text.split('\r\n').filter((line) => line !== '');
    expect(lines[0]).toBe(
      'Matter,Client,Language,County,Stage,Assignee,Referral source,Received,Days open,Last client contact,Documents due,Next court date',
    );
    expect(lines.length - 1).toBe(count);

    // A filtered view exports only its rows.
    await page.goto(`${server.url}/matters?queue=all&stage=gathering_records`);
    await tableSettled(page);
    const [filtered] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }),
      page.getByRole('link', { name: 'Export CSV' }).click(),
    ]);
    const rows = (await readFile(await filtered.path(), 'utf8'))
      .split('\r\n')
      .filter((l) => l !== '')
      .slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain(',Gathering records,');
  });

  it('works without a mouse: move between rows, select with Space, open with Enter', {
    timeout: 60_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?queue=all&sort=reference&dir=asc`);
    await tableSettled(page);
    const references = await columnTexts(page, 'Matter');
    await page.getByRole('heading', { name: 'Case queue' }).focus();
    let focused = '';
    for (let i = 0; i < 60 && focused !== 'row-link'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.className ?? '');
    }
    expect(focused).toBe('row-link');
    const activeText = () => page.evaluate(() => document.activeElement?.textContent ?? '');
    expect(await activeText()).toBe(references[0]);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await activeText()).toBe(references[2]);
    await page.keyboard.press('Space');
    await page.getByRole('region', { name: 'Selected matters' }).getByText('1 selected.').waitFor();
    expect(
      await queueTable(page)
        .getByRole('checkbox', { name: `Select ${references[2]}` })
        .isChecked(),
    ).toBe(true);
    await page.keyboard.press('ArrowUp');
    expect(await activeText()).toBe(references[1]);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(page.url()).toMatch(/\/matters\/\w+$/);
  });
});
