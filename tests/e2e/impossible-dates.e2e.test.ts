// A date typed that does not exist (February 30th): Chromium gives the page "" for it, as for a box
// left empty. The form refuses it on its field instead of saving the date as "not entered".
import { describe, expect, inject, it } from 'vitest';
import { signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const REFUSAL = 'That is not a real date: check the day, month and year.';

describe.skipIf(!chromiumPath)('impossible dates in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('refuses February 30th in a conviction’s optional and required dates, saving nothing', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();

    await page.getByRole('button', { name: 'Add a conviction' }).click();
    const form = page.getByRole('form', { name: 'New conviction' });
    await form.getByLabel('Court case number').fill('99CR0DATE1');
    await form.getByLabel('Code').fill('PC');
    await form.getByLabel('Section, as written').fill('484(a)');
    await form.getByLabel('Conviction date').fill('2020-01-15');
    const endDate = form.getByLabel('Probation or sentence end date');
    await endDate.pressSequentially('02302026');
    // What the browser makes of it: no value, and a box it could not read.
    expect(await endDate.evaluate((box: HTMLInputElement) => [box.value, box.validity.badInput])).toEqual([
      '',
      true,
    ]);
    await form.getByRole('button', { name: 'Add conviction' }).click();
    await expect.poll(() => endDate.getAttribute('aria-invalid')).toBe('true');
    expect(await form.innerText()).toContain(REFUSAL);

    // A required date typed impossible is called not real, not missing.
    const convictionDate = form.getByLabel('Conviction date');
    await convictionDate.fill('');
    await convictionDate.pressSequentially('02302023');
    await form.getByRole('button', { name: 'Add conviction' }).click();
    await expect.poll(() => convictionDate.getAttribute('aria-invalid')).toBe('true');
    const said = await form.innerText();
    expect(said.split(REFUSAL).length - 1).toBe(2);
    expect(said).not.toContain('Enter a date such as');

    // Nothing was saved: the matter, loaded again, has no such conviction.
    await page.reload();
    const convictions = page.getByRole('region', { name: 'Convictions and eligibility' });
    await convictions.getByRole('button', { name: 'Add a conviction' }).waitFor();
    expect(await convictions.innerText()).not.toContain('99CR0DATE1');
  });
});
