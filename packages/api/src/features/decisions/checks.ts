// The checks every decision passes before it is written, on a conviction (decisions.ts) or an arrest
// (arrests/decisions.ts): what the attorney saw must still be what the rules suggest and the latest
// decision, so no decision records a stale suggestion or silently replaces a colleague's.
import { californiaDateTime, DETERMINATION_LABELS, type Determination } from '@relief-desk/domain';
import { AppError } from '../../errors.ts';

/**
 * An accepted or overridden suggestion must be the one the rules make now (`fresh`), so the decision
 * records the rules version that really suggested it.
 */
export function requireSuggestionUnchanged(
  seen: { rulesVersion: string; determination: Determination },
  fresh: { rulesVersion: string; suggestion: { determination: Determination } } | null,
): void {
  if (fresh?.rulesVersion === seen.rulesVersion && fresh.suggestion.determination === seen.determination)
    return;
  throw new AppError(
    'VERSION_CONFLICT',
    'The suggestion changed after you opened it (the record or the rules changed). Look at the new suggestion, then decide again.',
  );
}

/**
 * The rules' suggestion a decision is measured against: the one the attorney saw, which must still be
 * the rules' (requireSuggestionUnchanged); or, for a decision sent without one (a program's call), the
 * rules' own today, so that deciding against the rules takes a reason whichever way it is sent.
 */
export function suggestionAgainst(
  decision: {
    determination: Determination;
    suggestion: { rulesVersion: string; determination: Determination } | null;
    overrideReason: string;
  },
  fresh: { rulesVersion: string; suggestion: { determination: Determination } } | null,
): { rulesVersion: string; determination: Determination } | null {
  if (decision.suggestion) {
    requireSuggestionUnchanged(decision.suggestion, fresh);
    return decision.suggestion;
  }
  if (!fresh) return null;
  const suggested = fresh.suggestion.determination;
  if (suggested !== decision.determination && decision.overrideReason.trim() === '') {
    const message = `The rules suggest “${DETERMINATION_LABELS[suggested]}” here: say why you are overriding the suggested determination.`;
    throw new AppError('BAD_INPUT', message, { fieldErrors: [{ path: 'overrideReason', message }] });
  }
  return { rulesVersion: fresh.rulesVersion, determination: suggested };
}

/** The decision replaced (`supersedes`) must be the latest for the record and remedy. */
export function requireLatestSeen(
  what: 'conviction' | 'arrest',
  supersedes: string | null,
  latest: { id: string; decided_at: string; name: string } | undefined,
): void {
  if ((latest?.id ?? null) === supersedes) return;
  throw new AppError(
    'VERSION_CONFLICT',
    latest
      ? `${latest.name} recorded a decision for this ${what} and remedy on ${californiaDateTime(latest.decided_at)}, after you opened it. Nothing was saved; review their decision, then decide again.`
      : 'The decision you meant to replace no longer exists. Reload the matter and decide again.',
  );
}
