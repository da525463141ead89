// The typed API client. Only the router's type crosses from the server; no server code is bundled.
import type { AppRouter } from '@relief-desk/api';
import { QueryClient } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, TRPCClientError } from '@trpc/client';
import type { inferRouterOutputs } from '@trpc/server';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** What each procedure returns, for typing components that show it. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export const trpcClient = createTRPCClient<AppRouter>({
  links: [httpBatchLink({ url: '/trpc' })],
});

export function makeQueryClient(onSignedOut: () => void): QueryClient {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => !isClientError(error) && count < 2,
      },
    },
  });
  // A session that ends mid-work sends the person back to sign in, wherever they were.
  const onError = (error: unknown) => {
    if (error instanceof TRPCClientError && error.data?.code === 'UNAUTHORIZED') onSignedOut();
  };
  client.getQueryCache().config.onError = onError;
  client.getMutationCache().config.onError = onError;
  return client;
}

function isClientError(error: unknown): boolean {
  const status = error instanceof TRPCClientError ? error.data?.httpStatus : undefined;
  return typeof status === 'number' && status >= 400 && status < 500;
}
