// Letter PDFs are checked by reading their text back with pdf.js.

import { ROLES } from '@relief-desk/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../errors.ts';
import { renderOutcomeMessage } from '../templates/render-outcome.ts';
import { renderStatusMessage } from '../templates/render-status.ts';
import { ENGLISH } from '../templates/wording-en.ts';
import { CLIENT_VALUES } from '../test-support.ts';
import { ADDRESS_WIDTH, wrapLine } from './fit.ts';
import { UnprintableLetterError, useLetterFonts } from './fonts.ts';
import { CONTENT_WIDTH, FONT_SIZE } from './layout.ts';
import type { Letter } from './letter.ts';
import { letterPrintCheck, renderLetterPdf, renderMailingRunPdf } from './render-letter-pdf.ts';

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
    expect(text).toContain('Código Penal 484(a), caso 16CR01234');
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

// ---------------------------------------------------------------------------------------------------
// Names in every script letters print, read back exactly; and what they cannot print, refused.

/** A seeded generator: the same names on every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 0x7fffffff;
    return state / 0x7fffffff;
  };
}
const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const capitalized = (word: string) => (word[0] ?? '').toUpperCase() + word.slice(1);
const wordOf = (random: () => number, letters: string) =>
  capitalized(
    Array.from({ length: 3 + Math.floor(random() * 6) }, () => pick(random, [...letters])).join(''),
  );

/** Vietnamese syllables: any vowel with any of the six tones, so marks stack on ă â ê ô ơ ư. */
const VI_ONSETS = [
  'Ng',
  'Nh',
  'Tr',
  'Th',
  'Kh',
  'Ph',
  'Đ',
  'Gi',
  'Qu',
  'H',
  'L',
  'M',
  'V',
  'B',
  'D',
  'X',
  '',
];
const VI_VOWELS = ['a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y'];
const VI_TONES = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const VI_CODAS = ['', 'n', 'ng', 'nh', 'm', 'c', 't', 'p', 'ch', 'i', 'u'];
const vietnamese = (random: () => number) =>
  Array.from({ length: 2 + Math.floor(random() * 2) }, () =>
    capitalized(
      pick(random, VI_ONSETS) + pick(random, VI_VOWELS) + pick(random, VI_TONES) + pick(random, VI_CODAS),
    ).normalize('NFC'),
  ).join(' ');

const POLISH = 'aąbcćdeęfghijklłmnńoóprsśtuwyzźż';
/** Spanish and Tagalog, French, Portuguese, German, the Nordic languages, Czech, Romanian, Turkish… */
const LATIN = 'abcdefghijlmnopqrstuvzñáéíóúüàâçèêëîïôùûÿãõåøæœßčďěňřšťůžșțğışőű';
const GREEK = 'αβγδεζηθικλμνξοπρστυφχψωάέήίόύώ';
const CYRILLIC = 'абвгдеёжзийклмнопрстуфхцчшщыьэюяії';

/** Names as clients have them, with apostrophes and hyphens; some typed decomposed (NFD). */
function generatedNames(): string[] {
  const random = seeded(20270215);
  const names: string[] = [];
  for (let i = 0; i < 8; i++) names.push(vietnamese(random));
  for (let i = 0; i < 6; i++) {
    const family =
      random() < 0.5 ? wordOf(random, POLISH) : `${wordOf(random, POLISH)}-${wordOf(random, POLISH)}`;
    names.push(`${wordOf(random, POLISH)} ${family}`);
  }
  for (let i = 0; i < 6; i++) {
    const prefix = pick(random, ['', "O'", 'D’', "N'", 'd’']);
    names.push(`${wordOf(random, LATIN)} ${prefix}${wordOf(random, LATIN)}-${wordOf(random, LATIN)}`);
  }
  for (let i = 0; i < 2; i++) names.push(`${wordOf(random, GREEK)} ${wordOf(random, GREEK)}`);
  for (let i = 0; i < 2; i++) names.push(`${wordOf(random, CYRILLIC)} ${wordOf(random, CYRILLIC)}`);
  return names.map((name, i) => (i % 4 === 3 ? name.normalize('NFD') : name));
}

