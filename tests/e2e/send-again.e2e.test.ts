// The same status update sent twice, in Chromium against the real server: staff send a client "In
// review" with a next step; a colleague of the same office, in another browser, sends the same update
// (same status, next steps and channels) minutes later. It is refused, announced as an alert naming
// who sent it and when, and "Send again" is offered; pressed from the keyboard, it sends the update a
// second time, and the messages list and the timeline show both sends; one of them is then stopped
// before it goes, and left unsent.
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const NEXT_STEP = 'Submit letters of recommendation';
const SENT_ENTRY = 'Status update “In review” sent by e-mail.';

/** An English-speaking client who chose e-mail, referred through the API: the matter's id. */
async function referEnglishClient(url: string): Promise<string> {
  const call = await apiCaller(url, 'intake@example.org');
  const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
    existingClient: null,
    client: {
      legalName: 'Ignatius Fairweather',
      otherNames: [],
      dateOfBirth: '1977-08-23',
      phone: '(510) 555-0139',
      email: 'ignatius@example.net',
      address: { line1: '1800 Franklin St', line2: '', city: 'Oakland', state: 'CA', postalCode: '94612' },
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

describe.skipIf(!chromiumPath)('the same status update sent twice, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('refuses a colleague’s identical send naming who sent it and when, and “Send again” sends it', async () => {
    const { page, server } = suite;
    const matterId = await referEnglishClient(server.url);
    const matterUrl = `${server.url}/matters/${matterId}`;

    /** Chooses "In review" with the next step, previews, and presses Send, all from the keyboard. */
    const composeAndSend = async (on: typeof page) => {
      const form = on.getByRole('form', { name: 'Status update' });
      await form.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });
      await form.getByLabel(NEXT_STEP).focus();
      await on.keyboard.press('Space');
      expect(await form.getByLabel(NEXT_STEP).isChecked()).toBe(true);
      await form.getByRole('button', { name: 'Preview message' }).focus();
      await on.keyboard.press('Enter');
      await form.getByLabel('E-mail text').waitFor();
      await form.getByRole('button', { name: 'Send status update' }).focus();
      await on.keyboard.press('Enter');
      return form;
    };

    // Rosa Delgado (intake) sends the update.
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(matterUrl);
    const mine = await composeAndSend(page);
    await mine.getByText('Status update queued for sending.').waitFor();

    // Jorge Ibáñez, of the same office, in his own browser, sends the same update.
    const other = await page.context().browser()?.newContext();
    try {
      const colleague = await other?.newPage();
      if (!colleague) throw new Error('no second page');
      await signIn(colleague, server.url, 'jorge.ibanez@example.org');
      await colleague.goto(matterUrl);
      const form = await composeAndSend(colleague);

      // Refused, announced as an alert, naming who sent it and when; nothing more was sent.
      const refusal = form.getByRole('alert');
      await refusal.waitFor();
      const said = await refusal.innerText();
      expect(said).toMatch(
        /^This same update, “In review” by e-mail, was sent to the client by Rosa Delgado on .*\d.*: nothing was sent, so the client does not get it twice\. If they should get it again, choose “Send again”\.$/,
      );
      expect(await form.getByText('Status update queued for sending.').count()).toBe(0);
      const messages = colleague.getByRole('region', { name: 'Messages' });
      const sends = messages.getByRole('row').filter({ hasText: 'In review' });
      expect(await sends.count()).toBe(1);
      const timeline = colleague.getByRole('region', { name: 'Timeline' });
      expect(await timeline.getByText(SENT_ENTRY, { exact: true }).count()).toBe(1);
      const sendAgain = form.getByRole('button', { name: 'Send again' });
      await sendAgain.waitFor();
      await expectAccessible(colleague);

      // Meant: sent again, from the keyboard.
      await sendAgain.focus();
      await colleague.keyboard.press('Enter');
      await form.getByText('Status update queued for sending.').waitFor();
      expect(await form.getByRole('alert').count()).toBe(0);
      // "Send again" went with the preview: focus is on what was done, not on <body>.
      await expect
        .poll(() => colleague.evaluate(() => document.activeElement?.textContent ?? ''))
        .toBe('Status update queued for sending.');
      expect(await form.getByRole('button', { name: 'Send again' }).count()).toBe(0);
      await expect.poll(() => sends.count(), { timeout: 10_000 }).toBe(2);
      await expect
        .poll(() => timeline.getByText(SENT_ENTRY, { exact: true }).count(), { timeout: 10_000 })
        .toBe(2);
      const entries = await timeline.innerText();
      expect(entries).toContain('Rosa Delgado');
      expect(entries).toContain('Jorge Ibáñez');
      await expectAccessible(colleague);
    } finally {
      await other?.close();
    }

    // The first sender sees both sends too.
    await page.reload();
    const messages = page.getByRole('region', { name: 'Messages' });
    await messages.getByRole('row').filter({ hasText: 'In review' }).first().waitFor();
    expect(await messages.getByRole('row').filter({ hasText: 'In review' }).count()).toBe(2);

    // Twice was once too many after all: the newer one is stopped before it goes (no mail server is
    // set up here, so both still wait), from the keyboard. It stays listed, saying who stopped it,
    // with Retry to send it after all; the older one still waits.
    const stop = messages.getByRole('button', { name: 'Don’t send' });
    expect(await stop.count()).toBe(2);
    // Each says which message it acts on, to a screen reader: its row's message (aria-describedby).
    const describedBy = await stop.first().getAttribute('aria-describedby');
    expect(await page.locator(`[id="${describedBy}"]`).innerText()).toMatch(/^In review/);
    await stop.first().focus();
    await page.keyboard.press('Enter');
    const stopped = /Not sent: Rosa Delgado stopped it before it went\./;
    await messages.getByText(stopped).waitFor();
    expect(await stop.count()).toBe(1);
    const stoppedRow = messages.getByRole('row').filter({ hasText: stopped });
    await stoppedRow.getByRole('button', { name: 'Retry' }).waitFor();
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText(/^E-mail “.+” not sent: Rosa Delgado stopped it before it went\.$/).waitFor();
    await expectAccessible(page);

    // Not to be sent after all: left unsent, it is no longer a delivery problem.
    await stoppedRow.getByRole('button', { name: 'Leave unsent' }).click();
    await messages.getByText(/Withdrawn before it was sent — Left unsent by Rosa Delgado/).waitFor();
    expect(await messages.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await timeline.getByText(/^E-mail left unsent by Rosa Delgado \(it had not gone: Not sent: /).waitFor();
  });
});
