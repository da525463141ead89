// Sign-in security: a person's own password (ChangePassword.tsx) and second factors. An authenticator
// app (scan the QR code, or type the key, or open the otpauth:// address; then confirm with a code),
// passkeys (named, one per device), and recovery codes (ten, shown once, each good for one sign-in).
// Adding or removing a factor needs the password, or a current factor, in the last five minutes: the
// page asks for it when needed. The same page, framed on its own, is where someone whose office
// requires a factor sets one up first (without the password form).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type Ref, useRef, useState } from 'react';
import { useLocation } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatInstant } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { ChangePassword } from './ChangePassword.tsx';
import { createPasskey, passkeyProblem, signWithPasskey } from './passkeys.ts';
import './auth.css';

type Status = ApiOutputs['auth']['mfa']['status'];

export function SignInSecurityPage({ enrolment = false }: { enrolment?: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heading = usePageHeading<HTMLHeadingElement>(
    enrolment ? 'Set up a second factor' : 'Sign-in security',
  );
  const status = useQuery(trpc.auth.mfa.status.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  const location = useLocation();
  const usedRecoveryCode = (location.state as { recoveryCodesLeft?: number } | null)?.recoveryCodesLeft;
  const [codes, setCodes] = useState<string[] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const reauthPanel = useRef<HTMLElement>(null);
  const outcome = useRef<HTMLDivElement>(null);

  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.mfa.status.queryKey() });
  /** After a change: the status again, and the outcome announced where focus goes. */
  const settle = async (message: string, recoveryCodes?: string[] | null) => {
    await refresh();
    if (recoveryCodes) setCodes(recoveryCodes);
    else {
      setDone(message);
      refocus(outcome.current);
    }
  };
  /** A refusal for want of a recent proof brings up the form that gives one. */
  const needsProof = async (error: unknown) => {
    if (describeError(error).appCode !== 'REAUTHENTICATION_REQUIRED') return false;
    await refresh();
    refocus(reauthPanel.current);
    return true;
  };

  if (status.isPending) return <p className="loading">Loading…</p>;
  if (!status.data) return <Alert tone="error">{describeError(status.error).message}</Alert>;
  const s = status.data;
  const proved = s.reauthenticatedUntil !== null && Date.parse(s.reauthenticatedUntil) > Date.now();
  const hasFactor = s.totp !== null || s.passkeys.length > 0;

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        {enrolment ? 'Set up a second factor' : 'Sign-in security'}
      </h1>
      {enrolment ? (
        <p>
          {/* Why, as it is: an administrator's reset asks for a new factor whatever the office requires. */}
          {s.setUpBecause === 'reset'
            ? 'An administrator of your office reset your second factor (after a lost phone or passkey, say), so set up a new one before you go on.'
            : 'Your office requires a second factor at sign-in, so that a password alone cannot open clients’ records.'}{' '}
          Set up an authenticator app (such as Google Authenticator, Microsoft Authenticator or 1Password) or
          a passkey (this device’s fingerprint, face or PIN, or a security key). Then you can go on to Relief
          Desk.
        </p>
      ) : (
        <p>
          After your password, Relief Desk asks for a second factor: a code from an authenticator app, or a
          passkey.
          {s.officeRequiresFactor
            ? ' Your office requires one.'
            : ' Your office does not require one, but it keeps clients’ records safe if your password is ever known.'}
        </p>
      )}
      {/* The count as it stands now, not as the sign-in left it: removing the last factor deletes the codes. */}
      {usedRecoveryCode !== undefined && hasFactor && (
        <Alert tone="info">
          You signed in with a recovery code: {s.recoveryCodesLeft} left. If your phone or passkey is lost,
          remove it here and set up a new one, and make new recovery codes.
        </Alert>
      )}
      <div ref={outcome} tabIndex={-1}>
        {done && <Alert tone="success">{done}</Alert>}
      </div>
      {codes && (
        <RecoveryCodes
          codes={codes}
          enrolment={enrolment}
          onSaved={async () => {
            setCodes(null);
            if (enrolment) await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
            else setDone('Your recovery codes are saved. Each one works once.');
          }}
        />
      )}
      {!enrolment && me.data && <ChangePassword email={me.data.email} role={me.data.role} />}
      {!proved && <Reauthenticate ref={reauthPanel} status={s} onDone={refresh} />}
      <AuthenticatorApp status={s} proved={proved} settle={settle} needsProof={needsProof} />
      <Passkeys status={s} proved={proved} settle={settle} needsProof={needsProof} />
      {hasFactor && !enrolment && (
        <RecoveryCodesPanel status={s} proved={proved} settle={settle} needsProof={needsProof} />
      )}
    </section>
  );
}

