// Where the matter stands, the moves the stage machine allows, and the move its records suggest.
import { STAGE_LABELS, type Stage } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';
import { PassOnPanel } from './PassOnPanel.tsx';
import { type MatterDetail, useRefreshMatter } from './useMatter.ts';

export function StagePanel({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matter.id);
  const [to, setTo] = useState<Stage | ''>('');
  const [note, setNote] = useState('');
  const [noteAboutRecord, setNoteAboutRecord] = useState(false);
  // After a move the button that made it is disabled ("Move stage", with no stage chosen) or gone
  // (the suggestion's), which would drop focus to <body>: the sentence naming the new stage takes it.
  const stageText = useRef<HTMLParagraphElement | null>(null);
  const noteField = useRef<HTMLInputElement | null>(null);
  // The server says which moves the stage machine refuses without a note (moveNeedsNote).
  const noteNeeded = to !== '' && matter.movesNeedingNote.includes(to);
  const move = useMutation(
    trpc.matters.moveStage.mutationOptions({
      // Refused for want of a note: the note field takes focus, where the answer is written.
      onError: (_error, variables) => {
        if ((variables.note ?? '').trim() === '' && matter.movesNeedingNote.includes(variables.to))
          refocus(noteField.current);
      },
      onSuccess: async () => {
        setTo('');
        setNote('');
        setNoteAboutRecord(false);
        await refresh();
        // Once the refreshed stage is on the page, so it is what a screen reader reads out.
        setTimeout(() => refocus(stageText.current), 0);
      },
    }),
  );
  // A refused move's reason belongs to that attempt: it goes once staff change what they ask for
  // (the inputs below) or anything else on the page is saved, so it is not read as about that save.
  const queryClient = useQueryClient();
  const { reset } = move;
  useEffect(
    () =>
      queryClient.getMutationCache().subscribe((event) => {
        if (event.type === 'updated' && event.action.type === 'success') reset();
      }),
    [queryClient, reset],
  );
  const moveTo = (stage: Stage) =>
    move.mutate({ matterId: matter.id, version: matter.version, to: stage, note, noteAboutRecord });
  const suggested = matter.suggestedStage;

  return (
    <section aria-labelledby="stage-heading" className="panel">
      <h2 id="stage-heading">Stage</h2>
      <p ref={stageText} tabIndex={-1}>
        This matter is in <strong>{STAGE_LABELS[matter.stage]}</strong>
        {matter.referredTo &&
          (matter.passedOnAt ? (
            <> (passed on to {matter.referredTo})</>
          ) : (
            <> (served by {matter.referredTo}; not passed on yet)</>
          ))}
        .
      </p>
      {matter.stage === 'referred_out' && <PassOnPanel matter={matter} />}
      {suggested && (
        <Alert tone="info">
          <p>
            The records suggest moving to <strong>{STAGE_LABELS[suggested]}</strong>.
          </p>
          <BusyButton
            type="button"
            className="button button--primary"
            busy={move.isPending}
            onClick={() => moveTo(suggested)}
          >
            Move to {STAGE_LABELS[suggested]}
          </BusyButton>
        </Alert>
      )}
      {move.error && <Alert tone="error">{describeError(move.error).message}</Alert>}
      <form
        className="inline-row"
        onSubmit={(e) => {
          e.preventDefault();
          if (to) moveTo(to);
        }}
      >
        <SelectField
          label="Move to"
          value={to}
          onChange={(e) => {
            reset();
            setTo(e.target.value as Stage);
          }}
        >
          <option value="">Choose a stage…</option>
          {matter.allowedMoves.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <TextField
          ref={noteField}
          label={noteNeeded ? 'Note (required for this move)' : 'Note (optional)'}
          aria-required={noteNeeded || undefined}
          value={note}
          onChange={(e) => {
            reset();
            setNote(e.target.value);
          }}
        />
        <Checkbox
          label="The note is about the criminal record: shown only to staff with the RAP sheet permission"
          checked={noteAboutRecord}
          onChange={(e) => {
            reset();
            setNoteAboutRecord(e.target.checked);
          }}
        />
        <BusyButton type="submit" className="button" disabled={!to} busy={move.isPending}>
          Move stage
        </BusyButton>
      </form>
    </section>
  );
}
