// Administrators' office settings: the office's accounts (unlock, end sessions, disable, reset second
// factors), whether everyone needs a second factor, who may see RAP sheets, and how long each kind of
// document request has before it is overdue.
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, type DocumentKind, ROLE_LABELS } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, Checkbox, TextField } from '../../ui/fields.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { CourtSettings, StateBarNumbers } from '../petitions/CourtSettings.tsx';
import { OfficeProfileForm } from './OfficeProfileForm.tsx';
import { PartnerKeysSection } from './PartnerKeysSection.tsx';
import { QueueLimitsForm } from './QueueLimitsForm.tsx';
import { SignInRulesForm } from './SignInRulesForm.tsx';

export function OfficeSettingsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Office settings');
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Office settings
      </h1>
      <Accounts />
      <SignInRulesForm />
      <OfficeProfileForm />
      <CourtSettings />
      <StateBarNumbers />
      <RapSheetAccess />
      <QueueLimitsForm />
      <DocumentDueDays />
      <PartnerKeysSection />
    </section>
  );
}

/**
 * Keeping people able to work, and keeping others out: a locked account (five wrong passwords, by
 * anyone) is unlocked here at once; a lost laptop's sessions are ended; someone who has left is
 * disabled, which signs them out everywhere.
 */
function Accounts() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const me = useQuery(trpc.auth.me.queryOptions());
  const [done, setDone] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const settle = async (message: string) => {
    setDone(message);
    await queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
    outcome.current?.focus();
  };
  const unlock = useMutation(trpc.users.unlock.mutationOptions());
  const endSessions = useMutation(trpc.users.endSessions.mutationOptions());
  const setActive = useMutation(trpc.users.setActive.mutationOptions());
  const resetFactors = useMutation(trpc.users.resetFactors.mutationOptions());
  const error = unlock.error ?? endSessions.error ?? setActive.error ?? resetFactors.error;
  const busy = unlock.isPending || endSessions.isPending || setActive.isPending || resetFactors.isPending;
  return (
    <section aria-labelledby="accounts-heading" className="panel">
      <h2 id="accounts-heading">Accounts</h2>
      <p className="small">
        After five failed sign-ins an account is locked for 15 minutes, whoever typed them. Unlock it here and
        the person can sign in at once. Ending someone’s sessions signs them out everywhere; disabling an
        account does that too, and keeps them out until it is enabled. Someone who lost their phone or passkey
        (and their recovery codes) has their second factors reset here: they are signed out and set up a new
        one at their next sign-in. Every action is recorded in the audit log.
      </p>
      <div ref={outcome} tabIndex={-1}>
        {error && <Alert tone="error">{describeError(error).message}</Alert>}
        {done && !error && <Alert tone="success">{done}</Alert>}
      </div>
      <ScrollRegion label="Accounts table">
        <table className="data-table">
          <caption className="visually-hidden">The office’s accounts and what can be done with each</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">State</th>
              <th scope="col">Sessions</th>
              <th scope="col">Second factor</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.name}</th>
                <td>
                  {u.active ? 'Active' : 'Disabled'}
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
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() =>
                        unlock.mutate(
                          { userId: u.id },
                          { onSuccess: () => settle(`${u.name} can sign in again.`) },
                        )
                      }
                    >
                      Unlock <span className="visually-hidden">{u.name}</span>
                    </button>
                  )}
                  {u.liveSessions > 0 && (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
                      onClick={() =>
                        endSessions.mutate(
                          { userId: u.id },
                          {
                            onSuccess: (r) =>
                              settle(
                                `${u.name} was signed out of ${r.ended} session${r.ended === 1 ? '' : 's'}.`,
                              ),
                          },
                        )
                      }
                    >
                      End sessions <span className="visually-hidden">of {u.name}</span>
                    </button>
                  )}
                  {u.id !== me.data?.id && u.secondFactors > 0 && (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
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
                            onSuccess: () =>
                              settle(
                                `${u.name}’s second factors were reset. They set up a new one at their next sign-in.`,
                              ),
                          },
                        );
                      }}
                    >
                      Reset second factors <span className="visually-hidden">of {u.name}</span>
                    </button>
                  )}
                  {u.id !== me.data?.id && (
                    <button
                      type="button"
                      className="button"
                      disabled={busy}
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
                            onSuccess: () =>
                              settle(
                                u.active ? `${u.name} is disabled and signed out.` : `${u.name} is enabled.`,
                              ),
                          },
                        );
                      }}
                    >
                      {u.active ? 'Disable' : 'Enable'} <span className="visually-hidden">{u.name}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function RapSheetAccess() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const grant = useMutation(
    trpc.users.setRapSheetAccess.mutationOptions({
      onSettled: () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() }),
    }),
  );
  return (
    <section aria-labelledby="access-heading" className="panel">
      <h2 id="access-heading">Who may see RAP sheets</h2>
      <p className="small">
        RAP sheets and what is drawn from them (convictions, eligibility decisions) are criminal offender
        record information (PC 11140-11144). Attorneys and supervisors see them by default; grant the
        permission to others only where their work needs it. Every change is recorded in the audit log.
      </p>
      {grant.error && <Alert tone="error">{describeError(grant.error).message}</Alert>}
      {users.error && <Alert tone="error">{describeError(users.error).message}</Alert>}
      <ScrollRegion label="RAP sheet access table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Role</th>
              <th scope="col">RAP sheets</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((u) => (
              <tr key={u.id}>
                <td>
                  {u.name}
                  {u.locked && <span className="badge badge--danger"> Locked</span>}
                </td>
                <td>{u.email}</td>
                <td>{ROLE_LABELS[u.role]}</td>
                <td>
                  <Checkbox
                    label={`${u.name} may see RAP sheets`}
                    checked={u.canViewRapSheets}
                    disabled={grant.isPending}
                    onChange={(e) =>
                      grant.mutate({ userId: u.id, version: u.version, canViewRapSheets: e.target.checked })
                    }
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

function DocumentDueDays() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const days = useQuery(trpc.offices.documentDueDays.queryOptions());
  const [draft, setDraft] = useState<Partial<Record<DocumentKind, string>>>({});
  const [saved, setSaved] = useState<DocumentKind | null>(null);
  const save = useMutation(
    trpc.offices.setDocumentDueDays.mutationOptions({
      onSuccess: async (_result, input) => {
        setSaved(input.kind);
        setDraft((d) => ({ ...d, [input.kind]: undefined }));
        await queryClient.invalidateQueries({ queryKey: trpc.offices.documentDueDays.queryKey() });
      },
    }),
  );
  return (
    <section aria-labelledby="due-heading" className="panel">
      <h2 id="due-heading">Days until a document request is due</h2>
      {save.error && <Alert tone="error">{describeError(save.error).message}</Alert>}
      {saved && <Alert tone="success">Saved: {DOCUMENT_KIND_LABELS[saved]}.</Alert>}
      <div className="inline-row">
        {days.data &&
          DOCUMENT_KINDS.map((kind) => (
            <form
              key={kind}
              className="inline-add"
              aria-label={`Days for ${DOCUMENT_KIND_LABELS[kind]}`}
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate({ kind, days: Number(draft[kind] ?? days.data[kind]) });
              }}
            >
              <TextField
                label={DOCUMENT_KIND_LABELS[kind]}
                type="number"
                min={1}
                max={365}
                value={draft[kind] ?? String(days.data[kind])}
                onChange={(e) => setDraft((d) => ({ ...d, [kind]: e.target.value }))}
              />
              <button type="submit" className="button" disabled={save.isPending || draft[kind] === undefined}>
                Save <span className="visually-hidden">{DOCUMENT_KIND_LABELS[kind]}</span>
              </button>
            </form>
          ))}
      </div>
    </section>
  );
}
