// Inviting a person: their work e-mail, a role, and whether they may see RAP sheets (on by default for
// attorneys and supervisors, as the server's role defaults; for an administrator, offered only by an
// administrator who has it, as the server refuses it otherwise). The link goes out by e-mail. What came of
// it (sent, or refused and why) is said by the page, which clears it at each new attempt, even one
// the form stops for a field's error.
import {
  type InviteUserInput,
  inviteUserInputSchema,
  ROLE_LABELS,
  ROLES,
  type Role,
  seesRapSheetsByDefault,
} from '@relief-desk/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';

export function InviteForm({
  onAttempt,
  onInvited,
  onRefused,
}: {
  /** Each press of Send invitation: what the last attempt said no longer holds. */
  onAttempt: () => void;
  onInvited: (email: string) => Promise<void>;
  /** The server refused: its message (fields' own messages are put beside them). */
  onRefused: (message: string) => void;
}) {
  const trpc = useTRPC();
  const form = useForm<InviteUserInput>({
    resolver: inputResolver(inviteUserInputSchema),
    defaultValues: { email: '', role: 'intake', canViewRapSheets: false },
  });
  const invite = useMutation(trpc.users.invite.mutationOptions());
  const me = useQuery(trpc.auth.me.queryOptions()).data;
  const { errors } = form.formState;
  const role = form.register('role');
  // An administrator gets the permission only from one who has it; the box stays off (an administrator's
  // default) and says whom to ask.
  const heldBack = form.watch('role') === 'admin' && me?.canViewRapSheets === false;
  const heldBackHint = useId();
  return (
    <section aria-labelledby="invite-heading" className="panel">
      <h2 id="invite-heading">Invite a person</h2>
      <p className="small">
        They get an e-mail with a link that works once, for 72 hours, to choose their name and password. If
        the office requires a second factor, they set one up at their first sign-in.
      </p>
      <form
        noValidate
        aria-labelledby="invite-heading"
        onSubmit={(event) => {
          onAttempt();
          return form.handleSubmit((values) => {
            invite.mutate(values, {
              onSuccess: async () => {
                form.reset({ email: '', role: values.role, canViewRapSheets: values.canViewRapSheets });
                await onInvited(values.email.trim().toLowerCase());
              },
              onError: (error) => onRefused(applyServerErrors(form, error)),
            });
          })(event);
        }}
      >
        <TextField
          label="Work e-mail"
          type="email"
          autoComplete="off"
          error={errors.email?.message}
          {...form.register('email')}
        />
        <SelectField
          label="Role"
          error={errors.role?.message}
          {...role}
          onChange={(e) => {
            void role.onChange(e);
            form.setValue('canViewRapSheets', seesRapSheetsByDefault(e.target.value as Role));
          }}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </SelectField>
        <Checkbox
          label="May see RAP sheets"
          disabled={heldBack}
          aria-describedby={heldBack ? heldBackHint : undefined}
          {...form.register('canViewRapSheets')}
        />
        {heldBack && (
          <p id={heldBackHint} className="small">
            Only an administrator who has the RAP sheet permission can give it to an administrator. Once they
            have an account, an administrator of your office who has it can grant it.
          </p>
        )}
        <BusyButton type="submit" className="button button--primary" busy={invite.isPending}>
          {invite.isPending ? 'Sending…' : 'Send invitation'}
        </BusyButton>
      </form>
    </section>
  );
}
