// Office settings for petition packets: each county's court (its name, courthouses with the beginnings
// of the case numbers filed at each, whether it takes e-filing), where its prosecutor and probation are
// served, and the prosecuting agencies besides the county's (a city attorney and the cases it takes);
// and each attorney's State Bar number, which heads every paper filed in their name.
import {
  type CountyCourt,
  type CountyCourtInput,
  countyCourtInputSchema,
  PROSECUTED_LEVELS,
} from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type UseFormReturn, useFieldArray, useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, Checkbox, TextAreaField, TextField } from '../../ui/fields.tsx';
import { ScrollRegion } from '../../ui/ScrollRegion.tsx';

type Settings = ApiOutputs['courtSettings']['get'];

const LEVELS_TAKEN: Record<(typeof PROSECUTED_LEVELS)[number], string> = {
  felony: 'Felonies',
  misdemeanor: 'Misdemeanors',
  infraction: 'Infractions',
};

export function CourtSettings() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.courtSettings.get.queryOptions());
  return (
    <section aria-labelledby="court-settings-heading" className="panel">
      <h2 id="court-settings-heading">Courts and service addresses</h2>
      <p className="small">
        Petition packets name the court of the county and the courthouse, and are served on its prosecutor
        (and on probation where the remedy calls for it). Where a city attorney prosecutes the misdemeanors of
        some courthouses, add it below: a petition of those cases is served on it, unless the attorney chooses
        otherwise on the packet. A petition goes to the courthouse whose case-number beginning its case number
        starts with, unless one is chosen for it; a filing run is for one courthouse. Set them for each county
        the office files in.
      </p>
      {settings.error && <Alert tone="error">{describeError(settings.error).message}</Alert>}
      {settings.data?.counties.map((county) => (
        <details key={`${county.county}-${county.version}`} className="subform" open={!county.configured}>
          <summary>
            {county.county} County{county.configured ? '' : ' (not set yet)'}
          </summary>
          <CountyForm initial={county} />
        </details>
      ))}
    </section>
  );
}

