// Shared wording for "the section is on an exclusion list" and "the record lacks the subdivision
// (or burglary degree) that would tell".
import { matchList } from '../sections.ts';
import type { Reason } from '../types.ts';
import { type Findings, type RuleContext, reason, said } from './context.ts';

/** Reason asking for the subdivision or degree that decides whether `entry` applies. */
export function missingDetail(
  ctx: RuleContext,
  entry: string,
  consequence: string,
  citation: string,
): Reason {
  const degree = entry.endsWith(' 1st') || entry.endsWith(' 2nd');
  const what = degree ? 'burglary degree' : 'subdivision';
  return reason(
    degree ? 'missing_degree' : 'missing_subdivision',
    said`The record gives ${ctx.sectionLabel} without the ${what}; ${entry} ${consequence}, so which ${what} was it?`,
    citation,
  );
}

/** Add a bar when the conviction is on `entries`, or a missing-fact reason when it may be. */
export function applyExclusionList(
  ctx: RuleContext,
  findings: Pick<Findings, 'bars' | 'unknowns'>,
  entries: readonly string[],
  rule: { code: string; why: string; citation: string },
): void {
  const { match, entry } = matchList(ctx.section, entries);
  if (match === 'yes') {
    findings.bars.push(reason(rule.code, said`${ctx.sectionLabel} ${rule.why}.`, rule.citation));
  } else if (match === 'maybe' && entry !== null) {
    findings.unknowns.push(missingDetail(ctx, entry, rule.why, rule.citation));
  }
}