/**
 * What else goes when a factor is removed: the last one (where the office does not require one, which
 * refuses it) takes the recovery codes with it, and sign-ins ask for the password alone.
 */
function lastFactorWarning(status: Status): string {
  const factors = (status.totp ? 1 : 0) + status.passkeys.length;
  if (factors !== 1 || status.officeRequiresFactor) return '';
  const codes =
    status.recoveryCodesLeft === 1
      ? 'your last recovery code'
      : `your ${status.recoveryCodesLeft} recovery codes`;
  return ` It is your last second factor, so ${codes} ${status.recoveryCodesLeft === 1 ? 'is' : 'are'} deleted too, and sign-ins ask for your password alone.`;
}

/** The outcome of a removal, from the server's answer: with no factor left, the codes went too. */
function removedWords(what: string, factorsLeft: number): string {
  return factorsLeft === 0
    ? `${what} was removed, and your recovery codes with it: sign-ins ask for your password alone.`
    : `${what} was removed.`;
}

interface PanelProps {
  status: Status;
  proved: boolean;
  settle: (message: string, recoveryCodes?: string[] | null) => Promise<void>;
  needsProof: (error: unknown) => Promise<boolean>;
}

function Reauthenticate({
  status,
  onDone,
  ref,
}: {
  status: Status;
  onDone: () => void;
  ref: Ref<HTMLElement>;
}) {
  const trpc = useTRPC();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const reauthenticate = useMutation(
    trpc.auth.mfa.reauthenticate.mutationOptions({
      onSuccess: () => {
        setPassword('');
        setCode('');
        setProblem(null);
        onDone();
      },
      onError: (error) => setProblem(describeError(error).message),
    }),
  );
  const options = useMutation(trpc.auth.mfa.reauthenticationOptions.mutationOptions());
  const withPasskey = async () => {
    setProblem(null);
    let optionsJSON: Awaited<ReturnType<typeof options.mutateAsync>>;
    try {
      optionsJSON = await options.mutateAsync();
    } catch (error) {
      setProblem(describeError(error).message);
      return;
    }
    try {
      reauthenticate.mutate({ method: 'passkey', response: await signWithPasskey(optionsJSON) });
    } catch (error) {
      setProblem(passkeyProblem(error));
    }
  };
  return (
    <section ref={ref} tabIndex={-1} aria-labelledby="reauth-heading" className="panel">
      <h2 id="reauth-heading">Confirm it is you</h2>
      <p className="small">
        Adding or removing a way to sign in needs your password, or a current second factor, in the last five
        minutes.
      </p>
      {problem && <Alert tone="error">{problem}</Alert>}
      <form
        noValidate
        aria-label="Confirm with your password"
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          if (password) reauthenticate.mutate({ method: 'password', password });
          else setProblem('Enter your password.');
        }}
      >
        <TextField
          label="Your password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <BusyButton type="submit" className="button button--primary" busy={reauthenticate.isPending}>
          Confirm
        </BusyButton>
      </form>
      {status.totp && (
        <form
          noValidate
          aria-label="Confirm with a code"
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            reauthenticate.mutate({ method: 'totp', code });
          }}
        >
          <TextField
            label="Or a code from your authenticator app"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={(e) => setCode(e.target.value)}
          />
          <BusyButton type="submit" className="button" busy={reauthenticate.isPending}>
            Confirm with the code
          </BusyButton>
        </form>
      )}
      {status.passkeys.length > 0 && (
        <p>
          <BusyButton
            type="button"
            className="button"
            busy={reauthenticate.isPending}
            onClick={() => void withPasskey()}
          >
            Confirm with a passkey
          </BusyButton>
        </p>
      )}
    </section>
  );
}

