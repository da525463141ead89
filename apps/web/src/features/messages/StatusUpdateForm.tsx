// Tell the client where things stand: pick a status (and its reason or court date) and next steps,
// preview it in the client's language per channel, edit, and send; or log it given by phone.
import {
  CANT_PROCEED_LABELS,
  CANT_PROCEED_REASONS,
  MESSAGE_STATUS_LABELS,
  MESSAGE_STATUS_TYPES,
  NEXT_STEP_LABELS,
  NEXT_STEPS_FOR,
  type StatusChoice,
  type StatusChoiceInput,
  statusChoiceSchema,
  statusTellsCriminalHistory,
} from '@relief-desk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { Alert, Checkbox, SelectField, TextAreaField } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { ComposedMessages, type Draft, draftsOf, outgoing } from './ComposedMessages.tsx';
import { useRefreshMessages } from './useMessages.ts';

export function StatusUpdateForm({
  matterId,
  seesCriminalHistory,
}: {
  matterId: string;
  seesCriminalHistory: boolean;
}) {
  // Updates about the record or the court need the RAP sheet permission: the server refuses them.
  const statusTypes = MESSAGE_STATUS_TYPES.filter(
    (s) => seesCriminalHistory || !statusTellsCriminalHistory(s),
  );
  const trpc = useTRPC();
  const refresh = useRefreshMessages(matterId);
  const [choice, setChoice] = useState<StatusChoice | null>(null);
  // Null until staff edit the preview: until then the drafts are the composed text as it stands.
  const [edited, setEdited] = useState<Draft[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // Only for a status given another way: what was said, and whether it tells of the record.
  const [logNote, setLogNote] = useState('');
  const [logNoteAboutRecord, setLogNoteAboutRecord] = useState(false);
  const form = useForm<StatusChoiceInput, unknown, StatusChoice>({
    resolver: inputResolver(statusChoiceSchema),
    defaultValues: {
      matterId,
      statusType: 'in_review',
      cantProceedReason: null,
      courtDate: null,
      nextSteps: [],
    },
  });
  const statusType = form.watch('statusType');
  // Only the next steps that go with the update chosen are offered; one ticked for another is untied.
  const stepsOffered = NEXT_STEPS_FOR[statusType ?? 'in_review'];
  useEffect(() => {
    const ticked = form.getValues('nextSteps') ?? [];
    const kept = ticked.filter((step) => stepsOffered.includes(step));
    if (kept.length !== ticked.length)
      form.setValue('nextSteps', kept, { shouldValidate: form.formState.isSubmitted });
  }, [form, stepsOffered]);
  const composed = useQuery({
    ...trpc.messages.composeStatus.queryOptions(choice ?? { matterId, statusType: 'in_review' }),
    enabled: choice !== null,
    staleTime: 0,
  });
  const drafts = edited ?? (composed.data ? draftsOf(composed.data) : []);
  // A preview belongs to the choice it was made from: any change to the form withdraws it, so Send
  // can only deliver what is on screen.
  useEffect(() => {
    const subscription = form.watch(() => {
      setChoice(null);
      setEdited(null);
    });
    return () => subscription.unsubscribe();
  }, [form]);
  const finish = async (message: string) => {
    setChoice(null);
    setEdited(null);
    setDone(message);
    setLogNote('');
    setLogNoteAboutRecord(false);
    form.reset({
      matterId,
      statusType: 'in_review',
      cantProceedReason: null,
      courtDate: null,
      nextSteps: [],
    });
    await refresh();
  };
  const send = useMutation(
    trpc.messages.sendStatus.mutationOptions({
      onSuccess: () => finish('Status update queued for sending.'),
    }),
  );
  const log = useMutation(
    trpc.messages.logStatus.mutationOptions({
      onSuccess: () => finish('Status logged without sending a message.'),
    }),
  );
  const error = composed.error ?? send.error ?? log.error;
  // The same update was just sent (or still waits to go): the server names who sent it; sending it
  // again is offered, never done without this second, deliberate click.
  const sentAlready =
    send.error !== null && describeError(send.error).fieldErrors.some((f) => f.path === 'sendAgain');

  return (
    <form
      aria-label="Status update"
      noValidate
      onSubmit={form.handleSubmit((values) => {
        setDone(null);
        setChoice(values);
      })}
    >
      {error && <Alert tone="error">{describeError(error).message}</Alert>}
      {/* The Send button goes with the preview: focus lands on what was done instead of <body>. */}
      {done && (
        <div tabIndex={-1} ref={focusOnMount}>
          <Alert tone="success">{done}</Alert>
        </div>
      )}
      <div className="inline-row">
        <SelectField
          label="Status"
          error={form.formState.errors.statusType?.message}
          {...form.register('statusType')}
        >
          {statusTypes.map((s) => (
            <option key={s} value={s}>
              {MESSAGE_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        {statusType === 'cant_proceed' && (
          <SelectField
            label="Why it can’t proceed"
            error={form.formState.errors.cantProceedReason?.message}
            {...form.register('cantProceedReason', { setValueAs: (v) => v || null })}
          >
            <option value="">Choose…</option>
            {CANT_PROCEED_REASONS.map((r) => (
              <option key={r} value={r}>
                {CANT_PROCEED_LABELS[r]}
              </option>
            ))}
          </SelectField>
        )}
        {statusType === 'court_date_set' && (
          <DateField
            label="Court date"
            error={form.formState.errors.courtDate?.message}
            {...form.register('courtDate', { setValueAs: (v) => v || null })}
          />
        )}
      </div>
      <fieldset className="field-group">
        <legend className="field-group__label">Next steps for the client</legend>
        <div className="chips">
          {stepsOffered.map((step) => (
            <Checkbox
              key={step}
              label={NEXT_STEP_LABELS[step]}
              value={step}
              {...form.register('nextSteps')}
            />
          ))}
        </div>
        {form.formState.errors.nextSteps?.message && (
          <p className="field__error" role="alert">
            {form.formState.errors.nextSteps.message}
          </p>
        )}
      </fieldset>
      <details className="field-group">
        <summary>Given to the client another way (by phone, in person)</summary>
        <TextAreaField
          label="What you told the client (optional)"
          rows={2}
          maxLength={4000}
          value={logNote}
          onChange={(e) => setLogNote(e.target.value)}
        />
        <Checkbox
          label="This note is about the criminal record: shown only to staff with the RAP sheet permission"
          checked={logNoteAboutRecord}
          onChange={(e) => setLogNoteAboutRecord(e.target.checked)}
        />
      </details>
      <div className="actions">
        <button type="submit" className="button">
          Preview message
        </button>
        <BusyButton
          type="button"
          className="button button--quiet"
          busy={log.isPending}
          onClick={form.handleSubmit((values) =>
            log.mutate({ choice: values, note: logNote, noteAboutRecord: logNoteAboutRecord }),
          )}
        >
          Log status without sending
        </BusyButton>
      </div>
      {choice && composed.data && (
        <>
          <ComposedMessages composition={composed.data} drafts={drafts} onChange={setEdited} />
          <BusyButton
            type="button"
            className="button button--primary"
            disabled={outgoing(drafts).length === 0}
            busy={send.isPending}
            onClick={() =>
              send.mutate({ choice, messages: outgoing(drafts), writtenIn: composed.data.language })
            }
          >
            Send status update
          </BusyButton>
          {sentAlready && (
            <BusyButton
              type="button"
              className="button"
              busy={send.isPending}
              onClick={() =>
                send.mutate({
                  choice,
                  messages: outgoing(drafts),
                  writtenIn: composed.data.language,
                  sendAgain: true,
                })
              }
            >
              Send again
            </BusyButton>
          )}
        </>
      )}
    </form>
  );
}
