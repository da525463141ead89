// Signing out, from any page: the session ends on the server, this tab forgets what it read, and the
// browser's other tabs of the desk are told at once, so none keeps a client's record on screen until
// it is next used (each looks at its session, finds none, and goes to the sign-in page).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';

const SIGNED_OUT = 'signed-out';

// One channel for the tab, to listen and to tell: a channel does not hear its own messages, so the tab
// that signs out is not sent to the sign-in page a second time while it goes there.
const session = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('relief-desk-session');

/** Calls `onSignedOut` when another tab of this browser signs out; returns how to stop listening. */
export function onSignedOutElsewhere(onSignedOut: () => void): () => void {
  if (!session) return () => {};
  const heard = (event: MessageEvent) => {
    if (event.data === SIGNED_OUT) onSignedOut();
  };
  session.addEventListener('message', heard);
  return () => session.removeEventListener('message', heard);
}

function tellOtherTabs(): void {
  session?.postMessage(SIGNED_OUT);
}

/** The sign-out mutation; `then` goes to the sign-in page (by the router, or by a full load). */
export function useSignOut(then: () => void = () => window.location.assign('/sign-in')) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return useMutation(
    trpc.auth.signOut.mutationOptions({
      onSettled: () => {
        queryClient.clear();
        tellOtherTabs();
        then();
      },
    }),
  );
}
