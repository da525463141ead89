// Versions of the rules, each with the date it took effect. An evaluation uses the version in force on
// its `asOf` date and names it in the output, so a stored suggestion can be traced to the law it used.
import type { IsoDate } from './dates.ts';

export interface RulesVersion {
  id: string;
  effectiveDate: IsoDate;
  /** Plain-language list of what changed from the previous version. */
  changes: readonly string[];
  /** SB 731 (Stats. 2022, ch. 814): PC 1203.41 reaches state-prison felonies. */
  pc1203_41CoversStatePrison: boolean;
  /**
   * PC 1170.18(j) before SB 749: applications after this date need good cause. null once SB 749
   * (Stats. 2023, ch. 473) removed the deadline.
   */
  prop47GoodCauseAfter: IsoDate | null;
  /**
   * PC 1203.425 scope: 'ab1076' = convictions from 2021-01-01, probation or misdemeanor paths only;
   * 'sb731' = convictions from 1973, plus felonies from 2005 four years after the sentence.
   */
  automaticRelief: 'ab1076' | 'sb731';
}

export const RULES_VERSIONS: readonly RulesVersion[] = [
  {
    id: 'ca-2021.01',
    effectiveDate: '2021-01-01',
    changes: [
      'Baseline: PC 1203.4, 1203.4a, 1203.41 (county-jail felonies under PC 1170(h) only), 1203.42, 17(b), 4852.01.',
      'Prop 47 (PC 1170.18): applications after 2022-11-04 need a showing of good cause.',
      'AB 1076: automatic relief under PC 1203.425 for convictions on or after 2021-01-01 (DOJ began 2022-07-01).',
    ],
    pc1203_41CoversStatePrison: false,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: 'ab1076',
  },
  {
    id: 'ca-2023.01',
    effectiveDate: '2023-01-01',
    changes: [
      'SB 731: PC 1203.41 also reaches state-prison felonies, 2 years after the sentence, unless the conviction requires PC 290 registration (effective date to verify).',
    ],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: 'ab1076',
  },
  {
    id: 'ca-2023.07',
    effectiveDate: '2023-07-01',
    changes: [
      'SB 731: automatic relief under PC 1203.425 reaches convictions from 1973, and felonies convicted from 2005 four years after the sentence with no new felony.',
    ],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: 'sb731',
  },
  {
    id: 'ca-2024.01',
    effectiveDate: '2024-01-01',
    changes: ['SB 749: Prop 47 applications have no deadline and need no good-cause showing.'],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: null,
    automaticRelief: 'sb731',
  },
];

export const EARLIEST_RULES_DATE: IsoDate = '2021-01-01';

/** The version in force on `asOf`. Throws for dates before the earliest version (the schema rejects them). */
export function rulesVersionFor(asOf: IsoDate): RulesVersion {
  const inForce = RULES_VERSIONS.filter((v) => v.effectiveDate <= asOf).at(-1);
  if (!inForce) {
    throw new RangeError(`No rules version is in force on ${asOf}; the earliest is ${EARLIEST_RULES_DATE}.`);
  }
  return inForce;
}
