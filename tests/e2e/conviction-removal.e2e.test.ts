// Removing a conviction entered by mistake, in Chromium: from the keyboard, after a confirm step; the
// conviction leaves the panel, the live region and the timeline say which one went, focus lands on
// "Add a conviction", and the page passes axe. A conviction a petition still holds offers no Remove
// and says why. A matter at awaiting the court holds its convictions in filed petitions.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('removing a conviction in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('removes one from the keyboard, and offers no Remove for one a petition holds', {
    timeout: 150_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=eligibility_review`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const panel = page.getByRole('region', { name: 'Convictions and eligibility' });
    const remove = panel.getByRole('button', { name: /^Remove / }).first();
    await remove.waitFor();
    const label = ((await remove.textContent()) ?? '').replace(/^Remove\s*/, '').trim();
    expect(label).toMatch(/case /);
    const before = await panel.getByRole('article').count();

    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain(`Remove the conviction ${label}?`);
      void dialog.accept();
    });
    await remove.press('Enter');
    await panel
      .getByRole('status')
      .filter({ hasText: `Conviction removed: ${label}.` })
      .waitFor();
    await expect.poll(() => panel.getByRole('article').count()).toBe(before - 1);
    expect(await panel.getByRole('heading', { name: label, exact: true }).count()).toBe(0);
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe('Add a conviction');
    await page.getByRole('region', { name: 'Timeline' }).getByText(`Conviction removed: ${label}.`).waitFor();
    await expectAccessible(page);

    await page.goto(`${server.url}/matters?stage=awaiting_decision`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const held = page.getByRole('region', { name: 'Convictions and eligibility' });
    await held
      .getByText(/^Its petition is (filed|hearing set).*set the petition to Withdrawn first\./)
      .first()
      .waitFor();
    expect(await held.getByRole('button', { name: /^Remove / }).count()).toBe(0);
  });
});
