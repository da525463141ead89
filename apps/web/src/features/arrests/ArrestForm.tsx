// Entering or correcting one arrest that did not end in a conviction. On a conflict the form keeps
// what was typed.
import {
  ARREST_DISPOSITION_LABELS,
  ARREST_DISPOSITIONS,
  ARREST_FIELD_WORDS,
  ARREST_RELIEF_REMEDY_IDS,
  type ArrestFieldsInput,
  arrestFieldsSchema,
  CODE_NAMES,
  CODES,
  LEVEL_LABELS,
  LEVELS,
  REMEDIES,
  TRISTATE_LABELS,
} from '@relief-desk/domain';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { Alert, SelectField, TextField } from '../../ui/fields.tsx';

// Only the relief an arrest can have been granted: the schema refuses a conviction's.
const ARREST_REMEDIES = REMEDIES.filter((r) => ARREST_RELIEF_REMEDY_IDS.includes(r.id));

export function blankArrest(): ArrestFieldsInput {
  return {
    arrestDate: '',
    arrestAgency: '',
    code: 'PC',
    section: '',
    offenseDescription: '',
    level: 'misdemeanor',
    disposition: 'unknown',
    dispositionDate: null,
    resultOfTrafficking: 'unknown',
    reliefGrantedRemedy: null,
    reliefGrantedOn: null,
  };
}

interface ArrestFormProps {
  title: string;
  initial: ArrestFieldsInput;
  submitLabel: string;
  pending: boolean;
  onSubmit(values: ArrestFieldsInput): Promise<unknown>;
  onCancel?: () => void;
}

export function ArrestForm({ title, initial, submitLabel, pending, onSubmit, onCancel }: ArrestFormProps) {
  const form = useForm<ArrestFieldsInput>({
    resolver: inputResolver(arrestFieldsSchema),
    defaultValues: initial,
  });
  const [message, setMessage] = useState<string | null>(null);
  const codesId = useId();
  const errors = form.formState.errors;
  const emptyToNull = { setValueAs: (v: string | null) => (v ? v : null) };

  return (
    <form
      noValidate
      aria-label={title}
      onSubmit={form.handleSubmit(async (values) => {
        setMessage(null);
        try {
          await onSubmit(values);
        } catch (error) {
          setMessage(applyServerErrors(form, error, 'arrest'));
        }
      })}
    >
      {message && <Alert tone="error">{message}</Alert>}
      <div className="inline-row">
        <DateField
          label={ARREST_FIELD_WORDS.arrestDate.label}
          error={errors.arrestDate?.message}
          {...form.register('arrestDate')}
        />
        <TextField
          label={`${ARREST_FIELD_WORDS.arrestAgency.label} (optional)`}
          error={errors.arrestAgency?.message}
          {...form.register('arrestAgency')}
        />
      </div>
      <div className="inline-row">
        <TextField
          label={ARREST_FIELD_WORDS.code.label}
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
          label={ARREST_FIELD_WORDS.section.label}
          hint="For example 459 or 11350(a)."
          error={errors.section?.message}
          {...form.register('section')}
        />
        <SelectField label={ARREST_FIELD_WORDS.level.label} {...form.register('level')}>
          {LEVELS.map((l) => (
            <option key={l} value={l}>
              {LEVEL_LABELS[l]}
            </option>
          ))}
        </SelectField>
        <TextField
          label={`${ARREST_FIELD_WORDS.offenseDescription.label} (optional)`}
          error={errors.offenseDescription?.message}
          {...form.register('offenseDescription')}
        />
      </div>
      <div className="inline-row">
        <SelectField
          label={ARREST_FIELD_WORDS.disposition.label}
          error={errors.disposition?.message}
          {...form.register('disposition')}
        >
          {ARREST_DISPOSITIONS.map((d) => (
            <option key={d} value={d}>
              {ARREST_DISPOSITION_LABELS[d]}
            </option>
          ))}
        </SelectField>
        <DateField
          label={`${ARREST_FIELD_WORDS.dispositionDate.label} (optional)`}
          hint="The day charges were dismissed, the verdict, or diversion ended."
          error={errors.dispositionDate?.message}
          {...form.register('dispositionDate', emptyToNull)}
        />
        <SelectField
          label={ARREST_FIELD_WORDS.resultOfTrafficking.label}
          {...form.register('resultOfTrafficking')}
        >
          {(['unknown', 'yes', 'no'] as const).map((v) => (
            <option key={v} value={v}>
              {TRISTATE_LABELS[v]}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="inline-row">
        <SelectField
          label={ARREST_FIELD_WORDS.reliefGrantedRemedy.label}
          error={errors.reliefGrantedRemedy?.message}
          {...form.register('reliefGrantedRemedy', emptyToNull)}
        >
          <option value="">None</option>
          {ARREST_REMEDIES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </SelectField>
        <DateField
          label={ARREST_FIELD_WORDS.reliefGrantedOn.label}
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
