// Administrators' users page: invite people, and for each account its role, status (active,
// disabled, locked), second factors and sessions, with the controls: change the role, grant or
// withdraw the RAP sheet permission, unlock, end sessions, send a link to choose a new password,
// reset second factors, disable or enable.
// Every change names the version it started from and is refused if someone changed it meanwhile.
import { ROLE_LABELS, ROLES, type Role } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { busyControl } from '../../ui/busyControl.ts';
import { Alert, Checkbox } from '../../ui/fields.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { emailOutcome, useEmailSetUp } from './emailWords.ts';
import { InvitationsTable } from './InvitationsTable.tsx';
import { InviteForm } from './InviteForm.tsx';

type Account = ApiOutputs['users']['list'][number];
type SettleOptions = { focusOutcome?: boolean };

/** What an enabled person holds again: their open matters stayed theirs while they were disabled. */
function enabledHolds(openMatters: number): string {
  if (openMatters === 0) return '';
  return openMatters === 1
    ? ' The open matter assigned to them is theirs to work again.'
    : ` The ${openMatters} open matters assigned to them are theirs to work again.`;
}

export function UsersPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Users');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const emailSetUp = useEmailSetUp();
  // Said once the lists show what was saved: said before, "may now see RAP sheets" stood beside the
  // box still unticked until the list came back. Focus goes to it, unless the control that asked is
  // still there to keep it (the role and the RAP sheet box): then it is only announced (role=status).
  const settle = async (message: string, { focusOutcome = true }: SettleOptions = {}) => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.users.invitations.queryKey() }),
    ]);
    setProblem(null);
    setDone(message);
    if (focusOutcome) outcome.current?.focus();
  };
  const refused = (message: string) => {
    setDone(null);
    setProblem(message);
    outcome.current?.focus();
  };
  const onError = (error: unknown) => refused(describeError(error).message);
  /** A new attempt: what the last one said is taken away, so only its own outcome shows. */
  const begin = () => {
    setDone(null);
    setProblem(null);
  };
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Users
      </h1>
      <p>
        <Link to="/settings">Back to the other settings</Link>
      </p>
      <div ref={outcome} tabIndex={-1}>
        {problem && <Alert tone="error">{problem}</Alert>}
        {done && !problem && <Alert tone="success">{done}</Alert>}
      </div>
      <InviteForm
        onAttempt={begin}
        onInvited={(email) => settle(emailOutcome(`The invitation to ${email}`, emailSetUp))}
        onRefused={refused}
      />
      <InvitationsTable begin={begin} settle={settle} onError={onError} />
      <Accounts begin={begin} settle={settle} onError={onError} />
    </section>
  );
}

function statusOf(u: Account): string {
  if (!u.active) return 'Disabled';
  return u.locked ? 'Active, locked' : 'Active';
}

/**
 * Keeping people able to work, and keeping others out: a locked account (five wrong passwords, by
 * anyone) is unlocked here at once; a lost laptop's sessions are ended; someone who has left is
 * disabled, which signs them out everywhere.
 */