function AuthenticatorApp({ status, proved, settle, needsProof }: PanelProps) {
  const trpc = useTRPC();
  const [setup, setSetup] = useState<ApiOutputs['auth']['mfa']['startTotp'] | null>(null);
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | null>(null);
  const codeField = useRef<HTMLInputElement>(null);
  const onError = async (error: unknown) => {
    if (!(await needsProof(error))) setProblem(describeError(error).message);
  };
  const start = useMutation(
    trpc.auth.mfa.startTotp.mutationOptions({
      onSuccess: (started) => {
        setProblem(null);
        setSetup(started);
      },
      onError,
    }),
  );
  const confirmTotp = useMutation(
    trpc.auth.mfa.confirmTotp.mutationOptions({
      onSuccess: async (result) => {
        setSetup(null);
        setCode('');
        await settle('Your authenticator app is set up: sign-ins ask for its code.', result.recoveryCodes);
      },
      onError: async (error) => {
        const shown = describeError(error);
        const field = shown.fieldErrors.find((f) => f.path === 'code');
        if (field) {
          // Said beside the field, and focus goes there so it is heard (as a wrong password is).
          setCodeError(field.message);
          codeField.current?.focus();
        } else await onError(error);
      },
    }),
  );
  const remove = useMutation(
    trpc.auth.mfa.removeFactor.mutationOptions({
      onSuccess: (result) => settle(removedWords('Your authenticator app', result.factorsLeft)),
      onError,
    }),
  );
  return (
    <section aria-labelledby="totp-heading" className="panel">
      <h2 id="totp-heading">Authenticator app</h2>
      {problem && <Alert tone="error">{problem}</Alert>}
      {status.totp ? (
        <>
          <p>
            Set up {formatInstant(status.totp.confirmedAt)}
            {status.totp.lastUsedAt ? `; last used ${formatInstant(status.totp.lastUsedAt)}.` : '.'}
          </p>
          <BusyButton
            type="button"
            className="button"
            disabled={!proved}
            busy={remove.isPending}
            onClick={() => {
              if (
                window.confirm(
                  `Remove your authenticator app? Its codes stop working at once.${lastFactorWarning(status)}`,
                )
              )
                remove.mutate({ kind: 'totp' });
            }}
          >
            Remove authenticator app
          </BusyButton>
        </>
      ) : setup ? (
        <div>
          <h3 ref={focusOnMount} tabIndex={-1}>
            Add Relief Desk to your authenticator app
          </h3>
          <div className="totp-setup">
            <img
              src={setup.qrCode}
              alt="QR code for your authenticator app. It holds the same key and address as the text beside it."
            />
            <div>
              <p>Scan the QR code with the app, or type the key into it (time-based, 6 digits).</p>
              <dl>
                <dt>Key</dt>
                <dd className="totp-key">{setup.secret.match(/.{1,4}/g)?.join(' ')}</dd>
                <dt>Setup address, for apps that open one</dt>
                <dd className="otpauth-uri">{setup.uri}</dd>
              </dl>
            </div>
          </div>
          <form
            noValidate
            aria-label="Confirm the authenticator app"
            onSubmit={(e: FormEvent) => {
              e.preventDefault();
              if (confirmTotp.isPending) return;
              setCodeError(null);
              confirmTotp.mutate({ code });
            }}
          >
            <TextField
              label="Code the app shows now"
              hint="Six digits. This proves the app is set up right."
              inputMode="numeric"
              autoComplete="one-time-code"
              ref={codeField}
              value={code}
              error={codeError ?? undefined}
              onChange={(e) => setCode(e.target.value)}
            />
            <div className="inline-row">
              <BusyButton type="submit" className="button button--primary" busy={confirmTotp.isPending}>
                Confirm and turn on
              </BusyButton>
              <button type="button" className="button button--quiet" onClick={() => setSetup(null)}>
                Cancel
              </button>
            </div>
          </form>
        </div>
      ) : (
        <>
          <p>A code from an app on your phone, which changes every 30 seconds.</p>
          <BusyButton
            type="button"
            className="button button--primary"
            disabled={!proved}
            busy={start.isPending}
            onClick={() => start.mutate()}
          >
            Set up an authenticator app
          </BusyButton>
        </>
      )}
    </section>
  );
}

