// The first slice end to end: an intake worker signs in, records a referral for two counties, finds
// both matters in the queue, and opens one. Every page passes axe-core.
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('referral intake in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('signs in as intake, records a referral for two counties, finds both matters and opens one', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    await expectAccessible(page);
    await signIn(page, server.url, 'intake@example.org');
    await expectAccessible(page);

    await page.getByRole('link', { name: 'New referral' }).first().click();
    await page.getByRole('heading', { name: 'New referral' }).waitFor();
    await expectAccessible(page);

    await page.getByLabel('Legal name').fill('Begoña Ordóñez Quintanilla');
    await page.getByLabel('Date of birth').fill('1979-05-14');
    await page.getByLabel('Preferred language').selectOption('es');
    await page.getByLabel('Phone', { exact: true }).fill('(510) 555-0177');
    await page.getByLabel('E-mail', { exact: true }).fill('begona@example.net');
    await page.getByLabel('By e-mail').check();
    await page.getByLabel('By phone call').check();
    await page.getByLabel('Alameda (this office)').check();
    await page.getByLabel('Another county').selectOption('San Francisco');
    await page.getByRole('button', { name: 'Add county' }).click();
    await page.getByLabel('How the referral arrived').selectOption('partner');
    await page.getByLabel('Partner organisation').fill('Centro Legal de la Raza');
    await page
      .getByLabel('Note (optional)')
      .fill('Their intake form says the 2012 case (PC 10851) was a felony.');
    await page.getByRole('button', { name: 'Save referral' }).click();

    const saved = page.getByRole('status').filter({ hasText: 'Referral saved' });
    await saved.waitFor();
    // Focus leaves the Save button at the bottom for the message, so it is read out.
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toMatch(/^Referral saved\. 2 matters were opened/);
    const savedText = await saved.innerText();
    expect(savedText).toContain('2 matters were opened');
    expect(savedText).toContain('Alameda');
    expect(savedText).toMatch(/San Francisco.*Referred out to Golden Gate Legal Aid/s);

    // The same person again: attaching fills in the known details, and "Not the same person"
    // gives back what was typed rather than leaving the other person's details in the form.
    await page.getByLabel('Legal name').fill('Begona Ordonez Quintanilla');
    await page.getByLabel('Date of birth').fill('1979-05-14');
    await page.getByLabel('Phone', { exact: true }).fill('(510) 555-0199');
    await page.getByRole('button', { name: 'Attach to Begoña Ordóñez Quintanilla' }).click();
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Begoña Ordóñez Quintanilla');
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0177');
    await page.getByRole('button', { name: 'Not the same person' }).click();
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Begona Ordonez Quintanilla');
    expect(await page.getByLabel('Phone', { exact: true }).inputValue()).toBe('(510) 555-0199');
    expect(await page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('');

    await page.getByRole('link', { name: 'Case queue' }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
    const rows = page.getByRole('row').filter({ hasText: 'Begoña Ordóñez Quintanilla' });
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(
      (await rows.allInnerTexts())
        .map((t) => (t.includes('San Francisco') ? 'SF' : t.includes('Alameda') ? 'ALA' : '?'))
        .sort(),
    ).toEqual(['ALA', 'SF']);

    await rows.filter({ hasText: 'Alameda' }).getByRole('link').click();
    await page.getByRole('heading', { name: /Matter .*: Begoña Ordóñez Quintanilla/ }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    expect(await timeline.innerText()).toContain(
      'Referral received by partner organisation (Centro Legal de la Raza)',
    );
    expect(await page.getByRole('region', { name: 'Client' }).innerText()).toContain('Spanish');
    await expectAccessible(page);

    // The partner's note tells of the record: intake marks it so, and from then on reads it as withheld.
    const facts = page.getByRole('region', { name: 'Matter' });
    expect(await facts.innerText()).toContain('PC 10851');
    await facts.getByRole('button', { name: 'Mark the note as about the criminal record' }).click();
    await facts.getByText('Withheld: needs the RAP sheet permission').waitFor();
    // The button went with the note; what it did is said, and holds the focus.
    const said = facts.getByRole('status');
    expect(await said.innerText()).toMatch(/^The referral’s note is marked as about the criminal record/);
    expect(await said.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page);
    expect(await page.getByText('PC 10851').count()).toBe(0);
    // Taking the mark off is for staff who can read the note: intake is not offered it.
    expect(await facts.getByRole('button', { name: /^Not about the criminal record/ }).count()).toBe(0);

    // A note written without ticking the box is marked afterwards from the timeline, by keyboard.
    const notes = page.getByRole('region', { name: 'Notes and calls' });
    await notes.getByLabel('Note', { exact: true }).fill('She says the 2012 PC 10851 case was reduced.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await timeline.getByText('She says the 2012 PC 10851 case was reduced.').waitFor();
    const markNote = timeline.getByRole('button', { name: /^Mark as about the record: the note of / });
    expect(await markNote.count()).toBe(1);
    await markNote.focus();
    await page.keyboard.press('Enter');
    const marked = timeline.getByRole('status');
    await marked.waitFor();
    expect(await marked.innerText()).toMatch(/^The note is marked as about the criminal record/);
    // Once the button has gone with the mark (the timeline read again), the focus is on what it did.
    await expect.poll(() => marked.evaluate((el) => el === document.activeElement)).toBe(true);
    const timelineText = await timeline.innerText();
    expect(timelineText).toContain(
      'Note about the criminal record. Withheld: needs the RAP sheet permission',
    );
    expect(timelineText).toMatch(/The note of .+ was marked as about the criminal record\./);
    expect(await page.getByText('PC 10851').count()).toBe(0);
    // Only staff who can read it take the mark off.
    expect(await timeline.getByRole('button', { name: /^Not about the record/ }).count()).toBe(0);
    // Each entry's time column says when, in which of California's zones, and nothing else.
    for (const when of await timeline.locator('time').allInnerTexts())
      expect(when).toMatch(/^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d{2}\s[AP]M P[SD]T$/);
    await expectAccessible(page);
  });

  // Two referrals, two sign-ins, a merge and its undo, with axe on seven pages: about 50 s in CI.
  it('waits for a likely match to be resolved before saving, keyboard only; then a supervisor merges the two records and undoes it', {
    timeout: 150_000,
  }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    const fillPerson = async (name: string, phone: string) => {
      await page.getByLabel('Legal name').fill(name);
      await page.getByLabel('Date of birth').fill('1988-02-12');
      await page.getByLabel('Phone', { exact: true }).fill(phone);
      await page.getByLabel('E-mail', { exact: true }).fill('itzel.q@example.net');
      await page.getByLabel('By e-mail').check();
      await page.getByLabel('Alameda (this office)').check();
    };
    await fillPerson('Itzel Quiroga Batz', '(510) 555-0161');
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.getByRole('status').filter({ hasText: 'Referral saved' }).waitFor();

    // The same e-mail and birth date with a shorter name: likely the same person.
    await page.goto(`${server.url}/referrals/new`);
    await fillPerson('Itzel Quiroga', '(510) 555-0162');
    const possible = page.getByRole('region', { name: 'Possible existing clients' });
    await possible
      .getByText('Likely the same person: the same date of birth and the same e-mail address.')
      .waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save referral' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'to fix' });
    await summary.waitFor();
    expect(await summary.innerText()).toContain(
      'Save is blocked until you resolve the likely match under “Possible existing clients”: attach the referral to Itzel Quiroga Batz, or say why they are not the same person.',
    );
    expect(await page.getByRole('status').filter({ hasText: 'Referral saved' }).count()).toBe(0);
    // The summary's link leads to the choice.
    await summary.getByRole('link').click();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Attach to Itzel Quiroga Batz',
    );

    // Keyboard only: to "Not the same person", which opens the reason, typed next.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Not the same person as Itzel Quiroga Batz',
    );
    await page.keyboard.press('Enter');
    const reason = page.getByLabel('Why is Itzel Quiroga Batz not the same person?');
    await reason.waitFor();
    expect(await reason.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Cousins');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Save referral' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Say why they are not the same person, in at least 10 characters').first().waitFor();
    await reason.focus();
    await page.keyboard.type(' sharing an e-mail address; different mothers.');
    await page.getByRole('button', { name: 'Save referral' }).focus();
    await page.keyboard.press('Enter');
    const saved = page.getByRole('status').filter({ hasText: 'Referral saved' });
    await saved.waitFor();
    const matterHref = (await saved.getByRole('link').getAttribute('href')) ?? '';
    expect(matterHref).toMatch(/^\/matters\/\w+/);

    // Later a supervisor finds they are one person after all, and merges the records from the matter page.
    await signIn(page, server.url, 'supervisor@example.org');
    await page.goto(`${server.url}${matterHref}`);
    const clientPanel = page.getByRole('region', { name: 'Client' });
    await clientPanel.getByText('Recorded as not the same person as Itzel Quiroga Batz').waitFor();
    await clientPanel.getByRole('link', { name: 'Merge with another record…' }).click();
    await page.getByRole('heading', { name: 'Merge records of Itzel Quiroga' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Name, date of birth or matter reference').fill('Itzel Quiroga');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('button', { name: 'Compare with Itzel Quiroga Batz' }).click();
    const review = page.getByRole('region', { name: 'Review both records' });
    await review.getByRole('table').waitFor();
    expect(await review.getByRole('row', { name: /Phone/ }).innerText()).toMatch(/555-0162.*555-0161/s);
    expect(await review.innerText()).toContain('recorded that these are not the same person');
    // The record the office had first is the one chosen to stay, until staff choose the other.
    const keepFirst = review.getByLabel(
      'Keep Itzel Quiroga Batz’s record (the other record); merge Itzel Quiroga’s into it',
    );
    expect(await keepFirst.isChecked()).toBe(true);
    expect(await review.getByRole('row', { name: /First recorded/ }).innerText()).toMatch(/phone call/i);
    await review
      .getByLabel('Keep Itzel Quiroga’s record (this record); merge Itzel Quiroga Batz’s into it')
      .check();
    await review.getByRole('button', { name: 'Merge Itzel Quiroga Batz into Itzel Quiroga' }).waitFor();
    await keepFirst.check();
    const confirm = review.getByRole('button', { name: 'Merge Itzel Quiroga into Itzel Quiroga Batz' });
    await confirm.waitFor();
    await expectAccessible(page);
    await confirm.click();

    await page.getByRole('heading', { name: 'Client: Itzel Quiroga Batz' }).waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: 'Merged: Itzel Quiroga’s record is now part of this one' })
      .waitFor();
    const matters = page.getByRole('region', { name: 'Matters' });
    expect(await matters.getByRole('link').count()).toBe(2);
    await expectAccessible(page);

    // The merged record's address opens Itzel Quiroga Batz, saying so.
    const merges = page.getByRole('region', { name: 'Merged records' });
    await merges.getByRole('link', { name: 'Itzel Quiroga' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'You opened the record of Itzel Quiroga (born Feb 12, 1988), which was merged into Itzel Quiroga Batz’s',
      })
      .waitFor();
    await expectAccessible(page);

    // Undo, within the 30 days, from Itzel Quiroga Batz's own record.
    await page.goBack();
    await page.getByRole('heading', { name: 'Client: Itzel Quiroga Batz' }).waitFor();
    await merges.getByRole('button', { name: 'Undo merge of Itzel Quiroga' }).click();
    const yes = merges.getByRole('button', { name: 'Yes, undo the merge' });
    expect(await yes.evaluate((el) => el === document.activeElement)).toBe(true);
    await expectAccessible(page);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The merge was undone' }).waitFor();
    await merges.getByText(/Mei-Ling Chu undid the merge on/).waitFor();
    expect(await matters.getByRole('link').count()).toBe(1);
    await page.goto(`${server.url}${matterHref}`);
    await page.getByRole('heading', { name: /Matter .*: Itzel Quiroga$/ }).waitFor();
    expect(await page.getByRole('region', { name: 'Timeline' }).innerText()).toContain('Merge undone');
    await expectAccessible(page);
  });

  it('shows what to fix, beside each field, when a referral is saved half-filled, and keeps what was typed', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    await page.getByLabel('Legal name').fill('Ana Peña');
    await page.getByRole('button', { name: 'Save referral' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'to fix' });
    await summary.waitFor();
    const text = await summary.innerText();
    // A birth date's example is a day in the past.
    expect(text).toContain('Enter a date such as 05/14/1980.');
    expect(text).toContain('Choose at least one county');
    expect(text).toContain('Choose at least one way to reach the person');
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Ana Peña');
    expect(await page.getByLabel('Date of birth').getAttribute('aria-invalid')).toBe('true');
    // The group's error is told on each box, and its link in the summary focuses the first one.
    const byEmail = page.getByLabel('By e-mail');
    expect(await byEmail.getAttribute('aria-invalid')).toBe('true');
    const described = await byEmail.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${described}"]`).innerText()).toContain(
      'Choose at least one way to reach the person',
    );
    await summary.getByRole('link', { name: /Choose at least one way to reach the person/ }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('client.contact.email');
    await expectAccessible(page);

    // A field only the server can refuse (a birth date not in the past) takes focus as well.
    await page.getByLabel('Date of birth').fill('2099-01-01');
    await byEmail.check();
    await page.getByLabel('E-mail', { exact: true }).fill('ana@example.net');
    await page.getByLabel('Alameda (this office)').check();
    await page.getByRole('button', { name: 'Save referral' }).click();
    await page.locator('.field__error', { hasText: 'The date of birth must be in the past.' }).waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('name')))
      .toBe('client.dateOfBirth');
  });

  it('keeps what was typed when the session has ended by the time the form is saved', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/referrals/new`);
    // The search for possible clients (300 ms after typing) answers before the session ends: a search
    // made after it would be refused too, and this test is about the save.
    const searched = page.waitForResponse((r) => r.url().includes('referrals.findPossibleClients'));
    await page.getByLabel('Legal name').fill('Ximena Ordóñez');
    await page.getByLabel('Date of birth').fill('1991-07-04');
    await searched;
    await page.getByLabel('E-mail', { exact: true }).fill('ximena@example.net');
    await page.getByLabel('By e-mail').check();
    await page.getByLabel('Alameda (this office)').check();
    // The session ends (idle limit, or signed out elsewhere) while the form is open.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Save referral' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Your session has ended' });
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Sign in in another tab');
    expect(page.url()).toContain('/referrals/new');
    expect(await page.getByLabel('Legal name').inputValue()).toBe('Ximena Ordóñez');
  });

  it('can be used with the keyboard alone: sign in, reach the queue, open a matter', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    // The page puts focus on its heading once it has drawn; a person starts typing after that.
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    await page.keyboard.press('Tab');
    await page.keyboard.type('attorney@example.org');
    await page.keyboard.press('Tab');
    await page.keyboard.type('relief-desk-demo');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();

    // Tab from the skip link to the first matter link in the table and follow it.
    let focused = '';
    for (let i = 0; i < 40 && !focused.startsWith('/matters/'); i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');
    }
    expect(focused).toMatch(/^\/matters\/\w+/);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
  });

  it('tells a person who mistypes their password, without saying whether the account exists', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Work e-mail').fill('supervisor@example.org');
    await page.getByLabel('Password').fill('not the right password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('do not match an account');
  });
});