function Accounts({
  begin,
  settle,
  onError,
}: {
  begin: () => void;
  settle: (message: string, options?: SettleOptions) => Promise<void>;
  onError: (error: unknown) => void;
}) {
  const trpc = useTRPC();
  const users = useQuery(trpc.users.list.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  const emailSetUp = useEmailSetUp();
  const unlock = useMutation(trpc.users.unlock.mutationOptions({ onMutate: begin }));
  const endSessions = useMutation(trpc.users.endSessions.mutationOptions({ onMutate: begin }));
  const setActive = useMutation(trpc.users.setActive.mutationOptions({ onMutate: begin }));
  const resetFactors = useMutation(trpc.users.resetFactors.mutationOptions({ onMutate: begin }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onMutate: begin }));
  const grant = useMutation(trpc.users.setRapSheetAccess.mutationOptions({ onMutate: begin }));
  const sendReset = useMutation(trpc.users.sendPasswordReset.mutationOptions({ onMutate: begin }));
  const busy =
    sendReset.isPending ||
    unlock.isPending ||
    endSessions.isPending ||
    setActive.isPending ||
    resetFactors.isPending ||
    setRole.isPending ||
    grant.isPending;
  return (
    <section aria-labelledby="accounts-heading" className="panel">
      <h2 id="accounts-heading">Accounts</h2>
      <p className="small">
        After five failed sign-ins an account is locked for 15 minutes, whoever typed them. Unlock it here and
        the person can sign in at once (they can also ask for a sign-in link on the sign-in page). Ending
        someone’s sessions signs them out everywhere; disabling an account does that too, and keeps them out
        until it is enabled. Someone who lost their phone or passkey (and their recovery codes) has their
        second factors reset here: they are signed out, told by e-mail, and set up a new one at their next
        sign-in. Someone who forgot their password is sent a link to choose a new one (it works for an hour;
        their password works until they choose one, then they are signed out everywhere). A new role brings
        that role’s RAP sheet permission (attorneys and supervisors see RAP sheets); RAP sheets are criminal
        offender record information (PC 11140-11144): grant them to others only where their work needs it.
        Your own role, RAP sheet permission and account are changed by another administrator. Every change is
        recorded in the audit log.
      </p>
      {users.error && <Alert tone="error">{describeError(users.error).message}</Alert>}
      <ScrollRegion label="Accounts table">
        <table className="data-table">
          <caption className="visually-hidden">The office’s accounts and what can be done with each</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">RAP sheets</th>
              <th scope="col">Status</th>
              <th scope="col">Sessions</th>
              <th scope="col">Second factor</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => {
              const self = u.id === me.data?.id;
              return (
                <tr key={u.id}>
                  <th scope="row">
                    {u.name}
                    <span className="small"> {u.email}</span>
                  </th>
                  <td>
                    {self ? (
                      ROLE_LABELS[u.role]
                    ) : (
                      <RoleChoice
                        account={u}
                        busy={busy}
                        save={(role, saved) =>
                          setRole.mutate(
                            { userId: u.id, version: u.version, role },
                            {
                              onSuccess: async () => {
                                await settle(`${u.name} is now ${ROLE_LABELS[role]}.`, {
                                  focusOutcome: false,
                                });
                                saved();
                              },
                              onError,
                            },
                          )
                        }
                      />
                    )}
                  </td>
                  <td>
                    {self ? (
                      <>
                        {u.canViewRapSheets ? 'Yes' : 'No'}
                        <span className="small"> (another administrator changes yours)</span>
                      </>
                    ) : u.role === 'admin' && !u.canViewRapSheets && me.data?.canViewRapSheets === false ? (
                      // The server refuses it: an administrator gets it only from one who holds it.
                      <>
                        No
                        <span className="small"> (an administrator who holds it can grant it)</span>
                      </>
                    ) : (
                      <Checkbox
                        label={`${u.name} may see RAP sheets`}
                        checked={u.canViewRapSheets}
                        {...busyControl<HTMLInputElement>(busy, (e) => {
                          // What was asked, read now: by the time the answer comes, React has put the
                          // controlled box back to the saved value, so the event's box says the opposite.
                          const canViewRapSheets = e.target.checked;
                          grant.mutate(
                            { userId: u.id, version: u.version, canViewRapSheets },
                            {
                              // The box keeps focus; the message is announced once the box shows it.
                              onSuccess: () =>
                                settle(
                                  canViewRapSheets
                                    ? `${u.name} may now see RAP sheets.`
                                    : `${u.name} no longer sees RAP sheets.`,
                                  { focusOutcome: false },
                                ),
                              onError,
                            },
                          );
                        })}
                      />
                    )}
                  </td>
                  <td>
                    {statusOf(u)}
                    {u.locked && <span className="badge badge--danger"> Locked</span>}
                  </td>
                  <td>{u.liveSessions}</td>
                  <td>
                    {u.secondFactors > 0
                      ? `${u.secondFactors} set up`
                      : u.mustSetUpFactor
                        ? 'Reset: sets one up at next sign-in'
                        : 'None'}
                  </td>
                  <td className="inline-row">
                    {u.locked && (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={busy}
                        onClick={() =>
                          unlock.mutate(
                            { userId: u.id, version: u.version },
                            { onSuccess: () => settle(`${u.name} can sign in again.`), onError },
                          )
                        }
                      >
                        Unlock <span className="visually-hidden">{u.name}</span>
                      </BusyButton>
                    )}
                    {u.liveSessions > 0 && (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={busy}
                        onClick={() =>
                          endSessions.mutate(
                            { userId: u.id, version: u.version },
                            {
                              onSuccess: (r) =>
                                settle(
                                  `${u.name} was signed out of ${r.ended} session${r.ended === 1 ? '' : 's'}.`,
                                ),
                              onError,
                            },
                          )
                        }
                      >
                        End sessions <span className="visually-hidden">of {u.name}</span>
                      </BusyButton>
                    )}
                    {!self && u.active && (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={busy}
                        onClick={() =>
                          sendReset.mutate(
                            { userId: u.id, version: u.version },
                            {
                              onSuccess: () =>
                                settle(
                                  `${emailOutcome(`A link to choose a new password, for ${u.name} (${u.email}),`, emailSetUp)} It works once, for an hour from now; their password works until they choose a new one.`,
                                ),
                              onError,
                            },
                          )
                        }
                      >
                        Send password link <span className="visually-hidden">to {u.name}</span>
                      </BusyButton>
                    )}
                    {!self && u.secondFactors > 0 && (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={busy}
                        onClick={() => {
                          if (
                            !window.confirm(
                              `Reset ${u.name}’s second factors? Their authenticator app, passkeys and recovery codes stop working, they are signed out, and they set up a new factor at their next sign-in.`,
                            )
                          )
                            return;
                          resetFactors.mutate(
                            { userId: u.id, version: u.version },
                            {
                              onSuccess: (result) =>
                                settle(
                                  `${u.name}’s second factors were reset${result.sessionsEnded > 0 ? ' and they were signed out' : ''}. They will set up a new one at their next sign-in. ${emailOutcome('An e-mail telling them', emailSetUp)}`,
                                ),
                              onError,
                            },
                          );
                        }}
                      >
                        Reset second factors <span className="visually-hidden">of {u.name}</span>
                      </BusyButton>
                    )}
                    {!self && (
                      <BusyButton
                        type="button"
                        className="button"
                        busy={busy}
                        onClick={() => {
                          if (
                            u.active &&
                            !window.confirm(
                              `Disable ${u.name}? They are signed out at once and cannot sign in until the account is enabled.`,
                            )
                          )
                            return;
                          setActive.mutate(
                            { userId: u.id, version: u.version, active: !u.active },
                            {
                              onSuccess: (result) =>
                                settle(
                                  u.active
                                    ? // Their open matters stay theirs: the answer says how many and where to hand them on.
                                      `${u.name} is disabled and signed out.${result.handOn ? ` ${result.handOn}` : ''}`
                                    : `${u.name} is enabled.${enabledHolds(result.openMatters)}`,
                                ),
                              onError,
                            },
                          );
                        }}
                      >
                        {u.active ? 'Disable' : 'Enable'} <span className="visually-hidden">{u.name}</span>
                      </BusyButton>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

/**
 * Another person's role: chosen in the list, then saved with its button (arrowing through the list
 * from the keyboard changes it at every step, so choosing alone saves nothing). While any change on
 * the page is pending the list keeps focus but takes no new choice. Once saved, the list shows the
 * new role and, if the button went with the focus on it, focus comes back to the list.
 */
function RoleChoice({
  account: u,
  busy,
  save,
}: {
  account: Account;
  busy: boolean;
  /** Saves the role; `saved` is called once the accounts list has it. */
  save: (role: Role, saved: () => void) => void;
}) {
  const [chosen, setChosen] = useState<Role | null>(null);
  const here = useRef<HTMLSpanElement>(null);
  const list = useRef<HTMLSelectElement>(null);
  const shown = chosen ?? u.role;
  // A choice the list now holds as saved (this save, or another's) is no choice left to save. Cleared
  // here, not when the save returns, so the list never shows the old role in between.
  useEffect(() => {
    if (chosen === u.role) setChosen(null);
  }, [chosen, u.role]);
  return (
    <span ref={here} className="inline-row">
      <select
        ref={list}
        aria-label={`Role of ${u.name}`}
        value={shown}
        {...busyControl<HTMLSelectElement>(busy, (e) => setChosen(e.target.value as Role))}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </select>
      {shown !== u.role && (
        <BusyButton
          type="button"
          className="button"
          busy={busy}
          onClick={() =>
            save(shown, () => {
              // The button goes now the role is saved: focus on it (or already fallen to <body> with
              // it) comes back to the list. Focus the person moved elsewhere stays there.
              const active = document.activeElement;
              if (!active || active === document.body || here.current?.contains(active))
                list.current?.focus();
            })
          }
        >
          Save role <span className="visually-hidden">of {u.name}</span>
        </BusyButton>
      )}
    </span>
  );
}
