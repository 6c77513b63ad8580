import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { getPool, getPools, putManaged } from '../../shared/api/endpoints.ts';
import { apiKeys } from '../../shared/api/keys.ts';

export const poolsQuery = () => queryOptions({ queryKey: apiKeys.pools(), queryFn: ({ signal }) => getPools(signal) });

export const poolQuery = (uuid: string) => queryOptions({ queryKey: apiKeys.pool(uuid), queryFn: ({ signal }) => getPool(uuid, signal) });

/** Import (managed: true) or stop managing a pool; the answer is the pool as it is now. */
export function useManagePool(uuid: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (managed: boolean) => putManaged(uuid, managed),
    onSuccess: async (answer) => {
      queryClient.setQueryData(apiKeys.pool(uuid), answer);
      // The list and the header name managed pools differently from unimported ones.
      await queryClient.invalidateQueries({ queryKey: apiKeys.pools(), exact: true });
    },
  });
}
