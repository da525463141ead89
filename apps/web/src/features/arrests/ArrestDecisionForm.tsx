// Recording a decision on arrest relief for one arrest and remedy: accept the rules' suggestion in
// one action, or decide otherwise with reasons (and why, when overriding). A new decision supersedes
// the current one; the history below (as a conviction's) shows every decision, current and superseded,
// to anyone who may read criminal history, deciding or not.
import {
  DETERMINATION_LABELS,
  REMEDIES,
  type RecordArrestDecisionInput,
  recordArrestDecisionInputSchema,
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
import { DecisionFields } from '../decisions/DecisionFields.tsx';
import { DecisionHistory } from '../decisions/DecisionHistory.tsx';
import type { Suggestion } from '../matters/useMatter.ts';

type ArrestRemedy = RecordArrestDecisionInput['remedy'];

interface Props {
  arrestId: string;
  arrestLabel: string;
  remedy: ArrestRemedy;
  /** The decision the cell shows, which a new one supersedes. */
  current: { id: string; determination: string; eligibleOn: string | null; missingInfo: string } | null;
  suggestion: Suggestion | null;
  rulesVersion: string | null;
  /** Attorneys and supervisors record decisions; others read the history only. */
  canDecide: boolean;
  /** Closed or saved (`saved` true); the caller refreshes and puts focus back. */
  onDone(saved: boolean): void;
}

export function ArrestDecisionForm({
  arrestId,
  arrestLabel,
  remedy,
  current,
  suggestion,
  rulesVersion,
  canDecide,
  onDone,
}: Props) {
  const trpc = useTRPC();
  const remedyLabel = REMEDIES.find((r) => r.id === remedy)?.label ?? remedy;
  const history = useQuery(trpc.arrests.decisionHistory.queryOptions({ arrestId, remedy }));
  const form = useForm<RecordArrestDecisionInput>({
    resolver: inputResolver(recordArrestDecisionInputSchema),
    defaultValues: {
      arrestId,
      remedy,
      determination:
        (current?.determination as RecordArrestDecisionInput['determination']) ?? 'eligible_discretionary',
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
    trpc.arrests.recordDecision.mutationOptions({
      onSuccess: async () => {
        await history.refetch();
        onDone(true);
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const determination = form.watch('determination');
  const overriding = suggestion !== null && determination !== suggestion.determination;
  const accept = () => {
    if (!suggestion || !rulesVersion) return;
    setMessage(null);
    const reasons = suggestionReasonsText(suggestion.reasons);
    record.mutate({
      arrestId,
      remedy,
      determination: suggestion.determination,
      eligibleOn: suggestion.eligibleOn,
      missingInfo: suggestion.determination === 'needs_more_info' ? reasons : '',
      reasons,
      supersedes: current?.id ?? null,
      suggestion: { rulesVersion, determination: suggestion.determination },
      overrideReason: '',
    });
  };

  return (
    <section className="subform" aria-label={`${remedyLabel} for the ${arrestLabel}`}>
      <h4 ref={focusOnMount} tabIndex={-1}>
        {remedyLabel} — {arrestLabel}
      </h4>
      {message && <Alert tone="error">{message}</Alert>}
      {suggestion && (
        <p>
          Suggested: <strong>{DETERMINATION_LABELS[suggestion.determination]}</strong>
          {suggestion.eligibleOn && ` from ${formatDate(suggestion.eligibleOn)}`}
          {rulesVersion && <span className="muted small"> (rules {rulesVersion})</span>}{' '}
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
        </p>
      )}
      {canDecide ? (
        <form noValidate onSubmit={form.handleSubmit((v) => record.mutate(v))}>
          <DecisionFields form={form} determination={determination} overriding={overriding} />
          <BusyButton type="submit" className="button button--primary" busy={record.isPending}>
            Record decision
          </BusyButton>{' '}
          <button type="button" className="button button--quiet" onClick={() => onDone(false)}>
            Close
          </button>
        </form>
      ) : (
        <>
          <p className="muted">Only attorneys and supervisors record decisions on arrest relief.</p>
          <button type="button" className="button button--quiet" onClick={() => onDone(false)}>
            Close
          </button>
        </>
      )}
      <DecisionHistory entries={history.data} error={history.error} level={5} />
    </section>
  );
}
