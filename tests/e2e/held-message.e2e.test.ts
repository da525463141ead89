// An e-mail the outbox held as no longer right, in Chromium against the real server: the server's mail
// server is down when staff send a client "In review" by e-mail, so the server's own outbox worker
// tries it, fails and waits to try again. Meanwhile the matter is withdrawn. The mail server comes
// back; the worker's check sees it answer and tries the waiting e-mail at once, checks it again first,
// and holds it (NO_LONGER_TRUE): nothing reaches the client. Staff, with the keyboard alone, read on
// the matter's messages "Not sent — No longer right: …" with why and what to do, in the Delivery
// column; the page passes axe-core.
import { createServer } from 'node:net';
import { startSmtpServer, type TestSmtpServer } from '@relief-desk/notify/testing';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { apiCaller } from './support/api.ts';
import { expectAccessible, signIn } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const CLIENT_NAME = 'Rosalind Achterberg';

interface Delivery {
  outboxId: string;
  state: string;
  held: boolean;
  attempts: number;
  lastError: string | null;
}

/** Asks again every 200 ms until `check` gives something, for at most `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** Where the keyboard's focus is: which region (by its heading) and what control. */
function focusNow(page: Page) {
  return page.evaluate(() => {
    const active = document.activeElement;
    const region = active?.closest('section[aria-labelledby]');
    const heading = region && document.getElementById(region.getAttribute('aria-labelledby') ?? '');
    return {
      region: heading?.textContent?.trim() ?? null,
      control: `${active?.tagName.toLowerCase()} ${(active?.textContent ?? '').trim().slice(0, 40)}`,
    };
  });
}

