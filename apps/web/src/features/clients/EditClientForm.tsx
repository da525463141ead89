// Correcting a client's details from the matter page. The form keeps the version it opened with, so
// a colleague's save in between is refused (naming them) instead of overwritten; what was typed stays.
import { type ClientDetails, clientDetailsSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
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

export function EditClientForm({ client, onDone }: EditClientFormProps) {
  const trpc = useTRPC();
  const form = useForm<z.input<typeof formSchema>, unknown, z.output<typeof formSchema>>({
    resolver: inputResolver(formSchema),
    defaultValues: { client: structuredClone(client.details) },
  });
  // The shared fields read and write `client`; the schema's input and output shapes differ only in defaults.
  const fields = form as unknown as ClientForm;
  const [version] = useState(client.version);
  const [message, setMessage] = useState<string | null>(null);
  const save = useMutation(
    trpc.clients.update.mutationOptions({
      onSuccess: () => onDone(true),
      onError: (error) => setMessage(applyServerErrors(fields, error)),
    }),
  );
  return (
    <form
      noValidate
      aria-labelledby="edit-client-heading"
      className="subform"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        save.mutate({ clientId: client.id, version, client: values.client });
      })}
    >
      <h3 id="edit-client-heading" ref={focusOnMount} tabIndex={-1}>
        Correct the client’s details
      </h3>
      {message && <Alert tone="error">{message}</Alert>}
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