const NAMES = [
  'Nguyễn Văn Thắng',
  'Trần Thị Hương',
  'Łukasz Wróbel',
  'Phạm Ngọc Ánh',
  "Siobhán O'Brien-Łęcka",
  'D’Angelo Muñoz-Peña',
  'Zoë Saldaña Ñañez',
  'Đặng Thị Ngọc Trâm'.normalize('NFD'),
  ...generatedNames(),
];

function letterTo(name: string, language: 'en' | 'es', addressLines: string[]): Letter {
  const message = renderStatusMessage({
    statusType: 'court_date_set',
    nextSteps: ['wait_for_decision', 'contact_us'],
    language,
    channel: 'letter',
    values: { ...CLIENT_VALUES, clientName: name },
  });
  return spanishLetter({
    language,
    recipient: { name, addressLines },
    subject: message.subject,
    body: message.text,
  });
}

/** The text drawn inside the envelope window on the first page, line by line. */
async function envelopeWindow(bytes: Buffer): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const page = await pdf.getPage(1);
  const pageHeight = page.view[3] ?? 0;
  const items = (await page.getTextContent()).items.flatMap((i) => ('str' in i ? [i] : []));
  await pdf.destroy();
  const inWindow = items.filter((i) => {
    const x = i.transform[4] ?? 0;
    const top = pageHeight - (i.transform[5] ?? 0);
    return x >= 0.875 * 72 && x < (0.875 + 4.5) * 72 && top > 2 * 72 && top < 3.125 * 72;
  });
  // One text item per line, or a line's pieces joined as they sit.
  const lines = new Map<number, string>();
  for (const item of inWindow) {
    const y = Math.round(item.transform[5] ?? 0);
    lines.set(y, (lines.get(y) ?? '') + item.str);
  }
  return [...lines.entries()].sort(([a], [b]) => b - a).map(([, line]) => line.normalize('NFC'));
}

describe('names in a letter', () => {
  it.each(NAMES.map((name, i) => [name.normalize('NFC'), name, i] as const))(
    '%s: exactly as written in the envelope window and the greeting',
    async (expected, typed, i) => {
      const language = i % 2 === 0 ? 'en' : 'es';
      const street = NAMES[(i + 5) % NAMES.length] ?? '';
      const addressLines = [`${100 + i} ${street.split(' ').at(-1)} Way, Apt. ${i}`, 'San José, CA 95112'];
      const bytes = await renderLetterPdf(letterTo(typed, language, addressLines));
      expect(await envelopeWindow(bytes)).toEqual([expected, ...addressLines.map((l) => l.normalize('NFC'))]);
      const text = flat((await readPdf(bytes)).pages.join(' ')).normalize('NFC');
      expect(text).toContain(language === 'en' ? `Dear ${expected},` : `Estimado/a ${expected}:`);
    },
  );

  // Regression: with one font shared by every PDF, "ı" read back as a digit once an earlier PDF had
  // "î" (drawn from the dotless i).
  it('reads back in each of several letters drawn one after another', async () => {
    const address = ['1 Main St', 'Oakland, CA 94612'];
    for (const name of ['Aslı Çelikîn', 'Işık Yılmaz', 'Ilkın Doğan']) {
      const bytes = await renderLetterPdf(letterTo(name, 'en', address));
      expect((await envelopeWindow(bytes))[0]).toBe(name);
    }
  });

  it('embeds a subset of its own font and names no other', async () => {
    const bytes = await renderLetterPdf(
      letterTo('Nguyễn Văn Thắng', 'en', ['1 Main St', 'Oakland, CA 94612']),
    );
    const raw = bytes.toString('latin1');
    const fonts = [...raw.matchAll(/\/BaseFont \/([^\s/]+)/g)].map((m) => m[1]);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+LiberationSans(-Bold)?$/);
    expect(raw).toContain('/FontFile2');
    expect(raw).not.toMatch(/Helvetica|Times|Courier/);
    // Only the glyphs used: the font files are 400 KB each.
    expect(bytes.length).toBeLessThan(60_000);
  });

  it('leaves out invisible characters (a zero-width space, a direction mark) and nothing else', async () => {
    const typed = 'Nguy\u200Bễn\u200F Văn\u00AD Thắng';
    const bytes = await renderLetterPdf(letterTo(typed, 'en', ['1 Main St', 'Oakland, CA 94612']));
    expect((await envelopeWindow(bytes))[0]).toBe('Nguyễn Văn Thắng');
    expect(flat((await readPdf(bytes)).pages.join(' ')).normalize('NFC')).toContain('Dear Nguyễn Văn Thắng,');
  });
});

