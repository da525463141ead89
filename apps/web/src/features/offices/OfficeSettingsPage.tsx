// Administrators' office settings: whether everyone needs a second factor, the office profile and
// courts, and how long each kind of document request has before it is overdue. People (invitations,
// roles, the RAP sheet permission, accounts) are on the users page.
import { DOCUMENT_KIND_LABELS, DOCUMENT_KINDS, type DocumentKind } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { CourtSettings, StateBarNumbers } from '../packets/CourtSettings.tsx';
import { PartnerKeysSection } from '../partners/PartnerKeysSection.tsx';
import { QueueLimitsForm } from '../queues/QueueLimitsForm.tsx';
import { OfficeProfileForm } from './OfficeProfileForm.tsx';
import { SignInRulesForm } from './SignInRulesForm.tsx';

export function OfficeSettingsPage() {
  const heading = usePageHeading<HTMLHeadingElement>('Office settings');
  return (
    <section>
      <h1 ref={heading} tabIndex={-1}>
        Office settings
      </h1>
      <p>
        <Link to="/settings/users">Users and invitations</Link>: invite people, change roles and who may see
        RAP sheets, unlock, disable, reset second factors.
      </p>
      <SignInRulesForm />
      <OfficeProfileForm />
      <CourtSettings />
      <StateBarNumbers />
      <QueueLimitsForm />
      <DocumentDueDays />
      <PartnerKeysSection />
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
