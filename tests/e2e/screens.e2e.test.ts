// Screens that work at a phone's width and a desk's, in Chromium with the demo data: at 390 px the
// navigation folds behind a Menu button worked by keyboard and no page any demo role can reach scrolls
// sideways; at 1440 px the administrator's menu is one row. Each role sees only the pages it can use,
// and a page it cannot use says who it is for. The delivery banner speaks to the reader's role. The
// queue says which matters of how many it shows and offers bulk actions only for selected ones. The
// calendar's month and week views are grids worked by keyboard. Every screen passes axe.
import {
  addDays,
  californiaDate,
  type IsoDate,
  QUEUE_LABELS,
  ROLE_LABELS,
  type Role,
  sameDayMonthsAway,
} from '@relief-desk/domain';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const PHONE = { width: 390, height: 844 };
const DESK = { width: 1440, height: 900 };

const ROLES: Role[] = ['intake', 'attorney', 'supervisor', 'admin'];
const emailOf = (role: Role) => `${role}@example.org`;

/** The page's data has arrived: no request for half a second, and no loading message left. */
async function settled(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('h1')
    .first()
    .waitFor()
    .catch((error: Error) => {
      throw new Error(`${page.url()} drew no heading: ${error.message}`);
    });
  await expect.poll(() => page.getByText(/^Loading( page)?…$/).count(), { timeout: 15_000 }).toBe(0);
}

async function scrollsSideways(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
const focusedDay = (page: Page) =>
  page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.day ?? null);

