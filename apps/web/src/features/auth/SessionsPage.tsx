// Your sessions: every browser where you are signed in, with where and when, so you can end the ones
// you do not recognise or no longer use (a shared computer, a lost phone). Every action is a button,
// named for the session it ends; the outcome is announced, and focus goes to it.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { describeDevice } from './device.ts';

export function SessionsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const heading = usePageHeading<HTMLHeadingElement>('Your sessions');
  const sessions = useQuery(trpc.auth.sessions.queryOptions());
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const announce = async (message: string) => {
    setDone(message);
    await queryClient.invalidateQueries({ queryKey: trpc.auth.sessions.queryKey() });
    // The button pressed is gone with its row: focus moves to what happened.
    outcome.current?.focus();
  };
  const endOne = useMutation(
    trpc.auth.endSession.mutationOptions({
      onSuccess: async (result) => {
        if (result.current) {
          queryClient.clear();
          void navigate('/sign-in', { replace: true });
          return;
        }
        await announce('The session was ended. That browser has to sign in again.');
      },
    }),
  );
  const endOthers = useMutation(
    trpc.auth.endOtherSessions.mutationOptions({
      onSuccess: (result) =>
        announce(
          result.ended === 1
            ? 'Your other session was ended.'
            : `Your ${result.ended} other sessions were ended.`,
        ),
    }),
  );
  const error = endOne.error ?? endOthers.error ?? sessions.error;
  const others = sessions.data?.filter((s) => !s.current) ?? [];

  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Your sessions
      </h1>
      <p>
        Each browser or device where you are signed in. A session ends by itself after 30 minutes unused or 12
        hours in all. If you see one you do not recognise, end it and tell your administrator.
      </p>
      <div ref={outcome} tabIndex={-1}>
        {error && <Alert tone="error">{describeError(error).message}</Alert>}
        {done && !error && <Alert tone="success">{done}</Alert>}
      </div>
      {sessions.isPending && <p className="loading">Loading…</p>}
      {sessions.data && (
        <ScrollRegion label="Sessions table">
          <table className="data-table">
            <caption className="visually-hidden">Your sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Signed in</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => {
                const device = describeDevice(s.userAgent);
                return (
                  <tr key={s.id}>
                    <th scope="row">
                      <span title={s.userAgent}>{device}</span>
                      {s.current && <span className="badge"> This session</span>}
                    </th>
                    <td>{s.ip}</td>
                    <td>{formatInstant(s.createdAt)}</td>
                    <td>{formatInstant(s.lastUsedAt)}</td>
                    <td>
                      <BusyButton
                        type="button"
                        className="button"
                        busy={endOne.isPending}
                        onClick={() => endOne.mutate({ sessionId: s.id })}
                      >
                        {s.current ? 'End and sign out' : 'End session'}
                        <span className="visually-hidden">
                          {' '}
                          on {device}, signed in {formatInstant(s.createdAt)}
                        </span>
                      </BusyButton>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {sessions.data && (
        <p>
          <BusyButton
            type="button"
            className="button"
            disabled={others.length === 0}
            busy={endOthers.isPending}
            onClick={() => endOthers.mutate()}
          >
            End all other sessions
          </BusyButton>
          {others.length === 0 && <span className="small"> You are signed in only here.</span>}
        </p>
      )}
    </section>
  );
}
