// The arrest form's rules over every combination of the fields they tie together: what became of the
// arrest and its date, and relief already granted with its date.
import { describe, expect, it } from 'vitest';
import { ARREST_DISPOSITIONS, arrestFieldsSchema, describeArrest } from './arrests.ts';

const base = {
  arrestDate: '2018-04-05',
  code: 'pc',
  section: '459',
  level: 'felony',
} as const;

const dates = { none: null, before: '2018-04-04', sameDay: '2018-04-05', after: '2019-01-02' } as const;
const reliefs = {
  none: { reliefGrantedRemedy: null, reliefGrantedOn: null },
  remedyOnly: { reliefGrantedRemedy: 'pc851.91', reliefGrantedOn: null },
  dateOnly: { reliefGrantedRemedy: null, reliefGrantedOn: '2020-01-01' },
  both: { reliefGrantedRemedy: 'pc851.91', reliefGrantedOn: '2020-01-01' },
} as const;

const cases = ARREST_DISPOSITIONS.flatMap((disposition) =>
  (Object.keys(dates) as (keyof typeof dates)[]).flatMap((date) =>
    (Object.keys(reliefs) as (keyof typeof reliefs)[]).map((relief) => ({ disposition, date, relief })),
  ),
);

/** The paths the schema must refuse for one combination, from the rules written out once more. */
function expectedProblems(c: (typeof cases)[number]): string[] {
  const problems: string[] = [];
  const open = c.disposition === 'pending' || c.disposition === 'unknown';
  if (c.date === 'before') problems.push('dispositionDate');
  else if (open && c.date !== 'none') problems.push('dispositionDate');
  if (c.relief === 'remedyOnly') problems.push('reliefGrantedOn');
  if (c.relief === 'dateOnly') problems.push('reliefGrantedRemedy');
  return problems.sort();
}

describe('arrest fields', () => {
  it.each(cases)('$disposition, outcome date $date, relief $relief', (c) => {
    const parsed = arrestFieldsSchema.safeParse({
      ...base,
      disposition: c.disposition,
      dispositionDate: dates[c.date],
      ...reliefs[c.relief],
    });
    const problems = parsed.success
      ? []
      : [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].sort();
    expect(problems).toEqual(expectedProblems(c));
    if (parsed.success) {
      expect(parsed.data.code).toBe('PC');
      expect(parsed.data.resultOfTrafficking).toBe('unknown');
    }
  });

  it('reads as a line of a list', () => {
    expect(
      describeArrest({
        code: 'PC',
        section: '459',
        level: 'felony',
        arrestDate: '2018-04-05',
        disposition: 'no_charges',
      }),
    ).toBe('PC 459 (felony) arrest of Apr 5, 2018, no charges filed');
  });
});
