// A letter that cannot be printed (a name with an emoji), in Chromium against the real server: the
// preview says so and leaves the letter unchosen; a letter queued before letters were checked is left
// out of the mailing run while the rest print, is listed with why, is taken out of the print queue,
// and once the client's name is corrected it is written again from it and prints.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { openDatabase } from '@relief-desk/db';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const PLAIN = 'Joaquina Zeferino';
const WITH_EMOJI = 'Joaquina😀 Zeferino';

/** The router over HTTP, signed in as one person, as a partner's form or a script calls it. */
async function apiAs(url: string, email: string) {
  const call = await apiCaller(url, email);
  return {
    /** A referral of someone who chose letters (and e-mail, if `email`): the matter's id. */
    async refer(legalName: string, dateOfBirth: string, email = false) {
      const recorded = await call<{ matters: { id: string }[] }>('referrals.record', {
        existingClient: null,
        client: {
          legalName,
          otherNames: [],
          dateOfBirth,
          phone: '(510) 555-0188',
          email: email ? 'joaquina@example.net' : '',
          address: {
            line1: '2100 Telegraph Ave',
            line2: '',
            city: 'Oakland',
            state: 'CA',
            postalCode: '94612',
          },
          preferredLanguage: 'en',
          contact: { email, sms: false, letter: true, phone: true },
          consentToText: false,
        },
        counties: ['Alameda'],
        source: { kind: 'phone', detail: '' },
        receivedOn: '2026-01-05',
        note: '',
      });
      return recorded.matters[0]?.id ?? '';
    },
    /** An "in review" letter, sent as the preview wrote it: its message's id. */
    async sendLetter(matterId: string) {
      const composed = await call<{
        language: string;
        messages: { channel: string; subject: string; text: string }[];
      }>('messages.composeStatus', { matterId, statusType: 'in_review' }, 'GET');
      const sent = await call<{ messageIds: string[] }>('messages.sendStatus', {
        choice: { matterId, statusType: 'in_review' },
        messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
        writtenIn: composed.language,
      });
      return sent.messageIds[0] ?? '';
    },
    /** The client's legal name corrected, as the client form saves it. */
    async rename(matterId: string, legalName: string) {
      const matter = await call<{ client: { id: string; version: number; details: object } }>(
        'matters.get',
        { matterId },
        'GET',
      );
      await call('clients.update', {
        clientId: matter.client.id,
        version: matter.client.version,
        client: { ...matter.client.details, legalName },
      });
    },
  };
}

/** The letter and its client as they were when a letter could be queued with a name it cannot print. */
async function asQueuedBefore(dataDir: string, messageId: string) {
  const { db, close } = openDatabase(join(dataDir, 'relief-desk.sqlite'));
  try {
    const letter = await db
      .selectFrom('messages')
      .select(['recipient', 'body', 'client_id'])
      .where('id', '=', messageId)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('messages')
      .set({
        recipient: letter.recipient.replace(PLAIN, WITH_EMOJI),
        body: letter.body.replaceAll(PLAIN, WITH_EMOJI),
      })
      .where('id', '=', messageId)
      .execute();
    await db
      .updateTable('clients')
      .set({ legal_name: WITH_EMOJI })
      .where('id', '=', letter.client_id)
      .execute();
  } finally {
    await close();
  }
}

async function pdfText(bytes: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  return pages.join('\n');
}

/** Prints the mailing run from the Delivery problems page and confirms it: the PDF's text. */
async function printTheRun(page: Page): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Print the mailing run (one PDF)' }).click(),
  ]);
  const text = await pdfText(await readFile(await download.path()));
  const question = page.getByRole('group', { name: /^Printed (the letter|all of them)/ });
  await question.waitFor();
  return text;
}

