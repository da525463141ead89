// The assignee on the matter page: a colleague's change in between refuses this one, saying who, and
// the choice stays beside it (the control was once remounted by the refresh, losing both); saving
// again then replaces the colleague's change, knowingly.
import { join } from 'node:path';
import { readSqlite } from '@relief-desk/db';
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

  it('names a disabled assignee on the matter page, and the queue filter finds their caseload to hand on', async () => {
    const { page, server } = suite;
    // Someone who is neither of the signed-in roles below and holds open matters in the demo office.
    const held = readSqlite(join(server.dataDir, 'relief-desk.sqlite'), (sqlite) =>
      sqlite
        .prepare(
          `select users.name, count(*) as open from users join matters on matters.assignee_id = users.id
           where matters.closed_at is null and users.email in ('intake@example.org', 'jorge.ibanez@example.org', 'priya.raman@example.org')
           group by users.id order by open desc limit 1`,
        )
        .get(),
    ) as { name: string; open: number } | undefined;
    if (!held) throw new Error('no demo colleague holds open matters');

    // The administrator disables them and is told how many matters they hold, and where to hand them on.
    const adminContext = await page.context().browser()?.newContext();
    const admin = await adminContext?.newPage();
    if (!admin) throw new Error('no second page');
    await signIn(admin, server.url, 'admin@example.org');
    await admin.goto(`${server.url}/settings/users`);
    admin.once('dialog', (dialog) => dialog.accept());
    await admin.getByRole('button', { name: `Disable ${held.name}` }).click();
    const told = admin.getByText(`${held.name} is disabled and signed out.`);
    await told.waitFor();
    expect(await told.innerText()).toContain(
      `${held.name} still holds ${held.open === 1 ? '1 open matter' : `${held.open} open matters`}.`,
    );
    expect(await told.innerText()).toContain(`choose Assignee “${held.name} (disabled)”`);
    await expectAccessible(admin);
    await adminContext?.close();

    // A supervisor finds the caseload by the queue's filter, the person marked disabled.
    await signIn(page, server.url, 'supervisor@example.org');
    await page
      .getByRole('button', { name: /^Filters/ })
      .or(page.getByText(/^Filters/))
      .first()
      .click();
    const filter = page.getByRole('form', { name: 'Filter matters' }).getByLabel('Assignee');
    await filter.selectOption({ label: `${held.name} (disabled)` });
    await page.waitForURL(/assignee=/);
    const rows = page.getByRole('table').first().getByRole('row');
    await rows.nth(1).waitFor();
    await expectAccessible(page);
    await rows.nth(1).getByRole('link').first().click();

    // The matter page shows them as its assignee, marked, and does not offer them for a new assignment.
    const select = page.getByRole('form', { name: 'Assignee' }).getByRole('combobox');
    await select.waitFor();
    await expect
      .poll(() => select.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent))
      .toBe(`${held.name} (disabled)`);
    expect(await select.evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]?.disabled ?? false)).toBe(
      true,
    );
    await expectAccessible(page);

    // Enabled again, the administrator is told the matters are theirs to work again.
    const againContext = await page.context().browser()?.newContext();
    const again = await againContext?.newPage();
    if (!again) throw new Error('no third page');
    await signIn(again, server.url, 'admin@example.org');
    await again.goto(`${server.url}/settings/users`);
    await again.getByRole('button', { name: `Enable ${held.name}` }).click();
    await again
      .getByText(
        `${held.name} is enabled. ${held.open === 1 ? 'The open matter assigned to them is' : `The ${held.open} open matters assigned to them are`} theirs to work again.`,
      )
      .waitFor();
    await againContext?.close();
  });
});
