// The checks every decision passes before it is written, on a conviction (decisions.ts) or an arrest
// (arrests/decisions.ts): what the attorney saw must still be what the rules suggest and the latest
// decision, so no decision records a stale suggestion or silently replaces a colleague's.
import { californiaDateTime, type Determination } from '@relief-desk/domain';
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
