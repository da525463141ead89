// What a view opened from a dashboard number is limited to ("Eligibility decided from Nov 2, 2026 to
// Nov 8, 2026"), in words, and the order a drill-down lists in, with one button to drop those limits.
// They have no form controls of their own: they only arrive by link. The table's caption repeats them
// for screen readers.
import {
  FIRST_CONTACT_BANDS,
  MATTER_ACTIVITY_LABELS,
  type MatterActivity,
  type MatterView,
  REFERRAL_SOURCE_LABELS,
} from '@relief-desk/domain';
import { formatDate } from '../../ui/format.ts';

/** Null while the office's people are still loading. */
type Colleagues = { id: string; name: string }[] | null;

/** The drill-down limits of a view, each in words; empty when it has none. */
export function drillDownLimits(view: MatterView, colleagues: Colleagues): string[] {
  const limits: string[] = [];
  const { activity } = view;
  if (activity) {
    const who = !activity.by
      ? ''
      : colleagues === null
        ? 'by a colleague'
        : `by ${colleagues.find((c) => c.id === activity.by)?.name ?? 'a former colleague'}`;
    const span =
      activity.from && activity.to
        ? activity.from === activity.to
          ? `on ${formatDate(activity.from)}`
          : `from ${formatDate(activity.from)} to ${formatDate(activity.to)}`
        : activity.from
          ? `since ${formatDate(activity.from)}`
          : activity.to
            ? `until ${formatDate(activity.to)}`
            : '';
    limits.push([MATTER_ACTIVITY_LABELS[activity.kind], who, span].filter(Boolean).join(' '));
  }
  const { receivedFrom: from, receivedTo: to } = view;
  if (from || to)
    limits.push(
      from && to
        ? from === to
          ? `Received on ${formatDate(from)}`
          : `Received from ${formatDate(from)} to ${formatDate(to)}`
        : from
          ? `Received since ${formatDate(from)}`
          : `Received until ${formatDate(to ?? '')}`,
    );
  // One source is the filter form's own; several only arrive by link (a dashboard's "recorded by staff").
  if (view.referralSources.length > 1)
    limits.push(`Referred by ${view.referralSources.map((s) => REFERRAL_SOURCE_LABELS[s]).join(', ')}`);
  const band = FIRST_CONTACT_BANDS.find((b) => b.id === view.firstContact);
  if (band)
    limits.push(
      band.min === null
        ? 'Not contacted yet'
        : `First contact ${band.max === null ? `more than ${band.min - 1}` : `${band.min}-${band.max}`} days after referral`,
    );
  return limits;
}

/**
 * The order a drill-down lists in (a search keeps its best match): by the day of its activity, most
 * recent first, each matter once, on its latest. Null for any other view.
 */
export function drillDownOrder(view: MatterView): string | null {
  if (!view.activity || view.search) return null;
  return `Most recent first, by ${ORDER_WORDS[view.activity.kind]}; a matter it happened to more than once is listed once, on the latest.`;
}

const ORDER_WORDS: Record<MatterActivity, string> = {
  eligibility_decided: 'the day eligibility was decided',
  petition_filed: 'the day the petition was filed',
  outcome_sent: 'the day the outcome was sent',
  touched: 'the day last worked on',
  court_granted: 'the day the court granted relief',
  court_denied: 'the day the court denied relief',
  court_pending: 'the day the petition was filed',
};

interface DrillDownNoteProps {
  limits: string[];
  order: string | null;
  onClear: () => void;
}

export function DrillDownNote({ limits, order, onClear }: DrillDownNoteProps) {
  if (limits.length === 0) return null;
  return (
    <div className="drill-down">
      <p>
        Only matters with: <strong>{limits.join('; ')}</strong>.{order && ` ${order}`}
      </p>
      <button type="button" className="button" onClick={onClear}>
        Show matters without this limit
      </button>
    </div>
  );
}
