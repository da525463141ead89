// Letting people in, in Chromium against the real server: an administrator invites a person from the
// users page, the link is read from the e-mail waiting in the outbox (as the person would find it in
// their inbox), the person opens it, chooses a name and password and signs in; and a locked account's
// owner (no second factor, in an office that does not require one) unlocks it with an e-mailed link.
// axe checks each page on the way.
import { join } from 'node:path';
import { readSqlite } from '@relief-desk/db';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const NEW_PERSON = 'new.colleague@example.org';
const PASSWORD = 'a lantern by the harbour';

/** The link in the newest e-mail of a kind to an address, as the outbox holds it before sending. */
function linkIn(dataDir: string, email: string, kind: 'invitation' | 'sign_in_link'): string {
  const body = readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite
      .prepare(
        `select staff_notices.body from staff_notices join outbox on outbox.staff_notice_id = staff_notices.id
         where staff_notices.recipient = ? and staff_notices.kind = ? order by staff_notices.created_at desc`,
      )
      .get(email, kind) as { body: string } | undefined;
    return row?.body ?? '';
  });
  const link = /https?:\/\/\S+#[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  if (!link) throw new Error(`No ${kind} e-mail to ${email} in the outbox`);
  return link;
}

/** Signs in as the demo administrator and opens the users page, its accounts listed. */
async function openUsersPage(page: Page, baseUrl: string): Promise<void> {
  await signIn(page, baseUrl, 'admin@example.org');
  await page.goto(`${baseUrl}/settings/users`);
  await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
  await page.getByRole('region', { name: 'Accounts' }).getByRole('row').nth(1).waitFor();
}

/** Whether an account may see RAP sheets, as the database holds it. */
function seesRapSheets(dataDir: string, email: string): boolean {
  return readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite.prepare('select can_view_rap_sheets from users where email = ?').get(email) as
      | { can_view_rap_sheets: number }
      | undefined;
    return row?.can_view_rap_sheets === 1;
  });
}

