// Document requests: what was asked of whom and when it is due, where each stands, and the files.
import {
  californiaDate,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  DOCUMENT_STATUS_LABELS,
  DOCUMENT_STATUSES,
  isRapSheetKind,
  REQUESTED_FROM,
  REQUESTED_FROM_LABELS,
  type RequestDocumentInput,
  requestDocumentInputSchema,
  type UpdateDocumentInput,
  updateDocumentInputSchema,
  WITHHELD,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { busyControl } from '../../ui/busyControl.ts';
import { DateField } from '../../ui/DateField.tsx';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatDate, formatInstant } from '../../ui/format.ts';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';
import { type MatterDetail, useRefreshMatter } from '../matters/useMatter.ts';
import { ConfirmRemoval } from './ConfirmRemoval.tsx';
import { uploadDocumentFile } from './uploadFile.ts';

type DocumentRow = MatterDetail['documents'][number];

export function DocumentsPanel({ matter }: { matter: MatterDetail }) {
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section aria-labelledby="documents-heading" className="panel">
      <h2 id="documents-heading">Documents</h2>
      {matter.documents.length === 0 ? (
        <p className="muted">No documents requested yet.</p>
      ) : (
        <ScrollRegion label="Document requests table">
          <table className="data-table">
            <caption className="visually-hidden">Document requests for this matter</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">From</th>
                <th scope="col">Requested</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Reminders</th>
                <th scope="col">Files</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {matter.documents.map((doc) => (
                <DocumentRowView
                  key={doc.id}
                  doc={doc}
                  matterId={matter.id}
                  editing={editing === doc.id}
                  onEdit={() => setEditing(editing === doc.id ? null : doc.id)}
                  onDone={() => setEditing(null)}
                />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <RequestDocumentForm matterId={matter.id} />
    </section>
  );
}

function DocumentRowView(props: {
  doc: DocumentRow;
  matterId: string;
  editing: boolean;
  onEdit(): void;
  onDone(): void;
}) {
  const { doc, matterId } = props;
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const reminder = useMutation(trpc.documents.recordReminder.mutationOptions({ onSuccess: () => refresh() }));
  const removeFile = useMutation(trpc.documents.removeFile.mutationOptions());
  const name = doc.label || DOCUMENT_KIND_LABELS[doc.kind];
  // The "Update" button that opened the form takes focus back when it closes (Cancel or save).
  const updateButton = useRef<HTMLButtonElement | null>(null);
  const done = () => {
    props.onDone();
    setTimeout(() => refocus(updateButton.current), 0);
  };
  return (
    <>
      <tr className={doc.overdue ? 'row--overdue' : undefined}>
        <td>
          {name}
          {doc.kind === 'rap_sheet' && (doc.liveScanOn || doc.designee) && (
            <div className="muted small">
              {doc.liveScanOn && `Live Scan ${formatDate(doc.liveScanOn)}`}
              {doc.designee && ` · designee: ${doc.designee}`}
            </div>
          )}
        </td>
        <td>{REQUESTED_FROM_LABELS[doc.requestedFrom]}</td>
        <td>{formatDate(doc.requestedOn)}</td>
        <td>
          {formatDate(doc.dueOn)}
          {doc.overdue && <span className="badge badge--danger"> Overdue</span>}
        </td>
        <td>
          {DOCUMENT_STATUS_LABELS[doc.status]}
          {doc.arrivedOn && <div className="muted small">arrived {formatDate(doc.arrivedOn)}</div>}
        </td>
        <td className="numeric">{doc.remindersSent}</td>
        <td>
          {doc.files === null ? (
            <span className="muted">{doc.fileCount} file(s), RAP sheet permission needed</span>
          ) : (
            <ul className="plain-list">
              {doc.files.map((f) =>
                f.removed ? (
                  <li key={f.id} className="muted">
                    A file removed on {formatInstant(f.removed.at)} by {f.removed.by ?? 'someone'} (
                    {f.removed.reason})
                  </li>
                ) : (
                  <li key={f.id}>
                    <a href={`/api/files/${f.id}`} download>
                      {f.filename}
                    </a>{' '}
                    <span className="muted small">({Math.ceil(f.size / 1024)} KB)</span>
                    {!doc.packet && (
                      <ConfirmRemoval
                        label={`Remove ${f.filename} from ${name}`}
                        warning="Remove this file if it was attached by mistake (another client’s record, the wrong scan): it is erased for good, and the list keeps who removed it, when and why. The request’s status stays as it is: set it back to Requested if the document is still awaited."
                        confirmLabel={`Remove and erase ${f.filename}`}
                        reasonExample="Another client’s court record"
                        onConfirm={async (reason) => {
                          await removeFile.mutateAsync({ fileId: f.id, version: doc.version, reason });
                          await refresh();
                        }}
                      />
                    )}
                  </li>
                ),
              )}
            </ul>
          )}
        </td>
        <td className="actions">
          <button
            ref={updateButton}
            type="button"
            className="button"
            aria-expanded={props.editing}
            onClick={props.onEdit}
          >
            Update <span className="visually-hidden">{name}</span>
          </button>
          {doc.status === 'requested' && (
            <BusyButton
              type="button"
              className="button"
              busy={reminder.isPending}
              onClick={() => reminder.mutate({ documentId: doc.id, version: doc.version })}
            >
              Record reminder <span className="visually-hidden">for {name}</span>
            </BusyButton>
          )}
          {doc.files !== null && !doc.packet && <UploadFile doc={doc} name={name} matterId={matterId} />}
          {reminder.error && <p className="field__error">{describeError(reminder.error).message}</p>}
        </td>
      </tr>
      {props.editing && (
        <tr>
          <td colSpan={8}>
            {/* Focus moves here when "Update" opens the form, as for the other forms on the page. */}
            <h3 ref={focusOnMount} tabIndex={-1}>
              Update {name}
            </h3>
            <UpdateDocumentForm doc={doc} name={name} matterId={matterId} onDone={done} />
          </td>
        </tr>
      )}
    </>
  );
}

function UploadFile({ doc, name, matterId }: { doc: DocumentRow; name: string; matterId: string }) {
  const inputId = useId();
  const refresh = useRefreshMatter(matterId);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    setBusy(true);
    setError(null);
    try {
      await uploadDocumentFile(doc.id, file);
      await refresh();
    } catch (e) {
      setError(
        e instanceof Error
          ? e.message
          : 'The server could not be reached. Check your connection and try again.',
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="upload">
      <label htmlFor={inputId}>Attach file to {name} (PDF, PNG or JPEG, up to 20 MB)</label>
      <input
        id={inputId}
        type="file"
        accept="application/pdf,image/png,image/jpeg"
        // Keeps focus while the file uploads; no second chooser opens meanwhile.
        {...busyControl<HTMLInputElement>(busy, (e) => {
          const file = e.target.files?.[0];
          if (file) void upload(file);
          e.target.value = '';
        })}
      />
      {busy && <span role="status">Uploading…</span>}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function UpdateDocumentForm({
  doc,
  name,
  matterId,
  onDone,
}: {
  doc: DocumentRow;
  name: string;
  matterId: string;
  onDone(): void;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const form = useForm<UpdateDocumentInput>({
    resolver: inputResolver(updateDocumentInputSchema),
    defaultValues: {
      documentId: doc.id,
      version: doc.version,
      status: doc.status,
      dueOn: doc.dueOn,
      liveScanOn: doc.liveScanOn,
      designee: doc.designee,
      arrivedOn: doc.arrivedOn,
      note: doc.note,
    },
  });
  const [message, setMessage] = useState<string | null>(null);
  const update = useMutation(
    trpc.documents.update.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onDone();
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const errors = form.formState.errors;
  const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };
  return (
    <form noValidate aria-label={`Update ${name}`} onSubmit={form.handleSubmit((v) => update.mutate(v))}>
      {message && <Alert tone="error">{message}</Alert>}
      <div className="inline-row">
        <SelectField label="Status" {...form.register('status')}>
          {DOCUMENT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {DOCUMENT_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <DateField label="Due on" error={errors.dueOn?.message} {...form.register('dueOn')} />
        <DateField
          label="Arrived on"
          error={errors.arrivedOn?.message}
          {...form.register('arrivedOn', emptyToNull)}
        />
        {isRapSheetKind(doc.kind) && (
          <>
            <DateField
              label="Live Scan date"
              error={errors.liveScanOn?.message}
              {...form.register('liveScanOn', emptyToNull)}
            />
            <TextField label="Designee" {...form.register('designee')} />
          </>
        )}
        {doc.note === WITHHELD ? (
          // The note of a court record or RAP sheet: kept as it is, for staff with the permission.
          <p className="muted small">Note: {WITHHELD}</p>
        ) : (
          <TextField label="Note" {...form.register('note')} />
        )}
      </div>
      <BusyButton type="submit" className="button button--primary" busy={update.isPending}>
        Save {name}
      </BusyButton>{' '}
      <button type="button" className="button button--quiet" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function RequestDocumentForm({ matterId }: { matterId: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matterId);
  const blank = (): RequestDocumentInput => ({
    matterId,
    kind: 'rap_sheet',
    label: '',
    requestedFrom: 'client',
    requestedOn: californiaDate(new Date()),
    dueOn: null,
    note: '',
    liveScanOn: null,
    designee: '',
  });
  const form = useForm<RequestDocumentInput>({
    resolver: inputResolver(requestDocumentInputSchema),
    defaultValues: blank(),
  });
  const [message, setMessage] = useState<string | null>(null);
  // Said in a live region that is on the page before it, since focus stays on the button.
  const [said, setSaid] = useState('');
  const request = useMutation(
    trpc.documents.request.mutationOptions({
      onSuccess: async (_result, input) => {
        form.reset(blank());
        setMessage(null);
        await refresh();
        const what = input.kind === 'other' && input.label ? input.label : DOCUMENT_KIND_LABELS[input.kind];
        setSaid(`Document requested: ${what}, from ${REQUESTED_FROM_LABELS[input.requestedFrom]}.`);
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const kind = form.watch('kind');
  const errors = form.formState.errors;
  const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };
  return (
    <details className="subform">
      <summary>Request a document</summary>
      <form
        noValidate
        aria-label="Request a document"
        onSubmit={form.handleSubmit((v) => {
          setSaid('');
          request.mutate(v);
        })}
      >
        {message && <Alert tone="error">{message}</Alert>}
        <p className="visually-hidden" role="status">
          {said}
        </p>
        <div className="inline-row">
          <SelectField label="Document" {...form.register('kind')}>
            {DOCUMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {DOCUMENT_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
          {kind === 'other' && (
            <TextField label="What document" error={errors.label?.message} {...form.register('label')} />
          )}
          <SelectField label="Requested from" {...form.register('requestedFrom')}>
            {REQUESTED_FROM.map((r) => (
              <option key={r} value={r}>
                {REQUESTED_FROM_LABELS[r]}
              </option>
            ))}
          </SelectField>
          <DateField
            label="Requested on"
            error={errors.requestedOn?.message}
            {...form.register('requestedOn')}
          />
          <DateField
            label="Due on (optional)"
            hint="Leave empty for the office's usual time for this document."
            error={errors.dueOn?.message}
            {...form.register('dueOn', emptyToNull)}
          />
          {kind === 'rap_sheet' && (
            <>
              <DateField
                label="Live Scan date (optional)"
                error={errors.liveScanOn?.message}
                {...form.register('liveScanOn', emptyToNull)}
              />
              <TextField label="Designee named on the request" {...form.register('designee')} />
            </>
          )}
        </div>
        {kind === 'rap_sheet' && (
          <p className="muted small">
            Asking the client for their own RAP sheet is a request, never a condition of our help (PC 11125).
          </p>
        )}
        <BusyButton type="submit" className="button button--primary" busy={request.isPending}>
          Request document
        </BusyButton>
      </form>
    </details>
  );
}
