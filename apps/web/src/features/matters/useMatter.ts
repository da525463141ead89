// The matter page's data and the one thing every change on it does afterwards: read the matter again.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
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

/**
 * Asks for what the panels below the top of the matter page read first, in one batch while their
 * chunks load, so each panel is drawn with its data in its own render (in slices) instead of drawn
 * empty and then again when the data comes, in a render that holds the main thread. The reads, and
 * their conditions, are the panels' own: the matter's messages, and with the RAP sheet permission its
 * RAP sheet imports, arrests and the rules' suggestions.
 */
export function usePanelReads(matter: MatterDetail | undefined) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const matterId = matter?.id;
  const criminalHistory = matter !== undefined && matter.convictions !== null;
  useEffect(() => {
    if (matterId === undefined) return;
    // In a task of its own, not in the one that runs the page's first effects.
    const timer = setTimeout(() => {
      void queryClient.prefetchQuery(trpc.messages.forMatter.queryOptions({ matterId }));
      if (!criminalHistory) return;
      void queryClient.prefetchQuery(trpc.rapImports.list.queryOptions({ matterId }));
      void queryClient.prefetchQuery(trpc.arrests.list.queryOptions({ matterId }));
      void queryClient.prefetchQuery(trpc.eligibility.suggestions.queryOptions({ matterId }));
    });
    return () => clearTimeout(timer);
  }, [queryClient, trpc, matterId, criminalHistory]);
}
