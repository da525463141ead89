// The matter page's data and the one thing every change on it does afterwards: read the matter again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type ApiOutputs, useTRPC } from '../../trpc.ts';

export type MatterDetail = ApiOutputs['matters']['get'];

export function useMatter(matterId: string) {
  const trpc = useTRPC();
  return useQuery(trpc.matters.get.queryOptions({ matterId }));
}

/**
 * Reads the matter again after a change. Suggestions are asked for only after changes that can move
 * them (convictions, decisions, person facts, petitions): each read re-runs the rules and is audited.
 */
export function useRefreshMatter(matterId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return ({ suggestions = false }: { suggestions?: boolean } = {}) =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.matters.get.queryKey({ matterId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.matters.list.queryKey() }),
      // With the rows, so the queue tabs' counts agree with them (a stage move changes both).
      queryClient.invalidateQueries({ queryKey: trpc.queues.counts.pathKey() }),
      suggestions &&
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
