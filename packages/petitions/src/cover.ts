// The cover list of a filing run: which petitions the run holds, in order, with the pages of each in
// the PDF, so the clerk (or whoever uploads to an e-filing portal) can split and check it. On pleading
// paper like the rest, one petition to two numbered lines: the papers' title (with the statute) and
// the petitioner's name wrap within their columns, never cut off.
import { type PacketData, packetFormFor, petitionTitleOf } from '@relief-desk/domain';
import { FONT, LINES, SIZE, TEXT_LEFT, TEXT_RIGHT } from './layout.ts';
import type { PleadingPaper } from './pleading.ts';
import { longDate, printable, wrap } from './text.ts';

export interface FilingCoverRow {
  caseNumber: string;
  petitioner: string;
  /** The petition's title and statute, short: "Petition for dismissal, PC 1203.4". */
  paper: string;
  /** Pages of the packet. */
  pages: number;
}

export interface FilingCover {
  courtName: string;
  /** The courthouse the run is filed at; null: the court (the county has none in the settings). */
  courthouse: { name: string; address: string } | null;
  county: string;
  eFiling: boolean;
  date: string;
  officeName: string;
  rows: FilingCoverRow[];
}

/** The petition's papers in a few words, with the statute: "Petition for dismissal, PC 1203.4". */
export function paperOf(data: PacketData): string {
  const form = packetFormFor(data.remedy);
  const title = petitionTitleOf(data).toLowerCase();
  return `${title.charAt(0).toUpperCase()}${title.slice(1)}, ${form?.titleStatute ?? form?.statute ?? data.remedy}`;
}

const HEADER_LINES = 6;
/** The smallest type a cover cell is set in before its text is cut: still read at arm's length. */
const SMALLEST_SIZE = 7;
/**
 * The numbered lines each row takes, whatever its text: the cover's pages are counted from the number
 * of rows alone (a run's list and page numbers are given without drawing it). The papers' column is
 * wide enough for every form's title in two lines (the tests draw each).
 */
export const ROW_LINES = 2;
const COLUMNS = {
  number: { x: TEXT_LEFT, width: 24 },
  // A case number like AL15CR292719 is 80 pt in the papers' font: on one line, with room to spare.
  caseNumber: { x: TEXT_LEFT + 26, width: 88 },
  petitioner: { x: TEXT_LEFT + 118, width: 90 },
  paper: { x: TEXT_LEFT + 212, width: 196 },
  pages: { x: TEXT_RIGHT - 56, width: 56 },
} as const;

/** Rows on the cover's first page (below its heading) and on each page after (below the columns' names). */
const FIRST_PAGE_ROWS = Math.floor((LINES - HEADER_LINES) / ROW_LINES);
const NEXT_PAGE_ROWS = Math.floor((LINES - 1) / ROW_LINES);

/** How many pages the cover takes for this many rows. */
export function coverPages(rows: number): number {
  return rows <= FIRST_PAGE_ROWS ? 1 : 1 + Math.ceil((rows - FIRST_PAGE_ROWS) / NEXT_PAGE_ROWS);
}

function headings(paper: PleadingPaper, n: number): void {
  const bold = { font: FONT.bold };
  paper.put(n, '#', { ...bold, ...COLUMNS.number });
  paper.put(n, 'Case No.', { ...bold, ...COLUMNS.caseNumber });
  paper.put(n, 'Petitioner', { ...bold, ...COLUMNS.petitioner });
  paper.put(n, 'Papers', { ...bold, ...COLUMNS.paper });
  paper.put(n, 'Pages', { ...bold, ...COLUMNS.pages, align: 'right' });
}

export function drawFilingCover(paper: PleadingPaper, cover: FilingCover): void {
  paper.refuseUnprintable(cover, 'print the run again');
  paper.begin(`Filing list — ${cover.courtName}${cover.courthouse ? `, ${cover.courthouse.name}` : ''}`);
  const count = cover.rows.length;
  paper.put(1, 'FILING LIST', { font: FONT.bold, align: 'center' });
  paper.put(2, cover.courtName.toUpperCase(), { font: FONT.bold, align: 'center' });
  paper.put(
    3,
    `${count} petition${count === 1 ? '' : 's'}, prepared ${longDate(cover.date)} by ${cover.officeName}`,
    { align: 'center' },
  );
  paper.put(
    4,
    cover.eFiling
      ? `${cover.county} County: this court takes e-filing.`
      : `${cover.county} County: file on paper with the clerk.`,
    { align: 'center' },
  );
  if (cover.courthouse)
    paper.put(
      5,
      [cover.courthouse.name, ...cover.courthouse.address.split('\n').map((l) => l.trim())]
        .filter(Boolean)
        .join(', '),
      { font: FONT.bold, align: 'center' },
    );
  headings(paper, HEADER_LINES);
  paper.moveTo(HEADER_LINES + 1);
  // Each packet's pages in this PDF, counted after the cover's own.
  let page = coverPages(count) + 1;
  // Wrapped as the papers wrap their text (and after a hyphen: a double surname), measured with the
  // font drawn in. Text longer than the row's lines is set smaller until it fits (a long name is shown whole: the clerk matches it to the
  // petition); only past the smallest size is its last line cut, as a line too long always was.
  const within = (text: string, width: number) => {
    for (let size: number = SIZE.body; size >= SMALLEST_SIZE; size--) {
      const lines = wrap(printable(text), width, paper.measure(FONT.regular, size), { hyphens: true });
      if (lines.length <= ROW_LINES) return { lines, size };
      if (size === SMALLEST_SIZE)
        return { lines: [...lines.slice(0, ROW_LINES - 1), lines.slice(ROW_LINES - 1).join(' ')], size };
    }
    return { lines: [], size: SIZE.body };
  };
  cover.rows.forEach((row, i) => {
    if (paper.line + ROW_LINES - 1 > LINES) {
      paper.newPage();
      headings(paper, 1);
      paper.moveTo(2);
    }
    const n = paper.line;
    const last = page + row.pages - 1;
    paper.put(n, `${i + 1}.`, COLUMNS.number);
    // A case number is the clerk's key: wrapped (a long one over two lines), never cut.
    // A case number is the clerk's key and the name what they match it to: both shown whole.
    for (const column of ['caseNumber', 'petitioner', 'paper'] as const) {
      const { lines, size } = within(row[column], COLUMNS[column].width);
      lines.forEach((line, j) => {
        paper.put(n + j, line, { ...COLUMNS[column], size });
      });
    }
    paper.put(n, row.pages === 1 ? String(page) : `${page}–${last}`, { ...COLUMNS.pages, align: 'right' });
    page = last + 1;
    paper.skip(ROW_LINES);
  });
}
