// A RAP sheet of another person than the matter's client, in Chromium: the review opens with an alert
// saying so, and the review cannot be saved with a conviction accepted until the attorney ticks
// "This sheet is of another person…"; then it is saved. The seeded client is not Robin Testperson,
// born Jan 1, 1990, whom this fictional sheet names.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

const RAP_TEXT = `CII/A05550124
DOB/19900101     SEX/M
NAM/01 TESTPERSON, ROBIN
* * * *
COURT:                NAM:01
20100415  CASC ALAMEDA

CNT:01     #10CR0E2E09
  459 PC-BURGLARY:SECOND DEGREE
*DISPO:CONVICTED
   CONV STATUS:FELONY
   SEN: 036 MONTHS PROBATION, 90 DAYS JAIL
* * * END OF MESSAGE * * *`;

describe.skipIf(!chromiumPath)('a RAP sheet of another person in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('says so at the top, and saves what is accepted only once the attorney confirms', {
    timeout: 150_000,
  }, async () => {
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
    await panel.getByRole('link', { name: 'Review Pasted text' }).click();
    await page.getByRole('heading', { name: /Conviction 1: PC 459/ }).waitFor();

    await page
      .getByRole('alert')
      .filter({
        hasText: /^This RAP sheet appears to be of another person: its date of birth \(Jan 1, 1990\)/,
      })
      .waitFor();
    await page.getByRole('button', { name: 'Accept Conviction 1' }).click();
    const save = page.getByRole('button', { name: 'Save the review: enter 1 conviction and 0 arrests' });
    await page.getByText('Tick the box above to enter anything from a sheet of another person').waitFor();
    // Pressed without the confirmation, it saves nothing and takes focus to why.
    await save.click();
    await page.getByText('Tick the box above to enter anything from a sheet of another person').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rap-save-blocked');
    await expectAccessible(page);

    await page.getByLabel(/^This sheet is of another person than the client’s record shows/).check();
    await save.click();
    await page.getByText(/RAP sheet reviewed: 1 conviction/).waitFor();
  });

  it('flags a conviction the sheet shows vacated beside it, and Accept opens its form', {
    timeout: 150_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=gathering_records`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const panel = page.getByRole('region', { name: 'Read RAP sheet' });
    await panel
      .getByLabel('RAP sheet to read')
      .selectOption({ label: 'Text: paste it, or choose a text file' });
    await panel
      .getByLabel('RAP sheet text')
      .fill(
        RAP_TEXT.replace('#10CR0E2E09', '#10CR0E2E10').replace(
          '* * * END',
          ' 20200101\n   DISPO:CONVICTION VACATED PER 1473.7 PC\n* * * END',
        ),
      );
    await panel.getByRole('button', { name: 'Read RAP sheet' }).click();
    await panel.getByRole('link', { name: 'Review Pasted text' }).last().click();
    await page.getByRole('heading', { name: /Conviction 1: PC 459/ }).waitFor();
    await page
      .getByText(
        /^Not a live conviction\. The record shows the conviction vacated on Jan 1, 2020 under PC 1473\.7/,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Accept Conviction 1' }).click();
    await page.getByRole('form', { name: 'Edit Conviction 1' }).waitFor();
  });
});
