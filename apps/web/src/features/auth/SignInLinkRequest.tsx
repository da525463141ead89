// "Send me a sign-in link", under the sign-in form: for someone whose account is locked (by their own
// typing or someone else's). The answer is the same whatever the address, so it tells no one who
// has an account.
import { type RequestSignInLinkInput, requestSignInLinkInputSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';

export function SignInLinkRequest({ email }: { email: string }) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const request = useMutation(trpc.auth.requestSignInLink.mutationOptions());
  const form = useForm<RequestSignInLinkInput>({
    resolver: inputResolver(requestSignInLinkInputSchema),
    values: { email },
    resetOptions: { keepDirtyValues: true },
  });
  return (
    <section aria-labelledby="link-heading" className="sign-in__link">
      <h2 id="link-heading">Account locked?</h2>
      {!open ? (
        <button type="button" className="button button--quiet" onClick={() => setOpen(true)}>
          Send me a sign-in link
        </button>
      ) : (
        <>
          <p className="small">
            We e-mail a link that works once, for 30 minutes. With your second factor it signs you in even
            while the account is locked.
          </p>
          {request.data && <Alert tone="success">{request.data.message}</Alert>}
          {request.error && <Alert tone="error">{describeError(request.error).message}</Alert>}
          <form
            noValidate
            aria-labelledby="link-heading"
            onSubmit={form.handleSubmit((values) => request.mutate(values))}
          >
            <TextField
              label="Work e-mail for the link"
              type="email"
              autoComplete="username"
              error={form.formState.errors.email?.message}
              {...form.register('email')}
            />
            <BusyButton type="submit" className="button" busy={request.isPending}>
              {request.isPending ? 'Sending…' : 'Send me a sign-in link'}
            </BusyButton>
          </form>
        </>
      )}
    </section>
  );
}
