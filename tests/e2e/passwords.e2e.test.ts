// Passwords, in Chromium against the real server: a person changes their own on the Sign-in security
// page (a wrong current password is said beside its field), and signs in with the new one; an
// administrator sends a colleague who forgot theirs a link from the users page, the link is read from
// the e-mail waiting in the outbox, and the colleague chooses a new password on the page it opens and
// signs in. Both forms are used from the keyboard, and axe checks each page on the way.
import { join } from 'node:path';
import { readSqlite } from '@relief-desk/db';
import { describe, expect, inject, it } from 'vitest';
import { DEMO_PASSWORD, expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const NEW_PASSWORD = 'a lighthouse in the fog';

/** The link in the newest password e-mail to an address, as the outbox holds it before sending. */
function passwordLinkIn(dataDir: string, email: string): string {
  const body = readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite
      .prepare(
        `select staff_notices.body from staff_notices join outbox on outbox.staff_notice_id = staff_notices.id
         where staff_notices.recipient = ? and staff_notices.kind = 'password_reset'
         order by staff_notices.created_at desc`,
      )
      .get(email) as { body: string } | undefined;
    return row?.body ?? '';
  });
  const link = /https?:\/\/\S+\/password-reset#[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  if (!link) throw new Error(`No password e-mail to ${email} in the outbox`);
  return link;
}

describe.skipIf(!chromiumPath)('passwords in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('changes one’s own password on the Sign-in security page, from the keyboard', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'priya.raman@example.org');
    await page.getByRole('link', { name: 'Sign-in security' }).click();
    const form = page.getByRole('form', { name: 'Change password' });
    await form.waitFor();
    await expectAccessible(page);

    await form.getByLabel('Current password').fill('not my password at all');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByLabel('New password').press('Enter');
    await form.getByText('That is not your current password').waitFor();
    // Said beside the field, and focus is there to correct it.
    expect(await form.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('Current password').evaluate((el) => el === document.activeElement)).toBe(
      true,
    );
    await expectAccessible(page);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Tab');
    expect(await form.getByLabel('New password').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();
    expect(await form.getByLabel('Current password').inputValue()).toBe('');
    await expectAccessible(page);

    // This browser stays signed in; the new password is the one that signs in.
    await page.getByRole('heading', { name: 'Sign-in security' }).waitFor();
    const other = await page.context().browser()?.newContext();
    const second = await other?.newPage();
    if (!second) throw new Error('no second browser');
    await second.goto(`${server.url}/sign-in`);
    await second.getByLabel('Work e-mail', { exact: true }).fill('priya.raman@example.org');
    await second.getByLabel('Password').fill(DEMO_PASSWORD);
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await second.getByRole('alert').waitFor();
    await second.getByLabel('Password').fill(NEW_PASSWORD);
    await second.getByRole('button', { name: 'Sign in', exact: true }).click();
    await second.getByRole('heading', { name: 'Case queue' }).waitFor();
    await other?.close();
  }, 120_000);

  it('an administrator sends a link; the colleague chooses a new password with it and signs in', async () => {
    const { page, server } = suite;
    await signIn(page, server.url, 'admin@example.org');
    await page.goto(`${server.url}/settings/users`);
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('row', { name: /Jorge Ibáñez/ }).waitFor();
    // Not offered on one's own row.
    expect(await accounts.getByRole('button', { name: 'Send password link to Sam Whitaker' }).count()).toBe(
      0,
    );
    await accounts.getByRole('button', { name: 'Send password link to Jorge Ibáñez' }).click();
    await page
      .getByRole('status')
      // This server has no SMTP_URL: the link waits to be sent, and the message says so.
      .filter({
        hasText:
          'A link to choose a new password, for Jorge Ibáñez (jorge.ibanez@example.org), is waiting to be sent: e-mail is not set up on the server.',
      })
      .waitFor();
    await expectAccessible(page);

    const link = passwordLinkIn(server.dataDir, 'jorge.ibanez@example.org');
    const other = await page.context().browser()?.newContext();
    const person = await other?.newPage();
    if (!person) throw new Error('no second browser');
    await person.goto(link);
    await person.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await person.getByText('jorge.ibanez@example.org').waitFor();
    await expectAccessible(person);
    const form = person.getByRole('form', { name: 'Choose a new password' });
    await form.getByLabel('New password').focus();
    await person.keyboard.type('password1234');
    await person.keyboard.press('Enter');
    await form.getByText(/common passwords/).waitFor();
    await expectAccessible(person);
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByLabel('New password').press('Enter');

    await person.getByRole('heading', { name: 'Sign in to Relief Desk' }).waitFor();
    await person.getByRole('status').filter({ hasText: 'Your new password is set' }).waitFor();
    expect(await person.getByLabel('Work e-mail', { exact: true }).inputValue()).toBe(
      'jorge.ibanez@example.org',
    );
    await expectAccessible(person);
    await person.getByLabel('Password').fill(NEW_PASSWORD);
    await person.getByRole('button', { name: 'Sign in', exact: true }).click();
    await person.getByRole('heading', { name: 'Case queue' }).waitFor();

    // The link worked once.
    await person.goto(link);
    await person.getByText('This link does not work').waitFor();
    await expectAccessible(person);
    await other?.close();
  }, 120_000);
});
