// Whether the office requires a second factor (an authenticator app or a passkey) of everyone at
// sign-in. Those without one are led through setting one up at their next sign-in; sessions already
// open go on. Versioned: a change made meanwhile by another administrator is not overwritten.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { busyControl } from '../../ui/busyControl.ts';
import { Alert, Checkbox } from '../../ui/fields.tsx';

export function SignInRulesForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.offices.signInSettings.queryOptions());
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.offices.setMfaRequired.mutationOptions({
      // Said once the box shows what was saved (said before, "Saved: … up to each person" stood beside
      // a box still ticked until the settings came back).
      onSuccess: async (saved) => {
        await queryClient.invalidateQueries({ queryKey: trpc.offices.signInSettings.queryKey() });
        setMessage({
          tone: 'success',
          text: saved.mfaRequired
            ? 'Saved: everyone needs a second factor. Those without one set it up at their next sign-in.'
            : 'Saved: a second factor is up to each person.',
        });
      },
      onError: (error) => setMessage({ tone: 'error', text: describeError(error).message }),
    }),
  );
  const data = settings.data;
  return (
    <section aria-labelledby="sign-in-rules-heading" className="panel">
      <h2 id="sign-in-rules-heading">Second factor at sign-in</h2>
      <p className="small">
        With a second factor, a stolen password alone does not open clients’ records: after the password,
        people give a code from an authenticator app or use a passkey. Each person sets theirs up at{' '}
        <strong>Sign-in security</strong>.
      </p>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      {settings.error && <Alert tone="error">{describeError(settings.error).message}</Alert>}
      {data && (
        <>
          <Checkbox
            label="Require a second factor of everyone in the office"
            checked={data.mfaRequired}
            // Not disabled while saving: a disabled box drops keyboard focus to <body>. It stays where it
            // is, says it is unavailable, and a change pressed meanwhile is not sent.
            {...busyControl<HTMLInputElement>(save.isPending, (e) => {
              setMessage(null);
              save.mutate({ version: data.version, required: e.target.checked });
            })}
          />
          <p className="small">
            {data.withoutFactor === 0
              ? 'Everyone active in the office has a second factor.'
              : `${data.withoutFactor} ${data.withoutFactor === 1 ? 'person has' : 'people have'} no second factor yet.`}
          </p>
        </>
      )}
    </section>
  );
}