function CountyForm({ initial }: { initial: Settings['counties'][number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<CountyCourtInput, unknown, CountyCourt>({
    resolver: inputResolver(countyCourtInputSchema),
    defaultValues: {
      county: initial.county,
      version: initial.version,
      courtName: initial.courtName,
      eFiling: initial.eFiling,
      courthouses: initial.courthouses.map((c) => ({ ...c, casePrefixes: c.casePrefixes.join(', ') })),
      prosecutor: initial.prosecutor,
      probation: initial.probation,
      prosecutors: initial.prosecutors,
    },
  });
  const courthouses = useFieldArray({ control: form.control, name: 'courthouses' });
  const prosecutors = useFieldArray({ control: form.control, name: 'prosecutors' });
  /** A checkbox list kept as an array of values (levels, courthouse ids) of agency i. */
  const toggle = (i: number, key: 'levels' | 'courthouseIds', value: string, on: boolean) => {
    const current = (form.getValues(`prosecutors.${i}.${key}`) ?? []) as string[];
    const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value);
    form.setValue(`prosecutors.${i}.${key}` as 'prosecutors.0.levels', next as never, { shouldDirty: true });
  };
  const watched = form.watch('prosecutors') ?? [];
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.courtSettings.saveCounty.mutationOptions({
      onSuccess: async () => {
        setMessage({ tone: 'success', text: `${initial.county} County saved.` });
        await queryClient.invalidateQueries({ queryKey: trpc.courtSettings.get.queryKey() });
      },
      onError: (error) =>
        setMessage({
          tone: 'error',
          // The form's values are as typed (its checked values differ): the errors name the same fields.
          text: applyServerErrors(form as unknown as UseFormReturn<CountyCourtInput>, error),
        }),
    }),
  );
  const errors = form.formState.errors;
  return (
    <form
      noValidate
      aria-label={`Court and service addresses for ${initial.county} County`}
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        // Checked here; sent as typed (the server reads the beginnings the same way).
        save.mutate({
          ...values,
          courthouses: values.courthouses.map((c) => ({ ...c, casePrefixes: c.casePrefixes.join(', ') })),
        });
      })}
    >
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <TextField label="Court" error={errors.courtName?.message} {...form.register('courtName')} />
      <Checkbox label="The court takes e-filing" {...form.register('eFiling')} />
      <fieldset className="field">
        <legend>Courthouses</legend>
        {courthouses.fields.map((field, i) => (
          <div key={field.id} className="inline-row">
            <TextField
              label={`Courthouse ${i + 1}`}
              error={errors.courthouses?.[i]?.name?.message}
              {...form.register(`courthouses.${i}.name`)}
            />
            <TextAreaField
              label={`Address of courthouse ${i + 1}`}
              rows={2}
              error={errors.courthouses?.[i]?.address?.message}
              {...form.register(`courthouses.${i}.address`)}
            />
            <TextField
              label={`Case numbers filed at courthouse ${i + 1} begin with`}
              hint="Separated by commas, for example BA, LA. Leave empty to choose it per petition."
              error={errors.courthouses?.[i]?.casePrefixes?.message}
              {...form.register(`courthouses.${i}.casePrefixes`)}
            />
            <button type="button" className="button button--quiet" onClick={() => courthouses.remove(i)}>
              Remove <span className="visually-hidden">courthouse {i + 1}</span>
            </button>
          </div>
        ))}
        {errors.courthouses?.message && <p className="field__error">{errors.courthouses.message}</p>}
        <button
          type="button"
          className="button"
          onClick={() => courthouses.append({ id: '', name: '', address: '', casePrefixes: '' })}
        >
          Add a courthouse
        </button>
      </fieldset>
      <div className="inline-row">
        <TextField
          label="Prosecutor served"
          // The county this form is for, not another office's: a new office meets its own county here.
          hint={`The county’s prosecutor, for example: ${initial.county} County District Attorney`}
          error={errors.prosecutor?.name?.message}
          {...form.register('prosecutor.name')}
        />
        <TextAreaField
          label="Prosecutor’s service address"
          rows={3}
          error={errors.prosecutor?.address?.message}
          {...form.register('prosecutor.address')}
        />
      </div>
      <fieldset className="field">
        <legend>Other prosecuting agencies</legend>
        <p className="small">
          A city attorney who prosecutes the misdemeanors (and infractions) filed at some of this county’s
          courthouses. The prosecutor above takes every case none of these takes. Save a new courthouse before
          choosing it here.
        </p>
        {prosecutors.fields.map((field, i) => (
          <fieldset key={field.id} className="subform">
            <legend>Prosecuting agency {i + 1}</legend>
            <div className="inline-row">
              <TextField
                label={`Name of prosecuting agency ${i + 1}`}
                hint="For example: Oakland City Attorney"
                error={errors.prosecutors?.[i]?.name?.message}
                {...form.register(`prosecutors.${i}.name`)}
              />
              <TextAreaField
                label={`Service address of prosecuting agency ${i + 1}`}
                rows={3}
                error={errors.prosecutors?.[i]?.address?.message}
                {...form.register(`prosecutors.${i}.address`)}
              />
            </div>
            <fieldset className={errors.prosecutors?.[i]?.levels ? 'field field--invalid' : 'field'}>
              <legend>Cases prosecuting agency {i + 1} takes</legend>
              {PROSECUTED_LEVELS.map((level) => (
                <Checkbox
                  key={level}
                  label={LEVELS_TAKEN[level]}
                  checked={(watched[i]?.levels ?? []).includes(level)}
                  onChange={(e) => toggle(i, 'levels', level, e.target.checked)}
                />
              ))}
              {errors.prosecutors?.[i]?.levels?.message && (
                <p className="field__error">{errors.prosecutors[i]?.levels?.message}</p>
              )}
            </fieldset>
            <fieldset className={errors.prosecutors?.[i]?.courthouseIds ? 'field field--invalid' : 'field'}>
              <legend>Filed at (courthouses of prosecuting agency {i + 1})</legend>
              {initial.courthouses.length === 0 && (
                <p className="small muted">Add and save this county’s courthouses first.</p>
              )}
              {initial.courthouses.map((h) => (
                <Checkbox
                  key={h.id}
                  label={h.name}
                  checked={(watched[i]?.courthouseIds ?? []).includes(h.id)}
                  onChange={(e) => toggle(i, 'courthouseIds', h.id, e.target.checked)}
                />
              ))}
              {errors.prosecutors?.[i]?.courthouseIds?.message && (
                <p className="field__error">{errors.prosecutors[i]?.courthouseIds?.message}</p>
              )}
            </fieldset>
            <button type="button" className="button button--quiet" onClick={() => prosecutors.remove(i)}>
              Remove <span className="visually-hidden">prosecuting agency {i + 1}</span>
            </button>
          </fieldset>
        ))}
        <button
          type="button"
          className="button"
          onClick={() =>
            prosecutors.append({
              id: '',
              name: '',
              address: '',
              levels: ['misdemeanor', 'infraction'],
              courthouseIds: [],
            })
          }
        >
          Add a prosecuting agency
        </button>
      </fieldset>
      <div className="inline-row">
        <TextField
          label="Probation department served"
          hint="Served with PC 1203.4 petitions; leave empty if it is not."
          error={errors.probation?.name?.message}
          {...form.register('probation.name')}
        />
        <TextAreaField
          label="Probation’s service address"
          rows={3}
          error={errors.probation?.address?.message}
          {...form.register('probation.address')}
        />
      </div>
      <BusyButton type="submit" className="button button--primary" busy={save.isPending}>
        Save {initial.county} County
      </BusyButton>
    </form>
  );
}

