// Is a conviction recorded as a felony still a felony? `level` is the level at conviction, so two
// things can make it a misdemeanor that the level does not show: a grant since (PC 17(b), Prop 47,
// Prop 64: `already_reduced`) and a wobbler's judgment of neither state prison nor county jail under
// PC 1170(h) (PC 17(b)(1): `misdemeanor_by_17b1`). One definition, used by evaluate.ts (no second
// reduction) and by rules that look at other convictions (PC 1203.425's new felony).
import type { RemedyId } from '@relief-desk/domain';
import type { ConvictionInput } from '../schema.ts';
import { describeSection, parseSection } from '../sections.ts';
import type { Reason } from '../types.ts';
import type { RuleContext } from './context.ts';
import { misdemeanorByJudgment } from './wobbler.ts';

/** What a grant that made the felony a misdemeanor did, as the reasons say it. */
export const REDUCED_BY: Partial<Record<RemedyId, string>> = {
  pc17b: 'declared a misdemeanor under PC 17(b)',
  prop47: 'redesignated a misdemeanor under Prop 47 (PC 1170.18)',
  // Prop 64 redesignates (as a misdemeanor or infraction) or dismisses and seals: either way no felony is left.
  prop64: 'redesignated or dismissed under Prop 64 (HS 11361.8)',
};

/** The statute of each reducing grant, for citations. */
export const REDUCED_CITATION: Partial<Record<RemedyId, string>> = {
  pc17b: 'PC 17(b)',
  prop47: 'PC 1170.18',
  prop64: 'HS 11361.8',
};

/** The grant that reduced this felony (`already_reduced`), or null. */
export function reducingGrant(conviction: ConvictionInput): RemedyId | null {
  const granted = conviction.reliefAlreadyGranted;
  if (conviction.level !== 'felony' || !granted || REDUCED_BY[granted] === undefined) return null;
  return granted;
}

/**
 * Whether a conviction is a felony now:
 * - `felony`: recorded as a felony, with no grant since and no PC 17(b)(1) judgment;
 * - `not_felony`: recorded at a lower level;
 * - `reduced`: a felony a grant since made a misdemeanor (or Prop 64 dismissed);
 * - `misdemeanor_by_17b1`: a wobbler sentenced to jail or a fine only;
 * - `unknown`: a felony sentenced to jail or a fine only whose wobbler status the rules cannot tell
 *   (the reason asks it).
 */
export type FelonyNow =
  | { kind: 'felony' }
  | { kind: 'not_felony' }
  | { kind: 'reduced'; granted: RemedyId; what: string }
  | { kind: 'misdemeanor_by_17b1' }
  | { kind: 'unknown'; reason: Reason };

/** `ctx` is any rule context of the same record; `conviction` may be another conviction in it. */
export function felonyNow(ctx: RuleContext, conviction: ConvictionInput): FelonyNow {
  if (conviction.level !== 'felony') return { kind: 'not_felony' };
  const granted = reducingGrant(conviction);
  if (granted !== null) return { kind: 'reduced', granted, what: REDUCED_BY[granted] ?? '' };
  const section = parseSection(conviction.code, conviction.section);
  const own: RuleContext =
    conviction.id === ctx.conviction.id
      ? ctx
      : { ...ctx, conviction, section, sectionLabel: describeSection(section, conviction.section) };
  const byJudgment = misdemeanorByJudgment(own);
  if (byJudgment === true) return { kind: 'misdemeanor_by_17b1' };
  if (byJudgment === false) return { kind: 'felony' };
  return { kind: 'unknown', reason: byJudgment };
}
