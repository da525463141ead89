// The supervisor dashboard in Chromium with the demo data: every chart draws, each has its numbers
// as a table, a number opens the queue filtered to those matters, and the page passes axe-core.
import { matterViewFiltersFromUrl } from '@relief-desk/domain';
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
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
  'Throughput, last 84 days',
  'Referrals by source, last 84 days',
];

describe.skipIf(!chromiumPath)('the supervisor dashboard in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('draws every chart with its table, passes axe-core, and a number opens its matters', {
    timeout: 90_000,
  }, async () => {
    const { page, server } = suite;
    // The Content-Security-Policy allows no inline styles: nothing the charts draw may need one.
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    });
    await signIn(page, server.url, 'supervisor@example.org');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
    await expectAccessible(page);
    expect(refused).toEqual([]);

    for (const title of CHARTS) await page.getByText(`Numbers for “${title}” as a table`).click();
    // On a narrow screen a table scrolls in a region of its own, named for its chart, so the
    // landmarks list tells one table from another.
    const wide = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    const tableRegions = page.locator('section.scroll-region[aria-label]');
    await expect.poll(() => tableRegions.count()).toBeGreaterThan(0);
    const names = await tableRegions.evaluateAll((regions) =>
      regions.map((r) => `${r.getAttribute('aria-label')}|${r.querySelector('caption')?.textContent}`),
    );
    for (const name of names) {
      const [label, caption] = name.split('|');
      expect(CHARTS, name).toContain(caption);
      expect(label).toBe(`${caption} as a table`);
    }
    expect(new Set(names).size).toBe(names.length);
    if (wide) await page.setViewportSize(wide);
    // Every chart draws a bar for each number above zero in its table, and the bar's tooltip names
    // the same row, series and number.
    for (const title of CHARTS) {
      const chart = page.getByRole('region', { name: title, exact: true });
      const fromTable = await chart.locator('table').evaluate((table) => {
        const series = [...table.querySelectorAll('thead th')].slice(1).map((th) => th.textContent ?? '');
        return [...table.querySelectorAll('tbody tr')].flatMap((row) =>
          [...row.querySelectorAll('td')].flatMap((cell, i) => {
            const count = Number(cell.querySelector('a')?.textContent ?? 0);
            return count > 0 ? [`${row.querySelector('th')?.textContent}, ${series[i]}: ${count}`] : [];
          }),
        );
      });
      const bars = await chart.locator('svg .bar-chart__bar title').allTextContents();
      expect(fromTable.length, title).toBeGreaterThan(0);
      expect(bars.sort(), title).toEqual(fromTable.sort());
    }
    const stages = page.getByRole('table', { name: 'Open matters by stage' });
    await stages.waitFor();
    expect(
      await page.getByRole('table', { name: 'Throughput, last 84 days' }).locator('tbody tr').count(),
    ).toBe(12);
    // Each says the span it counts: 7 days ending today, not a calendar week.
    expect(
      await page
        .getByRole('table', { name: 'Throughput, last 84 days' })
        .locator('thead th')
        .first()
        .innerText(),
    ).toBe('7 days starting');
    expect(
      await page.getByRole('table', { name: 'Workload per person' }).locator('thead th').allInnerTexts(),
    ).toContain('Touched in the last 7 days');
    const byStage = await page
      .getByRole('region', { name: 'Open matters by stage', exact: true })
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
    // The ageing counts the matters still waiting for their answer: those in the first three stages.
    const waiting = byStage
      .filter(([stage]) =>
        ['Referral received', 'Gathering records', 'Eligibility review'].includes(stage ?? ''),
      )
      .reduce((sum, [, count]) => sum + Number(count), 0);
    expect(waiting).toBeGreaterThan(0);
    expect(aging.reduce((sum, n) => sum + Number(n), 0)).toBe(waiting);
    await expectAccessible(page);

    // A bar opens the same queue as its number in the table.
    const agingBar = page
      .getByRole('region', { name: 'Aging against the 2-6 week promise', exact: true })
      .locator('.bar-chart__bar')
      .first();
    const agingLabel = (await agingBar.locator('title').textContent())?.split(',')[0] ?? '';
    const agingHref = await page
      .getByRole('table', { name: 'Aging against the 2-6 week promise' })
      .getByRole('row', { name: new RegExp(`^${agingLabel} `) })
      .getByRole('link')
      .getAttribute('href');
    await agingBar.click();
    await page.waitForURL((url) => `${url.pathname}${url.search}` === agingHref);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/dashboard');
    // The page is drawn again on the way back; a click on the summary it is replacing would be lost,
    // so open the table until it shows (clicking only while it is closed).
    const stagesSummary = page.getByText('Numbers for “Open matters by stage” as a table');
    await expect
      .poll(
        async () => {
          const open = await stagesSummary.evaluate((el) => el.closest('details')?.open ?? false);
          if (!open) await stagesSummary.click();
          return stages.isVisible();
        },
        { timeout: 20_000 },
      )
      .toBe(true);

    // "Gathering records" opens the queue filtered to that stage, with as many rows as the number says.
    const gathering = Number(byStage.find(([stage]) => stage === 'Gathering records')?.[1]);
    expect(gathering).toBeGreaterThan(0);
    await stages
      .getByRole('row', { name: /Gathering records/ })
      .getByRole('link')
      .click();
    await page.waitForURL(/\/matters\?stage=gathering_records&status=open$/);
    await page.waitForFunction(() => {
      const table = document.querySelector('table[aria-describedby="queue-keys"]');
      return (
        table?.getAttribute('aria-busy') === 'false' &&
        table.getAttribute('data-view') === 'stage=gathering_records&status=open'
      );
    });
    expect(await page.locator('table[aria-describedby="queue-keys"] a.row-link').count()).toBe(
      Math.min(gathering, 25),
    );
  });

  it('every number opens a view of exactly the matters it counts', { timeout: 90_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
    // A table is made as it is opened: every one is there before the links are read. Opened by its
    // summary until it shows: on a busy machine a press can land while the page above it is still
    // growing (the tables opened before), leaving it closed.
    for (const title of CHARTS) {
      const table = page.getByRole('table', { name: title });
      const summary = page.getByText(`Numbers for “${title}” as a table`);
      await expect
        .poll(
          async () => {
            const open = await summary.evaluate((el) => (el.parentElement as HTMLDetailsElement).open);
            if (!open) await summary.click();
            return table.isVisible();
          },
          { timeout: 30_000 },
        )
        .toBe(true);
    }
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const numbers = await page
      .locator('main table a')
      .evaluateAll((links) =>
        links.map((a) => ({ href: a.getAttribute('href') ?? '', count: Number(a.textContent) })),
      );
    expect(numbers.length).toBeGreaterThan(50);
    let nonZero = 0;
    for (const number of numbers) {
      const view = matterViewFiltersFromUrl(new URL(number.href, server.url).searchParams);
      // Every row of the view, through the same API the queue page reads, a page of 200 at a time.
      const listed = await page.evaluate(async (view) => {
        let total = 0;
        let cursor: string | null = null;
        do {
          const input = encodeURIComponent(JSON.stringify({ ...view, cursor, limit: 200 }));
          const response = await fetch(`/trpc/matters.list?input=${input}`);
          const body = (await response.json()) as {
            result: { data: { items: unknown[]; nextCursor: string | null } };
          };
          total += body.result.data.items.length;
          cursor = body.result.data.nextCursor;
        } while (cursor);
        return total;
      }, view);
      // Every number counts matters: its list holds as many.
      expect(listed, number.href).toBe(number.count);
      if (number.count > 0) nonZero += 1;
    }
    // The demo data gives most charts something to count, so the comparison above means something.
    expect(nonZero).toBeGreaterThan(30);

    // Several sources (recorded by staff): the filter form says so, and counts one filter, not five.
    const sources = numbers.find((n) => new URL(n.href, server.url).searchParams.getAll('source').length > 1);
    expect(sources).toBeDefined();
    await page.goto(`${server.url}${sources?.href}`);
    await page.getByRole('heading', { name: 'Case queue', level: 1 }).waitFor();
    const several = new URL(sources?.href ?? '', server.url).searchParams.getAll('source').length;
    const select = page.getByRole('combobox', { name: 'Referral source' });
    expect(await select.inputValue()).toBe('__several');
    expect(await select.locator('option:checked').textContent()).toBe(
      `${several} sources, as the link set them`,
    );
    const on = Number(
      /\((\d+) on\)/.exec((await page.getByText(/^Filters \(\d+ on\)$/).textContent()) ?? '')?.[1],
    );
    expect(on).toBeGreaterThan(0);
    expect(on).toBeLessThan(several);

    // A drill-down says in words what limits the view, and one button takes the limit away.
    const decided = numbers.find((n) => n.href.includes('activity=eligibility_decided') && n.count > 0);
    expect(decided).toBeDefined();
    await page.goto(`${server.url}${decided?.href}`);
    await page.getByText(/Only matters with: Eligibility decided from /).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Show matters without this limit' }).click();
    await page.waitForURL((url) => !url.searchParams.has('activity'));
    await page.getByText(/Only matters with/).waitFor({ state: 'detached', timeout: 5000 });
    // The button went with the note; focus is back at the page's heading, not lost.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Case queue');
  });

  it('tells an administrator without the RAP sheet permission why the court outcomes are not shown', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
    // How the counts change from one day to the next would tell what the court decided: neither the
    // numbers nor their table are there, and the card says why and whom to ask.
    const court = page.getByRole('region', { name: 'Court outcomes', exact: true });
    await court.getByText('The court’s outcomes need the RAP sheet permission').waitFor();
    await court.getByText('Another administrator of your office who holds it can grant it to you').waitFor();
    expect(await court.locator('table').count()).toBe(0);
    expect(await page.getByText('Numbers for “Court outcomes” as a table').count()).toBe(0);
    await expectAccessible(page);
  });

  it('follows a lowered role at once: the first refusal redraws the menu and drops the pages it no longer allows', {
    timeout: 90_000,
  }, async () => {
    const { page, server } = suite;
    const admin = await apiCaller(server.url, 'admin@example.org');
    const setRole = async (role: string) => {
      const people = await admin<{ id: string; email: string; version: number }[]>('users.list', {}, 'GET');
      const jorge = people.find((p) => p.email === 'jorge.ibanez@example.org');
      if (!jorge) throw new Error('No Jorge Ibáñez in the demo office');
      await admin('users.setRole', { userId: jorge.id, version: jorge.version, role });
    };
    await setRole('supervisor');
    try {
      await signIn(page, server.url, 'jorge.ibanez@example.org');
      const menu = page.getByRole('navigation', { name: 'Main' });
      await menu.getByRole('link', { name: 'Dashboard' }).click();
      await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
      await menu.getByRole('link', { name: 'Case queue' }).click();
      await page.getByRole('heading', { name: 'Case queue' }).waitFor();

      // Back to intake while the tab is open: the server refuses the audit log at once, and that
      // refusal has the app ask who is signed in again.
      await setRole('intake');
      await menu.getByRole('link', { name: 'Audit log' }).click();
      await page.getByRole('heading', { name: 'Audit log: not for your role' }).waitFor();
      await expect.poll(() => menu.getByRole('link', { name: 'Dashboard' }).count()).toBe(0);
      expect(await menu.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
      // The dashboard read before is not shown from the cache: the page is not his role's.
      await page.goBack();
      await page.getByRole('heading', { name: 'Case queue' }).waitFor();
      await page.goBack();
      await page.getByRole('heading', { name: 'Dashboard: not for your role' }).waitFor();
      expect(await page.getByRole('heading', { name: 'Supervisor dashboard' }).count()).toBe(0);
    } finally {
      // The role as the demo has it, for the tests after this one.
      await setRole('intake').catch(() => undefined);
    }
  });

  // After the tests that count the workload: it disables a demo colleague on the server they share.
  it('marks a disabled person’s row in the workload, so their open matters are seen to wait', async () => {
    const { page, server } = suite;
    const admin = await apiCaller(server.url, 'admin@example.org');
    const people = await admin<{ id: string; name: string; version: number }[]>('users.list', {}, 'GET');
    const priya = people.find((p) => p.name === 'Priya Raman');
    if (!priya) throw new Error('No Priya Raman in the demo office');
    await admin('users.setActive', { userId: priya.id, version: priya.version, active: false });

    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Supervisor dashboard', level: 1 }).waitFor();
    await page.getByText('Numbers for “Workload per person” as a table').click();
    const workload = page.getByRole('region', { name: 'Workload per person', exact: true }).locator('table');
    await workload.getByRole('rowheader', { name: 'Priya Raman (disabled)', exact: true }).waitFor();
    // An active colleague is not marked.
    expect(await workload.getByRole('rowheader', { name: 'Daniel Okafor', exact: true }).count()).toBe(1);
  });

  it('is not offered to intake staff', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    expect(
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).count(),
    ).toBe(0);
    await page.goto(`${server.url}/dashboard`);
    await page.getByRole('heading', { name: 'Dashboard: not for your role' }).waitFor();
    await page.getByText('This page is for supervisors and administrators.').waitFor();
  });
});