function Passkeys({ status, proved, settle, needsProof }: PanelProps) {
  const trpc = useTRPC();
  const [label, setLabel] = useState('');
  const [labelError, setLabelError] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const options = useMutation(trpc.auth.mfa.passkeyOptions.mutationOptions());
  const add = useMutation(trpc.auth.mfa.addPasskey.mutationOptions());
  const remove = useMutation(trpc.auth.mfa.removeFactor.mutationOptions());
  const busy = options.isPending || add.isPending || remove.isPending;
  const addPasskey = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (!label.trim()) {
      setLabelError('Name the passkey, such as "Office laptop" or "Phone".');
      return;
    }
    setLabelError(null);
    let optionsJSON: Awaited<ReturnType<typeof options.mutateAsync>>;
    try {
      optionsJSON = await options.mutateAsync();
    } catch (error) {
      if (!(await needsProof(error))) setProblem(describeError(error).message);
      return;
    }
    let response: Awaited<ReturnType<typeof createPasskey>>;
    try {
      response = await createPasskey(optionsJSON);
    } catch (error) {
      setProblem(passkeyProblem(error));
      return;
    }
    try {
      const added = await add.mutateAsync({ label: label.trim(), response });
      setLabel('');
      await settle(`The passkey “${label.trim()}” was added.`, added.recoveryCodes);
    } catch (error) {
      if (!(await needsProof(error))) setProblem(describeError(error).message);
    }
  };
  return (
    <section aria-labelledby="passkeys-heading" className="panel">
      <h2 id="passkeys-heading">Passkeys</h2>
      <p className="small">
        A passkey signs you in with this device’s fingerprint, face or PIN, or with a security key. Add one
        for each device you use.
      </p>
      {problem && <Alert tone="error">{problem}</Alert>}
      {status.passkeys.length > 0 && (
        <ul>
          {status.passkeys.map((p) => (
            <li key={p.id} className="inline-row">
              <span>
                <strong>{p.label}</strong>, added {formatInstant(p.createdAt)}
                {p.lastUsedAt ? `, last used ${formatInstant(p.lastUsedAt)}` : ''}
              </span>
              <BusyButton
                type="button"
                className="button"
                disabled={!proved}
                busy={busy}
                onClick={() => {
                  if (
                    !window.confirm(
                      `Remove the passkey “${p.label}”? It stops working at once.${lastFactorWarning(status)}`,
                    )
                  )
                    return;
                  remove.mutate(
                    { kind: 'passkey', passkeyId: p.id },
                    {
                      onSuccess: (result) =>
                        settle(removedWords(`The passkey “${p.label}”`, result.factorsLeft)),
                      onError: async (error) => {
                        if (!(await needsProof(error))) setProblem(describeError(error).message);
                      },
                    },
                  );
                }}
              >
                Remove <span className="visually-hidden">the passkey {p.label}</span>
              </BusyButton>
            </li>
          ))}
        </ul>
      )}
      <form noValidate aria-label="Add a passkey" onSubmit={(e) => void addPasskey(e)}>
        <TextField
          label="Name for the new passkey"
          hint="So you can tell your passkeys apart, such as “Office laptop”."
          value={label}
          maxLength={60}
          error={labelError ?? undefined}
          onChange={(e) => setLabel(e.target.value)}
        />
        <BusyButton type="submit" className="button" disabled={!proved} busy={busy}>
          Add a passkey
        </BusyButton>
      </form>
    </section>
  );
}

function RecoveryCodesPanel({ status, proved, settle, needsProof }: PanelProps) {
  const trpc = useTRPC();
  const [problem, setProblem] = useState<string | null>(null);
  const make = useMutation(
    trpc.auth.mfa.newRecoveryCodes.mutationOptions({
      onSuccess: (result) => settle('', result.recoveryCodes),
      onError: async (error) => {
        if (!(await needsProof(error))) setProblem(describeError(error).message);
      },
    }),
  );
  return (
    <section aria-labelledby="recovery-heading" className="panel">
      <h2 id="recovery-heading">Recovery codes</h2>
      <p>
        {status.recoveryCodesLeft} of 10 unused. A recovery code signs you in once when you cannot use your
        app or passkey.
      </p>
      {problem && <Alert tone="error">{problem}</Alert>}
      <BusyButton
        type="button"
        className="button"
        disabled={!proved}
        busy={make.isPending}
        onClick={() => {
          if (window.confirm('Make ten new recovery codes? The ones you have stop working.')) make.mutate();
        }}
      >
        Make new recovery codes
      </BusyButton>
    </section>
  );
}

function RecoveryCodes(props: { codes: string[]; enrolment: boolean; onSaved: () => Promise<void> }) {
  const text = `Relief Desk recovery codes (each works once):\n\n${props.codes.join('\n')}\n`;
  return (
    <section aria-labelledby="codes-heading" className="panel">
      <h2 id="codes-heading" ref={focusOnMount} tabIndex={-1}>
        Save your recovery codes
      </h2>
      <p>
        If you cannot use your authenticator app or passkey, each of these codes signs you in once. They are
        shown only now: print them, or keep them in a password manager.
      </p>
      <ol className="recovery-codes" aria-label="Recovery codes">
        {props.codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="inline-row">
        <a
          className="button"
          download="relief-desk-recovery-codes.txt"
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
        >
          Download as a text file
        </a>
        <button type="button" className="button button--primary" onClick={() => void props.onSaved()}>
          {props.enrolment ? 'I have saved them: go on to Relief Desk' : 'I have saved them'}
        </button>
      </div>
    </section>
  );
}
