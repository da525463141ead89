// The idle warning (WCAG 2.2.1, Timing Adjustable). A session ends after SESSION_IDLE_MINUTES (30)
// without a request; two minutes before, a modal alert dialog says so and offers to stay signed in
// (a cheap call that uses the session), with focus on that button; Escape does the same. The page
// learns the session's limits from auth.sessionStatus, which reads them without using the session, so
// asking does not keep it alive; it asks again when the warning is due, when the limit passes, and
// whenever the tab comes back into view. Once the limit has passed the page keeps whatever was typed
// but is hidden behind the notice of why the person was signed out (whoever sits down next must not
// read a client's record on it), which offers the sign-in page in a new tab: once the same person has
// signed in there, the page shows again and saving here works (the same browser holds the new
// session); someone else signing in there does not bring it back.
import { californiaTime } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { idleSession, sessionEndedByIdle } from './idle.ts';
import { onSignedOutElsewhere, useSignOut } from './signOut.ts';
import './auth.css';

const minutes = (n: number) => `${n} minute${n === 1 ? '' : 's'}`;

interface Limits {
  signedIn: true;
  idleMinutes: number;
  idleExpiresAt: string;
  expiresAt: string;
  warnSeconds: number;
  now: string;
}

interface Warning {
  /** When the session ends (this browser's clock). */
  endsAt: number;
  /** The 12-hour limit, which staying signed in cannot move. */
  absolute: boolean;
  idleMinutes: number;
}

export function IdleWatch({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const endedIdle = useSyncExternalStore(idleSession.subscribe, idleSession.endedIdle);
  const [warning, setWarning] = useState<Warning | null>(null);
  const [idleMinutes, setIdleMinutes] = useState(30);
  const timer = useRef<number | undefined>(undefined);
  const checkRef = useRef<() => Promise<void>>(async () => {});

  /** Schedules from the session's limits: the warning when it is due, another look when the limit passes. */
  const scheduleFrom = useCallback((limits: Limits) => {
    window.clearTimeout(timer.current);
    const skew = Date.now() - Date.parse(limits.now);
    const idleEnd = Date.parse(limits.idleExpiresAt) + skew;
    const absoluteEnd = Date.parse(limits.expiresAt) + skew;
    const endsAt = Math.min(idleEnd, absoluteEnd);
    idleSession.setDeadline(endsAt);
    setIdleMinutes(limits.idleMinutes);
    const warnAt = endsAt - limits.warnSeconds * 1000;
    const now = Date.now();
    if (now >= warnAt) {
      setWarning({ endsAt, absolute: absoluteEnd <= idleEnd, idleMinutes: limits.idleMinutes });
      timer.current = window.setTimeout(() => void checkRef.current(), Math.max(0, endsAt - now) + 1_000);
    } else {
      setWarning(null);
      timer.current = window.setTimeout(() => void checkRef.current(), warnAt - now);
    }
  }, []);

  const check = useCallback(async () => {
    window.clearTimeout(timer.current);
    let status: Limits | { signedIn: false };
    try {
      status = await queryClient.fetchQuery({ ...trpc.auth.sessionStatus.queryOptions(), staleTime: 0 });
    } catch {
      // No answer (offline, a restart): look again shortly.
      timer.current = window.setTimeout(() => void checkRef.current(), 30_000);
      return;
    }
    if (!status.signedIn) {
      setWarning(null);
      // Ended some other way (signed out elsewhere, by an administrator): the sign-in page, as before.
      if (!sessionEndedByIdle()) window.location.assign('/sign-in');
      return;
    }
    if (idleSession.endedIdle()) {
      // Signed in again in another tab. Someone else signing in there must not save this page's work.
      const me = await queryClient
        .fetchQuery({ ...trpc.auth.me.queryOptions(), staleTime: 0 })
        .catch(() => null);
      if (me?.id !== userId) {
        window.location.assign('/matters');
        return;
      }
      idleSession.clear();
    }
    scheduleFrom(status);
  }, [queryClient, trpc, userId, scheduleFrom]);
  checkRef.current = check;

  useEffect(() => {
    void check();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void checkRef.current();
    };
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onVisible);
    // Signed out in another tab: this one looks at once, and goes to the sign-in page.
    const stopListening = onSignedOutElsewhere(() => void checkRef.current());
    return () => {
      window.clearTimeout(timer.current);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onVisible);
      stopListening();
    };
  }, [check]);

  const stay = useMutation(
    trpc.auth.stayActive.mutationOptions({
      onSuccess: (limits) => scheduleFrom({ ...limits, signedIn: true }),
      onError: () => void checkRef.current(),
    }),
  );
  const signOut = useSignOut();

  if (endedIdle)
    return (
      <ModalAlert
        key="signed-out"
        titleId="idle-signed-out-title"
        // Stays until the person signs in again: closing it would show the page to whoever is there.
        onEscape={() => {}}
        title="You were signed out"
        body={<SignedOutWords idleMinutes={idleMinutes} />}
        actions={
          <a className="button button--primary" href="/sign-in" target="_blank" rel="noopener" data-autofocus>
            Sign in again in a new tab
          </a>
        }
        hidesPage
      />
    );
  if (!warning) return null;
  // California time with its zone, as every time the desk shows (the browser's clock may be elsewhere).
  const at = californiaTime(new Date(warning.endsAt));
  if (warning.absolute)
    return (
      <ModalAlert
        key="absolute"
        titleId="idle-warning-title"
        onEscape={() => setWarning(null)}
        title="Your session ends soon"
        body={
          <p>
            A session lasts 12 hours at most. Yours ends at {at}: save what you are working on, then sign in
            again.
          </p>
        }
        actions={
          <button
            type="button"
            className="button button--primary"
            data-autofocus
            onClick={() => setWarning(null)}
          >
            OK
          </button>
        }
      />
    );
  return (
    <ModalAlert
      key="idle"
      titleId="idle-warning-title"
      onEscape={() => stay.mutate()}
      title="You will be signed out soon"
      body={
        <>
          <p>
            To keep clients’ records safe, Relief Desk signs you out after {minutes(warning.idleMinutes)}{' '}
            without activity. You will be signed out at {at} unless you stay signed in.
          </p>
          <p>Typing alone does not count as activity; saving, opening a page or this button does.</p>
          {stay.error && (
            <p className="field__error">That did not work: check your connection and try again.</p>
          )}
        </>
      }
      actions={
        <>
          <BusyButton
            type="button"
            className="button button--primary"
            data-autofocus
            busy={stay.isPending}
            onClick={() => stay.mutate()}
          >
            Stay signed in
          </BusyButton>
          <BusyButton
            type="button"
            className="button"
            busy={signOut.isPending}
            onClick={() => signOut.mutate()}
          >
            Sign out now
          </BusyButton>
        </>
      }
    />
  );
}

