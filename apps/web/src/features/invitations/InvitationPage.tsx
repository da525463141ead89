// The page an invitation's link opens (/invitation#token). It says which office and role the
// invitation is for, or why the link no longer works; the person chooses their name and password, then
// signs in (and, if the office requires it, sets up a second factor there).
import { type AcceptInvitationInput, acceptInvitationInputSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, NewPasswordField, TextField } from '../../ui/fields.tsx';
import { LinkDetails, LinkPage, useLinkToken, useOnToSignIn } from '../../ui/LinkPage.tsx';

export function InvitationPage() {
  const trpc = useTRPC();
  const onToSignIn = useOnToSignIn();
  const token = useLinkToken();
  const details = useMutation(trpc.invitations.details.mutationOptions());
  const accept = useMutation(trpc.invitations.accept.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<AcceptInvitationInput>({
    resolver: inputResolver(acceptInvitationInputSchema),
    defaultValues: { token, name: '', password: '' },
  });
  const { errors } = form.formState;

  return (
    <LinkPage title="Accept your invitation">
      <LinkDetails token={token} details={details} reading="Reading your invitation…">
        {(open) => (
          <>
            <p>
              You are invited to Relief Desk at <strong>{open.officeName}</strong> as {open.invitedAs} You
              will sign in as <strong>{open.email}</strong>.
            </p>
            {problem && <Alert tone="error">{problem}</Alert>}
            <form
              noValidate
              aria-label="Set up your account"
              onSubmit={form.handleSubmit((values) => {
                setProblem(null);
                accept.mutate(values, {
                  onSuccess: (result) =>
                    onToSignIn(
                      result.email,
                      'Your account is ready. Sign in with your e-mail address and the password you chose.',
                    ),
                  onError: (error) => setProblem(applyServerErrors(form, error)),
                });
              })}
            >
              <TextField
                label="Your name"
                hint="As colleagues will see it."
                autoComplete="name"
                error={errors.name?.message}
                {...form.register('name')}
              />
              <input type="email" autoComplete="username" value={open.email} readOnly hidden />
              <NewPasswordField
                label="Choose a password"
                error={errors.password?.message}
                {...form.register('password')}
              />
              <BusyButton className="button button--primary" type="submit" busy={accept.isPending}>
                {accept.isPending ? 'Setting up…' : 'Set up my account'}
              </BusyButton>
            </form>
          </>
        )}
      </LinkDetails>
    </LinkPage>
  );
}
