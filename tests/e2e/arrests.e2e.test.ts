// Arrests without conviction on the matter page, by keyboard: an attorney records one, sees the arrest
// relief the rules suggest, accepts a suggestion as a decision, decides again over it and reads both in
// the decision's history (the newest current, the first superseded), then removes the arrest; axe on
// the way. An arrest decided eligible for PC 851.91 offers the petition to seal it, once; the petition
// shows the arrest under Petitions, where the court's outcome on it is recorded.
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

    const label = 'PC 459 (felony) arrest of May 4, 2016, charges dismissed';
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

  it('drafts the petition to seal an arrest decided eligible, and records the court’s outcome on it under Petitions', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(2).getByRole('link').click();
    const section = page.getByRole('region', { name: 'Arrests without conviction' });
    await section.getByRole('button', { name: 'Add an arrest' }).press('Enter');
    const form = section.getByRole('form', { name: 'New arrest' });
    await form.getByLabel('Arrest date').fill('2017-02-03');
    await form.getByLabel('Section, as written').fill('594');
    await form.getByLabel('Level').selectOption('misdemeanor');
    await form.getByLabel('What became of it').selectOption('acquitted');
    await form.getByRole('button', { name: 'Add arrest' }).press('Enter');
    const label = 'PC 594 (misdemeanor) arrest of Feb 3, 2017, acquitted';
    const arrest = section.getByRole('article', { name: label });
    await arrest.waitFor();
    // No petition is offered before an attorney decides the arrest eligible.
    const draft = arrest.getByRole('button', { name: `Draft petition to seal the ${label}` });
    expect(await draft.count()).toBe(0);

    const relief = arrest.getByRole('table', { name: `Arrest relief for ${label}` });
    await relief
      .getByRole('button', { name: `Decide Arrest sealing (PC 851.91) for ${label}` })
      .press('Enter');
    const decide = arrest.getByRole('region', { name: `Arrest sealing (PC 851.91) for the ${label}` });
    await decide.getByLabel('Determination').selectOption('eligible_mandatory');
    const why = decide.getByLabel('Why you are overriding the suggestion');
    if ((await why.count()) > 0) await why.fill('Acquitted at trial.');
    await decide
      .getByLabel('Reasons, with citations')
      .fill('Acquitted: sealing as of right (PC 851.91(a)(1)(A); PC 851.91(c)(1)).');
    await decide.getByRole('button', { name: 'Record decision' }).press('Enter');

    await draft.press('Enter');
    const petitionForm = arrest.getByRole('form', { name: `Petition to seal the ${label}` });
    await expectAccessible(page);
    await petitionForm.getByRole('button', { name: 'Draft petition' }).press('Enter');
    // The arrest now has its petition: the panel says so, and offers no second one.
    await arrest.getByText('Petition to seal: draft (under Petitions).').waitFor();
    // The keyboard stays in place: the status line takes the focus the button had.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toBe(
        'Petition to seal: draft (under Petitions). To remove this arrest, correct it instead, or set its petition to Withdrawn first.',
      );
    expect(await draft.count()).toBe(0);
    // The petition holds the arrest: no Remove is offered (the server refuses it).
    expect(await arrest.getByRole('button', { name: `Remove ${label}` }).count()).toBe(0);

    // Under Petitions: the arrest, its outcome, and the form to record the court's decision on it.
    const petitions = page.getByRole('region', { name: 'Petitions' });
    const petition = petitions.getByRole('article', {
      name: 'Arrest sealing (PC 851.91), arrest of Feb 3, 2017',
    });
    await expect
      .poll(() => petition.getByRole('listitem').allInnerTexts())
      .toEqual([`${label}: no outcome yet`]);
    await petition
      .getByRole('button', { name: 'Update petition for the arrest of Feb 3, 2017' })
      .press('Enter');
    const update = petition.getByRole('form', { name: 'Update petition for the arrest of Feb 3, 2017' });
    await update.getByLabel('Status').selectOption('decided');
    await update.getByLabel('Filed on').fill('2026-10-01');
    await update.getByLabel('Decided on').fill('2026-11-02');
    await update.getByRole('button', { name: 'Save petition' }).press('Enter');
    // Decided with no outcome on the arrest: refused on the field, saying what to do.
    await update.getByText('Record the court’s outcome on the arrest.').waitFor();
    await update.getByLabel(`Outcome for the ${label}`).selectOption('granted');
    await expectAccessible(page);
    await update.getByRole('button', { name: 'Save petition' }).press('Enter');
    await expect.poll(() => petition.getByRole('listitem').allInnerTexts()).toEqual([`${label}: Granted`]);
    await petition.getByRole('heading', { name: /— Decided$/ }).waitFor();
    await expectAccessible(page);
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
