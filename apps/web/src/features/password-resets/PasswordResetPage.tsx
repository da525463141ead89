// The page a password link opens (/password-reset#token; the token stays in the fragment, which no
// server or log sees). It says whose password the link is for, or why it no longer works; the person
// chooses a new password, then signs in with it on the sign-in page (with their second factor, if they
// have one: the link does not sign in). Nothing is used up until they press the button, so a mail
// scanner that opens links does not spend it.
import { zodResolver } from '@hookform/resolvers/zod';
import { MIN_PASSWORD_LENGTH, type ResetPasswordInput, resetPasswordInputSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, TextField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';

export function PasswordResetPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const heading = usePageHeading<HTMLHeadingElement>('Choose a new password');
  const [token] = useState(() => window.location.hash.slice(1));
  const details = useMutation(trpc.passwordResets.details.mutationOptions());
  const setPassword = useMutation(trpc.passwordResets.setPassword.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<ResetPasswordInput>({
    resolver: zodResolver(resetPasswordInputSchema),
    defaultValues: { token, password: '' },
  });
  const { mutate: readDetails } = details;
  useEffect(() => {
    readDetails({ token });
  }, [readDetails, token]);
  const { errors } = form.formState;
  const open = details.data?.state === 'open' ? details.data : null;

  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Choose a new password
      </h1>
      {details.isPending && <p role="status">Reading your link…</p>}
      {details.error && <Alert tone="error">{describeError(details.error).message}</Alert>}
      {details.data && details.data.state !== 'open' && (
        <>
          <Alert tone="error">{details.data.message}</Alert>
          <p>
            <Link to="/sign-in">Go to the sign-in page</Link>
          </p>
        </>
      )}
      {open && (
        <>
          <p>
            A new password for <strong>{open.email}</strong> at {open.officeName}. This link works once, until{' '}
            {formatInstant(open.expiresAt)}. Your password works until you choose a new one; then you are
            signed out everywhere and sign in with the new one (and your second factor, if you have one).
          </p>
          {problem && <Alert tone="error">{problem}</Alert>}
          <form
            noValidate
            aria-label="Choose a new password"
            onSubmit={form.handleSubmit((values) => {
              setProblem(null);
              setPassword.mutate(values, {
                onSuccess: (result) =>
                  void navigate('/sign-in', {
                    replace: true,
                    state: {
                      email: result.email,
                      notice:
                        'Your new password is set, and you were signed out everywhere. Sign in with it (and your second factor, if you have one).',
                    },
                  }),
                onError: (error) => setProblem(applyServerErrors(form, error)),
              });
            })}
          >
            <input type="email" autoComplete="username" value={open.email} readOnly hidden />
            <TextField
              label="New password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest.`}
              type="password"
              autoComplete="new-password"
              error={errors.password?.message}
              {...form.register('password')}
            />
            <p className="inline-row">
              <button className="button button--primary" type="submit" disabled={setPassword.isPending}>
                {setPassword.isPending ? 'Setting…' : 'Set my new password'}
              </button>
              <Link to="/sign-in">Back to sign-in</Link>
            </p>
          </form>
        </>
      )}
    </main>
  );
}
