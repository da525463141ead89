// Sign-in for staff: the e-mail and password, then, for someone with a second factor, a second step
// (SecondStep.tsx). Errors (wrong password, locked account) appear above the form, in words; a locked
// account's owner can ask for a sign-in link below it. Someone who has just accepted an invitation
// arrives with their e-mail filled in.
import { type SignInInput, signInInputSchema } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useLocation, useNavigate } from 'react-router';
import { inputResolver } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { SecondStep } from './SecondStep.tsx';
import { SignInLinkRequest } from './SignInLinkRequest.tsx';

type SignInAnswer = ApiOutputs['auth']['signIn'];
export type SecondStepAnswer = Extract<SignInAnswer, { status: 'second_factor' }>;

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const heading = usePageHeading<HTMLHeadingElement>('Sign in');
  const [secondStep, setSecondStep] = useState<SecondStepAnswer | null>(null);
  const [startedAgain, setStartedAgain] = useState<string | null>(null);
  const arrival = (useLocation().state ?? {}) as { email?: string; notice?: string };
  const form = useForm<SignInInput>({
    resolver: inputResolver(signInInputSchema),
    defaultValues: { email: arrival.email ?? '', password: '' },
  });
  const typedEmail = form.watch('email');
  const signedIn = async (answer: Extract<SignInAnswer, { status: 'signed_in' }>) => {
    await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
    // Signed in with a recovery code: the security page says how many are left.
    if (answer.recoveryCodesLeft !== undefined)
      void navigate('/account/security', {
        replace: true,
        state: { recoveryCodesLeft: answer.recoveryCodesLeft },
      });
    else void navigate('/matters', { replace: true });
  };
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async (answer) => {
        setStartedAgain(null);
        if (answer.status === 'second_factor') {
          form.setValue('password', '');
          setSecondStep(answer);
          return;
        }
        await signedIn(answer);
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to Relief Desk
      </h1>
      <p>For public defender and legal-aid staff.</p>
      {secondStep ? (
        <SecondStep
          answer={secondStep}
          onSignedIn={signedIn}
          onStartAgain={(why) => {
            setSecondStep(null);
            setStartedAgain(why);
          }}
        />
      ) : (
        <>
          {arrival.notice && !signIn.error && <Alert tone="success">{arrival.notice}</Alert>}
          {startedAgain && <Alert tone="info">{startedAgain}</Alert>}
          {signIn.error && <Alert tone="error">{describeError(signIn.error).message}</Alert>}
          <form noValidate onSubmit={form.handleSubmit((values) => signIn.mutate(values))}>
            <TextField
              label="Work e-mail"
              type="email"
              autoComplete="username"
              error={errors.email?.message}
              {...form.register('email')}
            />
            <TextField
              label="Password"
              type="password"
              autoComplete="current-password"
              error={errors.password?.message}
              {...form.register('password')}
            />
            <BusyButton className="button button--primary" type="submit" busy={signIn.isPending}>
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </BusyButton>
          </form>
          <p className="small">
            Forgot your password? Ask an administrator of your office to send you a link to choose a new one.
          </p>
          <SignInLinkRequest email={typedEmail} />
        </>
      )}
    </main>
  );
}
