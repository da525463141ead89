// Every remedy the rules decide, for convictions and for arrests. Factual innocence (PC 851.8) is
// outside them: it turns on facts of the arrest no record holds.
import type { RemedyId } from '@relief-desk/domain';
import { pc851_91, pc851_93 } from './arrests.ts';
import type { ArrestRule, RemedyRule } from './context.ts';
import { pc17b } from './pc17b.ts';
import { pc1203_4 } from './pc1203_4.ts';
import { pc1203_4a } from './pc1203_4a.ts';
import { pc1203_41 } from './pc1203_41.ts';
import { pc1203_42 } from './pc1203_42.ts';
import { pc1203_43 } from './pc1203_43.ts';
import { pc1203_425 } from './pc1203_425.ts';
import { pc4852 } from './pc4852.ts';
import { prop47 } from './prop47.ts';
import { prop64 } from './prop64.ts';
import { pc236_14, pc236_14Arrest, pc1203_49 } from './trafficking.ts';

export const RULES: ReadonlyMap<RemedyId, RemedyRule> = new Map(
  [
    pc1203_4,
    pc1203_4a,
    pc1203_41,
    pc1203_42,
    pc1203_43,
    pc17b,
    prop47,
    prop64,
    pc1203_425,
    pc1203_49,
    pc236_14,
    pc4852,
  ].map((rule) => [rule.remedy, rule]),
);

export const ARREST_RULES: ReadonlyMap<RemedyId, ArrestRule> = new Map(
  [pc851_91, pc851_93, pc236_14Arrest].map((rule) => [rule.remedy, rule]),
);

/** The statute each remedy id stands for, for reasons that only name the remedy. */
export const REMEDY_CITATIONS: Readonly<Record<RemedyId, string>> = {
  'pc1203.4': 'PC 1203.4',
  'pc1203.4a': 'PC 1203.4a',
  'pc1203.41': 'PC 1203.41',
  'pc1203.42': 'PC 1203.42',
  'pc1203.43': 'PC 1203.43',
  pc17b: 'PC 17(b)',
  prop47: 'PC 1170.18',
  prop64: 'HS 11361.8',
  'pc1203.425': 'PC 1203.425',
  'pc851.91': 'PC 851.91',
  'pc851.93': 'PC 851.93',
  'pc851.8': 'PC 851.8',
  'pc1203.49': 'PC 1203.49',
  'pc236.14': 'PC 236.14',
  pc4852: 'PC 4852.01',
};
