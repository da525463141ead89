// Discarding a RAP sheet import read into the wrong matter, in Chromium: another person's sheet is
// read, its review's proposals never entered, and the panel's Discard asks why (refusing a blank
// reason) before erasing it; the list then says who discarded it, when and why. Worked from the
// keyboard, and the open confirm step passes axe.
import { describe, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const RAP_TEXT = `CII/A05550125
DOB/19900101     SEX/M
NAM/01 TESTPERSON, ROBIN
* * * *
COURT:                NAM:01
20100415  CASC ALAMEDA

CNT:01     #10CR0E2E11
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * END OF MESSAGE * * *`;

describe.skipIf(!chromiumPath)('discarding a RAP sheet import in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('asks why, then erases it and keeps who, when and why', { timeout: 150_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const panel = page.getByRole('region', { name: 'Read RAP sheet' });
    await panel
      .getByLabel('RAP sheet to read')
      .selectOption({ label: 'Text: paste it, or choose a text file' });
    await panel.getByLabel('RAP sheet text').fill(RAP_TEXT);
    await panel.getByRole('button', { name: 'Read RAP sheet' }).click();
    await panel.getByRole('link', { name: 'Review Pasted text' }).waitFor();

    // From the keyboard: the button opens the confirm step with focus on the reason.
    await panel.getByRole('button', { name: /^Discard Pasted text/ }).focus();
    await page.keyboard.press('Enter');
    const confirm = panel.getByRole('form', { name: /^Discard Pasted text/ });
    await confirm.getByText(/Its text and what was read from it are erased for good/).waitFor();
    const reason = confirm.getByLabel('Why (kept with who did it and when)');
    if (!(await reason.evaluate((el) => el === document.activeElement)))
      throw new Error('focus did not move to the reason');
    await confirm.getByRole('button', { name: 'Discard and erase Pasted text' }).click();
    await confirm.getByText('Say why, for example “Another person’s RAP sheet”.').waitFor();
    await expectAccessible(page);

    await reason.fill('Another person’s RAP sheet');
    await page.keyboard.press('Enter');
    await panel
      .getByText(/discarded on .* by .* \(Another person’s RAP sheet\)\. Its pasted text was erased\./)
      .waitFor();
    if ((await panel.getByRole('link', { name: 'Review Pasted text' }).count()) !== 0)
      throw new Error('the discarded import can still be reviewed');
    await page.getByText('A RAP sheet import was discarded as read into the wrong matter').first().waitFor();
    await expectAccessible(page);
  });
});
