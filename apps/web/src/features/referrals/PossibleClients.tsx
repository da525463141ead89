// People the office already knows who may be this person: same birth date, a similar name.
import { isRealDate, STAGE_LABELS, type Stage } from '@relief-desk/domain';
import { useQuery } from '@tanstack/react-query';
import { useDeferredValue } from 'react';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { formatDate } from '../../ui/format.ts';

export type PossibleClient = ApiOutputs['referrals']['findPossibleClients'][number];

interface PossibleClientsProps {
  legalName: string;
  otherNames: string[];
  dateOfBirth: string;
  attachedId: string | null;
  onAttach(match: PossibleClient): void;
}

export function PossibleClients({
  legalName,
  otherNames,
  dateOfBirth,
  attachedId,
  onAttach,
}: PossibleClientsProps) {
  const trpc = useTRPC();
  const search = useDeferredValue({ legalName: legalName.trim(), otherNames, dateOfBirth });
  const ready = search.legalName.length >= 2 && isRealDate(search.dateOfBirth);
  const matches = useQuery({ ...trpc.referrals.findPossibleClients.queryOptions(search), enabled: ready });
  if (!ready || !matches.data || matches.data.length === 0) return null;

  return (
    <section className="possible-clients" aria-labelledby="possible-clients-heading">
      <h2 id="possible-clients-heading">Possible existing clients</h2>
      <p>Same date of birth and a similar name. Attach the referral if this is the same person.</p>
      <ul>
        {matches.data.map((match) => (
          <li key={match.id}>
            <strong>{match.details.legalName}</strong>, born {formatDate(match.details.dateOfBirth)}
            {match.details.otherNames.length > 0 && (
              <> (also {match.details.otherNames.map((o) => o.name).join(', ')})</>
            )}
            {match.matters.length > 0 && (
              <span className="muted">
                {' '}
                · {match.matters.map((m) => `${m.county}: ${STAGE_LABELS[m.stage as Stage]}`).join('; ')}
              </span>
            )}{' '}
            {attachedId === match.id ? (
              <span className="badge">Attached</span>
            ) : (
              <button type="button" className="button" onClick={() => onAttach(match)}>
                Attach to {match.details.legalName}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
