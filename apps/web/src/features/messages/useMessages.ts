// The matter's messages and the office's delivery state, and what every change here refreshes.
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../trpc.ts';
import { useRefreshMatter } from '../matters/useMatter.ts';

export function useRefreshMessages(matterId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refreshMatter = useRefreshMatter(matterId);
  return () =>
    Promise.all([
      refreshMatter(),
      queryClient.invalidateQueries({ queryKey: trpc.messages.forMatter.queryKey({ matterId }) }),
      queryClient.invalidateQueries({ queryKey: trpc.messages.deliveryStatus.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.messages.deliveryProblems.queryKey() }),
    ]);
}
