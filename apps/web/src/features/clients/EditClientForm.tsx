// Correcting a client's details from the matter page. The form keeps the version it opened with, so
// a colleague's save in between is refused (naming them and what they changed) instead of
// overwritten; what was typed stays, and "Show their change" reads the client again into the form,
// keeping every field this person changed, so they can check and save again without retyping.
import {
  CLIENT_DETAIL_FIELD_LABELS,
  type ClientDetailField,
  type ClientDetails,
  clientDetailsSchema,
  listInWords,
  RELOAD_AFTER_CONFLICT,
} from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { type ClientForm, ContactFields, PersonFields } from './ClientFields.tsx';

const formSchema = z.object({ client: clientDetailsSchema });

interface EditClientFormProps {
  client: { id: string; version: number; details: ClientDetails };
  onDone: (saved: boolean) => void;
}

const FIELDS = Object.keys(CLIENT_DETAIL_FIELD_LABELS) as ClientDetailField[];
const differs = (a: unknown, b: unknown) => JSON.stringify(a) !== JSON.stringify(b);
const words = (fields: ClientDetailField[]) => listInWords(fields.map((f) => CLIENT_DETAIL_FIELD_LABELS[f]));

/**
 * The form's values once the client is read again after a refused save: the colleague's saved
 * details, with every field this person had changed from what the form opened with kept as typed.
 */
export function mergeAfterConflict(
  opened: ClientDetails,
  typed: ClientDetails,
  theirs: ClientDetails,
): {
  values: ClientDetails;
  theirChanges: ClientDetailField[];
  kept: ClientDetailField[];
  both: ClientDetailField[];
} {
  const values = structuredClone(theirs);
  const kept = FIELDS.filter((f) => differs(typed[f], opened[f]));
  for (const f of kept) (values as Record<string, unknown>)[f] = structuredClone(typed[f]);
  const theirChanges = FIELDS.filter((f) => differs(theirs[f], opened[f]));
  const both = theirChanges.filter((f) => kept.includes(f) && differs(typed[f], theirs[f]));
  return { values, theirChanges, kept, both };
}

/** What the form says once their change is in it: what came in, what was kept, what to check. */
function mergedMessage({ theirChanges, kept, both }: ReturnType<typeof mergeAfterConflict>): string {
  const came = theirChanges.filter((f) => !both.includes(f));
  const said = [
    came.length > 0
      ? `Their change is in the form now: the ${words(came)}.`
      : both.length === 0
        ? 'The form now starts from their save.'
        : '',
    kept.length > 0 ? `What you changed is kept: the ${words(kept)}.` : '',
    both.length > 0
      ? `You both changed the ${words(both)}: yours is kept; check it against theirs on the page before saving.`
      : '',
    'Check the details, then save again.',
  ];
  return said.filter(Boolean).join(' ');
}

export function EditClientForm({ client, onDone }: EditClientFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<z.input<typeof formSchema>, unknown, z.output<typeof formSchema>>({
    resolver: inputResolver(formSchema),
    defaultValues: { client: structuredClone(client.details) },
  });
  // The shared fields read and write `client`; the schema's input and output shapes differ only in defaults.
  const fields = form as unknown as ClientForm;
  // The version a save starts from, and the details it was read with: both move on once the
  // colleague's change is read into the form.
  const [opened, setOpened] = useState({ version: client.version, details: client.details });
  const [message, setMessage] = useState<string | null>(null);
  const [stale, setStale] = useState(false);
  const [merged, setMerged] = useState<string | null>(null);
  const save = useMutation(
    trpc.clients.update.mutationOptions({
      onSuccess: () => onDone(true),
      onError: (error) => {
        const conflict = describeError(error).appCode === 'VERSION_CONFLICT';
        const said = applyServerErrors(fields, error);
        setStale(conflict);
        // This form reads their change itself (below), instead of reloading the page over the typing.
        setMessage(conflict ? said.replace(` ${RELOAD_AFTER_CONFLICT}`, '') : said);
      },
    }),
  );
  const reread = useMutation({
    mutationFn: async () => {
      const fresh = await queryClient.fetchQuery({
        ...trpc.clients.get.queryOptions({ clientId: client.id }),
        staleTime: 0,
      });
      return fresh.client;
    },
    onSuccess: (fresh) => {
      if (fresh.id !== client.id) {
        setMessage(
          'This client was merged into another record meanwhile. Cancel, then open the client again.',
        );
        return;
      }
      const typed = form.getValues().client as ClientDetails;
      const result = mergeAfterConflict(opened.details, typed, fresh.details);
      form.reset({ client: result.values });
      setOpened({ version: fresh.version, details: fresh.details });
      setStale(false);
      setMessage(null);
      setMerged(mergedMessage(result));
      // The matter page beside the form shows their change too.
      void queryClient.invalidateQueries({ queryKey: trpc.matters.get.queryKey() });
    },
    onError: (error) => setMessage(describeError(error).message),
  });
  return (
    <form
      noValidate
      aria-labelledby="edit-client-heading"
      className="subform"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        setMerged(null);
        setStale(false);
        save.mutate({ clientId: client.id, version: opened.version, client: values.client });
      })}
    >
      <h3 id="edit-client-heading" ref={focusOnMount} tabIndex={-1}>
        Correct the client’s details
      </h3>
      {message && (
        <Alert tone="error">
          {message}
          {stale && (
            <>
              {' '}
              <BusyButton
                type="button"
                className="button button--quiet"
                busy={reread.isPending}
                onClick={() => reread.mutate()}
              >
                Show their change and keep my typing
              </BusyButton>
            </>
          )}
        </Alert>
      )}
      {merged && (
        // The button that read their change is gone: focus lands on what the form now says.
        <div ref={focusOnMount} tabIndex={-1} key={merged}>
          <Alert tone="info">{merged}</Alert>
        </div>
      )}
      <fieldset>
        <legend>The person</legend>
        <PersonFields form={fields} />
      </fieldset>
      <fieldset>
        <legend>How to reach them</legend>
        <ContactFields form={fields} />
      </fieldset>
      <div className="actions">
        <BusyButton type="submit" className="button button--primary" busy={save.isPending}>
          Save client details
        </BusyButton>
        <button type="button" className="button button--quiet" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
