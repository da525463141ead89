// "Read RAP sheet" on the matter page: choose a RAP sheet file attached to the matter (PDF, scanned
// PDF or image), upload one straight from here (attached to the matter's RAP sheet request through
// the documents' own upload, the request made first if the matter has none), or choose a text file
// or paste the text; the server reads it in the background while this panel shows its progress
// (pages read, OCR), with Cancel; when it is read, Review opens the review. An import read into the
// wrong matter (another person's sheet) is discarded here: its text and file erased, a line kept.
import {
  californiaDate,
  DOCUMENT_KIND_LABELS,
  isRapImportActive,
  isRapSheetKind,
  MAX_UPLOAD_BYTES,
  RAP_IMPORT_STATE_LABELS,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, SelectField, TextAreaField } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { ConfirmRemoval } from '../documents/ConfirmRemoval.tsx';
import { uploadDocumentFile } from '../documents/uploadFile.ts';
import { type MatterDetail, useRefreshMatter } from '../matters/useMatter.ts';

const PASTE = 'paste';
const UPLOAD = 'upload';
export function RapSheetPanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const textFileId = useId();
  const uploadId = useId();
  const refreshMatter = useRefreshMatter(matter.id);
  const rapRequests = matter.documents.filter((d) => isRapSheetKind(d.kind));
  const files = rapRequests.flatMap((d) =>
    // The document as its request is shown: a label only for "other" kinds, else the kind's name.
    (d.files ?? [])
      .filter((f) => !f.removed)
      .map((f) => ({ ...f, document: d.label || DOCUMENT_KIND_LABELS[d.kind] })),
  );
  const [choice, setChoice] = useState<string>(files[0]?.id ?? UPLOAD);
  const [upload, setUpload] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const requestDocument = useMutation(trpc.documents.request.mutationOptions());
  const [text, setText] = useState('');
  const [textName, setTextName] = useState('Pasted text');
  const [error, setError] = useState<string | null>(null);
  const listOptions = trpc.rapImports.list.queryOptions({ matterId: matter.id });
  const imports = useQuery({
    ...listOptions,
    refetchInterval: (query) => (query.state.data?.some((i) => isRapImportActive(i.state)) ? 1000 : false),
  });
  const start = useMutation(trpc.rapImports.start.mutationOptions());
  const cancel = useMutation(trpc.rapImports.cancel.mutationOptions());
  const discard = useMutation(trpc.rapImports.discard.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: listOptions.queryKey });

  /** The matter's newest RAP sheet request, or one made now: where an uploaded RAP sheet is attached. */
  const rapRequestId = async (): Promise<string> => {
    const newest = rapRequests.at(-1);
    if (newest) return newest.id;
    const made = await requestDocument.mutateAsync({
      matterId: matter.id,
      kind: 'rap_sheet',
      requestedFrom: 'client',
      requestedOn: californiaDate(new Date()),
      note: 'Made when the RAP sheet was uploaded to be read.',
    });
    await refreshMatter();
    return made.id;
  };

  const submit = async () => {
    setError(null);
    try {
      if (choice === UPLOAD) {
        if (!upload) {
          setError('Choose the RAP sheet’s PDF or scanned image first.');
          return;
        }
        if (upload.size > MAX_UPLOAD_BYTES) {
          setError('The file is larger than 20 MB. Scan at a lower resolution, or split it into parts.');
          return;
        }
        setBusy(true);
        const fileId = await uploadDocumentFile(await rapRequestId(), upload);
        await start.mutateAsync({ matterId: matter.id, source: { kind: 'file', fileId } });
        setUpload(null);
        setChoice(fileId);
        await refreshMatter();
      } else if (choice === PASTE) {
        if (text.trim() === '') {
          setError('Paste the RAP sheet’s text, or choose a text file, first.');
          return;
        }
        await start.mutateAsync({ matterId: matter.id, source: { kind: 'text', name: textName, text } });
        setText('');
      } else {
        await start.mutateAsync({ matterId: matter.id, source: { kind: 'file', fileId: choice } });
      }
      await refresh();
    } catch (e) {
      setError(describeError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="rap-sheet-heading" className="panel">
      <h2 id="rap-sheet-heading">Read RAP sheet</h2>
      <p className="muted">
        The server reads the RAP sheet (scanned pages by OCR) and proposes the convictions it finds. Nothing
        is entered until you review and accept them.
      </p>
      <form
        noValidate
        aria-label="Read a RAP sheet"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {error && <Alert tone="error">{error}</Alert>}
        <SelectField label="RAP sheet to read" value={choice} onChange={(e) => setChoice(e.target.value)}>
          {files.map((f) => (
            <option key={f.id} value={f.id}>
              {f.filename} ({f.document}, attached {formatInstant(f.uploadedAt)})
            </option>
          ))}
          <option value={UPLOAD}>Upload a PDF or scanned image</option>
          <option value={PASTE}>Text: paste it, or choose a text file</option>
        </SelectField>
        {choice === UPLOAD && (
          <div className="upload">
            <label htmlFor={uploadId}>RAP sheet file (PDF, PNG or JPEG, up to 20 MB)</label>
            <input
              id={uploadId}
              type="file"
              accept="application/pdf,image/png,image/jpeg"
              aria-describedby={`${uploadId}-hint`}
              onChange={(e) => setUpload(e.target.files?.[0] ?? null)}
            />
            <p className="muted" id={`${uploadId}-hint`}>
              It is attached to the matter’s RAP sheet request under Documents
              {rapRequests.length === 0 ? ' (made now, as the matter has none)' : ''}, then read.
            </p>
          </div>
        )}
        {choice === PASTE && (
          <>
            <TextAreaField
              label="RAP sheet text"
              rows={8}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                setTextName('Pasted text');
              }}
            />
            <div className="upload">
              <label htmlFor={textFileId}>Or choose a text file</label>
              <input
                id={textFileId}
                type="file"
                accept=".txt,text/plain"
                onChange={async (e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  setText(await file.text());
                  setTextName(file.name);
                  e.target.value = '';
                }}
              />
            </div>
          </>
        )}
        <BusyButton type="submit" className="button button--primary" busy={start.isPending || busy}>
          Read RAP sheet
        </BusyButton>
      </form>

      {imports.error && <Alert tone="error">{describeError(imports.error).message}</Alert>}
      {imports.data && imports.data.length > 0 && (
        <>
          <h3>Imports</h3>
          <ul className="rap-imports">
            {imports.data.map((i) =>
              i.discarded ? (
                <li key={i.id}>
                  <strong>RAP sheet import</strong> of {formatInstant(i.createdAt)}: discarded on{' '}
                  {formatInstant(i.discarded.at)} by {i.discarded.by ?? 'someone'} ({i.discarded.reason}).{' '}
                  {i.sourceKind === 'file' ? 'Its text and file were erased.' : 'Its pasted text was erased.'}
                </li>
              ) : (
                <li key={i.id}>
                  <strong>{i.sourceName}</strong>, started {formatInstant(i.createdAt)}:{' '}
                  <span>{RAP_IMPORT_STATE_LABELS[i.state]}</span>
                  {isRapImportActive(i.state) && (
                    <>
                      {' '}
                      <progress
                        aria-label={`Reading ${i.sourceName}`}
                        max={Math.max(1, i.progress.total)}
                        value={i.progress.done}
                      />{' '}
                      <span role="status">{i.progress.label}</span>{' '}
                      <BusyButton
                        type="button"
                        className="button button--quiet"
                        busy={cancel.isPending}
                        onClick={async () => {
                          setError(null);
                          try {
                            await cancel.mutateAsync({ importId: i.id, version: i.version });
                          } catch (e) {
                            setError(describeError(e).message);
                          }
                          await refresh();
                        }}
                      >
                        Cancel reading {i.sourceName}
                      </BusyButton>
                    </>
                  )}
                  {!isRapImportActive(i.state) && i.state !== 'failed' && <span> — {i.progress.label}</span>}
                  {i.error && <Alert tone="error">{i.error}</Alert>}
                  {(i.state === 'ready' || i.state === 'reviewed') && (
                    <>
                      {' '}
                      <Link to={`/matters/${matter.id}/rap-imports/${i.id}`}>
                        {i.state === 'ready' ? 'Review' : 'See the review of'} {i.sourceName}
                      </Link>
                    </>
                  )}
                  {!isRapImportActive(i.state) && (
                    <ConfirmRemoval
                      label={`Discard ${i.sourceName} (started ${formatInstant(i.createdAt)})`}
                      warning={`Discard this import if the RAP sheet is not the client’s (another person’s) or was read into the wrong matter. Its text${i.sourceKind === 'file' ? ', what was read from it and its file' : ' and what was read from it'} are erased for good; the list keeps who discarded it, when and why. It cannot be discarded while convictions, or arrests not removed, entered from it are on the matter.`}
                      confirmLabel={`Discard and erase ${i.sourceName}`}
                      reasonExample="Another person’s RAP sheet"
                      onConfirm={async (reason) => {
                        try {
                          await discard.mutateAsync({ importId: i.id, version: i.version, reason });
                        } finally {
                          // Refused as stale (discarded or changed in another tab): the list shows where it stands now.
                          await refresh();
                          await refreshMatter();
                        }
                      }}
                    />
                  )}
                </li>
              ),
            )}
          </ul>
        </>
      )}
    </section>
  );
}
