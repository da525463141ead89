// Administrators' office settings: who may see RAP sheets, and how long each kind of document
// request has before it is overdue.
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, type DocumentKind, ROLE_LABELS } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, Checkbox, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { QueueLimitsForm } from './QueueLimitsForm.tsx';

export function OfficeSettingsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Office settings');
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Office settings
      </h1>
      <RapSheetAccess />
      <QueueLimitsForm />
      <DocumentDueDays />
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
