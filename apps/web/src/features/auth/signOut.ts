// Signing out, from any page: the session ends on the server, this tab forgets what it read, and the
// browser's other tabs of the desk are told at once, so none keeps a client's record on screen until
// it is next used (each looks at its session, finds none, and goes to the sign-in page).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';

const CHANNEL = 'relief-desk-session';
const SIGNED_OUT = 'signed-out';

/** Calls `onSignedOut` when another tab of this browser signs out; returns how to stop listening. */
export function onSignedOutElsewhere(onSignedOut: () => void): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event) => {
    if (event.data === SIGNED_OUT) onSignedOut();
  };
  return () => channel.close();
}

function tellOtherTabs(): void {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage(SIGNED_OUT);
  channel.close();
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