function SignedOutWords({ idleMinutes }: { idleMinutes: number }) {
  return (
    <>
      <p>
        You were signed out after {minutes(idleMinutes)} without activity, to keep clients’ records safe. What
        you typed is kept on this page, hidden until you sign in again.
      </p>
      <p>Sign in again in a new tab, then come back here and save.</p>
    </>
  );
}

/**
 * A modal alert dialog (the native <dialog>, opened with showModal: the rest of the page is inert and
 * Tab stays inside). Focus goes to the control marked data-autofocus, and back where it was on closing.
 * With `hidesPage`, the page behind it is hidden while it is open (its contents and typed text kept).
 */
function ModalAlert(props: {
  titleId: string;
  title: string;
  body: ReactNode;
  actions: ReactNode;
  onEscape: () => void;
  hidesPage?: boolean;
}) {
  const hidesPage = props.hidesPage === true;
  useEffect(() => {
    if (!hidesPage) return;
    document.body.classList.add('page-hidden-signed-out');
    // The tab's title names the page too (a client's name on a matter page).
    const title = document.title;
    document.title = 'Signed out · Relief Desk';
    return () => {
      document.body.classList.remove('page-hidden-signed-out');
      document.title = title;
    };
  }, [hidesPage]);
  const dialog = useRef<HTMLDialogElement>(null);
  const onEscape = useRef(props.onEscape);
  onEscape.current = props.onEscape;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    const onCancel = (event: Event) => {
      event.preventDefault();
      onEscape.current();
    };
    element.addEventListener('cancel', onCancel);
    // A browser may close a modal dialog on a second Escape even when the first was refused: one that
    // hides the page opens again, or the page would be left hidden with nothing to act on.
    const onClose = () => {
      if (hidesPage && element.isConnected && !element.open) {
        element.showModal();
        element.querySelector<HTMLElement>('[data-autofocus]')?.focus();
      }
    };
    element.addEventListener('close', onClose);
    return () => {
      element.removeEventListener('cancel', onCancel);
      element.removeEventListener('close', onClose);
      if (element.open) element.close();
      if (before?.isConnected) before.focus();
    };
  }, [hidesPage]);
  return (
    <dialog
      ref={dialog}
      className="idle-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={props.titleId}
      aria-describedby={`${props.titleId}-body`}
    >
      <h2 id={props.titleId}>{props.title}</h2>
      <div id={`${props.titleId}-body`}>{props.body}</div>
      <div className="inline-row">{props.actions}</div>
    </dialog>
  );
}
