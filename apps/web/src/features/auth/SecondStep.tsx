// The second step of a sign-in: the passkey, a code from the authenticator app, or a recovery code.
// It opens with focus on its heading; the passkey (when the person has one) is offered first, the
// code field next, and a recovery code behind a button. A sign-in left too long starts again.
import { type SecondFactorMethod, totpCodeSchema } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { passkeyProblem, signWithPasskey } from './passkeys.ts';
import type { SecondStepAnswer } from './SignInPage.tsx';
import './auth.css';
import { checkInput } from '../../lib/checkInput.ts';

type SignedIn = Extract<ApiOutputs['auth']['signIn'], { status: 'signed_in' }>;

export function SecondStep(props: {
  answer: SecondStepAnswer;
  onSignedIn: (answer: SignedIn) => Promise<void>;
  onStartAgain: (why: string) => void;
}) {
  const { answer } = props;
  const trpc = useTRPC();
  const has = (method: SecondFactorMethod) => answer.methods.includes(method);
  const [method, setMethod] = useState<'totp' | 'recovery'>(has('totp') ? 'totp' : 'recovery');
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const onError = (error: unknown) => {
    const shown = describeError(error);
    if (shown.appCode === 'SIGN_IN_EXPIRED') props.onStartAgain(shown.message);
    else setProblem(shown.message);
  };
  const confirm = useMutation(
    trpc.auth.signInSecondFactor.mutationOptions({
      onSuccess: async (result) => {
        if (result.status === 'signed_in') await props.onSignedIn(result);
      },
      onError,
    }),
  );
  const passkeyOptions = useMutation(trpc.auth.passkeySignInOptions.mutationOptions({ onError }));
  const confirmWithPasskey = async () => {
    setProblem(null);
    const options = await passkeyOptions
      .mutateAsync({ challengeToken: answer.challengeToken })
      .catch(() => null);
    if (!options) return;
    try {
      const response = await signWithPasskey(options);
      confirm.mutate({ challengeToken: answer.challengeToken, method: 'passkey', response });
    } catch (error) {
      setProblem(passkeyProblem(error));
    }
  };
  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    if (method === 'totp') {
      const parsed = checkInput(totpCodeSchema, code);
      if (!parsed.success) {
        setFieldError(parsed.error.issues[0]?.message ?? 'Enter the 6-digit code.');
        return;
      }
    } else if (code.replace(/[\s-]/g, '').length !== 10) {
      setFieldError('Enter one of your recovery codes: 10 letters and digits, such as ABCDE-12345.');
      return;
    }
    setFieldError(null);
    confirm.mutate({ challengeToken: answer.challengeToken, method, code });
  };
  const busy = confirm.isPending || passkeyOptions.isPending;

  return (
    <section className="second-step" aria-labelledby="second-step-heading">
      <h2 id="second-step-heading" ref={focusOnMount} tabIndex={-1}>
        Second step: confirm it is you
      </h2>
      <p>Your password is right. Finish signing in with your second factor.</p>
      {problem && <Alert tone="error">{problem}</Alert>}
      {has('passkey') && (
        <p>
          <BusyButton
            type="button"
            className="button button--primary"
            busy={busy}
            onClick={() => void confirmWithPasskey()}
          >
            Use your passkey
          </BusyButton>
        </p>
      )}
      {(has('totp') || has('recovery')) && (
        <form
          noValidate
          onSubmit={submitCode}
          aria-label={
            method === 'totp' ? 'Sign in with an authenticator code' : 'Sign in with a recovery code'
          }
        >
          {method === 'totp' ? (
            <TextField
              key="totp"
              label="Code from your authenticator app"
              hint="Six digits; the app shows a new one every 30 seconds."
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              error={fieldError ?? undefined}
              onChange={(e) => setCode(e.target.value)}
            />
          ) : (
            <TextField
              key="recovery"
              label="Recovery code"
              hint="One of the ten codes you saved when you set up your second factor. Each works once."
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              value={code}
              error={fieldError ?? undefined}
              onChange={(e) => setCode(e.target.value)}
            />
          )}
          <div className="inline-row">
            <BusyButton
              type="submit"
              className={has('passkey') ? 'button' : 'button button--primary'}
              busy={busy}
            >
              {confirm.isPending ? 'Checking…' : 'Confirm'}
            </BusyButton>
            {has('totp') && has('recovery') && (
              <button
                type="button"
                className="button button--quiet"
                onClick={() => {
                  setMethod(method === 'totp' ? 'recovery' : 'totp');
                  setCode('');
                  setFieldError(null);
                }}
              >
                {method === 'totp' ? 'Use a recovery code instead' : 'Use a code from the app instead'}
              </button>
            )}
          </div>
        </form>
      )}
      <p>
        <button type="button" className="button button--quiet" onClick={() => props.onStartAgain('')}>
          Start again with your e-mail and password
        </button>
      </p>
    </section>
  );
}
