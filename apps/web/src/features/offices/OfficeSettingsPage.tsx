// Administrators' office settings: whether everyone needs a second factor, the office profile and
// courts, and how long each kind of document request has before it is overdue. People (invitations,
// roles, the RAP sheet permission, accounts) are on the users page.
import {
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  type DocumentKind,
  MAX_DOCUMENT_DUE_DAYS,
  setDocumentDueDaysInputSchema,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { checkInput } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { CourtSettings, StateBarNumbers } from '../packets/CourtSettings.tsx';
import { PartnerKeysSection } from '../partners/PartnerKeysSection.tsx';
import { QueueLimitsForm } from '../queues/QueueLimitsForm.tsx';
import { OfficeProfileForm } from './OfficeProfileForm.tsx';
import { PublicPages } from './PublicPages.tsx';
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
      <PublicPages />
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
  const settings = useQuery(trpc.offices.documentDueDays.queryOptions());
  const [draft, setDraft] = useState<Partial<Record<DocumentKind, string>>>({});
  const [saved, setSaved] = useState<DocumentKind | null>(null);
  // A field's message, beside the kind it is about: the shared schema's before sending, the server's after.
  const [fieldError, setFieldError] = useState<{ kind: DocumentKind; message: string } | null>(null);
  const save = useMutation(
    trpc.offices.setDocumentDueDays.mutationOptions({
      onSuccess: async (_result, input) => {
        setSaved(input.kind);
        setDraft((d) => ({ ...d, [input.kind]: undefined }));
        await queryClient.invalidateQueries({ queryKey: trpc.offices.documentDueDays.queryKey() });
      },
      onError: (error, input) => {
        const days = describeError(error).fieldErrors.find((f) => f.path === 'days');
        if (days) setFieldError({ kind: input.kind, message: days.message });
      },
    }),
  );
  // A change made meanwhile by another administrator (VERSION_CONFLICT) is said here, naming who and
  // when; what was typed stays in the field.
  const failure = save.error && !fieldError ? describeError(save.error).message : null;
  return (
    <section aria-labelledby="due-heading" className="panel">
      <h2 id="due-heading">Days until a document request is due</h2>
      {failure && <Alert tone="error">{failure}</Alert>}
      {settings.error && <Alert tone="error">{describeError(settings.error).message}</Alert>}
      {saved && <Alert tone="success">Saved: {DOCUMENT_KIND_LABELS[saved]}.</Alert>}
      <div className="inline-row">
        {settings.data &&
          DOCUMENT_KINDS.map((kind) => {
            const setting = settings.data[kind];
            return (
              <form
                key={kind}
                noValidate
                className="inline-add"
                aria-label={`Days for ${DOCUMENT_KIND_LABELS[kind]}`}
                onSubmit={(e) => {
                  e.preventDefault();
                  setSaved(null);
                  save.reset();
                  const typed = draft[kind] ?? String(setting.days);
                  const input = checkInput(setDocumentDueDaysInputSchema, {
                    kind,
                    version: setting.version,
                    days: typed.trim() === '' ? Number.NaN : Number(typed),
                  });
                  if (!input.success) {
                    setFieldError({
                      kind,
                      message: input.error.issues[0]?.message ?? 'Check the number of days.',
                    });
                    return;
                  }
                  setFieldError(null);
                  save.mutate(input.data);
                }}
              >
                <TextField
                  label={DOCUMENT_KIND_LABELS[kind]}
                  type="number"
                  min={1}
                  max={MAX_DOCUMENT_DUE_DAYS}
                  value={draft[kind] ?? String(setting.days)}
                  error={fieldError?.kind === kind ? fieldError.message : undefined}
                  onChange={(e) => setDraft((d) => ({ ...d, [kind]: e.target.value }))}
                />
                <BusyButton
                  type="submit"
                  className="button"
                  disabled={draft[kind] === undefined}
                  busy={save.isPending}
                >
                  Save <span className="visually-hidden">{DOCUMENT_KIND_LABELS[kind]}</span>
                </BusyButton>
              </form>
            );
          })}
      </div>
    </section>
  );
}
