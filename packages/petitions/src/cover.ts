// The cover list of a filing run: which petitions the run holds, in order, with the pages of each in
// the PDF, so the clerk (or whoever uploads to an e-filing portal) can split and check it. On pleading
// paper like the rest, one petition to a numbered line.
import { FONT, LINES, TEXT_LEFT, TEXT_RIGHT } from './layout.ts';
import type { PleadingPaper } from './pleading.ts';
import { longDate } from './text.ts';

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

const HEADER_LINES = 6;
const COLUMNS = {
  number: { x: TEXT_LEFT, width: 24 },
  caseNumber: { x: TEXT_LEFT + 26, width: 92 },
  petitioner: { x: TEXT_LEFT + 122, width: 140 },
  paper: { x: TEXT_LEFT + 266, width: 132 },
  pages: { x: TEXT_RIGHT - 66, width: 66 },
} as const;

/** How many pages the cover takes for this many rows. */
export function coverPages(rows: number): number {
  const first = LINES - HEADER_LINES;
  const next = LINES - 1;
  return rows <= first ? 1 : 1 + Math.ceil((rows - first) / next);
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
  cover.rows.forEach((row, i) => {
    if (paper.line > LINES) {
      paper.newPage();
      headings(paper, 1);
      paper.moveTo(2);
    }
    const n = paper.line;
    const last = page + row.pages - 1;
    paper.put(n, `${i + 1}.`, COLUMNS.number);
    paper.put(n, row.caseNumber, COLUMNS.caseNumber);
    paper.put(n, row.petitioner, COLUMNS.petitioner);
    paper.put(n, row.paper, COLUMNS.paper);
    paper.put(n, row.pages === 1 ? String(page) : `${page}–${last}`, { ...COLUMNS.pages, align: 'right' });
    page = last + 1;
    paper.skip(1);
  });
}
