// What the rules need to know about the person today. Unknown is a real answer: the rules then say
// which fact they need instead of guessing.
import { PERSON_FACTS, type SavePersonFactsInput, savePersonFactsInputSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, SelectField } from '../../ui/fields.tsx';
import { type Suggestions, useRefreshMatter } from '../matters/useMatter.ts';

export function PersonFactsForm({ matterId, suggestions }: { matterId: string; suggestions: Suggestions }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const form = useForm<SavePersonFactsInput>({
    resolver: inputResolver(savePersonFactsInputSchema),
    values: { matterId, version: suggestions.personFactsVersion, facts: suggestions.personFacts },
    resetOptions: { keepDirtyValues: true },
  });
  const [message, setMessage] = useState<string | null>(null);
  // Said in a live region that is on the page before it, since focus stays on the button.
  const [said, setSaid] = useState('');
  const save = useMutation(
    trpc.eligibility.savePersonFacts.mutationOptions({
      onSuccess: async () => {
        setMessage(null);
        await refresh({ suggestions: true });
        setSaid('Facts about the person saved; the suggestions now follow them.');
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  return (
    <details className="subform">
      <summary>Facts about the person today</summary>
      <form
        noValidate
        aria-label="Facts about the person today"
        onSubmit={form.handleSubmit((v) => {
          setSaid('');
          save.mutate(v);
        })}
      >
        {message && <Alert tone="error">{message}</Alert>}
        <p className="visually-hidden" role="status">
          {said}
        </p>
        <div className="inline-row">
          {PERSON_FACTS.map((fact) => (
            <SelectField key={fact.key} label={fact.label} {...form.register(`facts.${fact.key}`)}>
              <option value="unknown">Not known</option>
              <option value="no">No</option>
              <option value="yes">Yes</option>
            </SelectField>
          ))}
        </div>
        <BusyButton type="submit" className="button" busy={save.isPending}>
          Save facts
        </BusyButton>
      </form>
    </details>
  );
}