const monthTitle = (day: IsoDate) =>
  new Intl.DateTimeFormat('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );

describe.skipIf(!chromiumPath)('screens at a phone’s width and a desk’s, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it.each(ROLES)(
    'at 390 px the menu opens and closes by keyboard, and no page %s staff can reach scrolls sideways',
    { timeout: 300_000 },
    async (role) => {
      const { page, server } = suite;
      await page.setViewportSize(PHONE);
      await signIn(page, server.url, emailOf(role));
      const nav = page.getByRole('navigation', { name: 'Main' });
      const menu = page.getByRole('button', { name: 'Menu' });

      // Folded: the links are out of sight until the button is pressed.
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await nav.isVisible()).toBe(false);
      // From the top of the page, the Menu button is the next Tab stop after the name of the desk.
      await page.locator('.brand').click();
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Menu');
      await page.keyboard.press('Enter');
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await nav.waitFor();
      await expectAccessible(page);
      // Every page the menu offers, and the person's own ("Your sessions").
      const paths = await page
        .locator('#site-menu a')
        .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
      expect(paths.length).toBeGreaterThanOrEqual(5);
      // Escape closes it and gives focus back to the button; Space opens it again.
      await page.keyboard.press('Tab');
      expect(await focusedText(page)).toBe('Case queue');
      await page.keyboard.press('Escape');
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      expect(await focusedText(page)).toBe('Menu');
      await nav.waitFor({ state: 'hidden' });
      await page.keyboard.press('Space');
      await nav.waitFor();
      // Following a link closes the menu.
      await page.keyboard.press('Tab');
      await page.keyboard.press('Tab');
      const followed = await focusedText(page);
      await page.keyboard.press('Enter');
      await nav.waitFor({ state: 'hidden' });
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(followed.length).toBeGreaterThan(0);

      // Every page in the menu, a matter and the pages it leads to (the client's record, a merge),
      // the queue with its widest columns and the calendar's grids: none wider than the screen.
      await page.goto(`${server.url}/matters?queue=awaiting_decision`);
      await settled(page);
      const matter = await page.locator('a.row-link').first().getAttribute('href');
      const pages = [
        ...paths,
        matter ?? '/matters',
        '/matters?queue=documents_outstanding',
        '/calendar?view=month',
        '/calendar?view=week',
      ];
      for (const path of pages) {
        await page.goto(`${server.url}${path}`);
        await settled(page);
        // Opened, the page puts focus on its heading (once it has drawn it, after "Loading…"), so a
        // screen reader says where the person is and Tab starts from the page, not the top bar.
        expect(
          await page.evaluate(() => document.activeElement === document.querySelector('h1')),
          `focus on ${path} for ${role}`,
        ).toBe(true);
        if (/^\/(matters|clients)\/\w+$/.test(path)) {
          const onward = await page
            .locator('main a[href^="/clients/"]')
            .evaluateAll((links) => links.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
          for (const next of onward) if (!pages.includes(next) && pages.length < 20) pages.push(next);
        }
        // Everything folded away opened, so nothing hides the width it would take.
        await page.evaluate(() => {
          document.querySelectorAll('main details').forEach((d) => {
            (d as HTMLDetailsElement).open = true;
          });
        });
        const { scrollWidth, clientWidth } = await scrollsSideways(page);
        expect(scrollWidth, `${path} for ${role}`).toBeLessThanOrEqual(clientWidth);
        expect(await page.locator('h1').first().innerText(), path).not.toMatch(/not for your role|not found/);
        await expectAccessible(page);
      }
    },
  );

  it('shows each role only the pages it can use, and says who a page is for when it cannot', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    await page.setViewportSize(DESK);
    const offered = async (role: Role) => {
      await signIn(page, server.url, emailOf(role));
      const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
      return links;
    };
    const everyone = ['Case queue', 'New referral', 'Calendar', 'Delivery'];
    expect(await offered('intake')).toEqual(everyone);
    expect(await offered('attorney')).toEqual([...everyone, 'Rules review', 'Filing runs']);
    expect(await offered('supervisor')).toEqual([
      ...everyone,
      'Rules review',
      'Filing runs',
      'Dashboard',
      'Audit log',
    ]);
    expect(await offered('admin')).toEqual([
      ...everyone,
      'Dashboard',
      'Audit log',
      'Office settings',
      'Message templates',
    ]);

    await signIn(page, server.url, emailOf('intake'));
    const refusals: [string, string, string][] = [
      ['/dashboard', 'Dashboard', 'supervisors and administrators'],
      ['/audit', 'Audit log', 'supervisors and administrators'],
      ['/rules-review', 'Rules review', 'attorneys and supervisors'],
      ['/filing', 'Filing runs', 'attorneys and supervisors'],
      ['/settings', 'Office settings', 'administrators'],
      ['/settings/messages', 'Message templates', 'administrators'],
      ['/settings/users', 'Users', 'administrators'],
    ];
    for (const [path, label, who] of refusals) {
      await page.goto(`${server.url}${path}`);
      await page.getByRole('heading', { name: `${label}: not for your role`, level: 1 }).waitFor();
      const text = await page.locator('main').innerText();
      expect(text).toContain(`This page is for ${who}.`);
      expect(text).toContain(`Your role is ${ROLE_LABELS.intake}`);
      expect(text).not.toContain('Page not found');
    }
    await expectAccessible(page);
    // The way back is a link to the queue.
    await page.getByRole('link', { name: 'Go to the case queue.' }).click();
    await page.getByRole('heading', { name: 'Case queue', level: 1 }).waitFor();
    // An address that is no page at all still says so.
    await page.goto(`${server.url}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
  });

  it('at 1440 px fits the administrator’s menu on one row', async () => {
    const { page, server } = suite;
    await page.setViewportSize(DESK);
    await signIn(page, server.url, emailOf('admin'));
    expect(await page.getByRole('button', { name: 'Menu' }).isVisible()).toBe(false);
    const header = page.locator('header');
    const tops = await header
      .locator('nav a, .topbar__user a, .topbar__user button')
      .evaluateAll((items) => items.map((el) => Math.round(el.getBoundingClientRect().top)));
    // The administrator's eight pages, "Your sessions" and "Sign out".
    expect(tops.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThanOrEqual(8);
    expect((await header.boundingBox())?.height ?? 0).toBeLessThan(70);
    const { scrollWidth, clientWidth } = await scrollsSideways(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await expectAccessible(page);
  });

  it('says in the banner what waits unsent and, to an administrator, what to set', async () => {
    const { page, server } = suite;
    // The test server has neither e-mail nor text messages set up, and the demo data has both waiting.
    await signIn(page, server.url, emailOf('intake'));
    const banner = page.locator('.delivery-banner');
    await banner
      .getByText('E-mail is not set up yet; messages wait until an administrator sets it up.')
      .waitFor();
    expect(await banner.innerText()).not.toMatch(/SMTP_URL|SMS_API_URL/);
    await page.goto(`${server.url}/messages/problems`);
    await page.getByRole('heading', { name: 'Delivery problems', level: 1 }).waitFor();
    const failed = page.getByRole('region', { name: 'Messages not delivered' });
    await failed.getByText(/Waiting unsent: \d+ e-mails? \(e-mail is not set up\)/).waitFor();
    expect(await failed.innerText()).not.toContain('Every message was delivered');
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    await signIn(page, server.url, emailOf('admin'));
    await banner.getByText(/E-mail is not set up: \d+ e-mails? (is|are) waiting, unsent\./).waitFor();
    const text = await banner.innerText();
    expect(text).toContain('set SMTP_URL and MAIL_FROM on the server and restart it');
    expect(text).toContain('set SMS_API_URL and SMS_API_KEY on the server and restart it');
    await expectAccessible(page);
  });

  it('shows “1-25 of” the view’s matters and offers bulk actions only for selected matters', {
    timeout: 60_000,
  }, async () => {
    const { page, server } = suite;
    await page.setViewportSize(DESK);
    await signIn(page, server.url, emailOf('supervisor'));
    await page.goto(`${server.url}/matters?queue=all`);
    const tab = page
      .getByRole('navigation', { name: 'Queues' })
      .getByRole('link', { name: QUEUE_LABELS.all });
    await tab.locator('.queue-tabs__count').filter({ hasText: /^\d+$/ }).waitFor();
    const all = Number(await tab.locator('.queue-tabs__count').innerText());
    expect(all).toBeGreaterThan(50);
    const count = page.locator('.queue-count');
    await count.getByText(`Matters 1-25 of ${all}`).waitFor();
    expect(await page.getByRole('region', { name: 'Selected matters' }).count()).toBe(0);
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Next page' }).click();
    await count.getByText(`Matters 26-50 of ${all}`).waitFor();
    await page.getByRole('button', { name: 'Previous page' }).click();
    await count.getByText(`Matters 1-25 of ${all}`).waitFor();

    // A filter narrows the count to the view.
    await page.goto(`${server.url}/matters?queue=all&stage=gathering_records`);
    await count.getByText(/^Matters 1-\d+ of \d+$/).waitFor();
    const [, shown, total] = /^Matters 1-(\d+) of (\d+)$/.exec(await count.innerText()) ?? [];
    expect(Number(total)).toBeLessThan(all);
    expect(Number(shown)).toBe(Math.min(Number(total), 25));
    expect(await page.locator('a.row-link').count()).toBe(Number(shown));

    // The bar of bulk actions appears with the first selected matter and goes with the last.
    const first = page.locator('tbody input[type=checkbox]').first();
    await first.check();
    const bulk = page.getByRole('region', { name: 'Selected matters' });
    await bulk.getByText('1 selected.').waitFor();
    await expectAccessible(page);
    await first.uncheck();
    await bulk.waitFor({ state: 'detached' });
  });

  it('shows the calendar as a month and a week, today marked, worked with the keyboard', {
    timeout: 90_000,
  }, async () => {
    const { page, server } = suite;
    await page.setViewportSize(DESK);
    await signIn(page, server.url, emailOf('attorney'));
    const today = californiaDate(new Date());
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('heading', { name: 'Calendar', level: 1 }).waitFor();
    // The list stays, beside the grids.
    await page.getByRole('heading', { name: 'The next 30 days, and what is overdue' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Calendar views' })
      .getByRole('link', { name: 'Month' })
      .click();

    const month = page.getByRole('grid', { name: monthTitle(today) });
    await month.waitFor();
    // Days named in full for screen readers (the eye reads "Sun", "Mon", …).
    const columns = month.getByRole('columnheader');
    expect(await columns.count()).toBe(7);
    for (const [i, name] of [
      'Sunday',
      'Monday',
      'Tuesday',
      'Wednesday',
      'Thursday',
      'Friday',
      'Saturday',
    ].entries())
      expect(await columns.nth(i).evaluate((th) => th.querySelector('.visually-hidden')?.textContent)).toBe(
        name,
      );
    await month.getByRole('columnheader', { name: 'Wednesday', exact: true }).waitFor();
    const todayCell = month.locator('[aria-current="date"]');
    expect(await todayCell.getAttribute('data-day')).toBe(today);
    expect(await todayCell.innerText()).toContain('Today');
    await settled(page);
    const links = await month
      .locator('.cal-entry a')
      .evaluateAll((as) => as.map((a) => new URL((a as HTMLAnchorElement).href).pathname));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^\/matters\/\w+$/);
    await expectAccessible(page);

    // One Tab stop: from "Next month" Tab lands on today; arrows move by days, Page Down by a month.
    await page.getByRole('button', { name: 'Next month' }).focus();
    await page.keyboard.press('Tab');
    expect(await focusedDay(page)).toBe(today);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 1));
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => focusedDay(page)).toBe(today);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 7));
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => focusedDay(page)).toBe(today);
    await page.keyboard.press('PageDown');
    const nextMonth = sameDayMonthsAway(today, 1);
    await page.getByRole('grid', { name: monthTitle(nextMonth) }).waitFor();
    await expect.poll(() => focusedDay(page)).toBe(nextMonth);
    await page.getByRole('button', { name: 'This month' }).click();
    await month.waitFor();

    // The week: one row per day, each named by its row header.
    await page
      .getByRole('navigation', { name: 'Calendar views' })
      .getByRole('link', { name: 'Week' })
      .click();
    const week = page.getByRole('grid', { name: /^Week: / });
    await week.waitFor();
    expect(await week.getByRole('rowheader').count()).toBe(7);
    expect(await week.locator('[aria-current="date"]').getAttribute('data-day')).toBe(today);
    await settled(page);
    await expectAccessible(page);
    await week.locator('[aria-current="date"]').focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => focusedDay(page)).toBe(addDays(today, 1));

    // At a phone's width the month scrolls inside its own named region, not the page.
    await page.setViewportSize(PHONE);
    await page.goto(`${server.url}/calendar?view=month`);
    await page.getByRole('grid', { name: monthTitle(today) }).waitFor();
    const region = page.getByRole('region', { name: 'Month calendar' });
    expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const { scrollWidth, clientWidth } = await scrollsSideways(page);
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await expectAccessible(page);
  });
});
