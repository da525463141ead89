// The supervisor dashboard in Chromium with the demo data: every chart draws, each has its numbers
// as a table, a number opens the queue filtered to those matters, and the page passes axe-core.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const CHARTS = [
  'Open matters by stage',
  'Aging against the 2-6 week promise',
  'Open matters by county',
  'Court outcomes',
  'Time to first contact',
  'Workload per person',
  'Throughput, last 12 weeks',
];

describe.skipIf(!chromiumPath)('the supervisor dashboard in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('draws every chart with its table, passes axe-core, and a number opens its matters', {
    timeout: 90_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
    for (const title of CHARTS) {
      const chart = page.getByRole('region', { name: title });
      await chart.locator('svg.recharts-surface').first().waitFor();
      await chart.locator('.recharts-bar-rectangle, .recharts-bar').first().waitFor({ state: 'attached' });
    }
    await expectAccessible(page);

    for (const title of CHARTS) await page.getByText(`Numbers for “${title}” as a table`).click();
    const stages = page.getByRole('table', { name: 'Open matters by stage' });
    await stages.waitFor();
    expect(
      await page.getByRole('table', { name: 'Throughput, last 12 weeks' }).locator('tbody tr').count(),
    ).toBe(12);
    const byStage = await page
      .getByRole('region', { name: 'Open matters by stage' })
      .locator('tbody tr')
      .evaluateAll((rows) =>
        rows.map((r) => [r.querySelector('th')?.textContent ?? '', r.querySelector('a')?.textContent ?? '']),
      );
    const aging = await page
      .getByRole('table', { name: 'Aging against the 2-6 week promise' })
      .locator('tbody a')
      .allInnerTexts();
    const openTotal = byStage.reduce((sum, [, count]) => sum + Number(count), 0);
    expect(openTotal).toBeGreaterThan(0);
    expect(aging.reduce((sum, n) => sum + Number(n), 0)).toBe(openTotal);
    await expectAccessible(page);

    // "Gathering records" opens the queue filtered to that stage, with as many rows as the number says.
    const gathering = Number(byStage.find(([stage]) => stage === 'Gathering records')?.[1]);
    expect(gathering).toBeGreaterThan(0);
    await stages
      .getByRole('row', { name: /Gathering records/ })
      .getByRole('link')
      .click();
    await page.waitForURL(/\/matters\?stage=gathering_records$/);
    await page.waitForFunction(() => {
      const table = document.querySelector('table[aria-describedby="queue-keys"]');
      return (
        table?.getAttribute('aria-busy') === 'false' &&
        table.getAttribute('data-view') === 'stage=gathering_records'
      );
    });
    expect(await page.locator('table[aria-describedby="queue-keys"] a.row-link').count()).toBe(
      Math.min(gathering, 25),
    );
  });

  it('is not offered to intake staff', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).count(),
    ).toBe(0);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
  });
});
