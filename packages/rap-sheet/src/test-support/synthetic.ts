// Synthetic RAP sheets of fictional people, written in the DOJ layout from a description, so tests
// can compare what the reader finds with what was written (and the benchmark has pages to read).

export interface SyntheticCount {
  code: string;
  /** As the sheet writes it: `11350(A)`, `245(A)(1)`. */
  section: string;
  description: string;
  disposition: 'CONVICTED' | 'DISMISSED' | 'DISMISSED/FURTHERANCE OF JUSTICE' | 'NOT GUILTY' | null;
  level: 'FELONY' | 'MISDEMEANOR' | 'INFRACTION' | null;
  sentence: string | null;
}

export interface SyntheticCycle {
  arrest: { date: string; agency: string; caseNumber: string; counts: SyntheticCount[] };
  court: { date: string; court: string; caseNumber: string; counts: SyntheticCount[] } | null;
}

export interface SyntheticSheet {
  cii: string;
  dateOfBirth: string;
  names: string[];
  cycles: SyntheticCycle[];
}

/** `19990603` from `1999-06-03`. */
const rapDate = (iso: string) => iso.replace(/-/g, '');

function renderCount(
  lines: string[],
  number: number,
  caseNumber: string | null,
  count: SyntheticCount,
): void {
  const tag = `CNT:${String(number).padStart(2, '0')}`;
  lines.push(caseNumber ? `${tag}     #${caseNumber}` : tag);
  lines.push(`  ${count.section} ${count.code}-${count.description}`);
  // No disposition: its DISPO: line lost or left off (a conviction status or sentence may still follow).
  if (count.disposition !== null)
    lines.push(count.disposition === 'CONVICTED' ? '*DISPO:CONVICTED' : `   DISPO:${count.disposition}`);
  if (count.level) lines.push(`   CONV STATUS:${count.level}`);
  if (count.sentence) lines.push(`   SEN: ${count.sentence}`);
}

/** The sheet as DOJ prints it (without page headers). */
export function renderRapSheet(sheet: SyntheticSheet): string {
  const lines = [
    `CII/${sheet.cii}`,
    `DOB/${rapDate(sheet.dateOfBirth)}     SEX/F  RAC/OTHER`,
    ...sheet.names.map((name, at) =>
      at === 0 ? `NAM/01 ${name}` : `    ${String(at + 1).padStart(2, '0')} ${name}`,
    ),
  ];
  for (const cycle of sheet.cycles) {
    lines.push('* * * *');
    lines.push('ARR/DET/CITE:         NAM:01');
    lines.push(`${rapDate(cycle.arrest.date)}  ${cycle.arrest.agency}`, '');
    for (const [at, count] of cycle.arrest.counts.entries()) {
      renderCount(lines, at + 1, at === 0 ? cycle.arrest.caseNumber : null, count);
    }
    const court = cycle.court;
    if (court) {
      lines.push('- - - -');
      lines.push('COURT:                NAM:01');
      lines.push(`${rapDate(court.date)}  ${court.court}`, '');
      for (const [at, count] of court.counts.entries()) {
        renderCount(lines, at + 1, at === 0 ? court.caseNumber : null, count);
      }
    }
  }
  lines.push('* * * END OF MESSAGE * * *');
  return `${lines.join('\n')}\n`;
}

/**
 * A count the reader should take for a conviction: convicted, or with no disposition but a conviction
 * status or sentence (evidence of one).
 */
export const isSyntheticConviction = (count: SyntheticCount) =>
  count.disposition === 'CONVICTED' ||
  (count.disposition === null && (count.level !== null || count.sentence !== null));

/** What the reader should find: the CLI's `convictions` for the sheet, the text fields left out. */
export function expectedConvictions(sheet: SyntheticSheet) {
  return sheet.cycles
    .filter((cycle) => cycle.court?.counts.some(isSyntheticConviction))
    .map((cycle) => ({
      date: cycle.court?.date ?? null,
      court: cycle.court?.court ?? null,
      caseNumber: cycle.court?.caseNumber ?? null,
      counts: (cycle.court?.counts ?? []).map((count) => ({
        code: count.code,
        section: count.section.toLowerCase(),
        level: count.level ? count.level.toLowerCase() : null,
        disposition:
          count.disposition === null
            ? null
            : count.disposition === 'CONVICTED'
              ? 'convicted'
              : count.disposition === 'NOT GUILTY'
                ? 'acquitted'
                : 'dismissed',
      })),
    }));
}

