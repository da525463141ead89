// A matter opened by its link, as from an e-mail or a bookmark: signed in, the matter is drawn and its
// panels follow below it, in order, with axe clean once they are all in; signed out, the link leads to
// sign-in and nothing of the matter reaches the page.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const PANELS_IN_ORDER = [
  'Matter',
  'Client',
  'Stage',
  'Documents',
  'Read RAP sheet',
  'Convictions and eligibility',
  'Arrests without conviction',
  'Petitions',
  'Messages',
  'Notes and calls',
  'Timeline',
];

describe.skipIf(!chromiumPath)('a matter opened by its link in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  /** The first matter of the queue: its address and its client's name, as the queue shows them. */
  async function someMatter(): Promise<{ href: string; clientName: string }> {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    const link = page.getByRole('row').nth(1).getByRole('link');
    const href = (await link.getAttribute('href')) ?? '';
    await link.click();
    const heading = await page.getByRole('heading', { level: 1, name: /^Matter / }).innerText();
    return { href: `${server.url}${href}`, clientName: heading.split(': ')[1] ?? '' };
  }

  it('draws the matter, then its panels below it in order', async () => {
    const { page } = suite;
    const { href, clientName } = await someMatter();
    await page.goto(href);
    const heading = page.getByRole('heading', { level: 1 });
    await expect.poll(() => heading.innerText()).toContain(clientName);
    // Focus is on the heading, so a screen reader starts from the matter.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.getByRole('heading', { level: 2, name: 'Timeline' }).waitFor();
    await expect(
      page.getByRole('status').filter({ hasText: 'Loading the rest of the matter' }).count(),
    ).resolves.toBe(0);
    const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
    expect(headings.filter((h) => PANELS_IN_ORDER.includes(h))).toEqual(
      PANELS_IN_ORDER.filter((h) => headings.includes(h)),
    );
    expect(headings).toEqual(
      expect.arrayContaining(['Documents', 'Petitions', 'Notes and calls', 'Timeline']),
    );
    await expectAccessible(page);
  });

  it('leads to sign-in when signed out, without showing anything of the matter', async () => {
    const { page } = suite;
    const { href, clientName } = await someMatter();
    // Off the app first: the matter page still open would answer its own requests' refusal (once the
    // cookie is gone) by going to sign-in, and that navigation aborted the one below (ERR_ABORTED).
    await page.goto('about:blank');
    await page.context().clearCookies();
    await page.goto(href);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.locator('body').innerText()).not.toContain(clientName);
  });
});