describe('a letter with a character its font cannot show', () => {
  const address = ['1 Main St', 'Oakland, CA 94612'];

  it.each([
    ['王小明', '"王" (U+738B, a Chinese character)'],
    ['Wang Xiaoming (王小明)', '"王" (U+738B, a Chinese character)'],
    ['김민준', '"김" (U+AE40, a Korean letter)'],
    ['דוד כהן', '"ד" (U+05D3, a Hebrew letter, written right to left)'],
    ['Ana 😀 Ruiz', '"😀" (U+1F600, an emoji or pictograph)'],
  ])('is refused for a recipient named %s, naming the character and what to do', async (name, said) => {
    const refused = renderLetterPdf(spanishLetter({ recipient: { name, addressLines: address } }));
    await expect(refused).rejects.toBeInstanceOf(TemplateError);
    await expect(refused).rejects.toMatchObject({ code: 'INVALID_VALUE', names: ['recipient'] });
    await expect(refused).rejects.toThrow(`The recipient's name or address has ${said}`);
    await expect(refused).rejects.toThrow('Latin letters');
  });

  it('is refused for such a character in its text, an address line or the office, naming which', async () => {
    await expect(renderLetterPdf(letterTo('王小明', 'en', address))).rejects.toMatchObject({
      names: ['recipient'],
    });
    const body = spanishLetter({ body: 'Estimado/a 김민준:\n\nGracias.' });
    await expect(renderLetterPdf(body)).rejects.toMatchObject({ names: ['body'] });
    const street = spanishLetter({ recipient: { name: 'Ana Ruiz', addressLines: ['서울 1', 'Oakland'] } });
    await expect(renderLetterPdf(street)).rejects.toMatchObject({ names: ['recipient'] });
    const office = spanishLetter({ office: { ...spanishLetter().office, name: 'Clínica 法律' } });
    await expect(renderLetterPdf(office)).rejects.toMatchObject({ names: ['office'] });
  });

  it('in a mailing run, says which letter', async () => {
    const letters = ['Begoña Núñez', '王小明', 'Trần Thị Hương'].map((name) => letterTo(name, 'en', address));
    await expect(renderMailingRunPdf(letters)).rejects.toThrow(/^Letter 2 of 3: The recipient's name/);
  });
});

describe('letterPrintCheck, the same check without drawing', () => {
  const check = letterPrintCheck();
  const address = ['1 Main St', 'Oakland, CA 94612'];

  it('passes what prints, and refuses what drawing refuses, with the same words', async () => {
    expect(check(letterTo('Nguyễn Văn Thắng', 'en', address))).toBeNull();
    const letter = spanishLetter({ recipient: { name: 'Jo😀 Smith', addressLines: address } });
    const refused = check(letter);
    expect(refused).toBeInstanceOf(UnprintableLetterError);
    expect(refused).toMatchObject({
      code: 'INVALID_VALUE',
      names: ['recipient'],
      field: 'recipient',
      character: '😀',
    });
    await expect(renderLetterPdf(letter)).rejects.toThrow(refused?.message ?? 'a refusal');
  });

  it('ends the refusal with what to do once it is corrected, as the caller says it', () => {
    const refused = check(
      spanishLetter({ body: 'Estimado/a 김민준:\n\nGracias.' }),
      'write the letter again',
    );
    expect(refused?.field).toBe('body');
    expect(refused?.place.what).toBe("The letter's text");
    expect(refused?.message).toMatch(/otherwise change the wording, then write the letter again\.$/);
  });
});

// Regression: a long street line was cut off with "…" in the envelope window ("12345 Avenida de los
// Árboles Frondosos y las Golondrinas…"), and the check said the letter could be printed.
describe('a name or address line too wide for the envelope window', () => {
  const check = letterPrintCheck();
  const name = 'María de los Ángeles Guadalupe Fernández-Villaseñor y Castañeda';
  const street =
    '12345 Avenida de los Árboles Frondosos y las Golondrinas Peregrinas del Valle Encantado Norte';

  it('goes on as many lines as it takes inside the window, every word of it printed', async () => {
    const letter = letterTo(name, 'es', [street, 'San José, CA 95112']);
    expect(check(letter)).toBeNull();
    const bytes = await renderLetterPdf(letter);
    const window = await envelopeWindow(bytes);
    expect(window.length).toBeGreaterThan(3);
    expect(window.join(' ')).toBe(`${name} ${street} San José, CA 95112`);
    expect(flat((await readPdf(bytes)).pages.join(' '))).not.toContain('…');
  });

  it('a word wider than the window alone is broken between its characters, none left out', () => {
    const fonts = useLetterFonts(new PDFDocument({ autoFirstPage: false }));
    const widthOf = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.address);
    const word = 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogochuchaf'.repeat(2);
    const rows = wrapLine(`1 ${word} Rd`, ADDRESS_WIDTH, widthOf);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.join('').replace(/ /g, '')).toBe(`1${word}Rd`);
    for (const row of rows) expect(widthOf(row)).toBeLessThanOrEqual(ADDRESS_WIDTH);
  });

  it('when the window cannot hold the name and address, is refused naming the line and what to do', async () => {
    const longer = `${street}, Edificio de las Buganvillas Moradas, Departamento Número Cuatrocientos Doce`;
    const letter = letterTo(name, 'es', [longer, 'Casa 4', 'San José, CA 95112']);
    const refused = check(letter, 'write the letter again');
    expect(refused).toBeInstanceOf(UnprintableLetterError);
    expect(refused).toMatchObject({ field: 'recipient', names: ['recipient'], character: null });
    expect(refused?.message).toMatch(
      /^The recipient's address line 1 \("12345 Avenida de los Árboles Frondosos y…"\) is too long for the envelope window: it takes 3 lines there, so the name and address would take 6 lines and the envelope window holds 5\. Shorten that line .*"Avenida" as "Ave".*, then write the letter again\.$/,
    );
    await expect(renderLetterPdf(letter)).rejects.toThrow(check(letter)?.message ?? 'a refusal');
  });

  it('a name too long for the window is named as the name', () => {
    const refused = check(letterTo(name.repeat(4), 'es', ['1 Main St', 'Apt 2', 'Oakland, CA 94612']));
    expect(refused?.said).toMatch(/^The recipient's name \("María de los/);
  });

  it('more lines than the window holds are refused by the check, not only when drawn', () => {
    const refused = check(
      spanishLetter({ recipient: { name: 'A', addressLines: ['1', '2', '3', '4', '5'] } }),
    );
    expect(refused?.message).toMatch(
      /^The recipient's name and address are 6 lines: the envelope window holds 5/,
    );
  });
});