/** Whether the element is wholly inside the window, as the reader sees it now. */
async function onScreen(page: Page, element: ReturnType<Page['locator']>): Promise<boolean> {
  const box = await element.boundingBox();
  const view = page.viewportSize();
  return Boolean(box && view && box.y >= 0 && box.y + box.height <= view.height);
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/** The subjects of the e-mails the mail server took in for the client (the demo office's others go too). */
const toClient = (smtp: TestSmtpServer) =>
  smtp.received
    .filter((r) => JSON.stringify(r.mail.to ?? '').includes('rosalind@example.net'))
    .map((r) => r.mail.subject);

// The mail server's port, known before the server starts and nothing listening on it yet: down.
const smtpPort = await freePort();

describe.skipIf(!chromiumPath)('an e-mail held as no longer right, in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '', {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Alameda County Public Defender <cleanslate@example.org>',
  });
  let smtp: TestSmtpServer | undefined;
  afterAll(async () => {
    await smtp?.close();
  });

  it('reads "Not sent — No longer right", why and what to do, reached with the keyboard', {
    timeout: 120_000,
  }, async () => {
    const { page, server } = suite;
    const intake = await apiCaller(server.url, 'intake@example.org');
    const recorded = await intake<{ matters: { id: string }[] }>('referrals.record', {
      existingClient: null,
      client: {
        legalName: CLIENT_NAME,
        otherNames: [],
        dateOfBirth: '1981-06-30',
        phone: '(510) 555-0166',
        email: 'rosalind@example.net',
        address: {
          line1: '2100 Telegraph Ave',
          line2: '',
          city: 'Oakland',
          state: 'CA',
          postalCode: '94612',
        },
        preferredLanguage: 'en',
        contact: { email: true, sms: false, letter: false, phone: true },
        consentToText: false,
      },
      counties: ['Alameda'],
      source: { kind: 'phone', detail: '' },
      receivedOn: '2026-01-05',
      note: '',
    });
    const matterId = recorded.matters[0]?.id ?? '';
    expect(matterId).not.toBe('');

    // "In review", by e-mail, as the preview wrote it. The worker tries it and cannot reach the server.
    const choice = { matterId, statusType: 'in_review' };
    const composed = await intake<{
      language: string;
      messages: { channel: string; subject: string; text: string }[];
    }>('messages.composeStatus', choice, 'GET');
    expect(composed.messages.map((m) => m.channel)).toEqual(['email']);
    await intake('messages.sendStatus', {
      choice,
      messages: composed.messages.map(({ channel, subject, text }) => ({ channel, subject, text })),
      writtenIn: composed.language,
    });
    const deliveryOf = async () =>
      (await intake<{ delivery: Delivery | null }[]>('messages.forMatter', { matterId }, 'GET'))[0]
        ?.delivery ?? undefined;
    const waiting = await until('the first try to fail', async () => {
      const d = await deliveryOf();
      // Claimed (attempts counted, 'sending') until the try has failed: wait for its outcome.
      return d && d.attempts > 0 && d.state !== 'sending' ? d : undefined;
    });
    expect(waiting).toMatchObject({ state: 'pending', held: false });

    // The matter is withdrawn while the e-mail waits: "in review" no longer holds.
    const attorney = await apiCaller(server.url, 'attorney@example.org');
    const { version } = await attorney<{ version: number }>('matters.get', { matterId }, 'GET');
    await attorney('matters.moveStage', {
      matterId,
      version,
      to: 'withdrawn',
      note: 'The client withdrew by phone.',
    });

    // The mail server is back; the worker sees it answer, tries the e-mail at once, and holds it.
    smtp = await startSmtpServer(undefined, { port: smtpPort });
    const held = await until('the e-mail to be held', async () => {
      const d = await deliveryOf();
      return d?.held ? d : undefined;
    });
    expect(held).toMatchObject({ state: 'failed', held: true });
    expect(held.lastError).toMatch(/^No longer right: /);
    expect(toClient(smtp)).toEqual([]);

    // Staff open the matter and go through it with the keyboard alone.
    await signIn(page, server.url, 'intake@example.org');
    await page.goto(`${server.url}/matters/${matterId}`);
    const panel = page.getByRole('region', { name: 'Messages' });
    const table = panel.getByRole('table', { name: 'Messages sent or logged' });
    const row = table.getByRole('row').filter({ hasText: 'In review' });
    await row.waitFor();
    await page.getByRole('region', { name: 'Notes' }).waitFor();

    const visited: string[] = [];
    let leftMessages = false;
    for (let presses = 0; presses < 250 && !leftMessages; presses++) {
      await page.keyboard.press('Tab');
      const focus = await focusNow(page);
      if (focus.region === 'Messages') visited.push(focus.control);
      else if (visited.length > 0) leftMessages = true;
    }
    expect(visited.length, 'the Messages panel is reached with Tab').toBeGreaterThan(0);
    expect(leftMessages, `Tab goes on past the Messages panel (${visited.join(', ')})`).toBe(true);
    // Tab has gone past the table: the held message's row is on screen as the reader passes it.
    const delivery = row.getByRole('cell').nth(3);
    expect(await onScreen(page, delivery)).toBe(true);

    // Read in the Delivery column, with why and what to do.
    const said = (await delivery.innerText()).replace(/\s+/g, ' ').trim();
    expect(said).toBe(`Not sent — ${held.lastError}`);
    expect(said).toMatch(/^Not sent — No longer right: .+\. It was not sent: .+\.$/);
    expect(await delivery.isVisible()).toBe(true);
    // As a screen reader has it: the row, its cells in order, the label and the reason read out.
    const snapshot = await row.ariaSnapshot();
    expect(snapshot).toContain('Not sent — No longer right: ');
    const headers = await table.getByRole('columnheader').allInnerTexts();
    expect(headers[3]).toBe('Delivery');
    // Held, it is written again, not retried: no Retry button on its row.
    expect(await row.getByRole('button', { name: 'Retry' }).count()).toBe(0);

    await expectAccessible(page);
    expect(toClient(smtp)).toEqual([]);
  });
});
