// The assignee on the matter page: a colleague's change in between refuses this one, saying who, and
// the choice stays beside it (the control was once remounted by the refresh, losing both); saving
// again then replaces the colleague's change, knowingly.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('the assignee in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('refuses a stale change naming who made theirs, keeps the choice, and saves it when asked again', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const control = page.getByRole('form', { name: 'Assignee' });
    const select = control.getByRole('combobox');
    await select.waitFor();
    const options = await select
      .locator('option')
      .evaluateAll((all) =>
        all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' })),
      );
    const before = await select.inputValue();
    const [theirs, mine] = options.filter((o) => o.value !== '' && o.value !== before);
    if (!theirs || !mine) throw new Error('not enough colleagues to choose from');

    // A colleague assigns the matter in their own session while this page is open.
    const matterUrl = page.url();
    const other = await page.context().browser()?.newContext();
    const otherPage = await other?.newPage();
    if (!otherPage) throw new Error('no second page');
    await signIn(otherPage, server.url, 'attorney@example.org');
    await otherPage.goto(matterUrl);
    const otherControl = otherPage.getByRole('form', { name: 'Assignee' });
    await otherControl.getByRole('combobox').selectOption(theirs.value);
    await otherControl.getByRole('button', { name: 'Save assignee' }).click();
    await otherControl.getByText('Assignment saved.').waitFor();
    await other?.close();

    // This page still shows the old assignee: its choice is refused, and stays chosen beside why.
    await select.selectOption(mine.value);
    await control.getByRole('button', { name: 'Save assignee' }).press('Enter');
    const refusal = control.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('Daniel Okafor');
    await expect.poll(() => select.inputValue()).toBe(mine.value);
    await expectAccessible(page);

    // Told, saving again replaces the colleague's change.
    await control.getByRole('button', { name: 'Save assignee' }).click();
    await control.getByText('Assignment saved.').waitFor();
    await page.reload();
    await expect
      .poll(() => page.getByRole('form', { name: 'Assignee' }).getByRole('combobox').inputValue())
      .toBe(mine.value);
  });
});
