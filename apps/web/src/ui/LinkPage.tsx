// The frame of the public pages an e-mailed link opens (an invitation, a password link, a sign-in
// link). The token stays in the address's fragment, which no server or log sees. Pages whose link is
// read before anything is done say so while reading, then either why the link no longer works (with
// the way back to sign-in) or their form; nothing is used up until the person presses a button, so a
// mail scanner that opens links does not spend them.
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { describeError } from '../lib/errors.ts';
import { Alert } from './fields.tsx';
import { usePageHeading } from './usePageTitle.ts';

/** The link's token, read once from the address's fragment. */
export function useLinkToken(): string {
  const [token] = useState(() => window.location.hash.slice(1));
  return token;
}

/** Goes on to the sign-in page with the address filled in and a notice above its form. */
export function useOnToSignIn(): (email: string, notice: string) => void {
  const navigate = useNavigate();
  return (email, notice) => void navigate('/sign-in', { replace: true, state: { email, notice } });
}

/** The page: its heading (focused, and the document's title), then what the page holds. */
export function LinkPage({ title, children }: { title: string; children: ReactNode }) {
  const heading = usePageHeading<HTMLHeadingElement>(title);
  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </main>
  );
}

/** A link's details: open (with what the page shows), or a reason it no longer works. */
type Details = { state: 'open' } | { state: string; message: string };

/**
 * Reads the link's details once the page opens (a mutation: reading must not be cached or repeated
 * by a background refetch), and shows the reading, the refusal, or `children` with the open details.
 */
export function LinkDetails<Answer extends Details>({
  token,
  details,
  reading,
  children,
}: {
  token: string;
  details: UseMutationResult<Answer, unknown, { token: string }, unknown>;
  reading: string;
  children: (open: Extract<Answer, { state: 'open' }>) => ReactNode;
}) {
  const { mutate: read } = details;
  useEffect(() => {
    read({ token });
  }, [read, token]);
  const answer = details.data;
  return (
    <>
      {details.isPending && <p role="status">{reading}</p>}
      {details.error != null && <Alert tone="error">{describeError(details.error).message}</Alert>}
      {answer && answer.state !== 'open' && 'message' in answer && (
        <>
          <Alert tone="error">{answer.message}</Alert>
          <p>
            <Link to="/sign-in">Go to the sign-in page</Link>
          </p>
        </>
      )}
      {answer?.state === 'open' && children(answer as Extract<Answer, { state: 'open' }>)}
    </>
  );
}
