// The RAP sheet review from the keyboard and a screen reader, in Chromium: opened from the matter,
// focus is on its heading; the sheet's state ("Ready to review") is in a live region; Save stays in the
// Tab order while it cannot save yet, described by why (a proposal undecided, then the box to tick for
// another person's sheet), and a press moves focus to that reason; a proposal's form takes focus on
// its first field and Cancel gives it back to the button that opened it. The date of birth reads as
// the rest of the app writes dates. axe in each state. The seeded client is not Robin Testperson, born
// 1990-01-01, whom this fictional sheet names.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
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

/** The focused element, as a test names it: tag and accessible text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY';
    const label = element instanceof HTMLInputElement ? element.labels?.[0]?.textContent : null;
    return `${element.tagName} ${(label ?? element.textContent ?? '').trim()}`;
  });

/** The text of what the focused element's aria-describedby points to. */
const describedBy = (page: Page) =>
  page.evaluate(() =>
    (document.activeElement?.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent?.trim() ?? '')
      .join(' '),
  );

describe.skipIf(!chromiumPath)('the RAP sheet review from the keyboard in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('focuses the heading, says the sheet is ready, keeps Save in reach with its reason, and moves focus with the forms', {
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

    // Focus on the heading once the page has loaded, as on every other page.
    await page.getByRole('heading', { level: 1, name: 'Review the RAP sheet' }).waitFor();
    await expect.poll(() => focused(page)).toBe('H1 Review the RAP sheet');
    // The state is said in a live region, so the sheet being read to the end is heard.
    await page.getByRole('status').filter({ hasText: 'Pasted text: Ready to review.' }).waitFor();
    await page.getByRole('heading', { name: /Conviction 1: PC 459/ }).waitFor();
    expect(
      await page
        .getByRole('definition')
        .filter({ hasText: /^Jan 1, 1990 — Differs/ })
        .count(),
    ).toBe(1);

    // Undecided: Save is the next stop after the box to tick, says why it cannot save, and a press
    // takes focus to that reason (the review stays unsaved).
    const undecided = '1 proposal is still undecided (Conviction 1): accept, edit or drop each, then save.';
    const confirm = page.getByLabel(/^This sheet is of another person than the client’s record shows/);
    await confirm.focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON Save the review: enter 0 convictions and 0 arrests');
    expect(await describedBy(page)).toBe(undecided);
    await expectAccessible(page);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`P ${undecided}`);

    // Edit opens the form on its first field; Cancel gives focus back to Edit.
    await page.getByRole('button', { name: 'Edit Conviction 1' }).focus();
    await page.keyboard.press('Enter');
    const form = page.getByRole('form', { name: 'Edit Conviction 1' });
    await form.waitFor();
    await expect.poll(() => focused(page)).toBe('INPUT Court case number');
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Cancel' }).focus();
    await page.keyboard.press('Enter');
    await form.waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('BUTTON Edit Conviction 1');

    // Accepted from another person's sheet: Save says to tick the box, and is still reached by Tab.
    await page.getByRole('button', { name: 'Accept Conviction 1' }).click();
    const tick =
      'Tick the box above to enter anything from a sheet of another person, or drop every proposal.';
    await confirm.focus();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('BUTTON Save the review: enter 1 conviction and 0 arrests');
    expect(await describedBy(page)).toBe(tick);
    await page.keyboard.press('Enter');
    expect(await focused(page)).toBe(`P ${tick}`);
    await expectAccessible(page);

    await confirm.check();
    const save = page.getByRole('button', { name: 'Save the review: enter 1 conviction and 0 arrests' });
    expect(await save.getAttribute('aria-describedby')).toBeNull();
    await save.click();
    await page.getByText(/RAP sheet reviewed: 1 conviction/).waitFor();
  });
});
