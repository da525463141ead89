// An office's own wording saved by an older version, before it had to keep the placeholders the
// records fill, in Chromium against the real server: "Can't proceed" written without {reason}, so it
// gives one reason whatever staff chose. The settings page lists it as needing attention, and the
// status update's preview uses the built-in wording instead, saying why; the stale wording's claim
// never reaches the preview.
import { join } from 'node:path';
import { newId, openDatabase } from '@relief-desk/db';
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const STALE_CLAIM = 'because the court says you still owe fees';

/** "Can't proceed" in English as an older version let an administrator save it: no {reason}. */
async function saveStaleWording(dataDir: string) {
  const { db, close } = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    const admin = await db
      .selectFrom('users')
      .select(['id', 'office_id'])
      .where('email', '=', 'admin@example.org')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('message_templates')
      .values({
        id: newId(new Date()),
        office_id: admin.office_id,
        status_type: 'cant_proceed',
        language: 'en',
        version: 1,
        subject: 'We need to pause your request',
        body: `Dear {clientName},\n\nWe cannot go on ${STALE_CLAIM}.\n\n{nextSteps}\n\nPlease {reachUs}.`,
        sms: `{officeName}: {clientName}, we cannot go on ${STALE_CLAIM}. Please {reachUs}.`,
        created_by: admin.id,
        created_at: '2026-10-01T17:00:00.000Z',
      })
      .execute();
  } finally {
    await close();
  }
}

/** The RAP sheet permission, as an administrator grants it on the users page. */
async function grantRapSheets(dataDir: string, email: string) {
  const { db, close } = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    await db.updateTable('users').set({ can_view_rap_sheets: 1 }).where('email', '=', email).execute();
  } finally {
    await close();
  }
}

/** An English-speaking client who chose e-mail, referred through the API: the matter's id. */
async function referEnglishClient(url: string): Promise<string> {
  const call = await apiCaller(url, 'intake@example.org');
  const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
    existingClient: null,
    client: {
      legalName: 'Marisol Quiñones',
      otherNames: [],
      dateOfBirth: '1984-09-30',
      phone: '(510) 555-0163',
      email: 'marisol@example.net',
      address: { line1: '500 Grand Ave', line2: '', city: 'Oakland', state: 'CA', postalCode: '94610' },
      preferredLanguage: 'en',
      contact: { email: true, sms: false, letter: false, phone: true },
      consentToText: false,
    },
    counties: ['Alameda'],
    source: { kind: 'phone', detail: '' },
    receivedOn: '2026-11-02',
    note: '',
  });
  const matterId = recorded.matters[0]?.id;
  if (!matterId) throw new Error(`The referral was not recorded: ${JSON.stringify(recorded)}`);
  return matterId;
}

describe('wording saved before it had to keep {reason}', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('is listed as needing attention, and the preview uses the built-in wording and says why', async () => {
    const { page, server } = suite;
    await saveStaleWording(server.dataDir);

    await signIn(page, server.url, 'admin@example.org');
    const settings = async () => {
      await page.goto(`${server.url}/settings/messages`);
      await page.getByRole('heading', { name: 'Messages to clients' }).waitFor();
      await page.getByRole('button', { name: 'Edit In review' }).waitFor();
      return page.locator('main').innerText();
    };
    // "Can't proceed" tells of the record: without the RAP sheet permission its wording, and what it
    // must keep, are not shown (and nothing reads "undefined" in their place).
    const withheld = await settings();
    expect(withheld).not.toContain('undefined');
    expect(withheld).not.toContain('needs attention');
    expect(withheld).not.toContain('Can’t proceed');
    await grantRapSheets(server.dataDir, 'admin@example.org');
    const shown = await settings();
    expect(shown).not.toContain('undefined');
    expect(shown).toContain('“Can’t proceed” {reason}');
    await page.getByText('One template needs attention', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Update Can’t proceed' }).waitFor();
    await expectAccessible(page);

    const matterId = await referEnglishClient(server.url);
    const context = page.context();
    await context.clearCookies();
    await signIn(page, server.url, 'attorney@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    const form = page.getByRole('form', { name: 'Status update' });
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'Can’t proceed' });
    // A reason that states nothing of the records (on probation needs the person's facts recorded).
    await form.getByLabel('Why it can’t proceed').selectOption({ label: 'Need more information' });
    await form.getByRole('button', { name: 'Preview message' }).click();
    const emailText = form.getByLabel('E-mail text');
    await emailText.waitFor();
    const text = await emailText.inputValue();
    expect(text).not.toContain(STALE_CLAIM);
    expect(text).toContain('We need more information from you before we can continue');
    await expect
      .poll(() => form.getByText('does not use {reason}', { exact: false }).count())
      .toBeGreaterThan(0);
    await expect
      .poll(() => form.getByText('An administrator must update', { exact: false }).count())
      .toBeGreaterThan(0);
    await expectAccessible(page);
  });
});
