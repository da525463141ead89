// Arrests without conviction on the matter page, by keyboard: an attorney records one, sees the arrest
// relief the rules suggest, accepts a suggestion as a decision, decides again over it and reads both in
// the decision's history (the newest current, the first superseded), then removes the arrest; axe on
// the way.
// Intake (without the RAP sheet permission) is told why the section is empty.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('arrests in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('records an arrest, shows and decides its arrest relief, keeps the decisions’ history, and removes it', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const section = page.getByRole('region', { name: 'Arrests without conviction' });
    await section.getByRole('button', { name: 'Add an arrest' }).press('Enter');
    const form = section.getByRole('form', { name: 'New arrest' });
    await form.getByLabel('Arrest date').fill('2016-05-04');
    await form.getByLabel('Arresting agency (optional)').fill('Oakland Police Department');
    await form.getByLabel('Section, as written').fill('459');
    await form.getByLabel('Level').selectOption('felony');
    await form.getByLabel('What became of it').selectOption('dismissed');
    await form.getByLabel('Date of that outcome (optional)').fill('2016-09-01');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Add arrest' }).press('Enter');

    const label = 'PC 459 (felony) arrest of 2016-05-04, charges dismissed';
    const arrest = section.getByRole('article', { name: label });
    await arrest.waitFor();
    const relief = arrest.getByRole('table', { name: `Arrest relief for ${label}` });
    await relief.getByRole('rowheader', { name: 'Arrest sealing (PC 851.91)' }).waitFor();
    await expectAccessible(page);

    // Decide by keyboard: the cell opens the form with focus on its heading; accept the suggestion.
    await relief
      .getByRole('button', { name: `Decide Arrest sealing (PC 851.91) for ${label}` })
      .press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Arrest sealing (PC 851.91)');
    await expectAccessible(page);
    await arrest.getByRole('button', { name: 'Accept suggestion' }).press('Enter');
    await expect
      .poll(async () =>
        relief
          .getByRole('button', { name: /for PC 459/ })
          .first()
          .innerText(),
      )
      .not.toContain('Decide');

    // The cell opens again on the decision's history: the accepted suggestion, current.
    const sealingCell = relief.getByRole('button', { name: /Arrest sealing \(PC 851\.91\) for PC 459/ });
    await sealingCell.press('Enter');
    const panel = arrest.getByRole('region', { name: `Arrest sealing (PC 851.91) for the ${label}` });
    const history = panel.getByRole('list');
    await expect
      .poll(() => history.getByRole('listitem').allInnerTexts())
      .toEqual([expect.stringContaining('(current)')]);
    const accepted = (await history.getByRole('listitem').innerText()).split(' (current)')[0] ?? '';

    // Decide otherwise over it: the history keeps both, newest first, the first superseded.
    await panel.getByLabel('Determination').selectOption('not_eligible');
    const why = panel.getByLabel('Why you are overriding the suggestion');
    if ((await why.count()) > 0) await why.fill('The docket shows the charge was refiled.');
    await panel.getByLabel('Reasons, with citations').fill('Refiled, so not sealable (PC 851.91(a)(2)(A)).');
    await panel.getByRole('button', { name: 'Record decision' }).press('Enter');
    await expect.poll(() => sealingCell.innerText()).toContain('Not eligible');
    await sealingCell.press('Enter');
    const items = () => history.getByRole('listitem').allInnerTexts();
    await expect
      .poll(items)
      .toEqual([
        expect.stringMatching(/^Not eligible \(current\) — .+\d{4}/),
        expect.stringContaining('(superseded)'),
      ]);
    expect((await items())[1]?.startsWith(`${accepted} (superseded) — `)).toBe(true);
    await expect
      .poll(() => history.getByRole('listitem').first().innerText())
      .toContain('Refiled, so not sealable');
    await expectAccessible(page);
    await panel.getByRole('button', { name: 'Close' }).press('Enter');

    page.once('dialog', (dialog) => void dialog.accept());
    await arrest.getByRole('button', { name: `Remove ${label}` }).press('Enter');
    await section.getByText('No arrests entered yet.').waitFor();
  });

  it('tells staff without the RAP sheet permission why they see no arrests', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const section = page.getByRole('region', { name: 'Arrests without conviction' });
    await section.getByText('Criminal history needs the RAP sheet permission.').waitFor();
    expect(await section.getByRole('button').count()).toBe(0);
  });
});
