// Sign-in for staff. Errors (wrong password, locked account) appear above the form, in words.
import { zodResolver } from '@hookform/resolvers/zod';
import { type SignInInput, signInInputSchema } from '@relief-desk/domain';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useForm } from 'react-hook-form';
import { useNavigate } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { Alert, TextField } from '../../ui/fields.tsx';
import { usePageHeading } from '../../ui/usePageTitle.ts';

export function SignInPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const heading = usePageHeading<HTMLHeadingElement>('Sign in');
  const form = useForm<SignInInput>({
    resolver: zodResolver(signInInputSchema),
    defaultValues: { email: '', password: '' },
  });
  const signIn = useMutation(
    trpc.auth.signIn.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
        void navigate('/matters', { replace: true });
      },
    }),
  );
  const { errors } = form.formState;

  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        Sign in to Relief Desk
      </h1>
      <p>For public defender and legal-aid staff.</p>
      {signIn.error && <Alert tone="error">{describeError(signIn.error).message}</Alert>}
      <form noValidate onSubmit={form.handleSubmit((values) => signIn.mutate(values))}>
        <TextField
          label="Work e-mail"
          type="email"
          autoComplete="username"
          error={errors.email?.message}
          {...form.register('email')}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          error={errors.password?.message}
          {...form.register('password')}
        />
        <button className="button button--primary" type="submit" disabled={signIn.isPending}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
