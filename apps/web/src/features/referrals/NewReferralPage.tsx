// The referral form: who the person is, how to reach them, where their convictions are, and how
// the referral arrived. One save creates (or updates) the client and opens a matter per county.
import {
  CHOSEN_REFERRAL_SOURCES,
  californiaDate,
  REFERRAL_SOURCE_LABELS,
  type RecordReferral,
  type RecordReferralInput,
  recordReferralInputSchema,
  STAGE_LABELS,
} from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { Controller, type FieldPath, useForm, useWatch } from 'react-hook-form';
import { Link } from 'react-router';
import { inputResolver } from '../../lib/checkInput.ts';
import { describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { DateField } from '../../ui/DateField.tsx';
import { ErrorSummary, flattenErrors } from '../../ui/ErrorSummary.tsx';
import { Alert, Checkbox, SelectField, TextAreaField, TextField } from '../../ui/fields.tsx';
import { focusOnMount } from '../../ui/focus.ts';
import { usePageHeading } from '../../ui/usePageTitle.ts';
import { type ClientForm, ContactFields, PersonFields } from '../clients/ClientFields.tsx';
import { CountyPicker } from './CountyPicker.tsx';
import { type PossibleClient, PossibleClients } from './PossibleClients.tsx';

function emptyReferral(): RecordReferralInput {
  return {
    existingClient: null,
    client: {
      legalName: '',
      otherNames: [],
      dateOfBirth: '',
      phone: '',
      email: '',
      address: { line1: '', line2: '', city: '', state: 'CA', postalCode: '' },
      preferredLanguage: 'en',
      contact: { email: false, sms: false, letter: false, phone: false },
      consentToText: false,
    },
    counties: [],
    source: { kind: 'phone', detail: '' },
    receivedOn: californiaDate(new Date()),
    note: '',
    noteAboutRecord: false,
    notSamePersonAs: [],
  };
}

type Recorded = ApiOutputs['referrals']['record'];

const resolveReferral = inputResolver(recordReferralInputSchema);

export function NewReferralPage({ officeCounties }: { officeCounties: string[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const heading = usePageHeading<HTMLHeadingElement>('New referral');
  const [recorded, setRecorded] = useState<Recorded | null>(null);
  const form = useForm<RecordReferralInput, unknown, RecordReferral>({
    resolver: resolveReferral,
    defaultValues: emptyReferral(),
  });
  // What staff typed before attaching a match, so "Not the same person" can give it back.
  const typedClient = useRef<RecordReferralInput['client'] | null>(null);
  const [attachedMatch, setAttachedMatch] = useState<PossibleClient | null>(null);
  // Likely matches still to resolve: saving waits for each (the server refuses it too).
  const [unresolved, setUnresolved] = useState<PossibleClient[]>([]);
  const record = useMutation(
    trpc.referrals.record.mutationOptions({
      onSuccess: (result) => {
        setRecorded(result);
        typedClient.current = null;
        setAttachedMatch(null);
        form.reset(emptyReferral());
        void queryClient.invalidateQueries({ queryKey: trpc.matters.list.queryKey() });
        window.scrollTo(0, 0);
      },
      onError: (error) => {
        // The first field the server refuses takes focus, as the first one the form refuses does.
        describeError(error).fieldErrors.forEach((field, i) => {
          form.setError(
            field.path as FieldPath<RecordReferralInput>,
            { message: field.message },
            { shouldFocus: i === 0 },
          );
        });
      },
    }),
  );

  const { errors, submitCount } = form.formState;
  // Only the fields that change what the page shows; typing elsewhere does not re-render it.
  const attached = useWatch({ control: form.control, name: 'existingClient' });
  const sourceKind = useWatch({ control: form.control, name: 'source.kind' });
  const serverError = record.error ? describeError(record.error) : null;
  const blockedMessage =
    unresolved.length === 0
      ? null
      : `Save is blocked until you resolve ${unresolved.length === 1 ? 'the likely match' : `${unresolved.length} likely matches`} under “Possible existing clients”: attach the referral to ${unresolved.map((m) => m.details.legalName).join(' or ')}, or say why ${unresolved.length === 1 ? 'they are' : 'each is'} not the same person.`;
  const markUnresolved = () => {
    if (blockedMessage) form.setError('notSamePersonAs', { type: 'manual', message: blockedMessage });
  };

  return (
    <section className="referral">
      <h1 ref={heading} tabIndex={-1}>
        New referral
      </h1>

      {recorded && (
        // Focus moves to what was saved, so it is read out and its matter link is the next stop.
        <div key={recorded.matters.map((m) => m.id).join()} tabIndex={-1} ref={focusOnMount}>
          <Alert tone="success">
            <p>
              Referral saved.{' '}
              {recorded.matters.length === 1
                ? 'One matter was opened:'
                : `${recorded.matters.length} matters were opened:`}
            </p>
            <ul>
              {recorded.matters.map((m) => (
                <li key={m.id}>
                  <Link to={`/matters/${m.id}`}>
                    Matter {m.reference}, {m.county}
                  </Link>{' '}
                  — {STAGE_LABELS[m.stage]}
                  {m.referredTo
                    ? ` to ${m.referredTo}: not passed on yet. With the client’s agreement, pass it on from the matter’s page.`
                    : ''}
                </li>
              ))}
            </ul>
          </Alert>
        </div>
      )}
      {serverError && serverError.fieldErrors.length === 0 && (
        <Alert tone="error">{serverError.message}</Alert>
      )}
      <ErrorSummary errors={flattenErrors(errors)} submitCount={submitCount} />

      <form
        noValidate
        onSubmit={form.handleSubmit((values) => {
          if (blockedMessage) markUnresolved();
          else record.mutate(values);
        }, markUnresolved)}
      >
        <fieldset>
          <legend>The person</legend>
          <PersonFields
            // The referral form holds the client's details under `client`, as ClientForm expects.
            form={form as unknown as ClientForm}
            afterBirthDate={
              <>
                <PossibleClients
                  control={form.control}
                  register={form.register}
                  errors={errors}
                  attachedId={attached?.id ?? null}
                  onUnresolvedChange={setUnresolved}
                  onAttach={(match) => {
                    // Switching from one match to another keeps the first snapshot: that is what was typed.
                    if (!form.getValues('existingClient')) {
                      typedClient.current = structuredClone(form.getValues('client'));
                    }
                    form.setValue('existingClient', { id: match.id, version: match.version });
                    form.setValue('client', match.details, { shouldDirty: true });
                    // Attaching resolves the choice: a decision about this client would contradict it.
                    form.setValue(
                      'notSamePersonAs',
                      (form.getValues('notSamePersonAs') ?? []).filter((d) => d.clientId !== match.id),
                    );
                    form.clearErrors('notSamePersonAs');
                    setAttachedMatch(match);
                  }}
                />
                {attached && (
                  <Alert tone="info">
                    This referral will be added to an existing client, and saving updates their details.{' '}
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => {
                        form.setValue('existingClient', null);
                        if (typedClient.current) {
                          form.setValue('client', typedClient.current, { shouldDirty: true });
                          typedClient.current = null;
                        }
                        // A likely match staff say is someone else: they give the reason next.
                        const match = attachedMatch;
                        setAttachedMatch(null);
                        if (match && match.likely.length > 0) {
                          const decisions = form.getValues('notSamePersonAs') ?? [];
                          form.setValue('notSamePersonAs', [
                            ...decisions,
                            { clientId: match.id, reason: '' },
                          ]);
                          setTimeout(() => form.setFocus(`notSamePersonAs.${decisions.length}.reason`), 0);
                        }
                      }}
                    >
                      Not the same person{attachedMatch ? ` as ${attachedMatch.details.legalName}` : ''}
                    </button>
                  </Alert>
                )}
              </>
            }
          />
        </fieldset>

        <fieldset>
          <legend>How to reach them</legend>
          <ContactFields form={form as unknown as ClientForm} />
        </fieldset>

        <fieldset>
          <legend>The referral</legend>
          <Controller
            control={form.control}
            name="counties"
            render={({ field }) => (
              <CountyPicker
                value={field.value}
                onChange={field.onChange}
                officeCounties={officeCounties}
                error={
                  errors.counties?.message ?? errors.counties?.root?.message ?? errors.counties?.[0]?.message
                }
              />
            )}
          />
          <SelectField
            label="How the referral arrived"
            error={errors.source?.kind?.message}
            {...form.register('source.kind')}
          >
            {CHOSEN_REFERRAL_SOURCES.map((s) => (
              <option key={s} value={s}>
                {REFERRAL_SOURCE_LABELS[s]}
              </option>
            ))}
          </SelectField>
          {(sourceKind === 'partner' || sourceKind === 'other' || sourceKind === 'court') && (
            <TextField
              label={
                sourceKind === 'partner'
                  ? 'Partner organisation'
                  : sourceKind === 'court'
                    ? 'Court (optional)'
                    : 'Where it came from'
              }
              error={errors.source?.detail?.message}
              {...form.register('source.detail')}
            />
          )}
          <DateField
            label="Date received"
            error={errors.receivedOn?.message}
            {...form.register('receivedOn')}
          />
          <TextAreaField
            label="Note (optional)"
            rows={3}
            error={errors.note?.message}
            {...form.register('note')}
          />
          <Checkbox
            label="The note is about the criminal record: shown only to staff with the RAP sheet permission"
            {...form.register('noteAboutRecord')}
          />
        </fieldset>

        {blockedMessage && (
          <p id="save-blocked" className="field__error">
            {blockedMessage}
          </p>
        )}
        <BusyButton
          className="button button--primary"
          type="submit"
          busy={record.isPending}
          aria-describedby={blockedMessage ? 'save-blocked' : undefined}
        >
          {record.isPending ? 'Saving…' : 'Save referral'}
        </BusyButton>
      </form>
    </section>
  );
}
