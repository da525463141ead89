// The typed API client. Only the router's type crosses from the server; no server code is bundled.
import type { AppRouter } from '@relief-desk/api';
import { type Query, QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchLink,
  httpLink,
  retryLink,
  splitLink,
  TRPCClientError,
} from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { mutationRetries, requestKeyHeaders, requestKeyLink } from './lib/requestKeys.ts';

/** What each procedure returns, for typing components that show it. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

// Queries are batched; each mutation goes on its own with its request key (lib/requestKeys.ts), and is
// sent again with the same key when no answer came back or the server asked for it later (after the
// Retry-After it named). A batch holds at most three queries: a
// batch is answered when its slowest query is, so a page's first reads arrive in a few parallel
// answers instead of one (the server takes batches of any length up to its 1,024-character path).
export const trpcClient = createTRPCClient<AppRouter>({
  links: [
    requestKeyLink(),
    retryLink(mutationRetries()),
    splitLink({
      condition: (op) => op.type === 'mutation',
      true: httpLink({ url: '/trpc', headers: requestKeyHeaders }),
      false: httpBatchLink({ url: '/trpc', maxItems: 3 }),
    }),
  ],
});

export function makeQueryClient(
  onSignedOut: () => void,
  onRefused: (query?: Query<unknown, unknown, unknown>) => void = () => undefined,
): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => !isClientError(error) && count < 2,
      },
    },
  });
  // A session that ends while reading sends the person back to sign in. A refused save does not:
  // leaving the page would throw away what they typed; the form says how to sign in and save again.
  // A refusal (403, or 401 on a read) may mean an administrator changed this person's role since the
  // page asked who is signed in: onRefused asks again, so the menu and pages follow at once.
  client.getQueryCache().config.onError = (error: unknown, query: Query<unknown, unknown, unknown>) => {
    const code = error instanceof TRPCClientError ? error.data?.code : undefined;
    if (code === 'UNAUTHORIZED') onSignedOut();
    if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') onRefused(query);
  };
  client.getMutationCache().config.onError = (error: unknown) => {
    if (error instanceof TRPCClientError && error.data?.code === 'FORBIDDEN') onRefused();
  };
  return client;
}

function isClientError(error: unknown): boolean {
  const status = error instanceof TRPCClientError ? error.data?.httpStatus : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
