// The filters people set by hand: stages (any number), county, assignee (or unassigned), preferred language,
// referral source, open or closed, and days open (a range). Each changes the URL; the day range
// applies on Enter or when focus leaves it. Dashboard drill-downs show in DrillDownNote.
import {
  COUNTIES,
  DAYS_OPEN_MAX,
  LANGUAGES,
  MATTER_STATUS_LABELS,
  MATTER_STATUSES,
  type MatterView,
  REFERRAL_SOURCE_LABELS,
  REFERRAL_SOURCES,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from '@relief-desk/domain';
import { type KeyboardEvent, useState } from 'react';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import type { ViewChanges } from './viewState.ts';

interface QueueFiltersProps {
  view: MatterView;
  colleagues: { id: string; name: string; active: boolean }[];
  onChange: (changes: ViewChanges) => void;
}

/**
 * A select holds one value; a link (a dashboard's "recorded by staff") may set several. The select
 * then says so, rather than show the first as if it were the only one; choosing a value sets that one.
 */
const SEVERAL = '__several';
const chosen = (values: readonly string[]) => (values.length > 1 ? SEVERAL : (values[0] ?? ''));
function SeveralOption({ values, noun }: { values: readonly string[]; noun: string }) {
  return values.length > 1 ? (
    <option value={SEVERAL}>{`${values.length} ${noun}, as the link set them`}</option>
  ) : null;
}

export function QueueFilters({ view, colleagues, onChange }: QueueFiltersProps) {
  // Each filter set counts once, however many values it holds (a dashboard link sets five sources).
  const active = [
    view.stages.length > 0 ? 1 : 0,
    view.counties.length > 0 ? 1 : 0,
    view.assignee ? 1 : 0,
    view.languages.length > 0 ? 1 : 0,
    view.referralSources.length > 0 ? 1 : 0,
    view.status !== 'any' ? 1 : 0,
    view.daysOpenMin !== null || view.daysOpenMax !== null ? 1 : 0,
  ].reduce((a, b) => a + b, 0);
  // Opens by itself on a view that has filters on; after that, only the person opens or closes it.
  const [open, setOpen] = useState(active > 0);
  return (
    <details className="queue-menu" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button">Filters{active > 0 ? ` (${active} on)` : ''}</summary>
      <form
        className="filters queue-menu__panel"
        aria-label="Filter matters"
        onSubmit={(e) => e.preventDefault()}
      >
        <StageChoices chosen={view.stages} onChange={(stages) => onChange({ stages })} />
        <SelectField
          label="County"
          value={chosen(view.counties)}
          onChange={(e) => e.target.value !== SEVERAL && onChange({ county: e.target.value })}
        >
          <option value="">All counties</option>
          <SeveralOption values={view.counties} noun="counties" />
          {COUNTIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Assignee"
          value={view.assignee ?? ''}
          onChange={(e) => onChange({ assignee: e.target.value })}
        >
          <option value="">Anyone</option>
          <option value="unassigned">Unassigned</option>
          {/* Disabled people are listed while they hold open matters: their caseload is found to hand on. */}
          {colleagues.map((u) => (
            <option key={u.id} value={u.id}>
              {u.active ? u.name : `${u.name} (disabled)`}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Language"
          value={chosen(view.languages)}
          onChange={(e) => e.target.value !== SEVERAL && onChange({ language: e.target.value })}
        >
          <option value="">Any language</option>
          <SeveralOption values={view.languages} noun="languages" />
          {LANGUAGES.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Referral source"
          value={chosen(view.referralSources)}
          onChange={(e) => e.target.value !== SEVERAL && onChange({ source: e.target.value })}
        >
          <option value="">Any source</option>
          <SeveralOption values={view.referralSources} noun="sources" />
          {REFERRAL_SOURCES.map((s) => (
            <option key={s} value={s}>
              {REFERRAL_SOURCE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Open or closed"
          value={view.status}
          onChange={(e) => onChange({ status: e.target.value === 'any' ? null : e.target.value })}
        >
          {MATTER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {MATTER_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <DaysOpenRange min={view.daysOpenMin} max={view.daysOpenMax} onChange={onChange} />
      </form>
    </details>
  );
}

/** Any number of stages: the view lists matters in any of them (none ticked: every stage). */
function StageChoices({ chosen, onChange }: { chosen: Stage[]; onChange: (stages: Stage[]) => void }) {
  return (
    <fieldset className="stage-choices">
      <legend>Stage</legend>
      {STAGES.map((stage) => (
        <Checkbox
          key={stage}
          label={STAGE_LABELS[stage]}
          checked={chosen.includes(stage)}
          onChange={(e) =>
            onChange(e.target.checked ? [...chosen, stage] : chosen.filter((s) => s !== stage))
          }
        />
      ))}
    </fieldset>
  );
}

interface DaysOpenRangeProps {
  min: number | null;
  max: number | null;
  onChange: (changes: Record<string, string | null>) => void;
}

function DaysOpenRange({ min, max, onChange }: DaysOpenRangeProps) {
  const shown = { from: min === null ? '' : String(min), to: max === null ? '' : String(max) };
  const [from, setFrom] = useState(shown.from);
  const [to, setTo] = useState(shown.to);
  // When the URL changes a bound (another queue, a shared link), show what it says; only that bound,
  // so applying "at least" on leaving its field does not wipe an "at most" being typed
  // (regression: the days filter sometimes lost the second number).
  const [lastShown, setLastShown] = useState(shown);
  if (lastShown.from !== shown.from || lastShown.to !== shown.to) {
    if (lastShown.from !== shown.from) setFrom(shown.from);
    if (lastShown.to !== shown.to) setTo(shown.to);
    setLastShown(shown);
  }
  const problem =
    (from !== '' && !/^\d{1,5}$/.test(from)) || (to !== '' && !/^\d{1,5}$/.test(to))
      ? 'Use whole days.'
      : Number(from) > DAYS_OPEN_MAX || Number(to) > DAYS_OPEN_MAX
        ? `Use at most ${DAYS_OPEN_MAX} days.`
        : from !== '' && to !== '' && Number(from) > Number(to)
          ? 'The first number must not be larger than the second.'
          : undefined;
  const apply = () => {
    if (problem) return;
    if (from === shown.from && to === shown.to) return;
    onChange({ daysOpenMin: from || null, daysOpenMax: to || null });
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter') apply();
  };
  return (
    <fieldset className="days-open">
      <legend>Days since received (for open matters, days open)</legend>
      <TextField
        label="At least"
        inputMode="numeric"
        size={5}
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        onBlur={apply}
        onKeyDown={onKeyDown}
      />
      <TextField
        label="At most"
        inputMode="numeric"
        size={5}
        value={to}
        onChange={(e) => setTo(e.target.value)}
        onBlur={apply}
        onKeyDown={onKeyDown}
        error={problem}
      />
    </fieldset>
  );
}
