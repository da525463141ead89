// Once every petition is decided: the court's outcome per conviction in the client's language, with
// the signed orders attached or enclosed. Sending closes the matter; while a signed order is still
// awaited from the court, closing asks why (the message tells the client it will follow): the note is
// marked required, and Send pressed without it is refused beside it, the focus put on it. What sending
// would refuse (a petition still before the court) is said above the preview, and Send is not offered.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextAreaField } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';
import { ComposedMessages, type Draft, draftsOf, outgoing } from './ComposedMessages.tsx';
import { useRefreshMessages } from './useMessages.ts';

export function OutcomeForm({ matterId, onSent }: { matterId: string; onSent: () => void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMessages(matterId);
  const [open, setOpen] = useState(false);
  const [drafts, setDrafts] = useState<Draft[]>([]);
  const [closeNote, setCloseNote] = useState('');
  // Each press of Send without the note that closing needs: its error said, then the field focused.
  const [noteRefusals, setNoteRefusals] = useState(0);
  const noteMissing = noteRefusals > 0;
  const closeNoteField = useRef<HTMLTextAreaElement | null>(null);
  // After the error is on the page, so the field is read out with it.
  useEffect(() => {
    if (noteRefusals > 0) refocus(closeNoteField.current);
  }, [noteRefusals]);
  const composed = useQuery({
    ...trpc.messages.composeOutcome.queryOptions({ matterId }),
    enabled: open,
    staleTime: 0,
  });
  useEffect(() => {
    if (composed.data) setDrafts(draftsOf(composed.data));
  }, [composed.data]);
  // The matter closes and this form goes: the caller puts the focus where the sent messages are.
  const send = useMutation(
    trpc.messages.sendOutcome.mutationOptions({
      onSuccess: async () => {
        await refresh();
        onSent();
      },
    }),
  );
  // Opened, the composer takes the focus from the button it replaces (which would drop it to the page).
  const composerHeading = useRef<HTMLHeadingElement | null>(null);
  const ready = open && composed.data !== undefined;
  useEffect(() => {
    if (ready) refocus(composerHeading.current);
  }, [ready]);
  const error = composed.error ?? send.error;

  return (
    <section aria-labelledby="outcome-heading" className="subpanel">
      <h3 id="outcome-heading">Court outcome</h3>
      {error && <Alert tone="error">{describeError(error).message}</Alert>}
      {/* The record changed since this preview (or the matter did): a fresh preview is one click away. */}
      {send.error && describeError(send.error).appCode === 'VERSION_CONFLICT' && (
        <button
          type="button"
          className="button"
          onClick={() => {
            // This button goes with the refusal: the focus moves to the preview it composes again.
            send.reset();
            refocus(composerHeading.current);
            void composed.refetch();
          }}
        >
          Compose the outcome again
        </button>
      )}
      {!open ? (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Compose outcome
        </button>
      ) : (
        composed.data && (
          <>
            <h4 ref={composerHeading} tabIndex={-1}>
              The outcome to send
            </h4>
            {/* Sending now would be refused: the preview is shown, not offered to send. */}
            {composed.data.sendRefusal && (
              <Alert tone="error">{`This outcome cannot be sent yet: ${composed.data.sendRefusal}`}</Alert>
            )}
            {composed.data.orders.length > 0 ? (
              <p>
                Signed orders sent with e-mail and letters:{' '}
                {composed.data.orders.map((o) => o.filename).join(', ')}.
              </p>
            ) : (
              <Alert tone="info">
                No signed order is on file yet: the message says so
                {composed.data.orderAwaited ? ' and that a copy will follow' : ''}, without attachments.
              </Alert>
            )}
            <ComposedMessages composition={composed.data} drafts={drafts} onChange={setDrafts} />
            {composed.data.orderAwaited && (
              <TextAreaField
                ref={closeNoteField}
                label="Why close the matter before the signed order arrives? (required)"
                hint="A note is needed to close the matter now. The request stays in the matter's documents; the message tells the client a copy will follow."
                aria-required
                error={
                  noteMissing
                    ? 'Say why the matter can close before the signed order arrives, or wait until it arrives to send the outcome.'
                    : undefined
                }
                value={closeNote}
                onChange={(e) => {
                  setNoteRefusals(0);
                  setCloseNote(e.target.value);
                }}
                rows={2}
              />
            )}
            <BusyButton
              type="button"
              className="button button--primary"
              disabled={composed.data.sendRefusal !== null || outgoing(drafts).length === 0}
              busy={send.isPending}
              onClick={() => {
                if (!composed.data) return;
                // Refused here, said beside the note and read out as the focus lands on it.
                if (composed.data.orderAwaited && closeNote.trim() === '') {
                  setNoteRefusals((n) => n + 1);
                  return;
                }
                send.mutate({
                  matterId,
                  version: composed.data.version,
                  messages: outgoing(drafts),
                  writtenIn: composed.data.language,
                  // The facts this preview rests on: a send after one changed is refused, to compose again.
                  fingerprint: composed.data.fingerprint,
                  closeNote,
                });
              }}
            >
              Send outcome and close the matter
            </BusyButton>
          </>
        )
      )}
    </section>
  );
}
