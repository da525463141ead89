// The first page, asked for all at once. As soon as the app's script runs, the chunk of the page the
// address names is fetched beside the check of who is signed in (auth.me); once that answers, the
// page's first data (the queue's rows, a matter, the dashboard's figures) and the delivery banner's
// status go in one batched request. The app is drawn once they are in, as a transition: React renders
// in slices of a few milliseconds, so a phone stays responsive, and the page does not appear piece by
// piece ("Loading…", then the frame, then the rows), each piece a render that holds the main thread.
// Slow data does not hold the page back for long: after FIRST_DATA_WAIT_MS it is drawn with the page's
// own loading message.
//
// Page data is asked for only for a full session whose role may use the page, so nothing is refused
// (and audited as refused) that the person did not ask for. The inputs are the ones the pages use:
// a prefetched answer is the page's own first read (each read of a client's details is audited once).
import type { AppRouter } from '@relief-desk/api';
import { can, type Role } from '@relief-desk/domain';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { sessionEndedByIdle } from '../features/auth/idle.ts';
import { isPublicPath } from '../features/auth/publicPaths.ts';
import { makeQueryClient, trpcClient } from '../trpc.ts';
import { preloadPageAt } from './lazyPages.tsx';

/** How long the first draw waits for the page's data once the page's code and the session are in. */
const FIRST_DATA_WAIT_MS = 1_000;

export const queryClient = makeQueryClient(() => {
  // Ended by the idle limit: the page stays, with what was typed, and says why (IdleWatch).
  if (!isPublicPath(window.location.pathname) && !sessionEndedByIdle()) window.location.assign('/sign-in');
});

const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** The first data of the page at `pathname`, for someone with `role`; each promise settles, never rejects. */
function firstData(pathname: string, search: string, role: Role): Promise<unknown>[] {
  // Built by the same tRPC proxy as the pages' queries, so the keys match. A prefetch never rejects.
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  const common = [queryClient.prefetchQuery(trpc.messages.deliveryStatus.queryOptions())];
  if (path === '/' || path === '/matters') {
    return [
      ...common,
      queryClient.prefetchQuery(trpc.users.listColleagues.queryOptions()),
      queryClient.prefetchQuery(trpc.queues.counts.queryOptions()),
      // The view as the queue reads it from the address (a small chunk the queue page shares).
      import('../features/queue/viewState.ts').then(
        ({ readQueueUrl, QUEUE_PAGE_SIZE }) => {
          const { view, cursor } = readQueueUrl(new URLSearchParams(search));
          return queryClient.prefetchQuery(
            trpc.matters.list.queryOptions({ ...view, cursor, limit: QUEUE_PAGE_SIZE }),
          );
        },
        () => undefined,
      ),
    ];
  }
  const matter = /^\/matters\/([^/]+)$/.exec(path);
  if (matter?.[1]) {
    const matterId = decodeURIComponent(matter[1]);
    return [...common, queryClient.prefetchQuery(trpc.matters.get.queryOptions({ matterId }))];
  }
  if (path === '/dashboard' && can(role, 'readAuditLog'))
    return [...common, queryClient.prefetchQuery(trpc.dashboard.get.queryOptions())];
  return common;
}

/**
 * Starts loading the page the address names and resolves when the app should be drawn: its chunk and
 * the session check are in, and its first data too or FIRST_DATA_WAIT_MS have passed since.
 */
export async function loadFirstPage(): Promise<void> {
  const { pathname, search } = window.location;
  const chunk = preloadPageAt(pathname);
  if (isPublicPath(pathname)) {
    await chunk;
    return;
  }
  // The same query (and options) the signed-in routes use for who is signed in.
  const me = queryClient.fetchQuery({ ...trpc.auth.me.queryOptions(), retry: false }).then(
    (user) => user,
    () => undefined,
  );
  const data = me.then((user) =>
    user && !user.enrolmentOnly ? Promise.all(firstData(pathname, search, user.role)) : undefined,
  );
  await Promise.all([chunk, me]);
  await Promise.race([data, new Promise((done) => setTimeout(done, FIRST_DATA_WAIT_MS))]);
}
