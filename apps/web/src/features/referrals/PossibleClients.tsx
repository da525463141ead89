// People the office already knows who may be this person: same birth date, a similar name. Those
// that also share the name, phone or e-mail are *likely* the person: the referral is saved only once
// each is resolved, by attaching the referral to it or by saying why it is someone else. The list
// appears as the birth date is typed, away from the focus: a status line says it did. Two people of
// one name are told apart in their buttons' names by their birth dates and matters.
import {
  describeLikelyReasons,
  isRealDate,
  type LikelyReason,
  likelyMatchReasons,
  type RecordReferral,
  type RecordReferralInput,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import {
  type Control,
  type FieldErrors,
  type UseFormRegister,
  useFieldArray,
  useWatch,
} from 'react-hook-form';
import { useDebouncedValue } from '../../lib/useDebouncedValue.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { TextAreaField } from '../../ui/fields.tsx';
import { formatDate } from '../../ui/format.ts';

export type PossibleClient = ApiOutputs['referrals']['findPossibleClients'][number];

type Form = Control<RecordReferralInput, unknown, RecordReferral>;

interface PossibleClientsProps {
  control: Form;
  register: UseFormRegister<RecordReferralInput>;
  errors: FieldErrors<RecordReferralInput>;
  attachedId: string | null;
  onAttach(match: PossibleClient): void;
  /** The likely matches not yet resolved (none while the referral is attached to a client). */
  onUnresolvedChange(unresolved: PossibleClient[]): void;
}

export function PossibleClients({
  control,
  register,
  errors,
  attachedId,
  onAttach,
  onUnresolvedChange,
}: PossibleClientsProps) {
  const trpc = useTRPC();
  // Watched here rather than in the form, so a keystroke re-renders this list and not the whole page.
  const [legalName, otherNameFields, dateOfBirth, phone, email] = useWatch({
    control,
    name: ['client.legalName', 'client.otherNames', 'client.dateOfBirth', 'client.phone', 'client.email'],
  });
  const decisions = useFieldArray({ control, name: 'notSamePersonAs', keyName: 'key' });
  const otherNames = (otherNameFields ?? []).map((o) => o?.name ?? '').filter(Boolean);
  // Ask once typing pauses, not on every keystroke.
  const search = useDebouncedValue(
    { legalName: (legalName ?? '').trim(), otherNames, dateOfBirth: dateOfBirth ?? '' },
    300,
  );
  // Typing the phone or e-mail asks the server nothing (nor restarts the wait above): they are compared
  // here, with the same rule the server applies when the referral is saved.
  const contact = useDebouncedValue({ phone: (phone ?? '').trim(), email: (email ?? '').trim() }, 300);
  const ready = search.legalName.length >= 2 && isRealDate(search.dateOfBirth);
  const matches = useQuery({
    ...trpc.referrals.findPossibleClients.queryOptions(search),
    enabled: ready,
    // The last list stays while the next one loads, so a focused "Attach" button does not vanish.
    placeholderData: keepPreviousData,
  });
  const typed = {
    names: [search.legalName, ...search.otherNames],
    dateOfBirth: search.dateOfBirth,
    phone: contact.phone,
    email: contact.email,
  };
  const shown: (PossibleClient & { likely: LikelyReason[] })[] = (ready ? (matches.data ?? []) : []).map(
    (m) => ({
      ...m,
      likely: likelyMatchReasons(typed, {
        names: [m.details.legalName, ...m.details.otherNames.map((o) => o.name)],
        dateOfBirth: m.details.dateOfBirth,
        phone: m.details.phone,
        email: m.details.email,
      }),
    }),
  );
  const notSameButtons = useRef(new Map<string, HTMLButtonElement>());

  // A decision about someone no longer listed (the name or birth date changed) is dropped.
  const settled = ready && matches.data !== undefined && !matches.isPlaceholderData;
  useEffect(() => {
    if (!settled) return;
    const listed = new Set(shown.map((m) => m.id));
    const stale = decisions.fields.flatMap((d, index) => (listed.has(d.clientId) ? [] : [index]));
    if (stale.length > 0) decisions.remove(stale);
  }, [settled, shown, decisions]);

  const decidedIds = decisions.fields.map((d) => d.clientId).join(' ');
  const unresolved = attachedId
    ? []
    : shown.filter((m) => m.likely.length > 0 && !decidedIds.split(' ').includes(m.id));
  const unresolvedKey = unresolved.map((m) => m.id).join(' ');
  const report = useRef(onUnresolvedChange);
  report.current = onUnresolvedChange;
  // Reported when the set of ids changes, not on every new array.
  useEffect(() => report.current(unresolved), [unresolvedKey]);

  const anyLikely = shown.some((m) => m.likely.length > 0);
  const likelyCount = shown.filter((m) => m.likely.length > 0).length;
  // Always on the page, so a screen reader hears the list appear (a region that mounts with its words
  // is often not read); empty while there is none.
  const found = (
    <p role="status" className="visually-hidden">
      {shown.length === 0
        ? ''
        : `${shown.length === 1 ? 'One possible existing client' : `${shown.length} possible existing clients`} listed under the date of birth${
            likelyCount === 0
              ? '.'
              : likelyCount === shown.length
                ? `: ${likelyCount === 1 ? 'likely the same person, to resolve before saving' : 'each likely the same person, to resolve before saving'}.`
                : `: ${likelyCount} likely the same person, to resolve before saving.`
          }`}
    </p>
  );
  if (shown.length === 0) return found;

  return (
    <>
      {found}
      <section
        className="possible-clients"
        aria-labelledby="possible-clients-heading"
        aria-busy={matches.isPlaceholderData}
      >
        <h2 id="possible-clients-heading">Possible existing clients</h2>
        <p>
          Same date of birth and a similar name. Attach the referral if this is the same person.
          {anyLikely &&
            ' A likely match must be resolved before saving: attach the referral to them, or say why they are not the same person.'}
        </p>
        <ul>
          {shown.map((match, _, all) => {
            const index = decisions.fields.findIndex((d) => d.clientId === match.id);
            const name = match.details.legalName;
            // What tells this person from another of the same name, for the buttons' names.
            const who = whoIs(match);
            const firstUnresolved = unresolved[0]?.id === match.id;
            return (
              <li key={match.id}>
                <strong>{name}</strong>, born {formatDate(match.details.dateOfBirth)}
                {match.details.otherNames.length > 0 && (
                  <> (also {match.details.otherNames.map((o) => o.name).join(', ')})</>
                )}
                {match.matters.length > 0 && (
                  <span className="muted">
                    {' '}
                    ·{' '}
                    {match.matters
                      .map((m) => `${m.reference}, ${m.county}: ${STAGE_LABELS[m.stage]}`)
                      .join('; ')}
                  </span>
                )}
                {match.likely.length > 0 && (
                  <p className="likely-match">
                    Likely the same person: {describeLikelyReasons(match.likely)}.
                    {index >= 0 && ' You said they are not the same person.'}
                  </p>
                )}
                {attachedId === match.id ? (
                  // Takes the focus from the button it replaces (which would drop it to the page).
                  <span className="badge" tabIndex={-1} ref={(el) => el?.focus()}>
                    Attached to {name}
                  </span>
                ) : (
                  index < 0 && (
                    <span className="inline-actions">
                      <button
                        type="button"
                        className="button"
                        // The error summary's link for an unresolved match leads here.
                        name={firstUnresolved ? 'notSamePersonAs' : undefined}
                        aria-label={`Attach to ${who}`}
                        onClick={() => onAttach(match)}
                      >
                        Attach to {name}
                      </button>
                      {match.likely.length > 0 && (
                        <button
                          type="button"
                          className="button"
                          aria-label={`Not the same person as ${who}`}
                          ref={(el) => {
                            if (el) notSameButtons.current.set(match.id, el);
                            else notSameButtons.current.delete(match.id);
                          }}
                          onClick={() =>
                            decisions.append(
                              { clientId: match.id, reason: '' },
                              { focusName: `notSamePersonAs.${decisions.fields.length}.reason` },
                            )
                          }
                        >
                          Not the same person as {name}
                        </button>
                      )}
                    </span>
                  )
                )}
                {index >= 0 && (
                  <div className="subform">
                    <TextAreaField
                      // Two namesakes' boxes would share a label: theirs say which person they are about.
                      label={`Why is ${all.filter((m) => m.details.legalName === name).length > 1 ? who : name} not the same person?`}
                      hint="For example: a different middle name, mother’s name or place of birth. Colleagues will see this."
                      rows={2}
                      error={errors.notSamePersonAs?.[index]?.reason?.message}
                      {...register(`notSamePersonAs.${index}.reason`)}
                    />
                    <button
                      type="button"
                      className="button button--quiet"
                      aria-label={`Undo: ${who} may be the same person`}
                      onClick={() => {
                        decisions.remove(index);
                        // Back to the choice just undone.
                        setTimeout(() => notSameButtons.current.get(match.id)?.focus(), 0);
                      }}
                    >
                      Undo: {name} may be the same person
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </>
  );
}

/** A possible client as their buttons name them: the name, the birth date, and their matters. */
function whoIs(match: PossibleClient): string {
  const matters = match.matters.map((m) => m.reference);
  const held =
    matters.length === 0
      ? 'no matters'
      : `${matters.length === 1 ? 'matter' : 'matters'} ${matters.join(', ')}`;
  return `${match.details.legalName} (born ${formatDate(match.details.dateOfBirth)}, ${held})`;
}
