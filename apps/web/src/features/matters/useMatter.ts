// The matter page's data and the one thing every change on it does afterwards: read the matter again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';

export type MatterDetail = ApiOutputs['matters']['get'];

export function useMatter(matterId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.matters.get.queryOptions({ matterId }));
}

export function useRefreshMatter(matterId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.matters.get.queryKey({ matterId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.matters.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.eligibility.suggestions.queryKey({ matterId }) }),
    ]);
}

export function useMe() {
  const trpc = useTRPC();
  return useQuery(trpc.auth.me.queryOptions()).data;
}

export type Suggestions = ApiOutputs['eligibility']['suggestions'];
export type Suggestion = Suggestions['results'][number]['remedies'][number];

/** The rules' suggestions for the matter; only asked for when the user may see criminal history. */
export function useSuggestions(matterId: string, enabled: boolean) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.eligibility.suggestions.queryOptions({ matterId }), enabled });
}
