// A referral for a county another office of the desk serves is recorded as referred out; from the
// matter's Stage panel, keyboard only, intake passes it on to that office, which then finds the client
// in its own New referrals. Every page passes axe-core.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('passing a matter on to another office in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('passes a San Francisco referral on to Golden Gate Legal Aid, which finds it in its New referrals', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    await page.getByLabel('Legal name').fill('Iñaki Saldaña Ferrer');
    await page.getByLabel('Date of birth').fill('1981-10-02');
    await page.getByLabel('Phone', { exact: true }).fill('(415) 555-0131');
    await page.getByLabel('By phone call').check();
    await page.getByLabel('Another county').selectOption('San Francisco');
    await page.getByRole('button', { name: 'Add county' }).click();
    await page.getByRole('button', { name: 'Save referral' }).click();
    const saved = page.getByRole('status').filter({ hasText: 'Referral saved' });
    await saved.waitFor();
    expect(await saved.innerText()).toContain(
      'Referred out to Golden Gate Legal Aid: not passed on yet. With the client’s agreement, pass it on from the matter’s page.',
    );

    await page.getByRole('link', { name: 'Case queue' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Iñaki Saldaña Ferrer' }).getByRole('link').click();
    await page.getByRole('heading', { name: /Matter .*: Iñaki Saldaña Ferrer/ }).waitFor();
    const stage = page.getByRole('region', { name: 'Stage' });
    await stage.getByRole('heading', { name: 'Pass on to another office' }).waitFor();
    expect(await stage.innerText()).toContain('San Francisco County is served by Golden Gate Legal Aid');
    await expectAccessible(page);

    expect(await stage.innerText()).toContain('(served by Golden Gate Legal Aid; not passed on yet)');
    // Keyboard only: the client's agreement (Space), then the button (Enter), which waits for it.
    const passOn = stage.getByRole('button', { name: 'Pass on to Golden Gate Legal Aid' });
    expect(await passOn.isDisabled()).toBe(true);
    await stage.getByLabel('The client agrees that Golden Gate Legal Aid may have these details').focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await passOn.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await stage
      .getByRole('status')
      .filter({ hasText: /^Passed on to Golden Gate Legal Aid on / })
      .waitFor();
    expect(await stage.innerText()).toContain('(passed on to Golden Gate Legal Aid)');
    expect(await stage.getByRole('button', { name: /^Pass on/ }).count()).toBe(0);
    expect(await page.getByRole('region', { name: 'Timeline' }).innerText()).toContain(
      'Passed on to Golden Gate Legal Aid, which serves San Francisco County, with the client’s agreement.',
    );
    await expectAccessible(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await signIn(page, server.url, 'intake@legalaid.example.org');
    await page.goto(`${server.url}/matters?queue=new_referrals`);
    const row = page.getByRole('row').filter({ hasText: 'Iñaki Saldaña Ferrer' });
    await row.waitFor();
    expect(await row.innerText()).toContain('San Francisco');
    await expectAccessible(page);
  });
});
