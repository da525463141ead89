// A matter's whole life in Chromium, from "referral received" to "outcome to send": RAP sheet
// requested and received (a PDF uploaded), two convictions entered and decided, a petition filed,
// one conviction granted and one denied, every step on the timeline, and axe-core on the way.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

// The smallest document that is a PDF by its bytes.
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function moveStage(page: Page, stage: string) {
  await page.getByLabel('Move to').selectOption({ label: stage });
  await page.getByRole('button', { name: 'Move stage' }).click();
  await page.getByText(`This matter is in ${stage}`).waitFor();
  // The button is disabled once the choice clears: the sentence naming the new stage takes focus.
  await expectStageFocused(page, stage);
}

async function expectStageFocused(page: Page, stage: string) {
  await expect.poll(() => focused(page)).toMatch(new RegExp(`^P: This matter is in ${escapeRegExp(stage)}`));
}

async function addConviction(
  page: Page,
  values: { caseNumber: string; code: string; section: string; level: string; date: string; end: string },
) {
  await page.getByRole('button', { name: 'Add a conviction' }).click();
  // The form's heading takes focus as it opens; saving gives it back to the button, and says so.
  await expect.poll(() => focused(page)).toBe('H3: New conviction');
  const form = page.getByRole('form', { name: 'New conviction' });
  await form.getByLabel('Court case number').fill(values.caseNumber);
  await form.getByLabel('Code').fill(values.code);
  await form.getByLabel('Section, as written').fill(values.section);
  await form.getByLabel('Level').selectOption(values.level);
  await form.getByLabel('Conviction date').fill(values.date);
  await form.getByLabel('Probation or sentence end date').fill(values.end);
  await form.getByLabel('Probation', { exact: true }).selectOption('completed');
  await form.getByRole('button', { name: 'Add conviction' }).click();
  await form.waitFor({ state: 'detached' });
  await expect.poll(() => focused(page)).toBe('BUTTON: Add a conviction');
  const said = page
    .getByRole('region', { name: 'Convictions and eligibility' })
    .getByRole('status')
    .filter({ hasText: 'Conviction added' });
  expect(await said.innerText()).toBe(
    `Conviction added: ${values.code} ${values.section} (${values.level}), case ${values.caseNumber}.`,
  );
}

/** What has keyboard focus: its tag and name, enough to tell a form's heading from a grid button. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    const name = el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    return el ? `${el.tagName}: ${name.slice(0, 120)}` : '';
  });

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens the decision for a remedy and conviction ("PC 1203.4 dismissal for …"), and records it. */
async function decide(page: Page, cell: string, determination: string, reasons: string) {
  await page.getByRole('button', { name: new RegExp(`^Decide ${escapeRegExp(cell)}`) }).click();
  await page.getByLabel('Determination').selectOption({ label: determination });
  await page.getByLabel('Reasons, with citations').fill(reasons);
  await page.getByRole('button', { name: 'Record decision' }).click();
  await page
    .getByRole('button', { name: new RegExp(`^${escapeRegExp(determination)} ${escapeRegExp(cell)}`) })
    .waitFor();
}