const CHARGES: Array<[string, string, string]> = [
  ['PC', '459', 'BURGLARY'],
  ['PC', '484(A)', 'THEFT OF PERSONAL PROPERTY'],
  ['PC', '496(A)', 'RECEIVE/ETC KNOWN STOLEN PROPERTY'],
  ['PC', '245(A)(1)', 'FORCE/ADW NOT FIREARM:GBI LIKELY'],
  ['PC', '273.5(A)', 'INFLICT CORPORAL INJ SPOUSE/COHAB'],
  ['PC', '647(F)', 'DISORDERLY CONDUCT:INTOX DRUG/ALCOHOL'],
  ['HS', '11350(A)', 'POSSESS NARCOTIC CONTROLLED SUBSTANCE'],
  ['HS', '11377(A)', 'POSSESS CONTROLLED SUBSTANCE'],
  ['HS', '11357', 'POSSESS MARIJUANA'],
  ['HS', '11364', 'POSSESS CONTROLLED SUBSTANCE PARAPHERNALIA'],
  ['VC', '23152(A)', 'DUI ALCOHOL/DRUGS'],
  ['VC', '14601.1(A)', 'DRIVE WHILE LIC SUSPENDED/ETC'],
  ['VC', '12500(A)', 'DRIVE WITHOUT LICENSE'],
  ['BP', '25662(A)', 'MINOR POSSESS ALCOHOL'],
];
const AGENCIES = [
  'CAPD LOS ANGELES',
  'CASO ORANGE',
  'CAPD OAKLAND',
  'CAHP SAN DIEGO',
  'CAPD FRESNO',
  'CASO MARIN',
];
const COURTS = [
  'CASC LOS ANGELES',
  'CAMC SANTA ANA',
  'CASC ALAMEDA',
  'CASC SAN DIEGO',
  'CASC FRESNO',
  'CASC MARIN',
];
const SENTENCES = [
  '3 YEARS PROBATION, 30 DAYS JAIL, FINE',
  '036 MONTHS PROBATION, 180 DAYS JAIL',
  '16 MONTHS PRISON',
  '2 YEARS PRISON',
  '1 YR PROB, 10 DAYS JAIL, RESTN',
  '90 DAYS JAIL',
  'FINE',
];

/** A small deterministic generator (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A long synthetic sheet: `cycles` cycles, each an arrest and (mostly) a court event. */
export function sampleSheet(cycles: number, seed = 1): SyntheticSheet {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const result: SyntheticSheet = {
    cii: 'A00000042',
    dateOfBirth: '1970-01-15',
    names: ['SAMPLEPERSON, ALEX', 'SAMPLEPERSON, ALEXIS'],
    cycles: [],
  };
  for (let at = 0; at < cycles; at++) {
    const year = 1990 + (at % 35);
    const month = String(1 + (at % 12)).padStart(2, '0');
    const counts = Array.from({ length: 1 + Math.floor(next() * 3) }, (): SyntheticCount => {
      const [code, section, description] = pick(CHARGES);
      return { code, section, description, disposition: null, level: null, sentence: null };
    });
    const convicted = next() < 0.75;
    result.cycles.push({
      arrest: {
        date: `${year}-${month}-03`,
        agency: pick(AGENCIES),
        caseNumber: `${year % 100}-${at}`,
        counts,
      },
      court:
        next() < 0.85
          ? {
              date: `${year}-${month}-20`,
              court: pick(COURTS),
              caseNumber: `CR${year}${String(at).padStart(4, '0')}`,
              counts: counts.map((count, index) =>
                convicted && index === 0
                  ? {
                      ...count,
                      disposition: 'CONVICTED',
                      level: next() < 0.5 ? 'FELONY' : 'MISDEMEANOR',
                      sentence: pick(SENTENCES),
                    }
                  : { ...count, disposition: 'DISMISSED' },
              ),
            }
          : null,
    });
  }
  return result;
}

/** The sheet with a page header every `linesPerPage` lines, as printed copies have. */
export function withPageHeaders(text: string, linesPerPage = 60): string {
  const lines = text.split('\n');
  const pages = Math.ceil(lines.length / linesPerPage);
  const out: string[] = [];
  for (let page = 0; page < pages; page++) {
    out.push(`RE: QHY.CA0000000.00000042.A   PAGE ${page + 1}   DATE:20260301 TIME:10:00:00`);
    out.push(...lines.slice(page * linesPerPage, (page + 1) * linesPerPage));
  }
  return out.join('\n');
}
