// Which runs of a letter's text are kept on one line, and that rowsOf (the letterhead, the address
// window and the body) never breaks inside one at any width.
import { CODE_NAMES, CODES } from '@relief-desk/domain';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { SPANISH_CODE_NAMES } from '../templates/wording-es.ts';
import { ADDRESS_WIDTH, addressBlock, letterheadBlock, rowsOf } from './fit.ts';
import { letterheadContact, printableLetter, useLetterFonts } from './fonts.ts';
import { CONTENT_WIDTH, FONT_SIZE } from './layout.ts';
import type { Letter } from './letter.ts';
import { bindUnbreakableRuns, unbound } from './unbreakable-runs.ts';

const fonts = useLetterFonts(new PDFDocument({ autoFirstPage: false }));
const bodyWidth = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.body);
const NBSP = '\u00a0';
const bound = (run: string) => run.replace(/ /g, NBSP);

const RUNS = [
  '(510) 555-0100',
  '510-555-0100',
  '510.555.0100',
  '510 555 0100',
  '+1 510 555 0100',
  '+1 (510) 555-0100',
  '(510) 555-0100 ext. 12',
  '+44 20 7946 0958',
  'PC 1203.4',
  'PC 1203.4a(d)(1)',
  'HS 11377(a)',
  'Penal Code 1203.4',
  'Health and Safety Code 11361.8',
  'Código Penal 1203.4',
  'Código Penal 1203.4(a)',
  'Código de Salud y Seguridad 11377(a)',
  'Penal Code 11140-11144',
  'Health and Safety Code § 11361.8',
  'May 4, 2016',
  'March 7',
  '4 de mayo de 2016',
  '30 de septiembre',
  '$ 1,234.00',
];

describe('bindUnbreakableRuns', () => {
  it.each(RUNS)('binds "%s" in a sentence, and nothing around it', (run) => {
    const text = `Llame o escriba: ${run}, gracias.`;
    expect(bindUnbreakableRuns(text)).toBe(`Llame o escriba: ${bound(run)}, gracias.`);
    expect(unbound(bindUnbreakableRuns(text))).toBe(text);
  });

  // Every code the desk knows, by each of its names: a code added to the domain is bound in letters too.
  it.each(CODES.flatMap((code) => [code, CODE_NAMES[code], SPANISH_CODE_NAMES[code]]))(
    'binds a section of the %s',
    (name) => {
      const text = `Bajo ${name} 12022.1(b)(2), la corte decidió.`;
      expect(bindUnbreakableRuns(text)).toBe(`Bajo ${bound(`${name} 12022.1(b)(2)`)}, la corte decidió.`);
    },
  );

  it.each([
    '1401 Lakeside Dr',
    'Oakland, CA 94612',
    'Apt. 3',
    'case 16CR01234, convicted March 2016',
    'we may 4 times',
    'in 2016 and 2017',
    'Suite 1200, 1301 Clay Street',
    'call 555 0100',
  ])('leaves "%s" as it is', (text) => {
    expect(bindUnbreakableRuns(text)).toBe(text);
  });

  it('binds every run of a line', () => {
    expect(bindUnbreakableRuns('PC 1203.4 on May 4, 2016: call (510) 555-0100.')).toBe(
      `${bound('PC 1203.4')} on ${bound('May 4, 2016')}: call ${bound('(510) 555-0100')}.`,
    );
  });

  // Why the binding is a no-break space and not also a non-breaking hyphen (U+2011): the embedded font
  // has one and not the other. Rows break only at spaces, so hyphens need none.
  it('uses only what the letters’ font shows, and what the print check accepts', () => {
    expect(fonts.covers(0xa0)).toBe(true);
    expect(fonts.covers(0x2011)).toBe(false);
    expect(fonts.widthOf(NBSP, 'regular', 11)).toBe(fonts.widthOf(' ', 'regular', 11));
    const body = bindUnbreakableRuns('Call (510) 555-0100 about PC 1203.4.');
    const letter: Letter = {
      language: 'en',
      date: '2027-02-15',
      office: { name: 'Clinic', addressLines: ['1 Main St'], phone: '(510) 555-0100', email: '' },
      recipient: { name: 'Ana Ruiz', addressLines: ['1 Main St'] },
      body,
      signer: { name: 'Clinic', role: null },
    };
    expect(printableLetter(letter, fonts).body).toBe(body);
  });
});

describe('rowsOf never breaks inside a run, at any width', () => {
  const wholeIn = (rows: readonly string[], run: string) => rows.filter((r) => r.includes(run)).length;

  it.each(RUNS)('"%s", after padding of every length, at widths from the widest word or run up', (run) => {
    for (let pad = 1; pad < 25; pad += 3) {
      const text = `Please ${'i'.repeat(pad)} write to us or ${run} today.`;
      const widest = Math.max(bodyWidth(run), ...text.split(' ').map(bodyWidth));
      for (let width = Math.ceil(widest); width < bodyWidth(text) + 5; width += 2) {
        const rows = rowsOf(text, width, bodyWidth);
        expect(wholeIn(rows, run), `${JSON.stringify(rows)} at ${width}`).toBe(1);
        expect(rows.join(' ')).toBe(text);
        expect(rows.join('')).not.toContain(NBSP);
        for (const row of rows) expect(bodyWidth(row)).toBeLessThanOrEqual(width + 1e-6);
      }
    }
  });

  /** Paddings of narrow letters that put a run at every place across a row's end, 1 to 2.5 pt apart. */
  function acrossTheEnd(prefixOf: (pad: string) => string, widthOf: (t: string) => number, width: number) {
    const pads: string[] = [];
    for (let n = 0; widthOf(prefixOf('i'.repeat(n))) < width + 3; n++) {
      if (widthOf(prefixOf('i'.repeat(n))) > width - 120) pads.push('i'.repeat(n));
    }
    return pads;
  }

  it('in the envelope window, a phone number across the row’s end stays whole', () => {
    const phone = '(510) 555-0100';
    const addressWidth = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.address);
    const prefixOf = (pad: string) => `c/o Ana ${pad} Ruiz, tel. `;
    const pads = acrossTheEnd(prefixOf, addressWidth, ADDRESS_WIDTH);
    expect(pads.length).toBeGreaterThan(30);
    for (const pad of pads) {
      const { rows } = addressBlock({ name: 'Ana Ruiz', addressLines: [`${prefixOf(pad)}${phone}`] }, fonts);
      expect(wholeIn(rows, phone), JSON.stringify(rows)).toBe(1);
    }
  });

  it('in the letterhead, the office’s phone number across the row’s end stays whole', () => {
    const phone = '+1 510 555 0100';
    const letterheadWidth = (t: string) => fonts.widthOf(t, 'regular', FONT_SIZE.letterhead);
    const prefixOf = (pad: string) => `Clean Slate Clinic ${pad.replace(/i/g, 'iiii')} Main line `;
    const pads = acrossTheEnd(prefixOf, letterheadWidth, CONTENT_WIDTH);
    expect(pads.length).toBeGreaterThan(10);
    for (const pad of pads) {
      const office = {
        name: 'Clinic',
        addressLines: [],
        phone: `${prefixOf(pad)}${phone}`,
        email: 'a@b.org',
      };
      const rows = letterheadBlock(office, letterheadContact(office), fonts).rows.map((r) => r.text);
      expect(wholeIn(rows, phone), JSON.stringify(rows)).toBe(1);
    }
  });
});