describe.skipIf(!chromiumPath)('the matter lifecycle in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('takes a matter from referral received to outcome to send', { timeout: 180_000 }, async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=referral_received`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const matterUrl = page.url();

    await moveStage(page, 'Gathering records');

    // Request the RAP sheet, then receive it by attaching the PDF the DOJ mailed.
    await page.getByText('Request a document').click();
    const request = page.getByRole('form', { name: 'Request a document' });
    await request.getByLabel('Document').selectOption('rap_sheet');
    await request.getByLabel('Designee named on the request').fill('Alameda County Public Defender');
    await request.getByRole('button', { name: 'Request document' }).click();
    const documents = page.getByRole('region', { name: 'Documents' });
    await documents.getByRole('cell', { name: 'Requested', exact: true }).waitFor();
    await documents.getByRole('table', { name: 'Document requests for this matter' }).waitFor();
    await expect
      .poll(() => request.getByRole('status').allInnerTexts())
      .toContain('Document requested: DOJ RAP sheet, from Client.');

    // "Update" moves focus to its form's heading; Cancel gives it back to the button.
    const updateRap = documents.getByRole('button', { name: /^Update DOJ RAP sheet/ });
    await updateRap.click();
    await expect.poll(() => focused(page)).toBe('H3: Update DOJ RAP sheet');
    await documents
      .getByRole('form', { name: 'Update DOJ RAP sheet' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect.poll(() => focused(page)).toMatch(/^BUTTON: Update\s*DOJ RAP sheet/);
    // And so does saving it.
    await updateRap.click();
    const updateForm = documents.getByRole('form', { name: 'Update DOJ RAP sheet' });
    await updateForm.getByLabel('Note').fill('Asked at intake.');
    await updateForm.getByRole('button', { name: 'Save DOJ RAP sheet' }).click();
    await updateForm.waitFor({ state: 'detached' });
    await expect.poll(() => focused(page)).toMatch(/^BUTTON: Update\s*DOJ RAP sheet/);
    await expectAccessible(page);
    await documents
      .getByLabel(/Attach file to DOJ RAP sheet/)
      .setInputFiles({ name: 'rap-sheet.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await documents.getByRole('link', { name: 'rap-sheet.pdf' }).waitFor();
    expect(await documents.innerText()).toContain('Received');

    // The RAP sheet's arrival suggests the next stage; one click takes it.
    await page.getByRole('button', { name: 'Move to Eligibility review' }).click();
    await page.getByText('This matter is in Eligibility review').waitFor();
    // The suggestion's button goes with the move: focus goes to the new stage, not <body>.
    await expectStageFocused(page, 'Eligibility review');

    // Cancel on a new conviction gives focus back to the button that opened the form.
    await page.getByRole('button', { name: 'Add a conviction' }).click();
    await expect.poll(() => focused(page)).toBe('H3: New conviction');
    await page.getByRole('form', { name: 'New conviction' }).getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => focused(page)).toBe('BUTTON: Add a conviction');

    await addConviction(page, {
      caseNumber: '16CR01234',
      code: 'PC',
      section: '484(a)',
      level: 'misdemeanor',
      date: '2016-04-12',
      end: '2018-04-12',
    });
    await addConviction(page, {
      caseNumber: '16CR01234',
      code: 'HS',
      section: '11350(a)',
      level: 'felony',
      date: '2016-04-12',
      end: '2018-04-12',
    });
    await expectAccessible(page);

    // Keyboard focus follows the edit form open and back to the button that opened it.
    await page.getByRole('button', { name: /^Edit PC 484\(a\)/ }).click();
    await expect.poll(() => focused(page)).toMatch(/^H3: Edit PC 484\(a\)/);
    await page
      .getByRole('form', { name: /^Edit PC 484\(a\)/ })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect.poll(() => focused(page)).toMatch(/^BUTTON: Edit PC 484\(a\)/);

    // Tell the rules what they need about the person, then accept their suggestion in one action.
    await page.getByText('Facts about the person today').click();
    const facts = page.getByRole('form', { name: 'Facts about the person today' });
    for (const fact of [
      /Currently charged/,
      /On probation, parole/,
      /Serving a sentence/,
      /PC 290/,
      /superstrike/,
    ]) {
      await facts.getByLabel(fact).selectOption('no');
    }
    await facts.getByRole('button', { name: 'Save facts' }).click();
    await expect
      .poll(() => facts.getByRole('status').allInnerTexts())
      .toContain('Facts about the person saved; the suggestions now follow them.');
    // Each conviction lists the remedies that apply, its decision beside the rules' suggestion.
    const theft = page.getByRole('article', { name: /^PC 484\(a\)/ });
    const theftRow = theft.getByRole('row', { name: /^PC 1203\.4 dismissal/ });
    // The suggestion follows the facts just saved.
    await expect.poll(() => theftRow.innerText(), { timeout: 10_000 }).toContain('Eligible (mandatory)');
    await theftRow.getByRole('button', { name: /^Decide PC 1203\.4 dismissal for PC 484\(a\)/ }).click();
    // Opening a decision moves focus to its form; saving puts it back on the same button.
    await expect.poll(() => focused(page)).toMatch(/^H3: PC 1203\.4 dismissal.* — PC 484\(a\)/);
    const suggestion = page.getByRole('region', { name: 'Suggestion from the rules' });
    expect(await suggestion.innerText()).toContain('PC 1203.4');
    await suggestion.getByRole('button', { name: 'Accept suggestion' }).click();
    await page
      .getByRole('button', { name: /^Eligible \(mandatory\) PC 1203\.4 dismissal for PC 484\(a\)/ })
      .waitFor();
    await expect
      .poll(() => focused(page))
      .toMatch(/^BUTTON: Eligible \(mandatory\) PC 1203\.4 dismissal for PC 484\(a\)/);
    await decide(
      page,
      'PC 1203.4 dismissal for HS 11350(a)',
      'Eligible (mandatory)',
      'Probation completed: PC 1203.4(a)(1).',
    );
    // The rest of the theft conviction's suggestions in one action, each its own decision.
    const acceptAll = theft.getByRole('button', { name: /^Accept every suggestion \(\d+\)/ });
    if ((await acceptAll.count()) > 0) {
      const count = Number((await acceptAll.innerText()).match(/\((\d+)\)/)?.[1]);
      await acceptAll.click();
      await acceptAll.waitFor({ state: 'detached' });
      // The button went with the suggestions: focus lands on the conviction's heading, and the
      // decisions recorded are announced.
      await expect.poll(() => focused(page)).toMatch(/^H3: PC 484\(a\)/);
      await expect
        .poll(() => theft.getByRole('status').filter({ hasText: 'accepted' }).innerText())
        .toMatch(new RegExp(`^${count} suggestions? accepted as (a decision|decisions) for PC 484\\(a\\)`));
    }
    await expectAccessible(page);

    await moveStage(page, 'Petitions to file');
    await page.getByText('Draft a petition').click();
    const draft = page.getByRole('form', { name: 'Draft a petition' });
    await draft.getByLabel(/PC 484\(a\)/).check();
    await draft.getByLabel(/HS 11350\(a\)/).check();
    await draft.getByRole('button', { name: 'Draft petition' }).click();
    const petitions = page.getByRole('region', { name: 'Petitions' });
    await petitions.getByRole('heading', { name: /case 16CR01234 — Draft/ }).waitFor();
    await expect
      .poll(() => petitions.getByRole('status').allInnerTexts())
      .toContain('Petition drafted: PC 1203.4 dismissal, 2 convictions.');

    // "Update petition" moves focus to its form's heading; Cancel and Save give it back to the button.
    const updatePetition = petitions.getByRole('button', { name: 'Update petition for case 16CR01234' });
    await updatePetition.click();
    await expect.poll(() => focused(page)).toBe('H4: Update petition for case 16CR01234');
    await page
      .getByRole('form', { name: 'Update petition for case 16CR01234' })
      .getByRole('button', { name: 'Cancel' })
      .click();
    await expect.poll(() => focused(page)).toMatch(/^BUTTON: Update petition\s*for case 16CR01234/);
    await updatePetition.click();
    let update = page.getByRole('form', { name: 'Update petition for case 16CR01234' });
    await update.getByLabel('Status').selectOption('filed');
    await update.getByLabel('Filed on').fill('2026-11-20');
    await update.getByLabel('Served on the prosecutor on').fill('2026-11-21');
    await update.getByLabel('Rule-by date').fill('2026-12-18');
    await update.getByRole('button', { name: 'Save petition' }).click();
    await petitions.getByRole('heading', { name: /case 16CR01234 — Filed/ }).waitFor();
    await expect.poll(() => focused(page)).toMatch(/^BUTTON: Update petition\s*for case 16CR01234/);
    await expectAccessible(page);

    // Filing moved the matter on by itself.
    await page.getByText('This matter is in Awaiting court decision').waitFor();
    // A hearing ten days after service: the card says the prosecutor needs 15 days' notice, and why.
    await petitions.getByRole('button', { name: /Update petition/ }).click();
    update = page.getByRole('form', { name: 'Update petition for case 16CR01234' });
    await update.getByLabel('Status').selectOption('hearing_set');
    await update.getByLabel('Hearing on').fill('2026-12-01');
    await update.getByRole('button', { name: 'Save petition' }).click();
    await petitions.getByRole('heading', { name: /case 16CR01234 — Hearing set/ }).waitFor();
    const notice = petitions.locator('p', { hasText: 'Notice before the hearing.' });
    expect(await notice.innerText()).toContain(
      'Served 10 days before the hearing on Dec 1, 2026: the prosecuting attorney must have at least 15 days’ notice.',
    );
    await expectAccessible(page);
    await petitions.getByRole('button', { name: /Update petition/ }).click();
    update = page.getByRole('form', { name: 'Update petition for case 16CR01234' });
    await update.getByLabel('Status').selectOption('decided');
    await update.getByLabel('Decided on').fill('2026-11-27');
    await update.getByLabel(/Outcome for PC 484\(a\)/).selectOption('granted');
    await update.getByLabel(/Outcome for HS 11350\(a\)/).selectOption('denied');
    await update.getByRole('button', { name: 'Save petition' }).click();
    await petitions.getByRole('heading', { name: /case 16CR01234 — Decided/ }).waitFor();
    await notice.waitFor({ state: 'detached' });
    const petitionText = await petitions.innerText();
    expect(petitionText).toMatch(/PC 484\(a\).*Granted/);
    expect(petitionText).toMatch(/HS 11350\(a\).*Denied/);

    await page.getByRole('button', { name: 'Move to Outcome to send' }).click();
    await page.getByText('This matter is in Outcome to send').waitFor();

    // Every step is on the timeline, newest first, with who did it; and it survives a reload.
    await page.goto(matterUrl);
    const timeline = await page.getByRole('region', { name: 'Timeline' }).innerText();
    for (const step of [
      'Moved from Referral received to Gathering records',
      'Requested DOJ RAP sheet from client',
      'DOJ RAP sheet: received (file attached)',
      'Moved from Gathering records to Eligibility review',
      'Conviction entered: PC 484(a)',
      'Conviction entered: HS 11350(a)',
      'PC 1203.4 dismissal for PC 484(a) (misdemeanor), case 16CR01234: eligible (mandatory)',
      'Petition drafted: PC 1203.4 dismissal, case 16CR01234, 2 convictions',
      'filed',
      'decided (1 granted, 1 denied)',
      'Moved from Awaiting court decision to Outcome to send',
    ]) {
      expect(timeline).toContain(step);
    }
    expect(timeline.indexOf('Outcome to send')).toBeLessThan(timeline.indexOf('Gathering records'));
    expect(timeline).toContain('Daniel Okafor');
    await expectAccessible(page);

    // The outcome, by keyboard: the composer takes the focus from the button it replaces; sent, the
    // matter closes and the focus goes to the messages, where the one just sent is listed.
    const hasFocus = (locator: ReturnType<Page['getByRole']>) =>
      locator.evaluate((el) => el === document.activeElement);
    await page.getByRole('button', { name: 'Compose outcome' }).focus();
    await page.keyboard.press('Enter');
    const composer = page.getByRole('heading', { name: 'The outcome to send' });
    await composer.waitFor();
    await expect.poll(() => hasFocus(composer)).toBe(true);
    await expectAccessible(page);
    const closeNote = page.getByLabel('Why close the matter before the signed order arrives?');
    if (await closeNote.isVisible()) await closeNote.fill('The court mails the signed order; we send it on.');
    await page.getByRole('button', { name: 'Send outcome and close the matter' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('This matter is in Closed').waitFor();
    await expect
      .poll(() => hasFocus(page.getByRole('heading', { name: 'Messages', exact: true })))
      .toBe(true);
  });

  it('says when a move needs a note, and on its refusal takes focus to the note', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters?stage=outcome_to_send`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const stage = page.getByRole('region', { name: 'Stage' });
    await stage.getByText('This matter is in Outcome to send').waitFor();
    // Closing by hand from "Outcome to send" must say how the client was told: the label says so.
    expect(await stage.getByLabel('Note (optional)').count()).toBe(1);
    await stage.getByLabel('Move to').selectOption({ label: 'Closed' });
    const note = stage.getByLabel('Note (required for this move)');
    await note.waitFor();
    expect(await note.getAttribute('aria-required')).toBe('true');
    expect(await stage.getByLabel('Note (optional)').count()).toBe(0);

    // Sent without one, by keyboard: refused, and focus goes to the note, where the answer goes.
    await stage.getByRole('button', { name: 'Move stage' }).press('Enter');
    const alert = stage.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('say in the note how the client was told');
    await expect.poll(() => note.evaluate((el) => el === document.activeElement)).toBe(true);
    await stage.getByText('This matter is in Outcome to send').waitFor();
  });

  it('refuses an illegal stage move with the reason, and keeps the matter where it was', async () => {
    const { page, server } = suite;
    // Intake may not see the petitions this move rests on, so is not offered it.
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=petitions_to_file`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    const matterPage = page.url();
    const offered = await page.getByLabel('Move to').locator('option').allInnerTexts();
    expect(offered).not.toContain('Awaiting court decision');
    expect(offered).toContain('Eligibility review');
    await page.context().clearCookies();
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(matterPage);
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    await page.getByLabel('Move to').selectOption({ label: 'Awaiting court decision' });
    await page.getByRole('button', { name: 'Move stage' }).click();
    const alert = page.getByRole('region', { name: 'Stage' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('Record at least one filed petition');
    expect(await page.getByRole('region', { name: 'Stage' }).innerText()).toContain(
      'This matter is in Petitions to file',
    );

    // The refusal goes once the move asked for changes…
    await page.getByLabel('Move to').selectOption({ label: 'Eligibility review' });
    await alert.waitFor({ state: 'detached' });
    // …or once something else on the page is saved; and that save is announced in words.
    await page.getByLabel('Move to').selectOption({ label: 'Awaiting court decision' });
    await page.getByRole('button', { name: 'Move stage' }).click();
    await alert.waitFor();
    const notes = page.getByRole('region', { name: 'Notes and calls' });
    await notes.getByLabel('Note', { exact: true }).fill('Client asked about the court date.');
    await notes.getByRole('button', { name: 'Add note' }).click();
    await alert.waitFor({ state: 'detached' });
    await expect.poll(() => notes.getByRole('status').allInnerTexts()).toContain('Note added.');
    await notes.getByLabel('Result').selectOption({ label: 'Left a voicemail' });
    await notes.getByRole('button', { name: 'Log call' }).click();
    await expect
      .poll(() => notes.getByRole('status').allInnerTexts())
      .toContain('Call logged: We called the client; left a voicemail.');
  });
});
