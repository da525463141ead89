// People the office already knows who may be this person: same birth date, a similar name.
import {
  isRealDate,
  type RecordReferral,
  type RecordReferralInput,
  STAGE_LABELS,
  type Stage,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Control, useWatch } from 'react-hook-form';
import { useDebouncedValue } from '../../lib/useDebouncedValue.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { formatDate } from '../../ui/format.ts';

export type PossibleClient = ApiOutputs['referrals']['findPossibleClients'][number];

interface PossibleClientsProps {
  control: Control<RecordReferralInput, unknown, RecordReferral>;
  attachedId: string | null;
  onAttach(match: PossibleClient): void;
}

export function PossibleClients({ control, attachedId, onAttach }: PossibleClientsProps) {
  const trpc = useTRPC();
  // Watched here rather than in the form, so a keystroke re-renders this list and not the whole page.
  const [legalName, otherNameFields, dateOfBirth] = useWatch({
    control,
    name: ['client.legalName', 'client.otherNames', 'client.dateOfBirth'],
  });
  const otherNames = (otherNameFields ?? []).map((o) => o?.name ?? '').filter(Boolean);
  // Ask once typing pauses, not on every keystroke.
  const search = useDebouncedValue(
    { legalName: (legalName ?? '').trim(), otherNames, dateOfBirth: dateOfBirth ?? '' },
    300,
  );
  const ready = search.legalName.length >= 2 && isRealDate(search.dateOfBirth);
  const matches = useQuery({
    ...trpc.referrals.findPossibleClients.queryOptions(search),
    enabled: ready,
    // The last list stays while the next one loads, so a focused "Attach" button does not vanish.
    placeholderData: keepPreviousData,
  });
  if (!ready || !matches.data || matches.data.length === 0) return null;

  return (
    <section
      className="possible-clients"
      aria-labelledby="possible-clients-heading"
      aria-busy={matches.isPlaceholderData}
    >
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
