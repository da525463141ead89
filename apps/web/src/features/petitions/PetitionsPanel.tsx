// Petitions: draft one from convictions of a case (a petition to seal an arrest is drafted on the
// arrest, in the arrests panel), then record filing, service, hearing and the court's decision per
// conviction, or on the arrest.
import {
  type CreatePetitionInput,
  courtOfCounty,
  createPetitionInputSchema,
  describeArrest,
  describeConviction,
  FORM_SET_LABELS,
  FORM_SETS,
  isAutomaticRemedy,
  noticeProblem,
  OUTCOME_LABELS,
  OUTCOMES,
  PETITION_STATUS_LABELS,
  PETITION_STATUSES,
  REMEDIES,
  type UpdatePetitionInput,
  updatePetitionInputSchema,
} from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { Alert, Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { focusOnMount, refocus } from '../../ui/focus.ts';
import { formatDate } from '../../ui/format.ts';
import { type MatterDetail, useRefreshMatter } from '../matters/useMatter.ts';
import { PacketPanel } from '../packets/PacketPanel.tsx';

type PetitionRow = MatterDetail['petitions'][number];
const remedyLabel = (id: string) => REMEDIES.find((r) => r.id === id)?.label ?? id;
/** "PC 1203.4 dismissal, case 16CR01234"; a petition to seal an arrest filed without a case, by its arrest. */
function petitionTitle(p: PetitionRow): string {
  const remedy = remedyLabel(p.remedy);
  if (p.caseNumber) return `${remedy}, case ${p.caseNumber}`;
  return p.arrest ? `${remedy}, arrest of ${formatDate(p.arrest.arrestDate)}` : remedy;
}
/** What the petition is for, in the names of its update form and button. */
const petitionFor = (p: PetitionRow) =>
  p.caseNumber
    ? `case ${p.caseNumber}`
    : p.arrest
      ? `the arrest of ${formatDate(p.arrest.arrestDate)}`
      : 'this petition';
const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };

export function PetitionsPanel({ matter }: { matter: MatterDetail }) {
  const [editing, setEditing] = useState<string | null>(null);
  // The "Update petition" button that opened the form, to give focus back when the form closes.
  const editOpener = useRef<HTMLButtonElement | null>(null);
  const closeEdit = () => {
    setEditing(null);
    refocus(editOpener.current);
  };
  // Said in the panel's live region once a petition is drafted.
  const [said, setSaid] = useState('');
  // An outcome corrected after the client was told it: what the server says staff must do, by petition.
  const [toldEarlier, setToldEarlier] = useState<Record<string, string>>({});
  const describe = (id: string) => {
    const c = matter.convictions?.find((x) => x.id === id);
    return c ? describeConviction(c.fields) : 'Conviction (RAP sheet permission needed to see it)';
  };
  return (
    <section aria-labelledby="petitions-heading" className="panel">
      <h2 id="petitions-heading">Petitions</h2>
      {matter.petitions.length === 0 && <p className="muted">No petitions yet.</p>}
      {matter.convictions === null && matter.petitions.length > 0 && (
        <p className="muted" id="petitions-withheld">
          Each petition’s remedy, court case, court and outcomes are withheld: criminal history needs the RAP
          sheet permission. Ask an administrator if your work needs it.
        </p>
      )}
      {matter.petitions.map((p) => {
        const withheld = matter.convictions === null;
        const title = withheld ? 'Petition' : petitionTitle(p);
        // Names the remedy's statute: shown with the remedy, to those who may see it.
        const notice = withheld ? null : noticeProblem(p);
        return (
          <article
            key={p.id}
            className="petition"
            aria-label={title}
            aria-describedby={withheld ? 'petitions-withheld' : undefined}
          >
            <h3>
              {title} — {PETITION_STATUS_LABELS[p.status]}
            </h3>
            <p className="small">
              {!withheld && (
                <>
                  {FORM_SET_LABELS[p.formSet]} · {p.court}
                  {p.courthouse && `, ${p.courthouse}`}
                </>
              )}
              {p.filedOn && ` · filed ${formatDate(p.filedOn)}`}
              {p.servedOn && ` · served ${formatDate(p.servedOn)}`}
              {p.hearingOn && ` · hearing ${formatDate(p.hearingOn)}`}
              {p.ruleByOn && ` · rule by ${formatDate(p.ruleByOn)}`}
              {p.decidedOn && ` · decided ${formatDate(p.decidedOn)}`}
              {p.status === 'decided' && p.orderAttached && ' · signed order attached'}
              {p.orderAwaited && ' · signed order awaited'}
            </p>
            {toldEarlier[p.id] && <Alert tone="info">{toldEarlier[p.id]}</Alert>}
            {notice && (
              <p className="alert alert--error petition-notice">
                <strong>Notice before the hearing.</strong> {notice}
              </p>
            )}
            {!withheld && (
              <ul className="plain-list">
                {p.convictions.map((c) => (
                  <li key={c.convictionId}>
                    {describe(c.convictionId)}:{' '}
                    <strong>{c.outcome ? OUTCOME_LABELS[c.outcome] : 'no outcome yet'}</strong>
                  </li>
                ))}
                {p.convictions.length === 0 && !p.arrest && (
                  <li className="muted">Its convictions have been removed from the matter.</li>
                )}
                {p.arrest && (
                  <li>
                    {describeArrest(p.arrest)}
                    {p.arrest.offenseDescription && ` (${p.arrest.offenseDescription})`}:{' '}
                    <strong>{p.arrest.outcome ? OUTCOME_LABELS[p.arrest.outcome] : 'no outcome yet'}</strong>
                  </li>
                )}
              </ul>
            )}
            {matter.convictions !== null && (
              <button
                type="button"
                className="button"
                aria-expanded={editing === p.id}
                onClick={(e) => {
                  editOpener.current = e.currentTarget;
                  setEditing(editing === p.id ? null : p.id);
                }}
              >
                Update petition <span className="visually-hidden">for {petitionFor(p)}</span>
              </button>
            )}
            {matter.convictions !== null && p.status !== 'decided' && p.status !== 'withdrawn' && (
              <PacketPanel petitionId={p.id} title={title} />
            )}
            {editing === p.id && (
              <UpdatePetitionForm
                petition={p}
                matterId={matter.id}
                describe={describe}
                onDone={closeEdit}
                onSaved={(told) =>
                  setToldEarlier(({ [p.id]: _, ...others }) => (told ? { ...others, [p.id]: told } : others))
                }
              />
            )}
          </article>
        );
      })}
      {/* On the page before anything is said in it, so screen readers announce what is put there. */}
      <p className="visually-hidden" role="status">
        {said}
      </p>
      {matter.convictions && matter.convictions.length > 0 && (
        <CreatePetitionForm matter={matter} onDrafted={setSaid} />
      )}
    </section>
  );
}

