// The first page, asked for all at once. As soon as the app's script runs, the chunk of the page the
// address names is fetched beside the check of who is signed in (auth.me); once that answers, the
// page's first data (the queue's rows, the dashboard's figures) and the delivery banner's status go in
// one batched request. The app is drawn once they are in, as a transition: React renders in slices of
// a few milliseconds, so a phone stays responsive, and the page does not appear piece by piece
// ("Loading…", then the frame, then the rows), each piece a render that holds the main thread. Slow
// data does not hold the page back for long: after FIRST_DATA_WAIT_MS it is drawn with the page's own
// loading message.
//
// Page data is asked for only for a full session whose role may use the page, so nothing is refused
// (and audited as refused) that the person did not ask for. The inputs are the ones the pages use:
// a prefetched answer is the page's own first read (each read of a client's details is audited once).
//
// A matter's address is the exception: every role may read a matter, and its page is the one opened
// from links, so the matter and the banner's status go in auth.me's own batch instead of a round trip
// after it. Their answers stay out of the query cache, where a page could show them, until auth.me
// says the session is a full one; otherwise they are dropped. The server checks the session on each
// call as always: signed out, they are refused without being read; a session that must first set up
// a second factor is refused them, and the refusal audited, as the matter was asked for by its link.
import type { AppRouter } from '@relief-desk/api';
import { can, type Role } from '@relief-desk/domain';
import { partialMatchKey } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { sessionEndedByIdle } from '../features/auth/idle.ts';
import { isPublicPath } from '../features/auth/publicPaths.ts';
import { makeQueryClient, trpcClient } from '../trpc.ts';
import { preloadPageAt } from './lazyPages.tsx';
import { withoutTrailingSlash } from './pages.ts';

/** How long the first draw waits for the page's data once the page's code and the session are in. */
const FIRST_DATA_WAIT_MS = 1_000;

export const queryClient = makeQueryClient(
  () => {
    // Ended by the idle limit: the page stays, with what was typed, and says why (IdleWatch).
    if (!isPublicPath(window.location.pathname) && !sessionEndedByIdle()) window.location.assign('/sign-in');
  },
  (query) => {
    // Refused: ask again who is signed in and with what role (not for auth.me's own refusal, which
    // would ask forever). Its answer redraws the menu and the routes (App.tsx drops what was read
    // under the former role).
    if (query && partialMatchKey(query.queryKey, trpc.auth.me.queryKey())) return;
    void queryClient.invalidateQueries({ queryKey: trpc.auth.me.queryKey() }, { cancelRefetch: false });
  },
);

const trpc = createTRPCOptionsProxy<AppRouter>({ client: trpcClient, queryClient });

/** The matter a matter page's address names, if it is one. */
function matterIdAt(pathname: string): string | undefined {
  const id = /^\/matters\/([^/]+)$/.exec(withoutTrailingSlash(pathname))?.[1];
  return id === undefined ? undefined : decodeURIComponent(id);
}

/** An answer asked for before the session is known: kept out of the cache until it is. */
interface EarlyAnswer {
  queryKey: readonly unknown[];
  answer: Promise<unknown>;
}

/** What the matter page at `pathname` reads first, asked for now, in the batch of auth.me. */
function askBesideSignInCheck(pathname: string): EarlyAnswer[] {
  const matterId = matterIdAt(pathname);
  if (matterId === undefined) return [];
  const early = [
    { queryKey: trpc.messages.deliveryStatus.queryKey(), answer: trpcClient.messages.deliveryStatus.query() },
    { queryKey: trpc.matters.get.queryKey({ matterId }), answer: trpcClient.matters.get.query({ matterId }) },
  ];
  // Refused or failed: the page asks again itself, and shows why.
  for (const { answer } of early) answer.catch(() => undefined);
  return early;
}

/** Puts answers asked for early into the cache, now that the session is known to be a full one. */
function keep(early: EarlyAnswer[]): Promise<unknown>[] {
  return early.map(({ queryKey, answer }) =>
    answer.then(
      (data) => queryClient.setQueryData(queryKey, data),
      () => undefined,
    ),
  );
}

/** The first data of the page at `pathname`, for someone with `role`; each promise settles, never rejects. */
function firstData(pathname: string, search: string, role: Role): Promise<unknown>[] {
  // Built by the same tRPC proxy as the pages' queries, so the keys match. A prefetch never rejects.
  const path = withoutTrailingSlash(pathname);
  const common = [queryClient.prefetchQuery(trpc.messages.deliveryStatus.queryOptions())];
  if (path === '/' || path === '/matters') {
    return [
      ...common,
      queryClient.prefetchQuery(trpc.users.listColleagues.queryOptions()),
      queryClient.prefetchQuery(trpc.queues.counts.queryOptions()),
      // The view as the queue reads it from the address (a small chunk the queue page shares).
      import('../features/queues/viewState.ts').then(
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
  const early = askBesideSignInCheck(pathname);
  const data = me.then((user) => {
    if (!user || user.enrolmentOnly) return undefined;
    return Promise.all(early.length > 0 ? keep(early) : firstData(pathname, search, user.role));
  });
  await Promise.all([chunk, me]);
  await Promise.race([data, new Promise((done) => setTimeout(done, FIRST_DATA_WAIT_MS))]);
}
