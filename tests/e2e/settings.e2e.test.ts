// An administrator grants an intake worker the RAP sheet permission, and the intake worker then sees
// the criminal history they could not see before.
import { join } from 'node:path';
import { openDatabase } from '@relief-desk/db';
import { OPEN_STAGES } from '@relief-desk/domain';
import { describe, expect, inject, it } from 'vitest';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');

describe.skipIf(!chromiumPath)('office settings in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('lets an administrator grant the RAP sheet permission, which takes effect for that user', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters?stage=eligibility_review`);
    await page.getByRole('row').nth(1).getByRole('link').click();
    const history = page.getByRole('region', { name: 'Convictions and eligibility' });
    await history.waitFor();
    expect(await history.innerText()).toContain('needs the RAP sheet permission');
    const matterUrl = page.url();

    const admin = await page.context().browser()?.newContext();
    const adminPage = await admin?.newPage();
    if (!adminPage) throw new Error('no admin page');
    await signIn(adminPage, server.url, 'admin@example.org');
    await adminPage.getByRole('link', { name: 'Office settings' }).click();
    await adminPage.getByRole('link', { name: 'Users and invitations' }).click();
    await adminPage.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    const grant = adminPage.getByLabel('Rosa Delgado may see RAP sheets');
    await grant.waitFor();
    await expectAccessible(adminPage);
    expect(await grant.isChecked()).toBe(false);
    // The box shows the saved state: it turns on once the server has recorded the grant.
    await grant.click();
    await expect.poll(() => grant.isChecked(), { timeout: 10_000 }).toBe(true);
    await admin?.close();

    await page.goto(matterUrl);
    await page.getByRole('button', { name: 'Add a conviction' }).waitFor();
    expect(await page.getByRole('region', { name: 'Convictions and eligibility' }).innerText()).not.toContain(
      'needs the RAP sheet permission',
    );
  });

  it('keeps keyboard focus on the second-factor rule while it saves', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    const rules = page.getByRole('region', { name: 'Second factor at sign-in' });
    const box = rules.getByLabel('Require a second factor of everyone in the office');
    const focused = () =>
      page.evaluate(() => {
        const el = document.activeElement as HTMLInputElement | null;
        return `${el?.tagName} ${el?.labels?.[0]?.textContent ?? ''}`;
      });
    for (const [checked, said] of [
      [true, 'everyone needs a second factor'],
      [false, 'up to each person'],
    ] as const) {
      await box.focus();
      await page.keyboard.press('Space');
      await rules.getByRole('status').filter({ hasText: said }).waitFor();
      expect(await box.isChecked()).toBe(checked);
      expect(await focused()).toBe('INPUT Require a second factor of everyone in the office');
    }
  });

  it('lets an administrator change the client update limits, and refuses a limit that makes no sense', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    const form = page.getByRole('form', { name: 'Client update limits' });
    const due = form.getByLabel('Days without an update before one is needed');
    const overdue = form.getByLabel('Days without an update before it is overdue');
    expect(await due.inputValue()).toBe('14');
    await due.fill('50');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await form.getByText('The overdue limit must be longer than the update limit.').waitFor();
    await overdue.fill('60');
    // By keyboard: the form is made again from what was saved, and the news of the save takes the focus.
    await form.getByRole('button', { name: 'Save limits' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Client update limits saved.').waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''))
      .toContain('Client update limits saved.');
    await page.reload();
    expect(await page.getByLabel('Days without an update before one is needed').inputValue()).toBe('50');
    await expectAccessible(page);
  });

  it('lets an administrator keep the office profile: letterhead, counties and who signs letters', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    const form = page.getByRole('form', { name: 'Office profile' });
    await form.getByLabel('Signer’s title').fill('Public Defender');
    await form.getByRole('button', { name: 'Save office profile' }).click();
    await form.getByText('Name the person whose title this is, or leave both empty.').waitFor();
    await form.getByLabel('Signer’s name').fill('Brendon Woods');
    await form.getByLabel('Alpine').check();
    await form.getByRole('button', { name: 'Save office profile' }).click();
    await page.getByText('Office profile saved.').waitFor();
    await page.reload();
    const saved = page.getByRole('form', { name: 'Office profile' });
    expect(await saved.getByLabel('Signer’s name').inputValue()).toBe('Brendon Woods');
    expect(await saved.getByLabel('Alpine').isChecked()).toBe(true);
    await expectAccessible(page);

    // Unticking a county with open matters says, before saving, that those matters stay: as many as
    // the database holds open there.
    const db = openDatabase(join(server.dataDir, 'relief-desk.sqlite'));
    const open = await db.db
      .selectFrom('matters')
      .innerJoin('offices', 'offices.id', 'matters.office_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('offices.name', '=', 'Alameda County Public Defender')
      .where('matters.county', '=', 'Alameda')
      .where('matters.stage', 'in', OPEN_STAGES)
      .executeTakeFirstOrThrow();
    await db.close();
    expect(Number(open.n)).toBeGreaterThan(0);
    await saved.getByLabel('Alameda', { exact: true }).uncheck();
    await saved
      .getByRole('status')
      .getByText(`No longer serving Alameda: its ${open.n} open matters stay with this office to be finished`)
      .waitFor();
    await saved.getByLabel('Alameda', { exact: true }).check();
    expect(await saved.getByRole('status').innerText()).toBe('');
  });

  it('refuses a change of a document’s due days from a page opened before another administrator’s, keeping what was typed', async () => {
    const { page, server } = suite;
    const other = await page.context().browser()?.newContext();
    const otherPage = await other?.newPage();
    if (!otherPage) throw new Error('no second page');
    for (const p of [page, otherPage]) {
      await signIn(p, server.url, 'admin@example.org');
      await p.getByRole('link', { name: 'Office settings' }).click();
    }
    const photoId = (p: typeof page) => p.getByRole('form', { name: 'Days for Photo ID' });
    expect(await photoId(page).getByLabel('Photo ID').inputValue()).toBe('14');
    expect(await photoId(otherPage).getByLabel('Photo ID').inputValue()).toBe('14');

    // The shared schema's message, beside the field, before anything is sent.
    await photoId(page).getByLabel('Photo ID').fill('0');
    await photoId(page).getByRole('button', { name: 'Save Photo ID' }).click();
    await photoId(page).getByText('Use at least one day.').waitFor();
    await photoId(page).getByLabel('Photo ID').fill('45');
    await photoId(page).getByRole('button', { name: 'Save Photo ID' }).click();
    await page.getByText('Saved: Photo ID.').waitFor();

    // The page opened before that save: refused, naming who saved and when; what was typed stays.
    await photoId(otherPage).getByLabel('Photo ID').fill('10');
    await photoId(otherPage).getByRole('button', { name: 'Save Photo ID' }).click();
    const conflict = otherPage.getByRole('alert').filter({ hasText: 'changed the days for Photo ID' });
    await conflict.waitFor();
    expect(await conflict.innerText()).toMatch(
      /changed the days for Photo ID on .+, after you opened it\. Nothing was saved, and anything you typed is still on the page\. Reload/,
    );
    expect(await photoId(otherPage).getByLabel('Photo ID').inputValue()).toBe('10');
    await expectAccessible(otherPage);
    // The message's own control reloads the page, which then shows the other administrator's change.
    await conflict.getByRole('button', { name: 'Reload the page' }).click();
    await otherPage.waitForLoadState('load');
    await photoId(otherPage).getByLabel('Photo ID').waitFor();
    expect(await photoId(otherPage).getByLabel('Photo ID').inputValue()).toBe('45');
    await other?.close();
  });

  it('tells an administrator to finish setting up an office without contact details, whose application is closed', async () => {
    const { page, server } = suite;
    // Golden Gate Legal Aid as create-admin leaves a new office: no mailing address, phone or e-mail.
    const database = openDatabase(join(server.dataDir, 'relief-desk.sqlite'));
    const office = await database.db
      .updateTable('offices')
      .set({ address: '', phone: '', email: '' })
      .where('name', '=', 'Golden Gate Legal Aid')
      .returning('slug')
      .executeTakeFirstOrThrow();
    await database.close();

    await signIn(page, server.url, 'admin@legalaid.example.org');
    const notice = page.getByRole('status').filter({ hasText: 'Finish setting up the office.' });
    await notice.waitFor();
    expect(await notice.innerText()).toContain(
      'Its mailing address, phone and e-mail are not set: until they are, the office’s online application is closed',
    );
    await expectAccessible(page);
    await notice.getByRole('link', { name: 'Set them at Office settings.' }).click();
    await page.getByRole('heading', { name: 'Office settings', level: 1 }).waitFor();
    await expectAccessible(page);
    // Its prosecutor's example is its own county's, not the Alameda office's.
    const contraCosta = page.locator('summary', { hasText: /^Contra Costa County/ });
    if ((await contraCosta.locator('xpath=..').getAttribute('open')) === null) await contraCosta.click();
    await page.getByText('for example: Contra Costa County District Attorney').first().waitFor();
    expect(await page.locator('main').innerText()).not.toContain('Alameda County District Attorney');

    // The public form's address says the office is not taking applications online yet.
    const answer = await page.goto(`${server.url}/apply/${office.slug}`);
    expect(answer?.status()).toBe(503);
    await page.getByRole('heading', { name: 'Not taking applications online yet', level: 1 }).waitFor();
    await expectAccessible(page);
    await page.goto(`${server.url}/apply/${office.slug}?lang=es`);
    await page
      .getByRole('heading', { name: 'Todavía no se aceptan solicitudes en línea', level: 1 })
      .waitFor();
    await expectAccessible(page);
  });

  it('shows the office’s public addresses at Office settings, each copied by its button', async () => {
    const { page, server } = suite;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signIn(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/settings`);
    const section = page.getByRole('region', { name: 'Public addresses' });
    const application = section.getByLabel('Online application');
    await application.waitFor();
    const address = await application.inputValue();
    expect(address).toBe(`${server.url}/apply/alameda-county-public-defender`);
    expect(await section.getByLabel(/^New status link/).inputValue()).toBe(
      `${server.url}/status/new?office=alameda-county-public-defender`,
    );
    await section.getByRole('button', { name: 'Copy Online application' }).press('Enter');
    await section.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(address);
    await expectAccessible(page);
    // The address copied opens the form.
    expect((await page.goto(address))?.status()).toBe(200);
  });
});