function CreatePetitionForm({ matter, onDrafted }: { matter: MatterDetail; onDrafted(said: string): void }) {
  const trpc = useTRPC();
  const refresh = useRefreshMatter(matter.id);
  const blank = (): CreatePetitionInput => ({
    matterId: matter.id,
    remedy: 'pc1203.4',
    convictionIds: [],
    formSet: 'cr180_cr181',
    court: courtOfCounty(matter.county),
    courthouse: '',
  });
  const form = useForm<CreatePetitionInput>({
    resolver: inputResolver(createPetitionInputSchema),
    defaultValues: blank(),
  });
  // A petition is filed where its case is: the court follows the convictions ticked (a matter's
  // convictions may be from another county), until the court is typed by hand.
  const ticked = form.watch('convictionIds');
  useEffect(() => {
    const counties = new Set(
      (matter.convictions ?? []).filter((c) => ticked.includes(c.id)).map((c) => c.fields.county),
    );
    const [county] = counties;
    if (counties.size === 1 && county && !form.getFieldState('court').isDirty)
      form.setValue('court', courtOfCounty(county));
  }, [ticked, matter.convictions, form]);
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation(
    trpc.petitions.create.mutationOptions({
      onSuccess: async (_data, input) => {
        form.reset(blank());
        setMessage(null);
        await refresh({ suggestions: true });
        const count = input.convictionIds.length;
        onDrafted(
          `Petition drafted: ${remedyLabel(input.remedy)}, ${count} ${count === 1 ? 'conviction' : 'convictions'}.`,
        );
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const errors = form.formState.errors;
  return (
    <details className="subform">
      <summary>Draft a petition</summary>
      <form
        noValidate
        aria-label="Draft a petition"
        onSubmit={form.handleSubmit((v) => {
          // Cleared first, so drafting a second petition like the first is announced again.
          onDrafted('');
          create.mutate(v);
        })}
      >
        {message && <Alert tone="error">{message}</Alert>}
        <div className="inline-row">
          <SelectField label="Remedy" {...form.register('remedy')}>
            {/* Relief the DOJ grants by itself has no petition to draft. */}
            {REMEDIES.filter((r) => !isAutomaticRemedy(r.id)).map((r) => (
              <option key={r.id} value={r.id}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <SelectField label="Form set" {...form.register('formSet')}>
            {FORM_SETS.map((f) => (
              <option key={f} value={f}>
                {FORM_SET_LABELS[f]}
              </option>
            ))}
          </SelectField>
          <TextField label="Court" error={errors.court?.message} {...form.register('court')} />
          <TextField label="Courthouse (optional)" {...form.register('courthouse')} />
        </div>
        <fieldset className={errors.convictionIds ? 'field field--invalid' : 'field'}>
          <legend>Convictions in this petition (one court case)</legend>
          {(matter.convictions ?? []).map((c) => (
            <Checkbox
              key={c.id}
              label={describeConviction(c.fields)}
              value={c.id}
              {...form.register('convictionIds')}
            />
          ))}
          {errors.convictionIds?.message && <p className="field__error">{errors.convictionIds.message}</p>}
        </fieldset>
        <BusyButton type="submit" className="button button--primary" busy={create.isPending}>
          Draft petition
        </BusyButton>
      </form>
    </details>
  );
}

function UpdatePetitionForm(props: {
  petition: PetitionRow;
  matterId: string;
  describe(id: string): string;
  onDone(): void;
  /** Saved: what the client must be told again (an outcome corrected after it was sent), or null. */
  onSaved(clientToldEarlier: string | null): void;
}) {
  const { petition: p } = props;
  const trpc = useTRPC();
  const refresh = useRefreshMatter(props.matterId);
  const form = useForm<UpdatePetitionInput>({
    resolver: inputResolver(updatePetitionInputSchema),
    defaultValues: {
      petitionId: p.id,
      version: p.version,
      status: p.status,
      court: p.court,
      courthouse: p.courthouse,
      filedOn: p.filedOn,
      servedOn: p.servedOn,
      hearingOn: p.hearingOn,
      ruleByOn: p.ruleByOn,
      decidedOn: p.decidedOn,
      outcomes: p.convictions.map((c) => ({ convictionId: c.convictionId, outcome: c.outcome })),
      // Sent only for a petition on an arrest: one on convictions is refused an arrest outcome.
      ...(p.arrest ? { arrestOutcome: p.arrest.outcome } : {}),
    },
  });
  const [message, setMessage] = useState<string | null>(null);
  const update = useMutation(
    trpc.petitions.update.mutationOptions({
      onSuccess: async (saved) => {
        await refresh({ suggestions: true });
        props.onSaved(saved.clientToldEarlier);
        props.onDone();
      },
      onError: (error) => setMessage(applyServerErrors(form, error)),
    }),
  );
  const errors = form.formState.errors;
  const headingId = `update-petition-${p.id}-heading`;
  return (
    <form noValidate aria-labelledby={headingId} onSubmit={form.handleSubmit((v) => update.mutate(v))}>
      {/* Focus moves here when "Update petition" opens the form, as for the conviction forms. */}
      <h4 id={headingId} ref={focusOnMount} tabIndex={-1}>
        Update petition for {petitionFor(p)}
      </h4>
      {message && <Alert tone="error">{message}</Alert>}
      <div className="inline-row">
        <SelectField label="Status" {...form.register('status')}>
          {PETITION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {PETITION_STATUS_LABELS[s]}
            </option>
          ))}
        </SelectField>
        <DateField
          label="Filed on"
          error={errors.filedOn?.message}
          {...form.register('filedOn', emptyToNull)}
        />
        <DateField
          label="Served on the prosecutor on"
          error={errors.servedOn?.message}
          {...form.register('servedOn', emptyToNull)}
        />
        <DateField
          label="Hearing on"
          error={errors.hearingOn?.message}
          {...form.register('hearingOn', emptyToNull)}
        />
        <DateField
          label="Rule-by date"
          error={errors.ruleByOn?.message}
          {...form.register('ruleByOn', emptyToNull)}
        />
        <DateField
          label="Decided on"
          error={errors.decidedOn?.message}
          {...form.register('decidedOn', emptyToNull)}
        />
      </div>
      <div className="inline-row">
        <TextField label="Court" error={errors.court?.message} {...form.register('court')} />
        <TextField label="Courthouse" {...form.register('courthouse')} />
      </div>
      {p.arrest && (
        <SelectField
          label={`Outcome for the ${describeArrest(p.arrest)}`}
          error={errors.arrestOutcome?.message}
          {...form.register('arrestOutcome', emptyToNull)}
        >
          <option value="">No outcome yet</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>
              {OUTCOME_LABELS[o]}
            </option>
          ))}
        </SelectField>
      )}
      {p.convictions.length > 0 && (
        <fieldset className="field">
          <legend>Outcome per conviction</legend>
          {p.convictions.map((c, i) => (
            <SelectField
              key={c.convictionId}
              label={`Outcome for ${props.describe(c.convictionId)}`}
              error={errors.outcomes?.[i]?.outcome?.message}
              {...form.register(`outcomes.${i}.outcome`, emptyToNull)}
            >
              <option value="">No outcome yet</option>
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {OUTCOME_LABELS[o]}
                </option>
              ))}
            </SelectField>
          ))}
        </fieldset>
      )}
      <BusyButton type="submit" className="button button--primary" busy={update.isPending}>
        Save petition
      </BusyButton>{' '}
      <button type="button" className="button button--quiet" onClick={props.onDone}>
        Cancel
      </button>
    </form>
  );
}
