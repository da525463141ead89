// The client's details as staff enter them, shared by the referral form and the matter page's edit
// form: who the person is, and how (and whether) they agree to be reached.
import { type ClientDetails, LANGUAGES } from '@relief-desk/domain';
import { type ReactNode, useId } from 'react';
import { type UseFormReturn, useFieldArray } from 'react-hook-form';
import { DateField } from '../../ui/DateField.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';

/** Any form that holds a client's details under `client`. */
export type ClientForm = UseFormReturn<{ client: ClientDetails }>;

/** Names, date of birth and language; `afterBirthDate` goes between them (possible matches). */
export function PersonFields({ form, afterBirthDate }: { form: ClientForm; afterBirthDate?: ReactNode }) {
  const otherNames = useFieldArray({ control: form.control, name: 'client.otherNames' });
  const errors = form.formState.errors;
  return (
    <>
      <TextField
        label="Legal name"
        autoComplete="off"
        error={errors.client?.legalName?.message}
        {...form.register('client.legalName')}
      />
      <div className="field-group">
        <p className="field-group__label">Other names used</p>
        {otherNames.fields.map((field, index) => (
          <div className="inline-row" key={field.id}>
            <TextField
              label={`Other name ${index + 1}`}
              error={errors.client?.otherNames?.[index]?.name?.message}
              {...form.register(`client.otherNames.${index}.name`)}
            />
            <button type="button" className="button button--quiet" onClick={() => otherNames.remove(index)}>
              Remove other name {index + 1}
            </button>
          </div>
        ))}
        <button type="button" className="button" onClick={() => otherNames.append({ name: '' })}>
          Add another name
        </button>
      </div>
      <DateField
        label="Date of birth"
        error={errors.client?.dateOfBirth?.message}
        {...form.register('client.dateOfBirth')}
      />
      {afterBirthDate}
      <SelectField label="Preferred language" {...form.register('client.preferredLanguage')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code}>
            {l.label}
          </option>
        ))}
      </SelectField>
    </>
  );
}

/** Phone, e-mail, mailing address, the ways they agree to be contacted and consent to texts. */
export function ContactFields({ form }: { form: ClientForm }) {
  const errors = form.formState.errors;
  // "Choose at least one way" belongs to the group: each box says it is in error and points to it.
  const contactErrorId = useId();
  const contactError = errors.client?.contact?.message;
  const contactBox = contactError
    ? { 'aria-invalid': true as const, 'aria-describedby': contactErrorId }
    : {};
  return (
    <>
      <TextField
        label="Phone"
        type="tel"
        autoComplete="off"
        error={errors.client?.phone?.message}
        {...form.register('client.phone')}
      />
      <TextField
        label="E-mail"
        type="email"
        autoComplete="off"
        error={errors.client?.email?.message}
        {...form.register('client.email')}
      />
      <TextField
        label="Street address"
        error={errors.client?.address?.line1?.message}
        {...form.register('client.address.line1')}
      />
      <TextField label="Apartment, unit (optional)" {...form.register('client.address.line2')} />
      <div className="inline-row">
        <TextField
          label="City"
          error={errors.client?.address?.city?.message}
          {...form.register('client.address.city')}
        />
        <TextField
          label="State"
          maxLength={2}
          error={errors.client?.address?.state?.message}
          {...form.register('client.address.state')}
        />
        <TextField
          label="ZIP code"
          inputMode="numeric"
          error={errors.client?.address?.postalCode?.message}
          {...form.register('client.address.postalCode')}
        />
      </div>
      <fieldset
        className={contactError ? 'field field--invalid' : 'field'}
        aria-describedby={contactError ? contactErrorId : undefined}
      >
        <legend>Ways they agree to be contacted</legend>
        <Checkbox label="By e-mail" {...contactBox} {...form.register('client.contact.email')} />
        <Checkbox label="By text message (SMS)" {...contactBox} {...form.register('client.contact.sms')} />
        <Checkbox label="By letter in the mail" {...contactBox} {...form.register('client.contact.letter')} />
        <Checkbox label="By phone call" {...contactBox} {...form.register('client.contact.phone')} />
        {contactError && (
          <p id={contactErrorId} className="field__error">
            {contactError}
          </p>
        )}
      </fieldset>
      <Checkbox
        label="The person consents to receive text messages"
        {...form.register('client.consentToText')}
      />
      {errors.client?.consentToText?.message && (
        <p className="field__error">{errors.client.consentToText.message}</p>
      )}
    </>
  );
}
