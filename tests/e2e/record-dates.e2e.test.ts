// Dates a record cannot have, refused by the server (it alone knows today in California) and shown
// beside the field that holds them: a conviction dated after today, an arrest dated after today.
import { describe, expect, inject, it } from 'vitest';
import { signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('record dates in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('shows the server’s refusal of a conviction or an arrest dated after today beside its date field', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();

    await page.getByRole('button', { name: 'Add a conviction' }).click();
    const conviction = page.getByRole('form', { name: 'New conviction' });
    await conviction.getByLabel('Court case number').fill('99CR00001');
    await conviction.getByLabel('Code').fill('HS');
    await conviction.getByLabel('Section, as written').fill('11357(a)');
    await conviction.getByLabel('Conviction date').fill('2099-05-01');
    await conviction.getByRole('button', { name: 'Add conviction' }).click();
    const refusal = 'The conviction date, May 1, 2099, is after today: enter the date on the court record.';
    await expect
      .poll(() => conviction.getByLabel('Conviction date').getAttribute('aria-invalid'))
      .toBe('true');
    expect(await conviction.innerText()).toContain(refusal);

    const arrests = page.getByRole('region', { name: 'Arrests without conviction' });
    await arrests.getByRole('button', { name: 'Add an arrest' }).click();
    const arrest = arrests.getByRole('form', { name: 'New arrest' });
    await arrest.getByLabel('Arrest date').fill('2099-05-01');
    await arrest.getByLabel('Section, as written').fill('459');
    await arrest.getByLabel('Level').selectOption('felony');
    await arrest.getByLabel('What became of it').selectOption('pending');
    await arrest.getByRole('button', { name: 'Add arrest' }).click();
    await expect.poll(() => arrest.getByLabel('Arrest date').getAttribute('aria-invalid')).toBe('true');
    expect(await arrest.innerText()).toContain('The arrest date, May 1, 2099, is after today');
  });
});
