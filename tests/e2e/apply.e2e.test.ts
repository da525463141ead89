// The online application in Chromium, as an applicant on a phone uses it: no sign-in, Spanish chosen
// with the language switch, every field reached and filled with the keyboard alone, a mistake shown
// beside its field and listed at the top, the form sent as a plain post from the page, and then the
// status link from the confirmation in the outbox opened. axe-core checks each page at 360 px.
import { join } from 'node:path';
import { readSqlite } from '@relief-desk/db';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { TRAP_FIELD } from '../../apps/server/src/public/apply-page.ts';
import { expectAccessible } from './support/browser.ts';
import { useBrowserSuite } from './support/suite.ts';

const chromiumPath = inject('chromiumPath');
const EMAIL = 'ximena.ordaz@example.net';

/** Presses Tab until the element with this id has the focus (at most 150 times). */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if ((await page.evaluate(() => document.activeElement?.id ?? '')) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, id);
  await page.keyboard.type(text);
}

/** Nothing on the page is wider than the phone's screen. */
async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
}

function clientsNamed(dataDir: string, name: string): number {
  return readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite.prepare('select count(*) as n from clients where legal_name = ?').get(name) as {
      n: number;
    };
    return row.n;
  });
}

function statusLink(dataDir: string): string {
  const body = readSqlite(join(dataDir, 'relief-desk.sqlite'), (sqlite) => {
    const row = sqlite
      .prepare(
        `select messages.body from messages join outbox on outbox.message_id = messages.id
         where messages.recipient = ? and messages.kind = 'application'
           and messages.office_id = (select id from offices where slug = 'alameda-county-public-defender')
         order by messages.created_at desc`,
      )
      .get(EMAIL) as { body: string } | undefined;
    return row?.body ?? '';
  });
  expect(body).toContain('Estimado/a Ximena Ordaz Quiñones:');
  // Alameda's confirmation: the county Golden Gate Legal Aid serves was passed on, and it confirms its own.
  const link = /https?:\/\/\S+\/status\/[A-Za-z0-9_-]{43}/.exec(body)?.[0];
  if (!link) throw new Error(`No status link in the confirmation to ${EMAIL}`);
  return link;
}

describe.skipIf(!chromiumPath)('online application in Chromium', () => {
  const suite = useBrowserSuite(chromiumPath ?? '');

  it('applies in Spanish by keyboard at 360 px, then opens the status link from the confirmation', async () => {
    const { page, server } = suite;
    await page.setViewportSize({ width: 360, height: 780 });
    await page.goto(`${server.url}/apply/alameda-county-public-defender`);
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    // The language switch, by keyboard.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Español');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /Solicite a Alameda County Public Defender/ }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    await typeInto(page, 'legalName', 'Ximena Ordaz Quiñones');
    await typeInto(page, 'otherNames', 'Ximena Ordaz');
    await typeInto(page, 'birthDay', '14');
    await typeInto(page, 'birthMonth', '5');
    // The year is left out: the first send shows the mistake.
    await typeInto(page, 'phone', '(510) 555-0163');
    await tabTo(page, 'consentToText');
    await page.keyboard.press('Space');
    await typeInto(page, 'email', EMAIL);
    await tabTo(page, 'language');
    expect(await page.inputValue('#language')).toBe('es');
    // Alameda (this office's), then San Francisco among the other counties (another office's).
    for (const county of ['Alameda', 'San Francisco']) {
      for (let i = 0; i < 80; i++) {
        await page.keyboard.press('Tab');
        if (
          (await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)) === county
        )
          break;
      }
      await page.keyboard.press('Space');
    }
    expect(await page.getByLabel(/Condado de San Francisco/).getAttribute('aria-describedby')).toBeTruthy();
    await expect(page.getByText('Lo atiende Golden Gate Legal Aid').first().isVisible()).resolves.toBe(true);
    await typeInto(page, 'notes', 'Puede llamarme por la tarde.');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Enviar solicitud');
    await page.keyboard.press('Enter');

    await page.getByRole('alert').waitFor();
    expect(await page.title()).toMatch(/^Error:/);
    // Focus starts at what to correct, not at the top of the page.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('alert');
    expect(await page.getByRole('alert').innerText()).toContain('Escriba su fecha de nacimiento');
    expect(await page.getAttribute('#birthYear', 'aria-invalid')).toBe('true');
    // What was typed is kept.
    expect(await page.inputValue('#legalName')).toBe('Ximena Ordaz Quiñones');
    expect(await page.isChecked('input[value="San Francisco"]')).toBe(true);
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    // The summary's link leads to the field; then the year, and send again.
    await tabTo(page, 'birthYear');
    await page.keyboard.type('1988');
    await tabTo(page, 'notes');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Recibimos su solicitud' }).waitFor();
    const received = await page.locator('main').innerText();
    expect(received).toContain('Condado de Alameda: revisaremos sus antecedentes en ese condado.');
    expect(received).toContain('Condado de San Francisco: Golden Gate Legal Aid atiende este condado');
    expect(received).toContain('Le enviaremos un correo electrónico para confirmarlo');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);

    // The status link from the confirmation, as the applicant opens it.
    await page.goto(statusLink(server.dataDir));
    await page.getByRole('heading', { name: 'Su solicitud a Alameda County Public Defender' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    const status = await page.locator('main').innerText();
    expect(status).toContain('Condado de Alameda');
    expect(status).toContain(
      'Recibimos su solicitud. Una persona de nuestro equipo se comunicará con usted.',
    );
    expect(status).toContain('No le hemos pedido nada.');
    expect(status).toContain('Por ahora no tiene que hacer nada. Nos comunicaremos con usted.');
    expect(status).toContain('Le enviamos su solicitud a Golden Gate Legal Aid');
    await expectAccessible(page);
    await expectNoSidewaysScroll(page);
  }, 120_000);

  it('keeps the trap field from people (not shown, not reached by Tab, not read out); a form with it filled records nobody', async () => {
    const { page, server } = suite;
    await page.goto(`${server.url}/apply/alameda-county-public-defender`);
    const trap = page.locator(`input[name="${TRAP_FIELD}"]`);
    expect(await trap.count()).toBe(1);
    expect(await trap.isVisible()).toBe(false);
    expect(await page.locator('.trap').getAttribute('aria-hidden')).toBe('true');
    expect(await page.getByRole('textbox', { name: 'Leave this field empty' }).count()).toBe(0);
    // Tab from the top of the page to the send button never stops on it.
    const reached: string[] = [];
    for (let i = 0; i < 150 && !reached.includes('Send application'); i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''),
      );
    }
    expect(reached).toEqual(expect.arrayContaining(['legalName', 'notes', 'Send application']));
    expect(reached).not.toContain(TRAP_FIELD);

    // A program fills in every field, the hidden one too: answered as received, nobody recorded.
    const name = 'Programa Relleno Todo';
    await page.fill('#legalName', name);
    await page.fill('#birthMonth', '3');
    await page.fill('#birthDay', '9');
    await page.fill('#birthYear', '1979');
    await page.fill('#email', 'relleno@example.net');
    await page.check('input[value="Alameda"]');
    await trap.evaluate((input: HTMLInputElement) => {
      input.value = 'https://spam.example';
    });
    await page.getByRole('button', { name: 'Send application' }).click();
    await page.getByRole('heading', { name: 'Application received' }).waitFor();
    expect(clientsNamed(server.dataDir, name)).toBe(0);
  }, 60_000);
});
