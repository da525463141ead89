// A client's record: details, matters, likely duplicates, "not the same person" decisions and
// merges (undoable for 30 days). A merged-away record's address opens the client it was merged into.
import {
  addressOnOneLine,
  can,
  describeLikelyReasons,
  languageLabel,
  MERGE_UNDO_DAYS,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { formatDate, formatInstant } from '../../ui/format.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';

type ClientRecord = ApiOutputs['clients']['get'];
type Merge = ClientRecord['merges'][number];

export function ClientPage() {
  const { clientId = '' } = useParams();
  const trpc = useTRPC();
  const location = useLocation();
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  const record = useQuery(trpc.clients.get.queryOptions({ clientId }));
  const title = record.data ? `Client: ${record.data.client.details.legalName}` : 'Client';
  const heading = usePageHeading<HTMLHeadingElement>(title);
  const canMerge = me ? can(me.role, 'mergeClients') : false;
  const [done, setDone] = useState<string | null>((location.state as { done?: string } | null)?.done ?? null);

  if (record.error) {
    return (
      <section>
        <h1 ref={heading} tabIndex={-1}>
          Client not available
        </h1>
        <Alert tone="error">{describeError(record.error).message}</Alert>
        <Link to="/matters">Back to the case queue</Link>
      </section>
    );
  }
  if (!record.data) return <p className="loading">Loading…</p>;
  const r = record.data;
  const c = r.client.details;

  return (
    <section className="client">
      <p>
        <Link to="/matters">← Case queue</Link>
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {r.openedMerged && (
        <Alert tone="info">
          You opened the record of {r.openedMerged.legalName} (born {formatDate(r.openedMerged.dateOfBirth)}),
          which was merged into {c.legalName}’s on {formatInstant(r.openedMerged.mergedAt)}: this is the same
          person, and everything of theirs is here.
        </Alert>
      )}
      {done && <Alert tone="success">{done}</Alert>}

      <div className="matter__grid">
        <section aria-labelledby="client-details" className="panel">
          <h2 id="client-details">Details</h2>
          <dl className="facts">
            <dt>Legal name</dt>
            <dd>{c.legalName}</dd>
            <dt>Other names</dt>
            <dd>{c.otherNames.map((o) => o.name).join(', ') || '—'}</dd>
            <dt>Date of birth</dt>
            <dd>{formatDate(c.dateOfBirth)}</dd>
            <dt>Language</dt>
            <dd>{languageLabel(c.preferredLanguage)}</dd>
            <dt>Phone</dt>
            <dd>{c.phone || '—'}</dd>
            <dt>E-mail</dt>
            <dd>{c.email || '—'}</dd>
            <dt>Address</dt>
            <dd>{c.address.line1 ? addressOnOneLine(c.address) : '—'}</dd>
          </dl>
        </section>

        <section aria-labelledby="client-matters" className="panel">
          <h2 id="client-matters">Matters</h2>
          {r.matters.length === 0 ? (
            <p>No matters.</p>
          ) : (
            <ul>
              {r.matters.map((m) => (
                <li key={m.id}>
                  <Link to={`/matters/${m.id}`}>
                    Matter {m.reference}, {m.county}
                  </Link>{' '}
                  — {STAGE_LABELS[m.stage]}, received {formatDate(m.receivedOn)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      <section aria-labelledby="client-duplicates" className="panel">
        <h2 id="client-duplicates">Duplicates</h2>
        {r.likely.length === 0 ? (
          <p>No other client of the office is likely the same person.</p>
        ) : (
          <ul>
            {r.likely.map((d) => (
              <li key={d.id}>
                <strong>Possible duplicate:</strong> <Link to={`/clients/${d.id}`}>{d.legalName}</Link>, born{' '}
                {formatDate(d.dateOfBirth)}: {describeLikelyReasons(d.reasons)}.{' '}
                {canMerge ? (
                  <Link to={`/clients/${r.client.id}/merge?with=${d.id}`}>
                    Compare and merge with {d.legalName}
                  </Link>
                ) : (
                  'A supervisor or administrator can compare and merge the two records.'
                )}
              </li>
            ))}
          </ul>
        )}
        {r.notSamePerson.length > 0 && (
          <>
            <h3>Recorded as not the same person</h3>
            <ul>
              {r.notSamePerson.map((d) => (
                <li key={d.id}>
                  <Link to={`/clients/${d.other.id}`}>{d.other.legalName}</Link>, born{' '}
                  {formatDate(d.other.dateOfBirth)}: “{d.reason}”{' '}
                  <span className="muted">
                    ({d.decidedBy}, {formatInstant(d.decidedAt)})
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {canMerge && (
          <p>
            <Link to={`/clients/${r.client.id}/merge`}>
              Merge another record of this person into this one…
            </Link>
          </p>
        )}
      </section>

      {r.merges.length > 0 && (
        <section aria-labelledby="client-merges" className="panel">
          <h2 id="client-merges">Merged records</h2>
          <ul className="plain-list">
            {r.merges.map((merge) => (
              <MergeItem
                key={merge.id}
                merge={merge}
                record={r}
                canMerge={canMerge}
                onDone={(message) => setDone(message)}
              />
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function MergeItem({
  merge,
  record,
  canMerge,
  onDone,
}: {
  merge: Merge;
  record: ClientRecord;
  canMerge: boolean;
  onDone: (message: string) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const undoButton = useRef<HTMLButtonElement>(null);
  const other = merge.mergedClient;
  const name = record.client.details.legalName;
  const undo = useMutation(
    trpc.clients.undoMerge.mutationOptions({
      onSuccess: () => {
        setConfirming(false);
        onDone(`The merge was undone: ${other.legalName}’s record has its own matters and messages again.`);
        void queryClient.invalidateQueries({ queryKey: trpc.clients.pathKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.matters.pathKey() });
      },
    }),
  );
  return (
    <li className="merge">
      <p>
        <Link to={`/clients/${other.id}`}>{other.legalName}</Link> (born {formatDate(other.dateOfBirth)}) was
        merged into this record by {merge.mergedBy} on {formatInstant(merge.mergedAt)}.
        {merge.undone && ` ${merge.undone.by} undid the merge on ${formatInstant(merge.undone.at)}.`}
        {!merge.undone &&
          !merge.canUndo &&
          ` It can no longer be undone: merges can be undone for ${MERGE_UNDO_DAYS} days.`}
        {!merge.undone && merge.canUndo && ` It can be undone until ${formatInstant(merge.undoUntil)}.`}
      </p>
      {!merge.undone && merge.canUndo && canMerge && !confirming && (
        <button type="button" className="button" ref={undoButton} onClick={() => setConfirming(true)}>
          Undo merge of {other.legalName}
        </button>
      )}
      {confirming && (
        <fieldset className="subform">
          <legend>
            Undo the merge? The matters, messages and other records that came from {other.legalName}’s record
            go back to it, and the names it added leave {name}’s.
          </legend>
          {undo.error && <Alert tone="error">{describeError(undo.error).message}</Alert>}
          <BusyButton
            type="button"
            className="button button--primary"
            // The question is what to do next: the keyboard starts there.
            ref={focusOnMount}
            busy={undo.isPending}
            onClick={() =>
              undo.mutate({
                mergeId: merge.id,
                survivingClientVersion: record.client.version,
                mergedClientVersion: other.version,
              })
            }
          >
            {undo.isPending ? 'Undoing…' : 'Yes, undo the merge'}
          </BusyButton>{' '}
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setConfirming(false);
              undo.reset();
              setTimeout(() => undoButton.current?.focus(), 0);
            }}
          >
            Cancel
          </button>
        </fieldset>
      )}
    </li>
  );
}
