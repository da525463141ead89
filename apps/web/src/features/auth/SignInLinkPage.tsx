// The page a sign-in link opens (/sign-in/link#token). Nothing happens until the person presses
// Continue. Then: the second step (which signs in despite the lock), or, for
// someone without a second factor, the account unlocked and the password to type on the sign-in page.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../../lib/errors.ts';
import { useTRPC } from '../../trpc.ts';
import { BusyButton } from '../../ui/BusyButton.tsx';
import { Alert } from '../../ui/fields.tsx';
import { LinkPage, useLinkToken } from '../../ui/LinkPage.tsx';
import { SecondStep } from './SecondStep.tsx';

export function SignInLinkPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const token = useLinkToken();
  const [startedAgain, setStartedAgain] = useState<string | null>(null);
  const open = useMutation(trpc.auth.useSignInLink.mutationOptions());
  const answer = open.data;

  return (
    <LinkPage title="Sign in with your link">
      {startedAgain && <Alert tone="info">{startedAgain}</Alert>}
      {open.error && <Alert tone="error">{describeError(open.error).message}</Alert>}
      {answer?.status === 'second_factor' && !startedAgain ? (
        <SecondStep
          answer={answer}
          onSignedIn={async () => {
            await queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() });
            void navigate('/matters', { replace: true });
          }}
          onStartAgain={(why) => setStartedAgain(`${why} Ask for a new link on the sign-in page.`)}
        />
      ) : answer?.status === 'unlocked' ? (
        <>
          <Alert tone="success">{answer.message}</Alert>
          <p>
            <Link to="/sign-in">Go to the sign-in page</Link>
          </p>
        </>
      ) : (
        <>
          <p>This link works once. Continue to sign in with your second factor, or to unlock your account.</p>
          <p className="inline-row">
            <BusyButton
              type="button"
              className="button button--primary"
              disabled={open.isError || !token}
              busy={open.isPending}
              onClick={() => open.mutate({ token })}
            >
              Continue
            </BusyButton>
            <Link to="/sign-in">Back to sign-in</Link>
          </p>
        </>
      )}
    </LinkPage>
  );
}
