// The calendar in Chromium with the demo data, some of whose petitions are still before the court with
// their rule-by date passed: the list shows them in its overdue part, saying to chase the court, and
// the month view marks them overdue. Staff without the RAP sheet permission see no case numbers there.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

async function overdueCourtDates(page: Page) {
  await page.getByRole('heading', { name: 'The next 30 days, and what is overdue' }).waitFor();
  const overdue = page.getByRole('region', { name: 'Overdue', exact: true });
  await overdue.waitFor();
  return overdue.getByRole('listitem').filter({ hasText: 'Court to rule by' });
}

describe.skipIf(!chromiumPath)('court dates passed with the court still to rule, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('lists them as overdue, saying to chase the court, and marks them in the month view', {
    timeout: 90_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/calendar`);
    const entries = await overdueCourtDates(page);
    await expect.poll(() => entries.count()).toBeGreaterThan(0);
    const first = entries.first();
    expect(await first.textContent()).toMatch(
      /Court to rule by, case \S+ Overdue Past, no ruling recorded: chase the court for its decision/,
    );
    await expectAccessible(page);

    const day = await first.locator('time').getAttribute('datetime');
    await page.goto(`${server.url}/calendar?view=month&date=${day}`);
    const cell = page.locator(`[data-day="${day}"]`);
    await cell.waitFor();
    const marked = cell.getByRole('listitem').filter({ hasText: 'Court to rule by' }).first();
    expect(await marked.textContent()).toContain('Overdue: chase the court');
  });

  it('shows staff without the RAP sheet permission that a court date is overdue, not its case', {
    timeout: 60_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/calendar`);
    const entries = await overdueCourtDates(page);
    await expect.poll(() => entries.count()).toBeGreaterThan(0);
    for (const text of await entries.allTextContents()) {
      expect(text).toContain('chase the court');
      expect(text).not.toMatch(/case|CR\d/);
    }
  });
});
