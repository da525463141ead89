// The page a password link opens (/password-reset#token). It says whose password the link is for, or
// why it no longer works; the person chooses a new password, then signs in with it on the sign-in page
// (with their second factor, if they have one: the link does not sign in).
import { type ResetPasswordInput, resetPasswordInputSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link } from 'react-router';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, NewPasswordField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { LinkDetails, LinkPage, useLinkToken, useOnToSignIn } from '../../ui/LinkPage.tsx';

export function PasswordResetPage() {
  const trpc = useTRPC();
  const onToSignIn = useOnToSignIn();
  const token = useLinkToken();
  const details = useMutation(trpc.passwordResets.details.mutationOptions());
  const setPassword = useMutation(trpc.passwordResets.setPassword.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<ResetPasswordInput>({
    resolver: inputResolver(resetPasswordInputSchema),
    defaultValues: { token, password: '' },
  });
  const { errors } = form.formState;

  return (
    <LinkPage title="Choose a new password">
      <LinkDetails token={token} details={details} reading="Reading your link…">
        {(open) => (
          <>
            <p>
              A new password for <strong>{open.email}</strong> at {open.officeName}. This link works once,
              until {formatInstant(open.expiresAt)}. Your password works until you choose a new one; then you
              are signed out everywhere and sign in with the new one (and your second factor, if you have
              one).
            </p>
            {problem && <Alert tone="error">{problem}</Alert>}
            <form
              noValidate
              aria-label="Choose a new password"
              onSubmit={form.handleSubmit((values) => {
                setProblem(null);
                setPassword.mutate(values, {
                  onSuccess: (result) =>
                    onToSignIn(
                      result.email,
                      'Your new password is set, and you were signed out everywhere. Sign in with it (and your second factor, if you have one).',
                    ),
                  onError: (error) => setProblem(applyServerErrors(form, error)),
                });
              })}
            >
              <input type="email" autoComplete="username" value={open.email} readOnly hidden />
              <NewPasswordField
                label="New password"
                error={errors.password?.message}
                {...form.register('password')}
              />
              <p className="inline-row">
                <BusyButton className="button button--primary" type="submit" busy={setPassword.isPending}>
                  {setPassword.isPending ? 'Setting…' : 'Set my new password'}
                </BusyButton>
                <Link to="/sign-in">Back to sign-in</Link>
              </p>
            </form>
          </>
        )}
      </LinkDetails>
    </LinkPage>
  );
}
