// Notes and phone calls: what staff learned, on the timeline with who and when.
import {
  addNoteInputSchema,
  CALL_RESULT_LABELS,
  CALL_RESULTS,
  logCallInputSchema,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, SelectField, TextAreaField } from '../../ui/fields.tsx';
import { useRefreshMatter } from './useMatter.ts';

export function NotesPanel({ matterId }: { matterId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const noteForm = useForm<z.input<typeof addNoteInputSchema>>({
    resolver: inputResolver(addNoteInputSchema),
    defaultValues: { matterId, text: '', aboutRecord: false },
  });
  const callForm = useForm<z.input<typeof logCallInputSchema>, unknown, z.output<typeof logCallInputSchema>>({
    resolver: inputResolver(logCallInputSchema),
    defaultValues: { matterId, direction: 'outgoing', result: 'spoke', summary: '', aboutRecord: false },
  });
  // What was just saved, said in live regions that are on the page before it: focus stays on the button.
  const [noteSaid, setNoteSaid] = useState('');
  const [callSaid, setCallSaid] = useState('');
  const addNote = useMutation(
    trpc.matters.addNote.mutationOptions({
      onSuccess: async (_result, input) => {
        noteForm.reset({ matterId, text: '', aboutRecord: false });
        await refresh();
        setNoteSaid(input.aboutRecord ? 'Note added, about the criminal record.' : 'Note added.');
      },
      onError: (error) => applyServerErrors(noteForm, error),
    }),
  );
  const logCall = useMutation(
    trpc.matters.logCall.mutationOptions({
      onSuccess: async (_result, input) => {
        callForm.reset({ matterId, direction: 'outgoing', result: 'spoke', summary: '', aboutRecord: false });
        await refresh();
        const who = input.direction === 'incoming' ? 'The client called' : 'We called the client';
        setCallSaid(`Call logged: ${who}; ${CALL_RESULT_LABELS[input.result].toLowerCase()}.`);
      },
      onError: (error) => applyServerErrors(callForm, error),
    }),
  );

  return (
    <section aria-labelledby="notes-heading" className="panel">
      <h2 id="notes-heading">Notes and calls</h2>
      <div className="two-columns">
        <form
          noValidate
          onSubmit={noteForm.handleSubmit((v) => {
            setNoteSaid('');
            addNote.mutate(v);
          })}
        >
          {addNote.error && <Alert tone="error">{describeError(addNote.error).message}</Alert>}
          <p className="visually-hidden" role="status">
            {noteSaid}
          </p>
          <TextAreaField
            label="Note"
            rows={3}
            error={noteForm.formState.errors.text?.message}
            {...noteForm.register('text')}
          />
          <Checkbox
            label="About the criminal record: shown only to staff with the RAP sheet permission"
            {...noteForm.register('aboutRecord')}
          />
          <BusyButton type="submit" className="button" busy={addNote.isPending}>
            Add note
          </BusyButton>
        </form>
        <form
          noValidate
          onSubmit={callForm.handleSubmit((v) => {
            setCallSaid('');
            logCall.mutate(v);
          })}
        >
          {logCall.error && <Alert tone="error">{describeError(logCall.error).message}</Alert>}
          <p className="visually-hidden" role="status">
            {callSaid}
          </p>
          <div className="inline-row">
            <SelectField label="Call" {...callForm.register('direction')}>
              <option value="outgoing">We called the client</option>
              <option value="incoming">The client called</option>
            </SelectField>
            <SelectField label="Result" {...callForm.register('result')}>
              {CALL_RESULTS.map((r) => (
                <option key={r} value={r}>
                  {CALL_RESULT_LABELS[r]}
                </option>
              ))}
            </SelectField>
          </div>
          <TextAreaField label="What was said (optional)" rows={2} {...callForm.register('summary')} />
          <Checkbox
            label="What was said is about the criminal record: shown only to staff with the RAP sheet permission"
            {...callForm.register('aboutRecord')}
          />
          <BusyButton type="submit" className="button" busy={logCall.isPending}>
            Log call
          </BusyButton>
        </form>
      </div>
    </section>
  );
}
