// A conviction dated when the client was 14 to 17: the form asks, as the date is typed, whether it
// was adult court, and once saved the conviction says so where its relief is decided.
import { describe, expect, inject, it } from 'vitest';
import { signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The client's birthday at `age`, from the date of birth as the page writes it ("May 14, 1980"). */
function birthdayAt(shown: string, age: number): string {
  const [, month = '', day = '', year = ''] = /^(\w{3}) (\d{1,2}), (\d{4})$/.exec(shown.trim()) ?? [];
  const monthDay = `${String(MONTHS.indexOf(month) + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
  const birthday = `${Number(year) + age}-${monthDay}`;
  // One born on 29 February is that age on 1 March of any year (in a year without 29 February, from then).
  return monthDay === '02-29' ? `${Number(year) + age}-03-01` : birthday;
}

describe.skipIf(!chromiumPath)('a conviction of a client aged 14 to 17, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('is asked about in the form as the date is typed, and on the conviction once saved', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const clientFacts = page.getByRole('region', { name: 'Client', exact: true });
    const bornShown = await clientFacts.locator('dt:text-is("Date of birth") + dd').innerText();
    const legalName = await clientFacts.locator('dt:text-is("Legal name") + dd').innerText();

    await page.getByRole('button', { name: 'Add a conviction' }).click();
    const form = page.getByRole('form', { name: 'New conviction' });
    await form.getByLabel('Court case number').fill('99CR0MINOR');
    await form.getByLabel('Code').fill('PC');
    await form.getByLabel('Section, as written').fill('484(a)');
    const asked = `${legalName} was 16 at this conviction`;
    await form.getByLabel('Conviction date').fill(birthdayAt(bornShown, 16));
    await expect.poll(() => form.innerText()).toContain(asked);
    expect(await form.innerText()).toContain(
      'Was it in adult (criminal) court? If it was a juvenile court case, it is not a conviction: its relief is sealing under Welfare and Institutions Code 781 or 786, which this desk does not decide.',
    );
    // From the 18th birthday nothing is asked.
    await form.getByLabel('Conviction date').fill(birthdayAt(bornShown, 18));
    await expect.poll(() => form.innerText()).not.toContain('at this conviction');

    await form.getByLabel('Conviction date').fill(birthdayAt(bornShown, 16));
    await form.getByRole('button', { name: 'Add conviction' }).click();
    const saved = page.getByRole('article', { name: 'PC 484(a) (misdemeanor), case 99CR0MINOR' });
    await expect.poll(() => saved.innerText()).toContain(asked);
    expect(await saved.innerText()).toContain('Welfare and Institutions Code 781 or 786');
  });
});
