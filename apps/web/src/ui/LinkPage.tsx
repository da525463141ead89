// The frame of the public pages an e-mailed link opens (an invitation, a password link, a sign-in
// link). The token stays in the address's fragment, which no server or log sees. Pages whose link is
// read before anything is done say so while reading, then either why the link no longer works (with
// the way back to sign-in) or their form; nothing is used up until the person presses a button, so a
// mail scanner that opens links does not spend them. A link cut off (or missing from the address) is
// said to be so before anything is asked of the server, with what to do and the way to sign in; a new
// link pasted into the same tab (only the fragment changes) opens the page afresh.
import { invitationTokenInputSchema } from '@relief-desk/domain';
import type { UseMutationResult } from '@tanstack/react-query';
import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { checkInput } from '../lib/checkInput.ts';
import { describeError } from '../lib/errors.ts';
import { Alert } from './fields.tsx';
import { usePageHeading } from './usePageTitle.ts';

/**
 * The link's token, from the address's fragment. Another link pasted into the same tab changes only
 * the fragment, which does not open the page again: the page is then loaded afresh, so nothing read
 * or typed for the old link (its answer, a form holding its token) is kept for the new one.
 */
export function useLinkToken(): string {
  const [token] = useState(() => window.location.hash.slice(1));
  useEffect(() => {
    const onHashChange = () => {
      const now = window.location.hash.slice(1);
      // An in-page anchor (#main) is not a new link.
      if (now !== token && !(now && document.getElementById(now))) window.location.reload();
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, [token]);
  return token;
}

/** A token of the right form (every link's is the same: 43 characters of base64url). */
function isWhole(token: string): boolean {
  return checkInput(invitationTokenInputSchema, { token }).success;
}

/** Who gives a new link, by the page the link opens. */
const NEW_LINK_FROM: Record<string, string> = {
  '/invitation': 'ask your administrator to send the invitation again',
  '/password-reset': 'ask an administrator of your office to send you a new one',
  '/sign-in/link': 'ask for a new one on the sign-in page',
};

/** What to do about a link that is cut off, or missing from the address. */
export function brokenLinkAdvice(pathname: string, token: string): string {
  const what =
    token === ''
      ? 'The link from your e-mail is missing from this address.'
      : 'This link is not whole: part of it is missing.';
  const ask = NEW_LINK_FROM[pathname.replace(/\/+$/, '')] ?? 'ask for a new one';
  return `${what} Open it again from the e-mail, whole (if it is broken over two lines, copy all of it into the address bar), or ${ask}.`;
}

function BrokenLink({ advice }: { advice: string }) {
  return (
    <>
      <Alert tone="error">{advice}</Alert>
      <p>
        <Link to="/sign-in">Go to the sign-in page</Link>
      </p>
    </>
  );
}

/** Goes on to the sign-in page with the address filled in and a notice above its form. */
export function useOnToSignIn(): (email: string, notice: string) => void {
  const navigate = useNavigate();
  return (email, notice) => void navigate('/sign-in', { replace: true, state: { email, notice } });
}

/** The page: its heading (focused, and the document's title), then what the page holds. */
export function LinkPage({ title, children }: { title: string; children: ReactNode }) {
  const heading = usePageHeading<HTMLHeadingElement>(title);
  const token = useLinkToken();
  const { pathname } = useLocation();
  return (
    <main id="main" className="sign-in">
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {isWhole(token) ? children : <BrokenLink advice={brokenLinkAdvice(pathname, token)} />}
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
  const { pathname } = useLocation();
  useEffect(() => {
    read({ token });
  }, [read, token]);
  const answer = details.data;
  const shown = details.error != null ? describeError(details.error) : null;
  return (
    <>
      {details.isPending && <p role="status">{reading}</p>}
      {/* The server found the link malformed: the page's own advice, not a form's "see the fields". */}
      {shown?.appCode === 'BAD_INPUT' ? (
        <BrokenLink advice={brokenLinkAdvice(pathname, token)} />
      ) : (
        shown && <Alert tone="error">{shown.message}</Alert>
      )}
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
