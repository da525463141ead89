// The bar of actions on the selected matters: assign, move stage (only to stages every selected
// matter may move to and the person may make), add a note. It appears once a matter is selected.
// The server applies an action to all of them or none and reports each row; the report stays in the
// bar (after a change the selection is cleared) until the next action or until it is closed.
import {
  type BulkResult,
  movesOffered,
  type Role,
  STAGE_LABELS,
  STAGES,
  type Stage,
} from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, SelectField, TextAreaField } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import type { QueueRow } from './columns.tsx';

/** Who is acting: the moves offered are the ones the server would let them make. */
type Mover = { role: Role; canViewRapSheets: boolean };

interface BulkActionsProps {
  selected: QueueRow[];
  user: Mover | undefined;
  colleagues: { id: string; name: string; active: boolean }[];
  onApplied: () => void;
}

/** Stages every selected matter may move to by this person's hand, in the stage list's order. */
export function commonMoves(selected: QueueRow[], user: Mover | undefined): Stage[] {
  if (!user || selected.length === 0) return [];
  return STAGES.filter((to) => selected.every((row) => movesOffered(user, row.stage).includes(to)));
}

export function BulkActions({ selected, user, colleagues, onApplied }: BulkActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [assignee, setAssignee] = useState('');
  const [stage, setStage] = useState('');
  const [note, setNote] = useState('');
  const [noteAboutRecord, setNoteAboutRecord] = useState(false);
  const [outcome, setOutcome] = useState<{ action: string; result: BulkResult } | null>(null);
  const [problem, setProblem] = useState<{ action: string; message: string } | null>(null);

  const matters = selected.map((row) => ({ id: row.id, version: row.version }));
  const settle = (action: string) => ({
    onSuccess: async (result: BulkResult) => {
      setProblem(null);
      setOutcome({ action, result });
      if (result.applied) {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.matters.list.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.queues.counts.pathKey() }),
        ]);
        onApplied();
      }
    },
    onError: (error: unknown) => {
      setOutcome(null);
      setProblem({ action, message: describeError(error).message });
    },
  });
  const assign = useMutation(trpc.queues.bulkAssign.mutationOptions(settle('assign')));
  const move = useMutation(trpc.queues.bulkMoveStage.mutationOptions(settle('move')));
  const addNote = useMutation(
    trpc.queues.bulkAddNote.mutationOptions({
      ...settle('note'),
      onSuccess: async (result) => {
        await settle('note').onSuccess(result);
        if (result.applied) {
          setNote('');
          setNoteAboutRecord(false);
        }
      },
    }),
  );
  const busy = assign.isPending || move.isPending || addNote.isPending;
  const moves = commonMoves(selected, user);
  const none = selected.length === 0;

  const submit = (action: string, run: () => void, missing: string | null) => (e: FormEvent) => {
    e.preventDefault();
    if (missing) setProblem({ action, message: missing });
    else run();
  };
  const report = (action: string) => (
    <>
      {problem?.action === action && <Alert tone="error">{problem.message}</Alert>}
      {outcome?.action === action && <BulkReport result={outcome.result} />}
    </>
  );

  if (none && !outcome) return null;
  if (none && outcome)
    return (
      <section className="bulk-bar" aria-labelledby="bulk-heading">
        {/* The buttons that led here went with the selection: focus lands on the report instead. */}
        <h2 id="bulk-heading" className="bulk-bar__title" tabIndex={-1} ref={focusOnMount}>
          Selected matters
        </h2>
        <BulkReport result={outcome.result} />
        <button type="button" className="button" onClick={() => setOutcome(null)}>
          Close this report
        </button>
      </section>
    );

  return (
    <section className="bulk-bar" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading" className="bulk-bar__title">
        Selected matters
      </h2>
      <p className="bulk-bar__count">{`${selected.length} selected.`}</p>
      <form
        aria-label="Assign selected matters"
        onSubmit={submit(
          'assign',
          () => assign.mutate({ matters, assigneeId: assignee === 'unassigned' ? null : assignee }),
          assignee ? null : 'Choose who to assign them to.',
        )}
      >
        <SelectField label="Assign to" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">Choose a person</option>
          <option value="unassigned">No one (unassign)</option>
          {/* A disabled person (listed for the filter, while they hold open matters) takes no new ones. */}
          {colleagues
            .filter((u) => u.active)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
        </SelectField>
        <BusyButton type="submit" className="button" busy={busy}>
          Assign
        </BusyButton>
        {report('assign')}
      </form>
      <form
        aria-label="Move selected matters to a stage"
        onSubmit={submit(
          'move',
          () => move.mutate({ matters, to: stage as Stage }),
          moves.includes(stage as Stage) ? null : 'Choose a stage.',
        )}
      >
        <SelectField
          label="Move to stage"
          value={stage}
          onChange={(e) => setStage(e.target.value)}
          hint={moves.length === 0 ? 'No stage is open to every selected matter.' : undefined}
        >
          <option value="">Choose a stage</option>
          {moves.map((s) => (
            <option key={s} value={s}>
              {STAGE_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <BusyButton type="submit" className="button" disabled={moves.length === 0} busy={busy}>
          Move stage
        </BusyButton>
        {report('move')}
      </form>
      <form
        aria-label="Add a note to selected matters"
        onSubmit={submit(
          'note',
          () => addNote.mutate({ matters, text: note, aboutRecord: noteAboutRecord }),
          note.trim() ? null : 'Write the note.',
        )}
      >
        <TextAreaField label="Note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
        <Checkbox
          label="About the criminal record: shown only to staff with the RAP sheet permission"
          checked={noteAboutRecord}
          onChange={(e) => setNoteAboutRecord(e.target.checked)}
        />
        <BusyButton type="submit" className="button" busy={busy}>
          Add note
        </BusyButton>
        {report('note')}
      </form>
    </section>
  );
}

function BulkReport({ result }: { result: BulkResult }) {
  const changed = result.rows.length;
  return (
    <div className={result.applied ? 'bulk-report' : 'bulk-report bulk-report--refused'}>
      <Alert tone={result.applied ? 'success' : 'error'}>
        {result.applied
          ? `Done for ${changed} matter${changed === 1 ? '' : 's'}.`
          : 'Nothing was changed: at least one selected matter could not take this action.'}
      </Alert>
      <table className="data-table">
        <caption className="visually-hidden">How the action went for each matter</caption>
        <thead>
          <tr>
            <th scope="col">Matter</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row) => (
            <tr key={row.matterId}>
              <td>{row.reference ?? row.matterId}</td>
              <td>{row.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