export function StateBarNumbers() {
  const trpc = useTRPC();
  const settings = useQuery(trpc.courtSettings.get.queryOptions());
  return (
    <section aria-labelledby="state-bar-heading" className="panel">
      <h2 id="state-bar-heading">State Bar numbers</h2>
      <p className="small">
        Every paper filed names its attorney with their State Bar number: a packet cannot be prepared in the
        name of an attorney without one.
      </p>
      {settings.data && (
        <ScrollRegion label="State Bar numbers table">
          <table className="data-table">
            <caption className="visually-hidden">
              Attorneys and supervisors, with their State Bar numbers
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">State Bar number</th>
              </tr>
            </thead>
            <tbody>
              {settings.data.attorneys.map((a) => (
                <BarNumberRow key={`${a.userId}-${a.version}`} attorney={a} />
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

function BarNumberRow({ attorney }: { attorney: Settings['attorneys'][number] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [value, setValue] = useState(attorney.stateBarNumber ?? '');
  const set = useMutation(
    trpc.courtSettings.setStateBarNumber.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.courtSettings.get.queryKey() }),
    }),
  );
  const error = set.error ? describeError(set.error) : null;
  return (
    <tr>
      <th scope="row">{attorney.name}</th>
      <td>
        <form
          noValidate
          className="inline-row"
          aria-label={`State Bar number of ${attorney.name}`}
          onSubmit={(e) => {
            e.preventDefault();
            set.mutate({ userId: attorney.userId, version: attorney.version, stateBarNumber: value.trim() });
          }}
        >
          <TextField
            label={`State Bar number of ${attorney.name}`}
            inputMode="numeric"
            value={value}
            error={error?.fieldErrors[0]?.message ?? error?.message}
            onChange={(e) => setValue(e.target.value)}
          />
          <BusyButton type="submit" className="button" busy={set.isPending}>
            Save <span className="visually-hidden">State Bar number of {attorney.name}</span>
          </BusyButton>
        </form>
      </td>
    </tr>
  );
}