describe.skipIf(!chromiumPath)('inviting a colleague in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('says what was saved when the RAP sheet permission is granted and withdrawn', async () => {
    const { page, server } = suite;
    await openUsersPage(page, server.url);
    const box = page.getByLabel('Rosa Delgado may see RAP sheets');
    expect(await box.isChecked()).toBe(false);
    expect(seesRapSheets(server.dataDir, 'intake@example.org')).toBe(false);

    await box.click();
    await page.getByRole('status').filter({ hasText: 'Rosa Delgado may now see RAP sheets.' }).waitFor();
    expect(await page.getByText('Rosa Delgado no longer sees RAP sheets.').count()).toBe(0);
    expect(await box.isChecked()).toBe(true);
    expect(seesRapSheets(server.dataDir, 'intake@example.org')).toBe(true);

    await box.click();
    await page.getByRole('status').filter({ hasText: 'Rosa Delgado no longer sees RAP sheets.' }).waitFor();
    expect(await page.getByText('Rosa Delgado may now see RAP sheets.').count()).toBe(0);
    expect(await box.isChecked()).toBe(false);
    expect(seesRapSheets(server.dataDir, 'intake@example.org')).toBe(false);
  }, 60_000);

  it('invites by e-mail; the invited person sets a password from the link and signs in', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.getByRole('link', { name: 'Office settings' }).click();
    await page.getByRole('link', { name: 'Users and invitations' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    await page.getByRole('region', { name: 'Accounts' }).getByRole('row').nth(1).waitFor();
    await expectAccessible(page);

    const invite = page.getByRole('form', { name: 'Invite a person' });
    await invite.getByLabel('Work e-mail').fill(NEW_PERSON);
    await invite.getByLabel('Role').selectOption('attorney');
    expect(await invite.getByLabel('May see RAP sheets').isChecked()).toBe(true);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    // This server has no SMTP_URL: the e-mail waits, as the banner and the row say, and so does the message.
    await page
      .getByRole('status')
      .filter({
        hasText: `The invitation to ${NEW_PERSON} is waiting to be sent: e-mail is not set up on the server.`,
      })
      .waitFor();
    expect(await page.getByText('on its way').count()).toBe(0);
    const invitations = page.getByRole('region', { name: 'Invitations' });
    await invitations.getByRole('row', { name: new RegExp(NEW_PERSON) }).waitFor();
    expect(await invitations.innerText()).toContain('Waiting to be accepted');
    expect(await invitations.innerText()).toContain('Waiting to be sent');
    await expectAccessible(page);

    const link = linkIn(server.dataDir, NEW_PERSON, 'invitation');
    expect(link.startsWith(server.url)).toBe(true);
    const other = await page.context().browser()?.newContext();
    const newcomer = await other?.newPage();
    if (!newcomer) throw new Error('no second browser');
    await newcomer.goto(link);
    await newcomer.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
    await newcomer.getByText('Alameda County Public Defender').waitFor();
    await expectAccessible(newcomer);
    await newcomer.getByLabel('Your name').fill('Nadia Romero');
    await newcomer.getByLabel('Choose a password').fill('password1234');
    await newcomer.getByRole('button', { name: 'Set up my account' }).click();
    await newcomer.getByText(/common passwords/).waitFor();
    await newcomer.getByLabel('Choose a password').fill(PASSWORD);
    await newcomer.getByRole('button', { name: 'Set up my account' }).click();

    await newcomer.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    await newcomer.getByRole('status').filter({ hasText: 'Your account is ready' }).waitFor();
    expect(await newcomer.getByLabel('Work e-mail', { exact: true }).inputValue()).toBe(NEW_PERSON);
    await expectAccessible(newcomer);
    await newcomer.getByLabel('Password').fill(PASSWORD);
    await newcomer.getByRole('button', { name: 'Sign in' }).click();
    await newcomer.getByRole('heading', { name: 'Case queue' }).waitFor();
    expect(await newcomer.getByRole('banner').innerText()).toContain('Nadia Romero');

    // The link worked once.
    await newcomer.goto(link);
    await newcomer.getByText('This invitation was already accepted.').waitFor();
    // Another link pasted into the same tab (only the fragment changes) is read afresh.
    await newcomer.goto(`${server.url}/invitation#${'Q'.repeat(43)}`);
    await newcomer.getByText('This invitation link does not work.').waitFor();
    expect(await newcomer.getByText('already accepted').count()).toBe(0);
    await other?.close();

    await page.reload();
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('row', { name: /Nadia Romero/ }).waitFor();
    expect(await accounts.getByLabel('Role of Nadia Romero').inputValue()).toBe('attorney');
    expect(await page.getByRole('region', { name: 'Invitations' }).count()).toBe(0);
  }, 120_000);

  it('does not say an e-mail is on its way while e-mail is not set up', async () => {
    const { page, server } = suite;
    await openUsersPage(page, server.url);
    await page.getByRole('button', { name: 'Send password link to Rosa Delgado' }).click();
    await page
      .getByRole('status')
      .filter({
        hasText:
          'A link to choose a new password, for Rosa Delgado (intake@example.org), is waiting to be sent: e-mail is not set up on the server. It works once, for an hour from now;',
      })
      .waitFor();
    expect(await page.getByText('on its way').count()).toBe(0);
  }, 60_000);

  it('offers an administrator the RAP sheet permission only from an administrator who has it', async () => {
    const { page, server } = suite;
    // The demo administrator does not have it: inviting an administrator, the box is off and says why.
    await openUsersPage(page, server.url);
    const invite = page.getByRole('form', { name: 'Invite a person' });
    const box = invite.getByLabel('May see RAP sheets');
    await invite.getByLabel('Role').selectOption('admin');
    expect(await box.isDisabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    expect(await box.getAttribute('aria-describedby')).toBeTruthy();
    const hint = invite.getByText('Only an administrator who has the RAP sheet permission can give it');
    expect(await hint.getAttribute('id')).toBe(await box.getAttribute('aria-describedby'));
    await expectAccessible(page);
    // Inviting without it goes through; another role is still offered it.
    await invite.getByLabel('Work e-mail').fill('second.admin@example.org');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'The invitation to second.admin@example.org' })
      .waitFor();
    await invite.getByLabel('Role').selectOption('attorney');
    expect(await box.isDisabled()).toBe(false);
    expect(await box.isChecked()).toBe(true);
    expect(await hint.count()).toBe(0);
  }, 60_000);

  it('clears what the last attempt said when the next one is made', async () => {
    const { page, server } = suite;
    await openUsersPage(page, server.url);
    const invite = page.getByRole('form', { name: 'Invite a person' });
    const email = invite.getByLabel('Work e-mail');
    const send = invite.getByRole('button', { name: 'Send invitation' });
    const success = page.getByRole('status').filter({ hasText: 'The invitation to kim.nguyen@example.org' });
    await email.fill('kim.nguyen@example.org');
    await send.click();
    await success.waitFor();

    // An address with an account in another office: refused, and the success above goes.
    await email.fill('intake@legalaid.example.org');
    await send.click();
    const refusal = page.getByRole('alert').filter({ hasText: 'another office' });
    await refusal.waitFor();
    expect(await success.count()).toBe(0);
    expect(await page.getByRole('alert').count()).toBe(1);

    // An address the form itself stops: only its own message, beside the field, stays.
    await email.fill('bad@@x');
    await send.click();
    await invite.locator('.field__error').waitFor();
    expect(await refusal.count()).toBe(0);
    expect(await success.count()).toBe(0);
    expect(await page.locator('.alert').count()).toBe(0);
    await expectAccessible(page);
  }, 60_000);

  it('says what to do with an invitation link cut off or missing, and opens the whole one pasted into the same tab', async () => {
    const { page, server } = suite;
    await openUsersPage(page, server.url);
    const invite = page.getByRole('form', { name: 'Invite a person' });
    await invite.getByLabel('Work e-mail').fill('cut.off@example.org');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').filter({ hasText: 'The invitation to cut.off@example.org' }).waitFor();
    const link = linkIn(server.dataDir, 'cut.off@example.org', 'invitation');
    const [address, token = ''] = link.split('#');

    const other = await page.context().browser()?.newContext();
    const person = await other?.newPage();
    if (!person) throw new Error('no second browser');
    const advice = person.getByRole('alert').filter({ hasText: 'Open it again from the e-mail, whole' });
    for (const [opened, said] of [
      [`${address}#${token.slice(0, 30)}`, 'This link is not whole: part of it is missing.'],
      [`${address}`, 'The link from your e-mail is missing from this address.'],
    ] as const) {
      await person.goto(opened);
      await person.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
      await advice.filter({ hasText: said }).waitFor();
      expect(await advice.innerText()).toContain('ask your administrator to send the invitation again');
      expect(await person.getByText('Some fields need attention').count()).toBe(0);
      await person.getByRole('link', { name: 'Go to the sign-in page' }).waitFor();
      await expectAccessible(person);
    }
    // The whole link pasted into the same tab: only the fragment changes, and the page opens it.
    await person.goto(`${address}#${token.slice(0, 30)}`);
    await advice.waitFor();
    await person.goto(link);
    await person.getByText('You are invited to Relief Desk at').waitFor();
    expect(await advice.count()).toBe(0);
    await person.getByLabel('Your name').waitFor();

    // The other two link pages say the same of a link cut off.
    for (const [path, title, ask] of [
      ['/password-reset', 'Choose a new password', 'ask an administrator of your office'],
      ['/sign-in/link', 'Sign in with your link', 'ask for a new one on the sign-in page'],
    ] as const) {
      await person.goto(`${server.url}${path}#${token.slice(0, 30)}`);
      await person.getByRole('heading', { name: title }).waitFor();
      await advice.filter({ hasText: 'This link is not whole' }).waitFor();
      expect(await advice.innerText()).toContain(ask);
      await person.getByRole('link', { name: 'Go to the sign-in page' }).waitFor();
    }
    await other?.close();
  }, 90_000);

  it('unlocks a locked account with the link e-mailed from the sign-in page', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/sign-in`);
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('Work e-mail', { exact: true }).fill('supervisor@example.org');
      await page.getByLabel('Password').fill('not the password at all');
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('alert').waitFor();
    }
    await page.getByRole('button', { name: 'Send me a sign-in link' }).click();
    const request = page.getByRole('form', { name: 'Account locked?' });
    expect(await request.getByLabel('Work e-mail for the link').inputValue()).toBe('supervisor@example.org');
    await request.getByRole('button', { name: 'Send me a sign-in link' }).click();
    await page.getByRole('status').filter({ hasText: 'If that address belongs to an account' }).waitFor();
    await expectAccessible(page);

    await page.goto(linkIn(server.dataDir, 'supervisor@example.org', 'sign_in_link'));
    await page.getByRole('heading', { name: 'Sign in with your link' }).waitFor();
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('status').filter({ hasText: 'Your account is unlocked.' }).waitFor();
    await page.getByRole('link', { name: 'Go to the sign-in page' }).click();
    await page.getByLabel('Work e-mail', { exact: true }).fill('supervisor@example.org');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Case queue' }).waitFor();
  }, 90_000);
});
