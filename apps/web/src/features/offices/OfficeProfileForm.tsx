// The office profile: the letterhead every client message and letter carries (name, address, phone,
// e-mail), the counties the office serves, and who signs its letters.
import { COUNTIES, type OfficeProfileInput, officeProfileInputSchema } from '@relief-desk/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, TextAreaField, TextField } from '../../ui/fields.tsx';

export function OfficeProfileForm() {
  const trpc = useTRPC();
  const profile = useQuery(trpc.offices.profile.queryOptions());
  // Kept here: the form starts again (keyed by version) once a save lands, and the news must outlive it.
  const [saved, setSaved] = useState(false);
  return (
    <section aria-labelledby="profile-heading" className="panel">
      <h2 id="profile-heading">Office profile</h2>
      <p className="small">
        Every message and letter to a client carries the office’s name, address, phone and e-mail: messages
        cannot be sent until they are set.
      </p>
      {/* Keyed by version, so the form starts again from what was saved. */}
      {saved && <Alert tone="success">Office profile saved.</Alert>}
      {profile.data && <ProfileForm key={profile.data.version} initial={profile.data} onSaved={setSaved} />}
    </section>
  );
}

function ProfileForm({
  initial,
  onSaved,
}: {
  initial: OfficeProfileInput;
  onSaved: (saved: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useForm<OfficeProfileInput>({
    resolver: inputResolver(officeProfileInputSchema),
    defaultValues: initial,
  });
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null);
  const save = useMutation(
    trpc.offices.saveProfile.mutationOptions({
      onSuccess: async () => {
        onSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.offices.profile.queryKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
      },
      onError: (error) => setMessage({ tone: 'error', text: applyServerErrors(form, error) }),
    }),
  );
  const errors = form.formState.errors;
  // A county served, with open matters, unticked: said before saving what happens to those matters.
  const openByCounty = useQuery(trpc.offices.openMattersByCounty.queryOptions()).data;
  const ticked = form.watch('counties') ?? [];
  const dropped = (initial.counties ?? [])
    .filter((county) => !ticked.includes(county))
    .map((county) => ({ county, open: openByCounty?.[county] ?? 0 }))
    .filter((d) => d.open > 0);
  return (
    <form
      noValidate
      aria-label="Office profile"
      onSubmit={form.handleSubmit((values) => {
        setMessage(null);
        onSaved(false);
        save.mutate(values);
      })}
    >
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <TextField label="Office name" error={errors.name?.message} {...form.register('name')} />
      <TextAreaField
        label="Mailing address"
        hint="At most three lines; it is printed above the envelope window."
        rows={3}
        error={errors.address?.message}
        {...form.register('address')}
      />
      <div className="inline-row">
        <TextField label="Phone" type="tel" error={errors.phone?.message} {...form.register('phone')} />
        <TextField label="E-mail" type="email" error={errors.email?.message} {...form.register('email')} />
      </div>
      <fieldset
        className="field counties-field"
        aria-describedby={errors.counties ? 'counties-error' : undefined}
      >
        <legend>Counties served</legend>
        {errors.counties && (
          <p className="field__error" id="counties-error">
            {errors.counties.message}
          </p>
        )}
        <div className="counties-grid">
          {COUNTIES.map((county) => (
            <label key={county} className="checkbox">
              <input type="checkbox" value={county} {...form.register('counties')} /> {county}
            </label>
          ))}
        </div>
        <div role="status">
          {dropped.map(({ county, open }) => (
            <p key={county} className="field__hint">
              No longer serving {county}: its {open} open {open === 1 ? 'matter stays' : 'matters stay'} with
              this office to be finished (nothing is moved), and new online applications and referrals for{' '}
              {county} County go to an office on this desk that serves it, if one does.
            </p>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Who signs letters</legend>
        <p className="small muted">Leave empty to have each letter signed by the person who sent it.</p>
        <div className="inline-row">
          <TextField
            label="Signer’s name"
            error={errors.letterSignerName?.message}
            {...form.register('letterSignerName')}
          />
          <TextField label="Signer’s title" {...form.register('letterSignerTitle')} />
        </div>
      </fieldset>
      <BusyButton type="submit" className="button button--primary" busy={save.isPending}>
        Save office profile
      </BusyButton>
    </form>
  );
}
