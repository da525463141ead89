// Who works the matter, changed from the matter page: the same audited, version-checked assignment
// the queue's bulk action makes, for one matter.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { type MatterDetail, useRefreshMatter } from './useMatter.ts';

export function AssigneeControl({ matter }: { matter: MatterDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = useRefreshMatter(matter.id);
  const colleagues = useQuery(trpc.users.listColleagues.queryOptions());
  const [choice, setChoice] = useState<string>(matter.assignee?.id ?? '');
  // The version when the choice was made, so a colleague's change meanwhile is refused, not overwritten.
  const [baseVersion, setBaseVersion] = useState(matter.version);
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  // The assignee as last shown. When it changes (this save, a colleague's, a refresh), the choice
  // follows it unless another was chosen here and not saved: a refused choice stays, beside why.
  const current = matter.assignee?.id ?? '';
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    if (choice === shown) {
      setChoice(current);
      setBaseVersion(matter.version);
    }
  }
  const id = useId();
  const assign = useMutation(
    trpc.queues.bulkAssign.mutationOptions({
      onSuccess: async (result) => {
        const row = result.rows[0];
        setMessage(
          result.applied
            ? { tone: 'success', text: 'Assignment saved.' }
            : { tone: 'error', text: row?.message ?? 'The assignment was not saved.' },
        );
        await refresh();
        // Refused, the choice stays; told who changed the matter, saving it again replaces their change.
        const fresh = queryClient.getQueryData(trpc.matters.get.queryKey({ matterId: matter.id }));
        if (!result.applied && fresh) setBaseVersion(fresh.version);
      },
      onError: (error) => setMessage({ tone: 'error', text: describeError(error).message }),
    }),
  );
  const changed = choice !== current;
  const active = (colleagues.data ?? []).filter((u) => u.active);
  // Until the colleagues are loaded the assignee is shown by name alone; then, if not active, marked.
  const heldBy =
    matter.assignee && !active.some((u) => u.id === matter.assignee?.id)
      ? {
          id: matter.assignee.id,
          name: colleagues.data ? `${matter.assignee.name} (disabled)` : matter.assignee.name,
        }
      : null;

  return (
    <form
      className="inline-row"
      aria-label="Assignee"
      onSubmit={(event) => {
        event.preventDefault();
        setMessage(null);
        assign.mutate({ matters: [{ id: matter.id, version: baseVersion }], assigneeId: choice || null });
      }}
    >
      <label htmlFor={id} className="visually-hidden">
        Assignee
      </label>
      <select
        id={id}
        value={choice}
        onChange={(e) => {
          setChoice(e.target.value);
          setBaseVersion(matter.version);
        }}
      >
        <option value="">Unassigned</option>
        {/* The assignee when they are not among the active colleagues (disabled since): shown as such
            and selected, so the page does not read "Unassigned", but not offered for a new assignment. */}
        {heldBy && (
          <option value={heldBy.id} disabled>
            {heldBy.name}
          </option>
        )}
        {active.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </select>
      <BusyButton type="submit" className="button small" disabled={!changed} busy={assign.isPending}>
        Save assignee
      </BusyButton>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
    </form>
  );
}
