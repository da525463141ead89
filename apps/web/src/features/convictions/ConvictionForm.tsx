// Entering or editing one conviction. On a conflict the form keeps what was typed.
import {
  type BornOn,
  CODE_NAMES,
  CODES,
  CONVICTION_FIELD_WORDS,
  CONVICTION_RELIEF_REMEDY_IDS,
  COUNTIES,
  type ConvictionFieldsInput,
  convictedAsMinorNotice,
  convictionFieldsSchema,
  LEVEL_LABELS,
  LEVELS,
  PROBATION_OUTCOME_LABELS,
  PROBATION_OUTCOMES,
  REMEDIES,
  SENTENCE_KIND_LABELS,
  SENTENCE_KINDS,
  TRISTATE_LABELS,
} from '@relief-desk/domain';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';

// Only the relief a conviction can have been granted: the schema refuses an arrest's (PC 851.91…).
const CONVICTION_REMEDIES = REMEDIES.filter((r) => CONVICTION_RELIEF_REMEDY_IDS.includes(r.id));

export function blankConviction(county: string): ConvictionFieldsInput {
  return {
    caseNumber: '',
    county: county as ConvictionFieldsInput['county'],
    court: '',
    code: 'PC',
    section: '',
    level: 'misdemeanor',
    wobbler: 'unknown',
    convictionDate: '',
    offenseDate: null,
    sentenceKind: 'probation',
    executionSuspended: 'unknown',
    mandatorySupervision: 'unknown',
    endDate: null,
    probationOutcome: 'unknown',
    valueOver950: 'unknown',
    reliefGrantedRemedy: null,
    reliefGrantedOn: null,
  };
}

interface ConvictionFormProps {
  title: string;
  initial: ConvictionFieldsInput;
  submitLabel: string;
  pending: boolean;
  onSubmit(values: ConvictionFieldsInput): Promise<unknown>;
  onCancel?: () => void;
  /** The client the conviction is of, to say as the date is typed that they were 14 to 17 then. */
  client: BornOn;
}

export function ConvictionForm({
  title,
  initial,
  submitLabel,
  pending,
  onSubmit,
  onCancel,
  client,
}: ConvictionFormProps) {
  const form = useForm<ConvictionFieldsInput>({
    resolver: inputResolver(convictionFieldsSchema),
    defaultValues: initial,
  });
  const [message, setMessage] = useState<string | null>(null);
  const codesId = useId();
  const errors = form.formState.errors;
  const minorNotice = convictedAsMinorNotice(form.watch('convictionDate') || null, client);
  const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };
  const tristate = (name: 'wobbler' | 'executionSuspended' | 'mandatorySupervision' | 'valueOver950') => (
    <SelectField label={CONVICTION_FIELD_WORDS[name].label} {...form.register(name)}>
      {(['unknown', 'yes', 'no'] as const).map((v) => (
        <option key={v} value={v}>
          {TRISTATE_LABELS[v]}
        </option>
      ))}
    </SelectField>
  );

  return (
    <form
      noValidate
      aria-label={title}
      onSubmit={form.handleSubmit(async (values) => {
        setMessage(null);
        try {
          await onSubmit(values);
        } catch (error) {
          setMessage(applyServerErrors(form, error, 'conviction'));
        }
      })}
    >
      {message && <Alert tone="error">{message}</Alert>}
      <div className="inline-row">
        <TextField
          label={CONVICTION_FIELD_WORDS.caseNumber.label}
          error={errors.caseNumber?.message}
          {...form.register('caseNumber')}
        />
        <SelectField
          label={CONVICTION_FIELD_WORDS.county.label}
          error={errors.county?.message}
          {...form.register('county')}
        >
          {COUNTIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </SelectField>
        <TextField label={`${CONVICTION_FIELD_WORDS.court.label} (optional)`} {...form.register('court')} />
      </div>
      <div className="inline-row">
        <TextField
          label={CONVICTION_FIELD_WORDS.code.label}
          list={codesId}
          size={5}
          error={errors.code?.message}
          {...form.register('code')}
        />
        <datalist id={codesId}>
          {CODES.map((c) => (
            <option key={c} value={c} label={CODE_NAMES[c]} />
          ))}
        </datalist>
        <TextField
          label={CONVICTION_FIELD_WORDS.section.label}
          hint="For example 484(a) or 11350(a)."
          error={errors.section?.message}
          {...form.register('section')}
        />
        <SelectField label={CONVICTION_FIELD_WORDS.level.label} {...form.register('level')}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </SelectField>
        {tristate('wobbler')}
        <DateField
          label={CONVICTION_FIELD_WORDS.convictionDate.label}
          error={errors.convictionDate?.message}
          {...form.register('convictionDate')}
        />
        <DateField
          label={`${CONVICTION_FIELD_WORDS.offenseDate.label} (optional)`}
          hint="When the offense was committed, if the record says: Prop 47 and Prop 64 turn on it."
          error={errors.offenseDate?.message}
          {...form.register('offenseDate', emptyToNull)}
        />
      </div>
      {minorNotice && <Alert tone="info">{minorNotice}</Alert>}
      <div className="inline-row">
        <SelectField label={CONVICTION_FIELD_WORDS.sentenceKind.label} {...form.register('sentenceKind')}>
          {SENTENCE_KINDS.map((s) => (
            <option key={s} value={s}>
              {SENTENCE_KIND_LABELS[s]}
            </option>
          ))}
        </SelectField>
        {tristate('executionSuspended')}
        {tristate('mandatorySupervision')}
        <DateField
          label={CONVICTION_FIELD_WORDS.endDate.label}
          error={errors.endDate?.message}
          {...form.register('endDate', emptyToNull)}
        />
        <SelectField
          label={CONVICTION_FIELD_WORDS.probationOutcome.label}
          {...form.register('probationOutcome')}
        >
          {PROBATION_OUTCOMES.map((p) => (
            <option key={p} value={p}>
              {PROBATION_OUTCOME_LABELS[p]}
            </option>
          ))}
        </SelectField>
        {tristate('valueOver950')}
      </div>
      <div className="inline-row">
        <SelectField
          label={CONVICTION_FIELD_WORDS.reliefGrantedRemedy.label}
          error={errors.reliefGrantedRemedy?.message}
          {...form.register('reliefGrantedRemedy', emptyToNull)}
        >
          <option value="">None</option>
          {CONVICTION_REMEDIES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <DateField
          label={CONVICTION_FIELD_WORDS.reliefGrantedOn.label}
          error={errors.reliefGrantedOn?.message}
          {...form.register('reliefGrantedOn', emptyToNull)}
        />
      </div>
      <BusyButton type="submit" className="button button--primary" busy={pending}>
        {submitLabel}
      </BusyButton>
      {onCancel && (
        <>
          {' '}
          <button type="button" className="button button--quiet" onClick={onCancel}>
            Cancel
          </button>
        </>
      )}
    </form>
  );
}
