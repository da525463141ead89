// Letter PDFs are checked by reading their text back with pdf.js.

import { ROLES } from '@relief-desk/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { renderOutcomeMessage } from '../templates/render-outcome.ts';
import { renderStatusMessage } from '../templates/render-status.ts';
import { ENGLISH } from '../templates/wording-en.ts';
import { CLIENT_VALUES } from '../test-support.ts';
import type { Letter } from './letter.ts';
import { renderLetterPdf, renderMailingRunPdf } from './render-letter-pdf.ts';

interface PdfContent {
  pages: string[];
  info: Record<string, unknown>;
}

async function readPdf(bytes: Buffer): Promise<PdfContent> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, info: { ...(info as object) } };
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

function spanishLetter(overrides: Partial<Letter> = {}): Letter {
  const message = renderStatusMessage({
    statusType: 'court_date_set',
    nextSteps: ['wait_for_decision', 'contact_us'],
    language: 'es',
    channel: 'letter',
    values: CLIENT_VALUES,
  });
  return {
    language: 'es',
    date: '2027-02-15',
    office: {
      name: 'Clean Slate Clinic',
      addressLines: ['1401 Lakeside Dr', 'Oakland, CA 94612'],
      phone: '(510) 555-0123',
      email: 'cleanslate@example.org',
    },
    recipient: {
      name: 'Begoña Núñez',
      addressLines: ['742 Calle Señora Ávila, Apt. 3', 'San José, CA 95112'],
    },
    subject: message.subject,
    body: message.text,
    signer: { name: 'María José Ibáñez', role: 'attorney' },
    enclosures: ['Orden firmada'],
    ...overrides,
  };
}

