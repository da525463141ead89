// Every saved version of a conviction, newest first: who changed it, when, and what it said then.
import { type ConvictionFields, describeConviction, SENTENCE_KIND_LABELS } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';
import { formatDate, formatInstant } from '../../ui/format.ts';

export function ConvictionHistory({ convictionId }: { convictionId: string }) {
  const trpc = useTRPC();
  const history = useQuery(trpc.convictions.history.queryOptions({ convictionId }));
  if (!history.data || history.data.length === 0) return null;
  return (
    <details className="subform">
      <summary>Earlier versions ({history.data.length})</summary>
      <ol className="plain-list history">
        {history.data.map((revision) => {
          const fields = revision.fields as ConvictionFields;
          return (
            <li key={revision.version}>
              Version {revision.version}, {revision.changedBy}, {formatInstant(revision.changedAt)}:{' '}
              {describeConviction(fields)}, convicted {formatDate(fields.convictionDate)},{' '}
              {SENTENCE_KIND_LABELS[fields.sentenceKind]}
              {fields.endDate && ` until ${formatDate(fields.endDate)}`}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
