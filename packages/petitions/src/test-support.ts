// Test support: packets to draw, and PDFs read back with pdf.js (pdfkit writes glyph ids, so only
// reading the text back says what a page shows).
import {
  PACKET_FORMS,
  type PacketArrest,
  type PacketConviction,
  type PacketData,
  type PacketRemedy,
  statuteCitations,
} from '@relief-desk/domain';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { DOUBLE_RULE_X, FOOTER } from './layout.ts';

export interface PageText {
  /** The numbers drawn in the left margin, top to bottom. */
  lineNumbers: string[];
  /** The page's text inside the margins, in drawing order, whitespace folded. */
  body: string;
  /** The footer: page number and title. */
  footer: string;
}

export async function readPdf(
  bytes: Uint8Array,
): Promise<{ pages: PageText[]; info: Record<string, unknown> }> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 }).promise;
  const pages: PageText[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const height = page.view[3] ?? 792;
    const items = (await page.getTextContent()).items.flatMap((i) => ('str' in i ? [i] : []));
    const lineNumbers: string[] = [];
    const body: string[] = [];
    const footer: string[] = [];
    for (const item of items) {
      const x = item.transform[4] ?? 0;
      const top = height - (item.transform[5] ?? 0);
      if (top > FOOTER.pageNumberY) footer.push(item.str);
      else if (x < (DOUBLE_RULE_X[0] ?? 86)) lineNumbers.push(item.str);
      else body.push(item.str);
    }
    pages.push({
      lineNumbers: lineNumbers.filter((s) => s.trim() !== ''),
      body: body.join(' ').replace(/\s+/g, ' ').trim(),
      footer: footer.join(' ').replace(/\s+/g, ' ').trim(),
    });
  }
  const { info } = await pdf.getMetadata();
  await pdf.destroy();
  return { pages, info: { ...(info as object) } };
}

let next = 0;

export function conviction(
  overrides: Partial<PacketConviction> & { remedy?: PacketRemedy } = {},
): PacketConviction {
  next += 1;
  const { remedy = 'pc1203.4', ...rest } = overrides;
  const citation =
    rest.citation ?? statuteCitations(remedy, `(${PACKET_FORMS[remedy].statute}(a)(1))`)[0] ?? '';
  return {
    id: `c${next}`,
    code: 'PC',
    section: '484(a)',
    level: 'misdemeanor',
    convictionDate: '2016-05-02',
    sentenceKind: 'probation',
    sentenceEnd: '2019-05-02',
    probationOutcome: 'completed',
    completed: true,
    determination: 'eligible_mandatory',
    citation,
    relief: PACKET_FORMS[remedy].relief('completed'),
    ...rest,
  };
}

export function packet(overrides: Partial<PacketData> = {}): PacketData {
  return {
    date: '2026-11-28',
    petitionId: 'p1',
    remedy: 'pc1203.4',
    caseNumber: '16CR01234',
    county: 'Alameda',
    court: {
      name: 'Superior Court of California, County of Alameda',
      courthouse: { name: 'René C. Davidson Courthouse', address: '1225 Fallon Street\nOakland, CA 94612' },
    },
    hearingOn: null,
    attorney: {
      name: 'Daniel Okafor',
      stateBarNumber: '298765',
      officeName: 'Alameda County Public Defender',
      addressLines: ['1401 Lakeside Drive', 'Oakland, CA 94612'],
      phone: '(510) 555-0100',
      email: 'cleanslate@example.org',
    },
    petitioner: { name: 'Begoña Núñez', dateOfBirth: '1984-03-07' },
    convictions: [conviction(), conviction({ section: '647(f)' })],
    declaration: null,
    served: [
      {
        name: 'Alameda County District Attorney',
        addressLines: ['1225 Fallon Street, Room 900', 'Oakland, CA 94612'],
      },
      { name: 'Alameda County Probation Department', addressLines: ['400 Broadway', 'Oakland, CA 94607'] },
    ],
    ...overrides,
  };
}

export function arrest(overrides: Partial<PacketArrest> = {}): PacketArrest {
  next += 1;
  return {
    id: `a${next}`,
    arrestDate: '2019-03-04',
    agency: 'Oakland Police Department',
    code: 'PC',
    section: '459',
    description: 'burglary',
    level: 'felony',
    disposition: 'Charges dismissed',
    dispositionDate: '2019-06-01',
    determination: 'eligible_mandatory',
    citation: 'PC 851.91(a)(1)(B)(i)',
    relief: PACKET_FORMS['pc851.91'].relief(),
    ...overrides,
  };
}

/** A PC 851.91 packet on one arrest, served on the prosecutor and the arresting agency. */
export function arrestPacket(overrides: Partial<PacketData> = {}): PacketData {
  return packet({
    remedy: 'pc851.91',
    caseNumber: '19CR00459',
    convictions: [],
    arrests: [arrest()],
    served: [
      { name: 'Alameda County District Attorney', addressLines: ['1225 Fallon Street, Room 900'] },
      { name: 'Oakland Police Department', addressLines: ['455 7th Street', 'Oakland, CA 94607'] },
    ],
    ...overrides,
  });
}
