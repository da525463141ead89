// "Change password", on the Sign-in security page: the current password, then the new one (the rules
// of every password, checked here and on the server). Changing it signs the person out everywhere
// else; this browser stays signed in. The outcome is announced where focus goes; a wrong current
// password is said beside its field.
import { type ChangePasswordInput, changePasswordInputSchema, type Role } from '@relief-desk/domain';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { inputResolver } from '../../lib/checkInput.ts';
import { applyServerErrors, describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert, NewPasswordField, TextField } from '../../ui/fields.tsx';
import { refocus } from '../../ui/focus.ts';

export function ChangePassword({ email, role }: { email: string; role: Role }) {
  const trpc = useTRPC();
  const change = useMutation(trpc.auth.changePassword.mutationOptions());
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const outcome = useRef<HTMLDivElement>(null);
  const form = useForm<ChangePasswordInput>({
    resolver: inputResolver(changePasswordInputSchema),
    defaultValues: { currentPassword: '', newPassword: '' },
  });
  const { errors } = form.formState;
  return (
    <section aria-labelledby="password-heading" className="panel">
      <h2 id="password-heading">Password</h2>
      <p className="small">
        Changing your password signs you out everywhere else; this browser stays signed in. You get an e-mail
        saying it was changed. Forgot it?{' '}
        {role === 'admin'
          ? 'Another administrator of your office can send you a link to choose a new one.'
          : 'An administrator of your office can send you a link to choose a new one.'}
      </p>
      <div ref={outcome} tabIndex={-1}>
        {done && <Alert tone="success">{done}</Alert>}
        {problem && <Alert tone="error">{problem}</Alert>}
      </div>
      <form
        noValidate
        aria-label="Change password"
        onSubmit={form.handleSubmit((values) => {
          setDone(null);
          setProblem(null);
          change.mutate(values, {
            onSuccess: (result) => {
              form.reset();
              setDone(
                result.otherSessionsEnded === 0
                  ? 'Your password is changed.'
                  : `Your password is changed, and your ${result.otherSessionsEnded === 1 ? 'other session was' : `${result.otherSessionsEnded} other sessions were`} ended.`,
              );
              refocus(outcome.current);
            },
            onError: (error) => {
              const message = applyServerErrors(form, error);
              // A field's own message is said beside it, and focus goes there; anything else above the form.
              const [field] = describeError(error).fieldErrors;
              if (field?.path === 'currentPassword' || field?.path === 'newPassword')
                form.setFocus(field.path);
              else {
                setProblem(message);
                refocus(outcome.current);
              }
            },
          });
        })}
      >
        <input type="email" autoComplete="username" value={email} readOnly hidden />
        <TextField
          label="Current password"
          type="password"
          autoComplete="current-password"
          error={errors.currentPassword?.message}
          {...form.register('currentPassword')}
        />
        <NewPasswordField
          label="New password"
          error={errors.newPassword?.message}
          {...form.register('newPassword')}
        />
        <BusyButton type="submit" className="button button--primary" busy={change.isPending}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </BusyButton>
      </form>
    </section>
  );
}