describe('renderLetterPdf', () => {
  it('a Spanish letter reads back with accents, address block, Spanish date and the office', async () => {
    const { pages, info } = await readPdf(await renderLetterPdf(spanishLetter()));
    const text = flat(pages.join(' '));
    expect(text).toContain('Clean Slate Clinic');
    expect(text).toContain('Begoña Núñez');
    expect(text).toContain('742 Calle Señora Ávila, Apt. 3');
    expect(text).toContain('San José, CA 95112');
    expect(text).toContain('15 de febrero de 2027');
    expect(text).toContain('Estimado/a Begoña Núñez:');
    expect(text).toContain('7 de marzo de 2027');
    expect(text).toContain('Atentamente,');
    expect(text).toContain('María José Ibáñez');
    expect(text).toContain('Abogado/a');
    expect(text).toContain('Documentos adjuntos: Orden firmada');
    expect(info).toMatchObject({
      Title: 'Fecha de su audiencia: 7 de marzo de 2027',
      Author: 'Clean Slate Clinic',
      Creator: 'Relief Desk',
    });
  });

  // Regression: the printed Spanish outcome letter said "case" and "Attorney" in English.
  it.each(ROLES)('a Spanish outcome letter signed by a %s has no English word in it', async (role) => {
    const outcome = renderOutcomeMessage({
      language: 'es',
      channel: 'letter',
      values: CLIENT_VALUES,
      convictions: [
        { code: 'PC', section: '484(a)', caseNumber: '16CR01234', outcome: 'granted' },
        { code: 'HS', section: '11377(a)', caseNumber: '16CR01234', outcome: 'continued' },
      ],
      signedOrders: { included: 1, awaited: false },
    });
    const letter = spanishLetter({
      subject: outcome.subject,
      body: outcome.text,
      signer: { name: 'María José Ibáñez', role },
    });
    const text = flat((await readPdf(await renderLetterPdf(letter))).pages.join(' '));
    expect(text).toContain('PC 484(a), caso 16CR01234');
    // "Supervisor" is Spanish too; every other English title must not appear.
    const englishTitles = Object.values(ENGLISH.signerTitles).filter((t) => t !== 'Supervisor');
    const englishWords = [
      ...englishTitles,
      'case',
      'Decision',
      'Dear',
      'Sincerely',
      'Enclosures',
      'signed order',
      'court',
    ];
    for (const word of englishWords) expect(text).not.toMatch(new RegExp(`\\b${word}\\b`, 'i'));
  });

  it('a letter signed by the office’s named signer carries the title the office set', async () => {
    const letter = spanishLetter({
      signer: { name: 'Brendon Woods', role: null, title: 'Defensor Público' },
    });
    const text = flat((await readPdf(await renderLetterPdf(letter))).pages.join(' '));
    expect(text).toContain('Brendon Woods Defensor Público Clean Slate Clinic');
  });

  it('a letter the office signs names the office once, with no title', async () => {
    const letter = spanishLetter({ signer: { name: 'Clean Slate Clinic', role: null } });
    const text = flat((await readPdf(await renderLetterPdf(letter))).pages.join(' '));
    const afterClosing = text.slice(text.indexOf('Atentamente,'));
    expect(afterClosing.match(/Clean Slate Clinic/g)).toHaveLength(1);
    expect(afterClosing).not.toContain('Abogado/a');
  });

  it('puts the recipient in the #10 envelope window (7/8" from left, 2" from top)', async () => {
    const bytes = await renderLetterPdf(spanishLetter());
    const pdf = await getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const page = await pdf.getPage(1);
    const pageHeight = page.view[3] ?? 0;
    const items = (await page.getTextContent()).items.flatMap((i) => ('str' in i ? [i] : []));
    const name = items.find((i) => i.str === 'Begoña Núñez');
    const x = name?.transform[4] ?? 0;
    const topFromPageTop = pageHeight - (name?.transform[5] ?? 0);
    expect(x).toBeGreaterThanOrEqual(0.875 * 72);
    expect(x).toBeLessThan(0.875 * 72 + 4.5 * 72);
    expect(topFromPageTop).toBeGreaterThan(2 * 72);
    expect(topFromPageTop).toBeLessThan(3.125 * 72);
    await pdf.destroy();
  });

  it('is byte-for-byte repeatable', async () => {
    const [a, b] = await Promise.all([renderLetterPdf(spanishLetter()), renderLetterPdf(spanishLetter())]);
    expect(a.equals(b)).toBe(true);
  });

  it('refuses an address too long for the window', async () => {
    const recipient = { name: 'A', addressLines: ['1', '2', '3', '4', '5', '6'] };
    await expect(renderLetterPdf(spanishLetter({ recipient }))).rejects.toMatchObject({
      code: 'INVALID_VALUE',
    });
  });

  it('refuses a letterhead that would run into the envelope window', async () => {
    const office = { ...spanishLetter().office, addressLines: ['1', '2', '3', '4', '5'] };
    await expect(renderLetterPdf(spanishLetter({ office }))).rejects.toMatchObject({ names: ['office'] });
  });
});

describe('renderMailingRunPdf', () => {
  it('puts each letter on its own pages, every recipient present', async () => {
    const names = ['Begoña Núñez', 'José Ángel Muñoz', 'Chloé Nguyen'];
    const letters = names.map((name, i) =>
      spanishLetter({
        recipient: { name, addressLines: [`${i + 1} Main St`, 'Oakland, CA 94612'] },
        language: i === 1 ? 'en' : 'es',
      }),
    );
    const { pages, info } = await readPdf(await renderMailingRunPdf(letters));
    expect(pages.length).toBeGreaterThanOrEqual(3);
    const starts = pages
      .map((p, n) => ({ n, p }))
      .filter(({ p }) => flat(p).startsWith('Clean Slate Clinic'));
    expect(starts).toHaveLength(3);
    names.forEach((name, i) => {
      expect(flat(starts[i]?.p ?? '')).toContain(name);
    });
    expect(flat(starts[1]?.p ?? '')).toContain('February 15, 2027');
    expect(info).toMatchObject({ Title: 'Mailing run 2027-02-15', Creator: 'Relief Desk' });
  });

  it('refuses an empty run', async () => {
    await expect(renderMailingRunPdf([])).rejects.toThrow(RangeError);
  });
});