describe.skipIf(!chromiumPath)('letters that cannot be printed, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('the preview says the letter cannot be printed and leaves it out; the e-mail goes', async () => {
    const { page, server } = suite;
    const api = await apiAs(server.url, 'intake@example.org');
    const matterId = await api.refer(WITH_EMOJI, '1981-06-02', true);
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    const form = page.getByRole('form', { name: 'Status update' });
    await form.getByLabel('Status', { exact: true }).selectOption({ label: 'In review' });
    await form.getByRole('button', { name: 'Preview message' }).click();
    const letter = form.getByRole('group', { name: `Letter to ${WITH_EMOJI}` });
    await letter.waitFor();
    expect(await letter.getByRole('alert').innerText()).toContain(
      'This letter cannot be printed. The recipient\'s name or address has "😀" (U+1F600, an emoji or pictograph)',
    );
    expect(await letter.getByLabel('Send by letter').isChecked()).toBe(false);
    expect(await form.getByLabel('Send by e-mail').isChecked()).toBe(true);
    await expectAccessible(page);
    await form.getByRole('button', { name: 'Send status update' }).click();
    await form.getByText('Status update queued for sending.').waitFor();
    const panel = page.getByRole('region', { name: 'Messages' });
    await expect.poll(() => panel.getByRole('cell', { name: 'E-mail', exact: true }).count()).toBe(1);
    expect(await panel.getByRole('cell', { name: 'Letter', exact: true }).count()).toBe(0);
  });

  it('leaves a letter queued before out of the mailing run, lists it, and writes it again once the name is corrected', async () => {
    const { page, server } = suite;
    const api = await apiAs(server.url, 'intake@example.org');
    const other = await api.refer('Marisol Quintanilla', '1979-03-14');
    await api.sendLetter(other);
    const matterId = await api.refer(PLAIN, '1984-09-21');
    await asQueuedBefore(server.dataDir, await api.sendLetter(matterId));

    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/messages/problems`);
    await page.getByRole('heading', { name: 'Delivery problems' }).waitFor();
    const cannotPrint = page.getByRole('table', { name: 'Letters that cannot be printed as they are' });
    const row = cannotPrint.getByRole('row', { name: new RegExp(WITH_EMOJI) });
    await row.waitFor();
    expect(await row.innerText()).toContain(
      'take the letter out of the print queue and write it again (Delivery problems)',
    );
    // The letter's subject is marked with the language it is written in, for screen readers.
    expect(await row.locator('[lang="en"]').count()).toBe(1);
    await expectAccessible(page);

    // The run prints the rest, without it.
    const printed = await printTheRun(page);
    expect(printed).toContain('Marisol Quintanilla');
    expect(printed).not.toContain('Zeferino');
    await page.getByRole('button', { name: /^Yes, mark (it|them) sent$/ }).click();
    await page.getByText(/letters? marked sent|Marked sent/).waitFor();
    await row.waitFor();

    // Taken out of the print queue, it is a letter not delivered, with why.
    await row.getByRole('button', { name: 'Take out of the print queue' }).click();
    await row.waitFor({ state: 'detached' });
    const undelivered = page.getByRole('row', {
      name: new RegExp(`${WITH_EMOJI}.*Taken out of the print queue`),
    });
    await undelivered.waitFor();
    expect(await undelivered.locator('[lang="en"]').count()).toBe(1);
    await expectAccessible(page);

    // The name corrected, the letter is written again from it, and prints.
    await api.rename(matterId, PLAIN);
    await page.reload();
    const corrected = page.getByRole('row', { name: new RegExp(`${PLAIN}.*Taken out of the print queue`) });
    await corrected.getByRole('button', { name: 'Write the letter again' }).click();
    await corrected.waitFor({ state: 'detached' });
    const again = await printTheRun(page);
    expect(again).toContain(`Dear ${PLAIN}`);
    expect(again).not.toContain('😀');
    await page.getByRole('button', { name: /^Yes, mark (it|them) sent$/ }).click();
    await page.getByText('No letters are waiting to be printed.').waitFor();
    await expectAccessible(page);
  });
});
