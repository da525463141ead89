// On the matter page's client details: the way to the client's record, likely duplicates of the
// client (with the way to compare and merge them), and decisions that someone is not this person.
import { can, describeLikelyReasons } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTRPC } from '../../trpc.ts';
import { formatDate } from '../../ui/format.ts';

export function ClientRecordNote({ clientId }: { clientId: string }) {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  const duplicates = useQuery(trpc.clients.duplicates.queryOptions({ clientId })).data;
  const canMerge = me ? can(me.role, 'mergeClients') : false;
  return (
    <div className="client-record-note">
      <p>
        <Link to={`/clients/${clientId}`}>Client record, duplicates and merges</Link>
        {canMerge && (
          <>
            {' · '}
            <Link to={`/clients/${clientId}/merge`}>Merge with another record…</Link>
          </>
        )}
      </p>
      {duplicates && duplicates.likely.length > 0 && (
        <div className="alert alert--info">
          <h3>Possible duplicate</h3>
          <ul>
            {duplicates.likely.map((d) => (
              <li key={d.id}>
                <Link to={`/clients/${d.id}`}>{d.legalName}</Link>, born {formatDate(d.dateOfBirth)}:{' '}
                {describeLikelyReasons(d.reasons)}.{' '}
                {canMerge ? (
                  <Link to={`/clients/${clientId}/merge?with=${d.id}`}>
                    Compare and merge with {d.legalName}
                  </Link>
                ) : (
                  'Ask a supervisor to compare and merge the records.'
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {duplicates && duplicates.notSamePerson.length > 0 && (
        <p className="small">
          Recorded as not the same person as{' '}
          {duplicates.notSamePerson.map((d, i) => (
            <span key={d.id}>
              {i > 0 && '; '}
              {d.other.legalName} (born {formatDate(d.other.dateOfBirth)}): “{d.reason}”
            </span>
          ))}
          .
        </p>
      )}
    </div>
  );
}
