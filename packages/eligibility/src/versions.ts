// Versions of the rules, each with the date it took effect. An evaluation uses the version in force on
// its `asOf` date and names it in the output, so a stored suggestion can be traced to the law it used.
// The README's "Rules versions" table explains each date and its source.
import type { IsoDate } from './dates.ts';

/** What PC 1203.425 (convictions) and PC 851.93 (arrests) grant under one version. */
export interface AutomaticRelief {
  /**
   * DOJ's monthly review began 2022-07-01 (PC 1203.425(a)(1)(A), PC 851.93(a)(1)): before it, relief
   * that is otherwise due waits for that day.
   */
  operativeFrom: IsoDate;
  /** Earliest conviction or arrest date reached by the probation and misdemeanor paths. */
  recordsFrom: IsoDate;
  /**
   * The felony path of PC 1203.425(a)(1)(B)(v)(III) and the state-prison felony arrests of PC 851.93
   * (SB 731). null: not enacted yet under this version.
   */
  felonies: { operativeFrom: IsoDate; recordsFrom: IsoDate } | null;
}

export interface RulesVersion {
  id: string;
  effectiveDate: IsoDate;
  /** Plain-language list of what changed from the previous version. */
  changes: readonly string[];
  /** SB 731 (Stats. 2022, ch. 814): PC 1203.41 reaches state-prison felonies. */
  pc1203_41CoversStatePrison: boolean;
  /**
   * PC 1170.18(j) before SB 749: applications after this date need good cause. null once SB 749
   * (Stats. 2023, ch. 633, an urgency statute) removed the deadline.
   */
  prop47GoodCauseAfter: IsoDate | null;
  automaticRelief: AutomaticRelief;
}

/** The day DOJ's automatic review for convictions and arrests began. */
export const AUTOMATIC_RELIEF_BEGAN: IsoDate = '2022-07-01';
/**
 * The day the SB 731 felony path was first operative: set to 2023-07-01 by SB 731, moved to
 * 2024-07-01 by the 2023 public safety trailer bill (AB 134) and to 2024-10-01 by the 2024 one.
 */
export const FELONY_AUTOMATIC_RELIEF_BEGAN: IsoDate = '2024-10-01';
/**
 * SB 749 (Stats. 2023, ch. 633) took effect when the Governor approved it (urgency statute). The day is
 * not confirmed: chapter 633 was approved between 2023-10-08 (ch. 540) and 2023-10-13 (the Governor's
 * last action on 2023 bills); see the README.
 */
export const SB749_IN_EFFECT: IsoDate = '2023-10-10';

const AB1076: AutomaticRelief = {
  operativeFrom: AUTOMATIC_RELIEF_BEGAN,
  recordsFrom: '2021-01-01',
  felonies: null,
};

const FROM_1973: AutomaticRelief = { ...AB1076, recordsFrom: '1973-01-01' };

export const RULES_VERSIONS: readonly RulesVersion[] = [
  {
    id: 'ca-2021.01',
    effectiveDate: '2021-01-01',
    changes: [
      'Baseline: PC 1203.4, 1203.4a, 1203.41 (county-jail felonies under PC 1170(h) only), 1203.42, 1203.43, 17(b), 851.91, 4852.01, 1203.49, 236.14.',
      'Prop 47 (PC 1170.18): applications after 2022-11-04 need a showing of good cause.',
      'AB 1076: automatic relief under PC 1203.425 and PC 851.93 for records from 2021-01-01; DOJ’s monthly review begins 2022-07-01, so nothing is granted before then.',
    ],
    pc1203_41CoversStatePrison: false,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: AB1076,
  },
  {
    id: 'ca-2022.07',
    effectiveDate: AUTOMATIC_RELIEF_BEGAN,
    changes: [
      'DOJ’s monthly review for automatic relief begins (PC 1203.425(a)(1)(A), PC 851.93(a)(1)), reaching convictions and arrests from 1973-01-01.',
    ],
    pc1203_41CoversStatePrison: false,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: FROM_1973,
  },
  {
    id: 'ca-2023.01',
    effectiveDate: '2023-01-01',
    changes: [
      'SB 731: PC 1203.41 also reaches state-prison felonies, 2 years after the sentence, unless the conviction requires PC 290 registration (PC 1203.41(a)(6)).',
      'SB 731 enacts the automatic felony path (PC 1203.425(a)(1)(B)(v)(III), felonies from 2005) and state-prison felony arrests (PC 851.93(a)(2)(C)); neither operated before 2024-10-01.',
    ],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: '2022-11-04',
    automaticRelief: {
      ...FROM_1973,
      felonies: { operativeFrom: FELONY_AUTOMATIC_RELIEF_BEGAN, recordsFrom: '2005-01-01' },
    },
  },
  {
    id: 'ca-2023.10',
    effectiveDate: SB749_IN_EFFECT,
    changes: [
      'SB 749 (Stats. 2023, ch. 633), an urgency statute in effect when approved: Prop 47 applications have no deadline and need no good-cause showing.',
    ],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: null,
    automaticRelief: {
      ...FROM_1973,
      felonies: { operativeFrom: FELONY_AUTOMATIC_RELIEF_BEGAN, recordsFrom: '2005-01-01' },
    },
  },
  {
    id: 'ca-2024.10',
    effectiveDate: FELONY_AUTOMATIC_RELIEF_BEGAN,
    changes: [
      'The 2024 budget trailer bill: the automatic felony path (PC 1203.425(a)(1)(B)(v)(III)) and state-prison felony arrests (PC 851.93) operate from 2024-10-01, and the felony path reaches convictions from 1973.',
    ],
    pc1203_41CoversStatePrison: true,
    prop47GoodCauseAfter: null,
    automaticRelief: {
      ...FROM_1973,
      felonies: { operativeFrom: FELONY_AUTOMATIC_RELIEF_BEGAN, recordsFrom: '1973-01-01' },
    },
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
