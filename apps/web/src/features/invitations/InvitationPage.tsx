// The page an invitation's link opens (/invitation#token; the token stays in the fragment, which no
// server or log sees). It says which office and role the invitation is for, or why the link no
// longer works; the person chooses their name and password, then signs in (and, if the office
// requires it, sets up a second factor there).
import { zodResolver } from '@hookform/resolvers/zod';
import {
  type AcceptInvitationInput,
  acceptInvitationInputSchema,
  MIN_PASSWORD_LENGTH,
  ROLE_LABELS,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate } from 'react-router';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';

export function InvitationPage() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const heading = usePageHeading<HTMLHeadingElement>('Accept your invitation');
  const [token] = useState(() => window.location.hash.slice(1));
  const details = useMutation(trpc.invitations.details.mutationOptions());
  const accept = useMutation(trpc.invitations.accept.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<AcceptInvitationInput>({
    resolver: zodResolver(acceptInvitationInputSchema),
    defaultValues: { token, name: '', password: '' },
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
        Accept your invitation
      </h1>
      {details.isPending && <p role="status">Reading your invitation…</p>}
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
            You are invited to Relief Desk at <strong>{open.officeName}</strong> as {ROLE_LABELS[open.role]}.
            You will sign in as <strong>{open.email}</strong>.
          </p>
          {problem && <Alert tone="error">{problem}</Alert>}
          <form
            noValidate
            aria-label="Set up your account"
            onSubmit={form.handleSubmit((values) => {
              setProblem(null);
              accept.mutate(values, {
                onSuccess: (result) =>
                  void navigate('/sign-in', {
                    replace: true,
                    state: {
                      email: result.email,
                      notice:
                        'Your account is ready. Sign in with your e-mail address and the password you chose.',
                    },
                  }),
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
            <TextField
              label="Choose a password"
              hint={`At least ${MIN_PASSWORD_LENGTH} characters; a short phrase is easiest.`}
              type="password"
              autoComplete="new-password"
              error={errors.password?.message}
              {...form.register('password')}
            />
            <button className="button button--primary" type="submit" disabled={accept.isPending}>
              {accept.isPending ? 'Setting up…' : 'Set up my account'}
            </button>
          </form>
        </>
      )}
    </main>
  );
}
