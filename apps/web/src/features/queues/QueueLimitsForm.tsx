// The office's limits for the "needs client update" queue: how many days without an update before a
// matter needs one, and when it is overdue (the promise to clients is news within 2-6 weeks).
import { type QueueSettings, queueSettingsInputSchema } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';

export function QueueLimitsForm() {
  const trpc = useTRPC();
  const limits = useQuery(trpc.queues.limits.queryOptions());
  // Kept here: the form starts again (keyed by version) once a save lands, and the news must outlive it.
  const [saved, setSaved] = useState(false);
  // The form the Save button was in is made again: the news of the save takes the focus, once the
  // saved version is on the page.
  const savedNote = useRef<HTMLDivElement | null>(null);
  const version = limits.data?.version;
  useEffect(() => {
    if (saved && version !== undefined) refocus(savedNote.current);
  }, [saved, version]);
  return (
    <section aria-labelledby="limits-heading" className="panel">
      <h2 id="limits-heading">Client update limits</h2>
      <p className="small">
        A matter appears in <strong>Needs client update</strong> when the client has heard nothing for the
        first number of days, and is marked overdue at the second.
      </p>
      {/* Keyed by version, so the form starts again from what was saved. */}
      {saved && (
        <div ref={savedNote} tabIndex={-1}>
          <Alert tone="success">Client update limits saved.</Alert>
        </div>
      )}
      {limits.data && <LimitsForm key={limits.data.version} initial={limits.data} onSaved={setSaved} />}
    </section>
  );
}

function LimitsForm({ initial, onSaved }: { initial: QueueSettings; onSaved: (saved: boolean) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<QueueSettings>({
    resolver: inputResolver(queueSettingsInputSchema),
    defaultValues: initial,
  });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.queues.setLimits.mutationOptions({
      onSuccess: async () => {
        onSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.queues.limits.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.queues.counts.pathKey() });
      },
      onError: (error) => setMessage({ tone: 'error', text: applyServerErrors(form, error) }),
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      aria-label="Client update limits"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        onSaved(false);
        save.mutate(values);
      })}
    >
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <div className="inline-row">
        <TextField
          label="Days without an update before one is needed"
          type="number"
          min={1}
          max={365}
          error={errors.clientUpdateDays?.message}
          {...form.register('clientUpdateDays', { valueAsNumber: true })}
        />
        <TextField
          label="Days without an update before it is overdue"
          type="number"
          min={2}
          max={730}
          error={errors.clientUpdateOverdueDays?.message}
          {...form.register('clientUpdateOverdueDays', { valueAsNumber: true })}
        />
      </div>
      <BusyButton type="submit" className="button" busy={save.isPending}>
        Save limits
      </BusyButton>
    </form>
  );
}