// Regression: a letterhead too long to end above the envelope window passed the check (it looked at
// characters only) and failed only when a mailing run drew it.
describe('a letterhead too long to end above the envelope window', () => {
  const check = letterPrintCheck();
  const office = spanishLetter().office;

  it('is refused by the check as drawing refuses it, naming the office', async () => {
    const name =
      'Clínica de Derechos Civiles y Limpieza de Antecedentes Penales del Condado de Alameda Norte';
    const letter = spanishLetter({ office: { ...office, name, addressLines: ['1', '2', '3'] } });
    const refused = check(letter);
    expect(refused).toMatchObject({ field: 'office', names: ['office'] });
    expect(refused?.message).toMatch(
      /^The office's letterhead .* is too long to end above the envelope window/,
    );
    await expect(renderLetterPdf(letter)).rejects.toThrow(refused?.message ?? 'a refusal');
  });

  it('a long letterhead line wraps within the page and prints whole', async () => {
    const line = 'Suite 1200, Edificio Federal Ronald V. Dellums, 1301 Clay Street, North Tower, Oakland';
    const letter = spanishLetter({ office: { ...office, addressLines: [line, 'Oakland, CA 94612'] } });
    expect(check(letter)).toBeNull();
    const text = flat((await readPdf(await renderLetterPdf(letter))).pages.join(' '));
    expect(text).toContain(line);
  });
});

