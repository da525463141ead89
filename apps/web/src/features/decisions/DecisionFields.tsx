// The fields of a decision, on a conviction (DecisionForm) or an arrest (ArrestDecisionForm): the
// determination, its date or what is missing, why a suggestion is overridden, and the reasons.
import { DETERMINATION_LABELS, DETERMINATIONS, type RecordDecisionInput } from '@relief-desk/domain';
import type { Path, UseFormReturn } from 'react-hook-form';
import { DateField } from '../../ui/DateField.tsx';
import { SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';

type DecisionFieldValues = Pick<
  RecordDecisionInput,
  'determination' | 'eligibleOn' | 'missingInfo' | 'reasons' | 'overrideReason'
>;

interface DecisionFieldsProps<T extends DecisionFieldValues> {
  /** The conviction's or the arrest's decision form: both hold these fields. */
  form: UseFormReturn<T>;
  /** The determination chosen now: the date and missing-information fields follow it. */
  determination: DecisionFieldValues['determination'];
  /** The determination differs from the rules' suggestion, so the attorney says why. */
  overriding: boolean;
}

export function DecisionFields<T extends DecisionFieldValues>({
  form,
  determination,
  overriding,
}: DecisionFieldsProps<T>) {
  // Every form these fields sit in has them under these names (T extends DecisionFieldValues).
  const register = (name: keyof DecisionFieldValues, options?: Parameters<typeof form.register>[1]) =>
    form.register(name as Path<T>, options);
  const error = (name: keyof DecisionFieldValues) =>
    form.getFieldState(name as Path<T>, form.formState).error?.message;
  return (
    <>
      <div className="inline-row">
        <SelectField label="Determination" {...register('determination')}>
          {DETERMINATIONS.map((d) => (
            <option key={d} value={d}>
              {DETERMINATION_LABELS[d]}
            </option>
          ))}
        </SelectField>
        {determination === 'eligible_later' && (
          <DateField
            label="Eligible on"
            error={error('eligibleOn')}
            {...register('eligibleOn', { setValueAs: (v: string | null) => (v ? v : null) })}
          />
        )}
        {determination === 'needs_more_info' && (
          <TextField label="What is missing" error={error('missingInfo')} {...register('missingInfo')} />
        )}
      </div>
      {overriding && (
        <TextAreaField
          label="Why you are overriding the suggestion"
          rows={2}
          error={error('overrideReason')}
          {...register('overrideReason')}
        />
      )}
      <TextAreaField
        label="Reasons, with citations"
        rows={2}
        error={error('reasons')}
        {...register('reasons')}
      />
    </>
  );
}
