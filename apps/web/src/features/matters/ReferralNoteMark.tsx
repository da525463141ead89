// Marks the referral's note as about the criminal record after it arrived (an online application's or
// a partner's note nobody could mark then), or takes the mark off: only staff with the RAP sheet
// permission, who can read it, may do that, since it then shows to all the office's staff. Drawn in one
// place below the notes, so what it did stays said (and focus stays on it) when the note it was beside
// is withheld.
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { type MatterDetail, useRefreshMatter } from './useMatter.ts';

export function ReferralNoteMark({
  matter,
  seesCriminalHistory,
}: {
  matter: MatterDetail;
  seesCriminalHistory: boolean;
}) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matter.id);
  const said = useRef<HTMLParagraphElement>(null);
  const [done, setDone] = useState<string | null>(null);
  const mark = useMutation(
    trpc.matters.markReferralNote.mutationOptions({
      onSuccess: async (_, input) => {
        setDone(
          input.aboutRecord
            ? 'The referral’s note is marked as about the criminal record: only staff with the RAP sheet permission read it.'
            : 'The referral’s note is no longer marked: all the office’s staff read it.',
        );
        await refresh();
        // The button may be gone (a note now withheld from this person): what it did keeps the focus.
        said.current?.focus();
      },
    }),
  );
  const marked = matter.referralRecordNote !== null;
  const offered = matter.referralNote !== '' || (marked && seesCriminalHistory);
  return (
    <div className="inline-row">
      {mark.error && <Alert tone="error">{describeError(mark.error).message}</Alert>}
      {done && (
        <p role="status" tabIndex={-1} ref={said} className="muted small">
          {done}
        </p>
      )}
      {offered && (
        <BusyButton
          type="button"
          className="button button--quiet"
          busy={mark.isPending}
          onClick={() => {
            setDone(null);
            mark.mutate({ matterId: matter.id, version: matter.version, aboutRecord: !marked });
          }}
        >
          {marked
            ? 'Not about the criminal record: show to all staff'
            : 'Mark the note as about the criminal record'}
        </BusyButton>
      )}
    </div>
  );
}