// Regression: a phone number at a line's end was printed broken ("(510)" / "555-0100"), and so could a
// code section ("Código Penal" / "1203.4") or a date. Each is put at every place across the right
// margin of a body paragraph and of a list item: it must read back whole on one line.
describe('a phone number, a code section or a date at the end of a line of the body', () => {
  const fonts = useLetterFonts(new PDFDocument({ autoFirstPage: false }));
  const bodyWidth = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.body);
  const LIST_INDENT = 14;

  /** Each line of every page, its pieces joined left to right, no-break spaces read as spaces. */
  async function pdfLines(bytes: Buffer): Promise<string[]> {
    const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 })
      .promise;
    const lines: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const items = (await (await pdf.getPage(n)).getTextContent()).items.flatMap((i) =>
        'str' in i ? [i] : [],
      );
      const rows = new Map<number, { x: number; str: string }[]>();
      for (const item of items) {
        const y = Math.round(item.transform[5] ?? 0);
        rows.set(y, [...(rows.get(y) ?? []), { x: item.transform[4] ?? 0, str: item.str }]);
      }
      for (const [, pieces] of [...rows.entries()].sort(([a], [b]) => b - a)) {
        const line = pieces
          .sort((a, b) => a.x - b.x)
          .map((p) => p.str)
          .join(' ');
        lines.push(
          line
            .replace(/\u00a0/g, ' ')
            .replace(/\s+/g, ' ')
            .trim(),
        );
      }
    }
    await pdf.destroy();
    return lines;
  }

  /**
   * One paragraph for each place of the run across the right margin: padded with narrow letters so
   * that where the run starts moves by 2.4 pt at a time, from well inside the line to past its end.
   */
  function paragraphs(run: string, sentence: string, width: number, item: boolean): string[] {
    const runWidth = bodyWidth(run);
    // As many of the sentence's words as end well before the run's first place.
    let words = '';
    for (const word of sentence.split(' ')) {
      if (bodyWidth(`${words} ${word}`) > width - runWidth - 40) break;
      words = words ? `${words} ${word}` : word;
    }
    const prefixOf = (pad: number) => `${words} ${'i'.repeat(pad + 1)} `;
    const out: string[] = [];
    for (let pad = 0; bodyWidth(prefixOf(pad)) < width + 5; pad++) {
      if (bodyWidth(prefixOf(pad)) > width - runWidth - 10) {
        out.push(`${item ? '- ' : ''}${prefixOf(pad)}${run} end.`);
      }
    }
    return out;
  }

  const ENGLISH_WORDS =
    'Please call our office if you have any questions about your case or the court date or';
  const SPANISH_WORDS =
    'Su solicitud ante la corte de su condado fue presentada y la decisión llegará según el';
  it.each([
    ['en', '(510) 555-0100', ENGLISH_WORDS],
    ['en', '510-555-0100', ENGLISH_WORDS],
    ['en', '+1 510 555 0100', ENGLISH_WORDS],
    ['en', 'PC 1203.4', ENGLISH_WORDS],
    ['en', 'May 4, 2016', ENGLISH_WORDS],
    ['es', 'Código Penal 1203.4', SPANISH_WORDS],
    ['es', 'Código Penal 1203.4(a)', SPANISH_WORDS],
    ['es', '4 de mayo de 2016', SPANISH_WORDS],
  ] as const)(
    '%s: "%s" reads back whole on one line, at every place across the margin',
    async (language, run, words) => {
      for (const item of [false, true]) {
        const width = item ? CONTENT_WIDTH - LIST_INDENT : CONTENT_WIDTH;
        const cases = paragraphs(run, words, width, item);
        expect(cases.length).toBeGreaterThan(10);
        const bytes = await renderLetterPdf(spanishLetter({ language, body: cases.join('\n\n') }));
        const lines = await pdfLines(bytes);
        const whole = lines.filter((l) => l.includes(run));
        expect(whole, `${item ? 'list item' : 'paragraph'}: ${JSON.stringify(lines)}`).toHaveLength(
          cases.length,
        );
        // The run was at a line's end in some paragraphs and began the next line in others.
        expect(whole.some((l) => l.endsWith(run))).toBe(true);
        expect(whole.some((l) => l.startsWith(`${run} end.`))).toBe(true);
        // And every word of the body reads back as it was written.
        const text = flat(lines.join(' '));
        for (const c of cases) expect(text).toContain(c.replace(/^- /, ''));
      }
    },
    30_000,
  );
});
