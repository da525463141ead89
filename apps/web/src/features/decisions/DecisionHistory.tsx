// Every decision recorded on one record and remedy (a conviction's or an arrest's), newest first: the
// first is current, the others superseded, each with who decided, when, what and why. Decisions are
// append-only, so this is the whole story of the cell.
import { DETERMINATION_LABELS, type Determination } from '@relief-desk/domain';
import { describeError } from '../../lib/errors.ts';
import { Alert } from '../../ui/fields.tsx';
import { formatDate, formatInstant } from '../../ui/format.ts';

export interface DecisionHistoryEntry {
  id: string;
  determination: Determination;
  eligibleOn: string | null;
  reasons: string;
  missingInfo: string;
  overrideReason: string;
  decidedBy: string;
  decidedAt: string;
}

interface Props {
  /** The history query's data: undefined while it loads. */
  entries: readonly DecisionHistoryEntry[] | undefined;
  error: unknown;
  /** The heading's level, one below the form's own heading. */
  level: 4 | 5;
}

export function DecisionHistory({ entries, error, level }: Props) {
  const Heading = level === 4 ? 'h4' : 'h5';
  return (
    <>
      <Heading>History</Heading>
      {error ? (
        <Alert tone="error">The decisions could not be read: {describeError(error).message}</Alert>
      ) : entries === undefined ? (
        <p className="muted small">Reading the decisions…</p>
      ) : entries.length === 0 ? (
        <p className="muted small">No decision yet.</p>
      ) : (
        <ol className="plain-list history">
          {entries.map((d, i) => (
            <li key={d.id}>
              <strong>{DETERMINATION_LABELS[d.determination]}</strong>
              {d.eligibleOn && ` from ${formatDate(d.eligibleOn)}`}
              {i === 0 ? ' (current)' : ' (superseded)'} — {d.decidedBy}, {formatInstant(d.decidedAt)}
              <div className="small">{d.reasons}</div>
              {d.missingInfo && <div className="small">Missing: {d.missingInfo}</div>}
              {d.overrideReason && (
                <div className="small">Why the suggestion was overridden: {d.overrideReason}</div>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
