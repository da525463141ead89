// Whether a felony is a wobbler, and PC 17(b)(1): a wobbler whose judgment imposed neither state
// prison nor county jail under PC 1170(h) is a misdemeanor for all purposes. PC 17(b), 1203.4a and
// 1203.425 all turn on it.
import { KNOWN_WOBBLERS, WOBBLER_UNTIL } from '../section-lists.ts';
import { matchList } from '../sections.ts';
import type { Reason } from '../types.ts';
import { type RuleContext, reason, said } from './context.ts';
import { missingDetail } from './exclusions.ts';

/** Is the felony a wobbler? true/false, or a reason naming what the record lacks (cited to `citation`). */
export function wobblerStatus(ctx: RuleContext, citation = 'PC 17(b)'): true | false | Reason {
  const { wobbler, convictionDate } = ctx.conviction;
  if (wobbler !== null) return wobbler;
  const known = matchList(ctx.section, KNOWN_WOBBLERS);
  const until = known.entry === null ? undefined : WOBBLER_UNTIL[known.entry];
  const stillWobbler = until === undefined || convictionDate < until;
  if (known.match === 'yes' && stillWobbler) return true;
  if (known.match === 'maybe' && known.entry !== null && stillWobbler) {
    return missingDetail(ctx, known.entry, 'is a wobbler', citation);
  }
  return reason(
    'missing_wobbler',
    said`Could ${ctx.sectionLabel} be punished as either a felony or a misdemeanor (a wobbler)? The record does not say and the rules do not know it (wobbler is unknown).`,
    citation,
  );
}

/** Sentences that are neither state prison nor county jail under PC 1170(h), and not probation. */
export function jailOrFineOnly(ctx: RuleContext): boolean {
  const { kind } = ctx.conviction.sentence;
  return kind === 'jail_only' || kind === 'fine_only';
}

/**
 * PC 17(b)(1): for a felony sentenced to jail or a fine only, is it a misdemeanor for all purposes?
 * true (a wobbler), false (not a wobbler, or not such a sentence), or the reason to ask.
 */
export function misdemeanorByJudgment(ctx: RuleContext): true | false | Reason {
  if (ctx.conviction.level !== 'felony' || !jailOrFineOnly(ctx)) return false;
  const status = wobblerStatus(ctx, 'PC 17(b)(1)');
  if (status === true || status === false) return status;
  return reason(
    status.code,
    said`${status.text} A wobbler sentenced to neither state prison nor county jail under PC 1170(h) is a misdemeanor for all purposes, which decides the remedy.`,
    'PC 17(b)(1)',
  );
}

export function misdemeanorByJudgmentNote(ctx: RuleContext): Reason {
  return reason(
    'misdemeanor_by_17b1',
    said`${ctx.sectionLabel} is a wobbler and the judgment imposed neither state prison nor county jail under PC 1170(h), so it is a misdemeanor for all purposes.`,
    'PC 17(b)(1)',
  );
}
