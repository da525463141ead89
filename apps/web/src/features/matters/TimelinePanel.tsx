// The matter's timeline, newest first. A note staff wrote on it (a note, what was said on a call, a
// stage move's note, a logged status's note) can be marked as about the criminal record afterwards,
// when its writer did not tick the box; only staff with the RAP sheet permission, who can read a
// marked note, may take the mark off. What a mark did is said in one place above the list, which keeps
// the focus: the button pressed may be gone (the note now withheld from this person).
import { hasNoteEntry, NOTE_ENTRY_NAMES } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { formatInstant } from '../../ui/format.ts';
import { useRefreshMessages } from '../messages/useMessages.ts';
import type { MatterDetail } from './useMatter.ts';

export function TimelinePanel({
  matter,
  seesCriminalHistory,
}: {
  matter: MatterDetail;
  seesCriminalHistory: boolean;
}) {
  const trpc = useTRPC();
  // A logged status's note is marked on its message too: the messages panel reads it again.
  const refresh = useRefreshMessages(matter.id);
  const said = useRef<HTMLParagraphElement>(null);
  const [done, setDone] = useState<string | null>(null);
  const mark = useMutation(
    trpc.matters.markTimelineNote.mutationOptions({
      onSuccess: async (_, input) => {
        setDone(
          input.aboutRecord
            ? 'The note is marked as about the criminal record: only staff with the RAP sheet permission read it.'
            : 'The note is no longer marked: all the office’s staff read it.',
        );
        await refresh();
        said.current?.focus();
      },
    }),
  );
  return (
    <section aria-labelledby="timeline-heading" className="panel">
      <h2 id="timeline-heading">Timeline</h2>
      {mark.error && <Alert tone="error">{describeError(mark.error).message}</Alert>}
      {done && (
        <p role="status" tabIndex={-1} ref={said} className="muted small">
          {done}
        </p>
      )}
      <ol className="timeline">
        {matter.timeline.map((event) => {
          const at = formatInstant(event.occurredAt);
          // The button's name says which note: two entries of one minute differ by their kind.
          const which = `${hasNoteEntry(event.kind) ? NOTE_ENTRY_NAMES[event.kind] : 'the note'} of ${at}`;
          const offered = event.noteMark === 'mark' || (event.noteMark === 'unmark' && seesCriminalHistory);
          return (
            <li key={event.id}>
              <time dateTime={event.occurredAt}>{at}</time>
              <span>
                {event.summary}
                {/* A note about the record: withheld, it says so, in place of the note. */}
                {event.recordNote && ` ${event.recordNote}`}
                {offered && (
                  <BusyButton
                    type="button"
                    className="button button--quiet timeline__mark"
                    busy={mark.isPending}
                    aria-label={
                      event.noteMark === 'mark'
                        ? `Mark as about the record: ${which}`
                        : `Not about the record: show ${which} to all staff`
                    }
                    onClick={() => {
                      setDone(null);
                      mark.mutate({
                        matterId: matter.id,
                        version: matter.version,
                        eventId: event.id,
                        aboutRecord: event.noteMark === 'mark',
                      });
                    }}
                  >
                    {event.noteMark === 'mark' ? 'Mark as about the record' : 'Not about the record'}
                  </BusyButton>
                )}
              </span>
              <span className="muted">{event.actorName ?? 'System'}</span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
