// Recording an eligibility decision for one conviction and remedy. A new decision supersedes the
// current one; the history below stays visible.
import {
  DETERMINATION_LABELS,
  REMEDIES,
  type RecordDecisionInput,
  type RemedyId,
  recordDecisionInputSchema,
  suggestionReasonsText,
} from '@relief-desk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { type MatterDetail, type Suggestion, useRefreshMatter } from '../matters/useMatter.ts';
import { DecisionFields } from './DecisionFields.tsx';
import { DecisionHistory } from './DecisionHistory.tsx';

type ConvictionRow = NonNullable<MatterDetail['convictions']>[number];

interface DecisionFormProps {
  matterId: string;
  conviction: ConvictionRow;
  convictionLabel: string;
  remedy: RemedyId;
  suggestion: Suggestion | null;
  rulesVersion: string | null;
  canDecide: boolean;
  /** Closed or saved; the caller puts focus back on the cell that opened the form. */
  onDone(): void;
}

const reasonsText = (s: Suggestion) => suggestionReasonsText(s.reasons);

export function DecisionForm(props: DecisionFormProps) {
  const { matterId, conviction, convictionLabel, remedy, suggestion, rulesVersion, canDecide, onDone } =
    props;
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const current = conviction.decisions[remedy] ?? null;
  const remedyLabel = REMEDIES.find((r) => r.id === remedy)?.label ?? remedy;
  const history = useQuery(trpc.decisions.history.queryOptions({ convictionId: conviction.id, remedy }));
  const form = useForm<RecordDecisionInput>({
    resolver: inputResolver(recordDecisionInputSchema),
    defaultValues: {
      convictionId: conviction.id,
      remedy,
      determination: current?.determination ?? 'eligible_discretionary',
      eligibleOn: current?.eligibleOn ?? null,
      missingInfo: current?.missingInfo ?? '',
      reasons: '',
      supersedes: current?.id ?? null,
      suggestion:
        suggestion && rulesVersion ? { rulesVersion, determination: suggestion.determination } : null,
      overrideReason: '',
    },
  });
  const [message, setMessage] = useState<string | null>(null);
  const record = useMutation(
    trpc.decisions.record.mutationOptions({
      onSuccess: async () => {
        await Promise.all([refresh({ suggestions: true }), history.refetch()]);
        onDone();
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const determination = form.watch('determination');
  const overriding = suggestion !== null && determination !== suggestion.determination;
  const accept = () => {
    if (!suggestion || !rulesVersion) return;
    setMessage(null);
    record.mutate({
      convictionId: conviction.id,
      remedy,
      determination: suggestion.determination,
      eligibleOn: suggestion.eligibleOn,
      missingInfo: suggestion.determination === 'needs_more_info' ? reasonsText(suggestion) : '',
      reasons: reasonsText(suggestion),
      supersedes: current?.id ?? null,
      suggestion: { rulesVersion, determination: suggestion.determination },
      overrideReason: '',
    });
  };

  return (
    <section className="subform" aria-label={`${remedyLabel} for ${convictionLabel}`}>
      {/* Focus lands here when a grid cell opens the form (keyed per cell, so once per opening). */}
      <h3 ref={focusOnMount} tabIndex={-1}>
        {remedyLabel} — {convictionLabel}
      </h3>
      {/* Whether it was adult court decides whether there is a conviction to relieve at all. */}
      {conviction.minorNotice && <p className="field__error">{conviction.minorNotice}</p>}
      {suggestion && (
        <section className="suggestion" aria-label="Suggestion from the rules">
          <p>
            Suggested: <strong>{DETERMINATION_LABELS[suggestion.determination]}</strong>
            {suggestion.eligibleOn && ` from ${formatDate(suggestion.eligibleOn)}`}
            {rulesVersion && <span className="muted small"> (rules {rulesVersion})</span>}
          </p>
          <ul className="small">
            {suggestion.reasons.map((r) => (
              <li key={`${r.code}-${r.citation}`}>
                {r.text} <cite>{r.citation}</cite>
              </li>
            ))}
          </ul>
          {canDecide && (
            <BusyButton
              type="button"
              className="button button--primary"
              busy={record.isPending}
              onClick={accept}
            >
              Accept suggestion
            </BusyButton>
          )}
        </section>
      )}
      {canDecide ? (
        <form noValidate onSubmit={form.handleSubmit((v) => record.mutate(v))}>
          {message && <Alert tone="error">{message}</Alert>}
          <DecisionFields form={form} determination={determination} overriding={overriding} />
          <BusyButton type="submit" className="button button--primary" busy={record.isPending}>
            Record decision
          </BusyButton>{' '}
          <button type="button" className="button button--quiet" onClick={onDone}>
            Close
          </button>
        </form>
      ) : (
        <>
          <p className="muted">Only attorneys and supervisors record eligibility decisions.</p>
          {/* Without a form there was no way back to the grid but tabbing; close returns focus. */}
          <button type="button" className="button button--quiet" onClick={onDone}>
            Close
          </button>
        </>
      )}
      <DecisionHistory entries={history.data} error={history.error} level={4} />
    </section>
  );
}
