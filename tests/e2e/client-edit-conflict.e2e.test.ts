// Two people correct the same client at once (the tester's repro): a colleague saves the phone while
// this form is open; this save of a new e-mail and city is refused naming who changed what, and
// "Show their change" reads the client again into the form without losing the typing (no page
// reload), so the person saves again over their change. The timeline names the fields, not values.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('a stale save of a client’s details in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('keeps what was typed, shows the colleague’s change in the form, and saves both', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const client = page.getByRole('region', { name: 'Client' });
    await client.getByRole('button', { name: 'Edit client details' }).click();
    const form = page.getByRole('form', { name: 'Correct the client’s details' });
    const matterUrl = page.url();

    // The colleague changes the phone meanwhile.
    const other = await page.context().browser()?.newContext();
    const otherPage = await other?.newPage();
    if (!otherPage) throw new Error('no second page');
    await signIn(otherPage, server.url, 'attorney@example.org');
    await otherPage.goto(matterUrl);
    await otherPage.getByRole('button', { name: 'Edit client details' }).click();
    await otherPage.getByLabel('Phone', { exact: true }).fill('(510) 555-0144');
    await otherPage.getByRole('button', { name: 'Save client details' }).click();
    await otherPage.getByText('(510) 555-0144').waitFor();
    await other?.close();

    // A marker the page keeps only if it is not reloaded.
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    await form.getByLabel('E-mail', { exact: true }).fill('new.address@example.net');
    await form.getByLabel('City', { exact: true }).fill('Hayward');
    await form.getByRole('button', { name: 'Save client details' }).click();
    const refusal = form.getByRole('alert');
    await refusal.waitFor();
    const said = await refusal.innerText();
    expect(said).toContain('Daniel Okafor changed this client’s phone on');
    expect(said).not.toContain('Reload');
    await expectAccessible(page);

    await refusal.getByRole('button', { name: 'Show their change and keep my typing' }).click();
    const status = form.getByRole('status');
    await status.getByText('Their change is in the form now: the phone.').waitFor();
    expect(await status.innerText()).toContain('What you changed is kept: the e-mail and address.');
    expect(await form.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0144');
    expect(await form.getByLabel('E-mail', { exact: true }).inputValue()).toBe('new.address@example.net');
    expect(await form.getByLabel('City', { exact: true }).inputValue()).toBe('Hayward');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(
      true,
    );

    await form.getByRole('button', { name: 'Save client details' }).click();
    await client.getByText('new.address@example.net').waitFor();
    const shown = await client.innerText();
    expect(shown).toContain('(510) 555-0144');
    expect(shown).toContain('Hayward');
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Client details corrected: e-mail and address.').waitFor();
    await timeline.getByText('Client details corrected: phone.').waitFor();
  });
});
