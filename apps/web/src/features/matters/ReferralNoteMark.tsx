// Marks the referral's note as about the criminal record after it arrived (an online application's or
// a partner's note nobody could mark then), or takes the mark off: only staff with the RAP sheet
// permission, who can read it, may do that, since it then shows to all the office's staff.
import { useMutation } from '@tanstack/react-query';
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
  const mark = useMutation(trpc.matters.markReferralNote.mutationOptions({ onSuccess: () => refresh() }));
  const marked = matter.referralRecordNote !== null;
  if (marked && !seesCriminalHistory) return null;
  return (
    <>
      {mark.error && <Alert tone="error">{describeError(mark.error).message}</Alert>}
      <BusyButton
        type="button"
        className="button button--quiet"
        busy={mark.isPending}
        onClick={() => mark.mutate({ matterId: matter.id, version: matter.version, aboutRecord: !marked })}
      >
        {marked ? 'Not about the criminal record: show to all staff' : 'Mark as about the criminal record'}
      </BusyButton>
    </>
  );
}
