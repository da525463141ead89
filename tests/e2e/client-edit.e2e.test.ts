// Correcting a client's details on the matter page, by keyboard, and a colleague's save in between
// refused with their name while the form keeps what was typed.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('correcting a client in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('saves corrected details, and refuses a stale save naming who changed them', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const client = page.getByRole('region', { name: 'Client' });
    await client.getByRole('button', { name: 'Edit client details' }).click();
    const form = page.getByRole('form', { name: 'Correct the client’s details' });
    await form.getByLabel('Phone', { exact: true }).fill('(510) 555-0177');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Save client details' }).press('Enter');
    await client.getByText('(510) 555-0177').waitFor();
    // Focus returns to the button that opened the form.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent))
      .toBe('Edit client details');

    // A colleague saves while this form is open: this save is refused, and the typing stays.
    await client.getByRole('button', { name: 'Edit client details' }).click();
    const matterUrl = page.url();
    const other = await page.context().browser()?.newContext();
    const otherPage = await other?.newPage();
    if (!otherPage) throw new Error('no second page');
    await signIn(otherPage, server.url, 'attorney@example.org');
    await otherPage.goto(matterUrl);
    await otherPage.getByRole('button', { name: 'Edit client details' }).click();
    await otherPage.getByLabel('Phone', { exact: true }).fill('(510) 555-0188');
    await otherPage.getByRole('button', { name: 'Save client details' }).click();
    await otherPage.getByText('(510) 555-0188').waitFor();
    await other?.close();

    await form.getByLabel('Phone', { exact: true }).fill('(510) 555-0199');
    await form.getByRole('button', { name: 'Save client details' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').innerText()).toContain('Daniel Okafor');
    expect(await form.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0199');
  });
});
